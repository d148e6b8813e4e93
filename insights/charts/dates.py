"""Date ticks for the charts' x axes: a few round dates (Mondays, the 1st and 15th, month or
year starts), labelled as briefly as they can be with the year said once.

In place of matplotlib's AutoDateLocator and ConciseDateFormatter, which find ticks through
dateutil's rrule (several times per draw) and add a separate offset text ("2026-Dec", the
month of the axis' end rather than of its ticks): plain date arithmetic on the range."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time, timedelta

from matplotlib.dates import date2num, get_epoch

from diary.formatting import day_month, month

# The most on any axis; insights.charts.ticks asks for fewer where the axes are narrow.
MAX_TICKS = 7


def _mondays(first: date, last: date) -> Iterator[date]:
    day = first + timedelta(days=-first.weekday() % 7)
    while day <= last:
        yield day
        day += timedelta(days=7)


def _months(first: date, last: date, days: Sequence[int], every: int) -> Iterator[date]:
    year, month = first.year, first.month
    while date(year, month, 1) <= last:
        if (month - 1) % every == 0:
            for day in days:
                if first <= (tick := date(year, month, day)) <= last:
                    yield tick
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _years(first: date, last: date, every: int) -> Iterator[date]:
    for year in range(first.year + (first > date(first.year, 1, 1)), last.year + 1):
        if year % every == 0:
            yield date(year, 1, 1)


# Finest first: the first that gives at most MAX_TICKS ticks over the range is used.
SCALES: tuple[Callable[[date, date], Iterator[date]], ...] = (
    _mondays,
    lambda first, last: _months(first, last, (1, 15), 1),
    *(lambda first, last, n=n: _months(first, last, (1,), n) for n in (1, 2, 3, 6)),
    *(lambda first, last, n=n: _years(first, last, n) for n in (1, 2, 5, 10, 20, 50)),
)


def tick_dates(first: date, last: date, most: int = MAX_TICKS) -> list[date]:
    """Round dates from first to last (both included), at most `most` of them."""
    ticks: list[date] = []
    for scale in SCALES:
        ticks = []
        for tick in scale(first, last):
            ticks.append(tick)
            if len(ticks) > most:
                break
        if len(ticks) <= most:
            return ticks
    return ticks[:most]


def tick_labels(ticks: Sequence[date]) -> list[str]:
    """Years for year starts ("2026"); month names for month starts ("Oct"), with the year
    instead in January; days of the month otherwise ("15"), with the month the first time
    it changes ("5 Oct"). The first label gets the year on a second line unless another
    label is a year already. Month names and their order are the active language's ("5. Okt",
    "5 oct")."""
    labels = []
    previous: date | None = None
    for tick in ticks:
        if tick.day == 1 and tick.month == 1:
            labels.append(str(tick.year))
        elif tick.day == 1:
            labels.append(month(tick))
        elif previous is None or previous.month != tick.month:
            labels.append(day_month(tick))
        else:
            labels.append(str(tick.day))
        previous = tick
    if labels and not any(label.isdigit() and len(label) == 4 for label in labels):
        labels[0] = f"{labels[0]}\n{ticks[0].year}"
    return labels


def day_x(day: date) -> float:
    """The x of a day's start, as date2num gives it, without date2num's numpy round trip (tens
    of microseconds a call, for every tick and treatment mark of every chart)."""
    ordinal = _epoch_ordinal(get_epoch())
    if ordinal is None:
        return float(date2num(datetime.combine(day, time())))
    return float(day.toordinal() - ordinal)


@functools.cache
def _epoch_ordinal(epoch: str) -> int | None:
    moment = datetime.fromisoformat(epoch)
    return moment.toordinal() if moment.time() == time() else None

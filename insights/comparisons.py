"""The one comparison every page states: the last full week against the 4 weeks before it.

The Trends page's summary lines, each chart's caption and the clinician's dashboard all say
"down from" or "(−1.3)" through this module, so they show the same numbers in the same units
(README, "Numbers on screen"). The periods are those of the worsening flag (domain.md section
8): the last full Monday–Sunday week, which is also a row of the weekly table, against the 4
calendar weeks before it.

Per measure, the statistic is the one the weekly table shows for a week:
- severity: mean over the entries of each period (0–10, one decimal);
- total sleep: mean total sleep a night over each period's entries (hours and minutes);
- sleep loss: mean a logged night over each period (hours and minutes a night), with the
  week's total beside it as the weekly table shows it. A weekly total would read as an
  improvement whenever fewer nights were logged (2 nights "lose" less than 7);
- onset: median onset (section 4 rule) of each period's entries, as a clock time.

A change is the difference of the two numbers as shown, so "2.4, down 1.3 from 3.7" always
adds up on screen; the dashboard's urgency still sorts on the exact change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

import pandas as pd
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from diary import formatting
from diary.formatting import sentence_date
from diary.metrics import offset_to_clock, round_half_up
from insights.flags import last_full_week
from insights.weekly import within

BEFORE_WEEKS = 4

Direction = Literal["up", "down", "same", "earlier", "later"]


@dataclass(frozen=True)
class Periods:
    week_start: date  # the last full week's Monday
    before_start: date  # the Monday BEFORE_WEEKS weeks earlier

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def before_end(self) -> date:
        return self.week_start - timedelta(days=1)


def periods(today: date) -> Periods:
    week = last_full_week(today)
    return Periods(week, week - timedelta(weeks=BEFORE_WEEKS))


def compared_from(today: date) -> date:
    """The first night any comparison reads."""
    return periods(today).before_start


ENTRIES = _("entries")


@dataclass(frozen=True)
class Measure:
    key: str
    label: Promise
    # Exact value -> the number shown, in the unit shown (Decimal points or whole minutes).
    shown: Callable[[float], Decimal]
    text: Callable[[Decimal], str]  # a shown number with its unit
    change_text: Callable[[Decimal], str]  # a shown difference, unsigned, with its unit
    cell_change: Callable[[Decimal], str]  # a shown difference, signed, for a table cell
    higher_is_better: bool
    a_night: bool = False  # said "a night" after the number (a duration that is per night)
    # What a period without a value lacks: entries, or (onset) symptom onset times.
    nothing: Promise = ENTRIES
    # The number in a table cell whose header carries the unit (the dashboard's
    # "Severity /10"); None: as in the text.
    cell_text: Callable[[Decimal], str] | None = None


def _one_decimal(value: float) -> Decimal:
    return round_half_up(value, 1)


def _whole(value: float) -> Decimal:
    return round_half_up(value)


def _score(value: Decimal) -> str:
    return f"{formatting.decimal(value)}/10"


SEVERITY = Measure(
    "severity",
    _("Severity"),
    _one_decimal,
    _score,
    formatting.decimal,
    formatting.signed,
    higher_is_better=False,
    cell_text=formatting.decimal,
)
TOTAL_SLEEP = Measure(
    "total_sleep",
    _("Total sleep"),
    _whole,
    formatting.hours_minutes,
    formatting.hours_minutes,
    formatting.signed_hours_minutes,
    higher_is_better=True,
    a_night=True,
)
SLEEP_LOSS = Measure(
    "sleep_loss",
    _("Sleep loss"),
    _whole,
    formatting.hours_minutes,
    formatting.hours_minutes,
    formatting.signed_hours_minutes,
    higher_is_better=False,
    a_night=True,
)
ONSET = Measure(
    "onset",
    _("Median onset"),
    _whole,
    lambda offset: offset_to_clock(int(offset)),
    formatting.hours_minutes,
    formatting.signed_hours_minutes,
    higher_is_better=True,  # a later onset; earlier is the sign of augmentation
    nothing=_("onset times"),
)


@dataclass(frozen=True)
class Comparison:
    """One measure over the last full week (`current`) against the 4 weeks before
    (`previous`), both exact, None when that period has no value."""

    measure: Measure
    week_start: date
    current: float | None
    previous: float | None
    # Sleep loss only: the week's total, the number in the weekly table's row for the week.
    week_total: float | None = None

    @property
    def key(self) -> str:
        return self.measure.key

    @property
    def label(self) -> Promise:
        return self.measure.label

    @property
    def now(self) -> Decimal | None:
        return None if self.current is None else self.measure.shown(self.current)

    @property
    def before(self) -> Decimal | None:
        return None if self.previous is None else self.measure.shown(self.previous)

    @property
    def change(self) -> Decimal | None:
        """The difference of the shown numbers (positive: higher now, or later for onset)."""
        if self.now is None or self.before is None:
            return None
        return self.now - self.before

    @property
    def direction(self) -> Direction | None:
        change = self.change
        if change is None:
            return None
        if change == 0:
            return "same"
        if self.measure is ONSET:
            return "later" if change > 0 else "earlier"
        return "up" if change > 0 else "down"

    @property
    def better(self) -> bool | None:
        """Good news for the patient? None when unchanged or unknown, so a template can colour
        it without knowing the measure."""
        change = self.change
        if change is None or change == 0:
            return None
        return (change > 0) == self.measure.higher_is_better

    @property
    def now_text(self) -> str:
        return "" if self.now is None else self.measure.text(self.now)

    @property
    def before_text(self) -> str:
        return "" if self.before is None else self.measure.text(self.before)

    @property
    def text(self) -> Promise:
        """The line the summary and the captions print, e.g. "Severity 2.4/10, down 1.3 from
        3.7/10"; the period is said once beside it (period_text)."""
        label = self.measure.label
        nothing = self.measure.nothing
        if self.now is None:
            return format_lazy(
                _("{label}: no {nothing} in the week to compare"), label=label, nothing=nothing
            )
        now: Promise | str = self.now_text
        if self.measure.a_night:
            now = format_lazy(_("{value} a night"), value=now)
        if self.week_total is not None:
            now = format_lazy(
                _("{value} ({total} in the week)"),
                value=now,
                total=formatting.hours_minutes(self.week_total),
            )
        if self.before is None:
            return format_lazy(
                _("{label} {now}; no {nothing} in the 4 weeks before to compare"),
                label=label,
                now=now,
                nothing=nothing,
            )
        templates = {
            "same": _("{label} {now}, the same as before"),
            "up": _("{label} {now}, up {change} from {before}"),
            "down": _("{label} {now}, down {change} from {before}"),
            "later": _("{label} {now}, {change} later than {before}"),
            "earlier": _("{label} {now}, {change} earlier than {before}"),
        }
        assert self.direction is not None and self.change is not None
        return format_lazy(
            templates[self.direction],
            label=label,
            now=now,
            change=self.measure.change_text(abs(self.change)),
            before=self.before_text,
        )

    @property
    def cell(self) -> str:
        """A table cell: the week's number and, when there is one, the change, e.g.
        "2.4 (−1.3)" or "6 h 41 min (−47 min)"; "–" without entries in the week."""
        if self.now is None:
            return formatting.MISSING
        cell_text = self.measure.cell_text
        shown = self.now_text if cell_text is None else cell_text(self.now)
        if self.change is None:
            return shown
        return f"{shown} ({self.measure.cell_change(self.change)})"


def period_text(week_start: date) -> Promise:
    """What every comparison compares, said once above the lines and in each caption."""
    return format_lazy(
        _("Last full week ({start} to {end}) against the 4 weeks before it"),
        start=sentence_date(week_start),
        end=sentence_date(week_start + timedelta(days=6)),
    )


def _mean(nights: pd.DataFrame, column: str) -> float | None:
    values = nights[column].dropna()
    return None if values.empty else float(values.mean())


def _median(nights: pd.DataFrame, column: str) -> float | None:
    values = nights[column].dropna()
    return None if values.empty else float(values.median())


def _weekly_total(nights: pd.DataFrame) -> float | None:
    return None if nights.empty else float(nights["sleep_loss_min"].sum())


Statistic = Callable[[pd.DataFrame], float | None]

# Each measure with its statistic, the same over the week and over the 4 weeks before, in the
# Trends page's order: how bad, what it costs in sleep, the warning sign.
STATISTICS: dict[str, tuple[Measure, Statistic]] = {
    "severity": (SEVERITY, lambda n: _mean(n, "severity")),
    "total_sleep": (TOTAL_SLEEP, lambda n: _mean(n, "total_sleep_min")),
    "sleep_loss": (SLEEP_LOSS, lambda n: _mean(n, "sleep_loss_min")),
    "onset": (ONSET, lambda n: _median(n, "onset_offset_min")),
}


@dataclass(frozen=True)
class Comparisons:
    week_start: date
    by_key: dict[str, Comparison]

    @property
    def all(self) -> list[Comparison]:
        return list(self.by_key.values())

    @property
    def period_text(self) -> Promise:
        return period_text(self.week_start)


def compare(
    nights: pd.DataFrame, today: date, keys: Sequence[str] = tuple(STATISTICS)
) -> Comparisons:
    """The comparisons `keys` of a nights frame (insights.frames.nights_frame, or any frame
    with the columns they read) holding at least the nights from compared_from(today)."""
    span = periods(today)
    week = within(nights, span.week_start, span.week_end)
    before = within(nights, span.before_start, span.before_end)
    compared = {}
    for key in keys:
        measure, statistic = STATISTICS[key]
        total = _weekly_total(week) if measure is SLEEP_LOSS else None
        compared[key] = Comparison(
            measure, span.week_start, statistic(week), statistic(before), week_total=total
        )
    return Comparisons(span.week_start, compared)

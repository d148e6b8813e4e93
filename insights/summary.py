"""One-line comparisons of the last four weeks with the four before, for the Trends page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

import pandas as pd
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from diary.metrics import offset_to_clock, round_half_up
from insights.weekly import weeks_back, within

if TYPE_CHECKING:
    # django-stubs' type of gettext_lazy's result; only the stubs define it.
    from django.utils.functional import _StrPromise

PERIOD_WEEKS = 4

Direction = Literal["up", "down", "same", "earlier", "later"]


@dataclass(frozen=True)
class Summary:
    """A metric over the last PERIOD_WEEKS weeks against the PERIOD_WEEKS before.

    current/previous are unrounded (minutes for sleep and onset offset, points for
    severity) or None when that period has no value. `direction` is None when either is
    missing; `better` says whether the change is good news for the patient (None when
    unchanged or unknown) so a template can colour it without knowing the metric.
    `label` and `text` are lazy translations: they are only turned into text when rendered.
    """

    key: str
    label: Promise
    current: float | None
    previous: float | None
    direction: Direction | None
    better: bool | None
    text: Promise


def summary_start(today: date) -> date:
    """The first night the summaries read: the Monday 8 weeks back, current week included."""
    return weeks_back(2 * PERIOD_WEEKS, today)


def _periods(nights: pd.DataFrame, today: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    # Calendar weeks ending with the current one: weeks without entries still count, so a
    # patient who stopped logging two weeks ago is not compared on stale weeks.
    current_start = weeks_back(PERIOD_WEEKS, today)
    current = within(nights, current_start, today)
    previous = within(nights, summary_start(today), current_start - timedelta(days=1))
    return current, previous


def _mean(nights: pd.DataFrame, column: str) -> float | None:
    values = nights[column].dropna()
    return None if values.empty else float(values.mean())


def _median(nights: pd.DataFrame, column: str) -> float | None:
    values = nights[column].dropna()
    return None if values.empty else float(values.median())


@dataclass(frozen=True)
class _Metric:
    key: str
    label: Promise
    decimals: int
    scale: float  # divides the stored minutes/points into the shown unit
    current_unit: str | _StrPromise  # "{value} h a night": the unit is said once, in full, here
    previous_unit: str | _StrPromise
    higher_is_better: bool


def _numeric_summary(metric: _Metric, current: float | None, previous: float | None) -> Summary:
    label = metric.label
    if current is None or previous is None:
        return Summary(metric.key, label, current, previous, None, None, _not_enough(label))
    now = round_half_up(current / metric.scale, metric.decimals)
    before = round_half_up(previous / metric.scale, metric.decimals)
    now_text = format_lazy(metric.current_unit, value=str(now))
    # Compare what is shown, so the text never says "down from" between equal numbers.
    if now == before:
        text = format_lazy(_("{label} {current}, unchanged"), label=label, current=now_text)
        return Summary(metric.key, label, current, previous, "same", None, text)
    direction: Direction = "up" if now > before else "down"
    template = (
        _("{label} {current}, up from {previous}")
        if direction == "up"
        else _("{label} {current}, down from {previous}")
    )
    before_text = format_lazy(metric.previous_unit, value=str(before))
    text = format_lazy(template, label=label, current=now_text, previous=before_text)
    better = (direction == "up") == metric.higher_is_better
    return Summary(metric.key, label, current, previous, direction, better, text)


def _not_enough(label: Promise) -> Promise:
    return format_lazy(_("{label}: not enough data to compare"), label=label)


def _onset_summary(current: float | None, previous: float | None) -> Summary:
    label = _("Median onset")
    if current is None or previous is None:
        return Summary("onset", label, current, previous, None, None, _not_enough(label))
    now, before = int(round_half_up(current)), int(round_half_up(previous))
    now_clock, before_clock = offset_to_clock(now), offset_to_clock(before)
    if now == before:
        text = format_lazy(_("{label} {current}, unchanged"), label=label, current=now_clock)
        return Summary("onset", label, current, previous, "same", None, text)
    # A smaller offset is an earlier onset; earlier onset is a sign of augmentation.
    direction: Direction = "earlier" if now < before else "later"
    template = (
        _("{label} {current}, {minutes} min earlier than {previous}")
        if direction == "earlier"
        else _("{label} {current}, {minutes} min later than {previous}")
    )
    text = format_lazy(
        template, label=label, current=now_clock, minutes=abs(now - before), previous=before_clock
    )
    return Summary("onset", label, current, previous, direction, direction == "later", text)


def compare_recent(nights: pd.DataFrame, today: date) -> list[Summary]:
    """Severity, total sleep, sleep loss and median onset of the nights frame
    (insights.frames.nights_frame): the last 4 calendar weeks, ending with the current week,
    against the 4 weeks before them.

    Severity, total sleep (shown in hours a night) and sleep loss (minutes a night) are
    means over the nights logged in each period; onset is the median of their onsets (as
    06:00-anchored offsets). A period without any value gives current or previous None and
    a "not enough data" text.
    """
    current, previous = _periods(nights, today)
    bare = "{value}"  # severity is a bare 0-10 score
    severity = _Metric("severity", _("Severity"), 1, 1, bare, bare, higher_is_better=False)
    total_sleep = _Metric(
        "total_sleep",
        _("Total sleep"),
        1,
        60,
        _("{value} h a night"),
        _("{value} h"),
        higher_is_better=True,
    )
    sleep_loss = _Metric(
        "sleep_loss",
        _("Sleep loss"),
        0,
        1,
        _("{value} min a night"),
        _("{value} min"),
        higher_is_better=False,
    )
    return [
        _numeric_summary(severity, _mean(current, "severity"), _mean(previous, "severity")),
        _numeric_summary(
            total_sleep, _mean(current, "total_sleep_min"), _mean(previous, "total_sleep_min")
        ),
        _numeric_summary(
            sleep_loss, _mean(current, "sleep_loss_min"), _mean(previous, "sleep_loss_min")
        ),
        _onset_summary(_median(current, "onset_offset_min"), _median(previous, "onset_offset_min")),
    ]

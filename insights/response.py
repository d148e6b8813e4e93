"""Treatment response (domain.md section 11): for each course and each session series, the
logged nights before it and after it side by side, what changed, and what else was started,
stopped or given meanwhile.

Pure: a nights frame (insights.frames.nights_frame) and Treatment objects in, rows out, no
database. Rows keep the exact (unrounded) figures; format_response is the one place they are
rounded, half up from the exact value, as section 11 asks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd

from diary.choices import TreatmentKind
from diary.metrics import offset_to_clock, round_half_up
from diary.models import Treatment
from diary.treatments import Series, session_series
from insights.response_columns import RESPONSE_COLUMNS, UNCHANGED_METRICS, WINDOW_METRICS

BEFORE_DAYS = 28
# The after window, in days from the course's start or the series' last session (both bounds
# inclusive). A course is judged from its third week, once titration is over, to the end of
# its sixth (or its last day); IV iron refills the stores over weeks, so its window opens two
# weeks after the last infusion; any other series is judged over the four weeks after it.
COURSE_AFTER = (14, 41)
IRON_IV_AFTER = (14, 41)
SERIES_AFTER = (1, 28)
ENOUGH_NIGHTS = 14
# Half-width of the rough 95 % range, in standard errors.
Z_95 = 1.96

# Output decimals of each averaged figure (0: a whole number).
DECIMALS = {
    "mean_severity": 2,
    "symptomatic_pct": 0,
    "mean_total_sleep_min": 1,
    "mean_sleep_loss_min": 1,
    "mean_day_fatigue": 1,
}

ResponseValue = str | int | bool | Decimal | list[int] | None


@dataclass(frozen=True)
class Window:
    """The nights from `start` to `end`, both included (none when end < start), and their
    exact figures; every figure is None when no night is logged in it."""

    start: date
    end: date
    nights_logged: int = 0
    mean_severity: float | None = None
    severity_sd: float | None = None  # sample standard deviation (divisor n - 1)
    symptomatic_pct: float | None = None
    median_onset_offset_min: float | None = None
    mean_total_sleep_min: float | None = None
    mean_sleep_loss_min: float | None = None
    mean_day_fatigue: float | None = None

    @property
    def median_onset_min(self) -> int | None:
        """The median onset offset rounded half up to the minute (section 4), as shown."""
        median = self.median_onset_offset_min
        return None if median is None else int(round_half_up(median))


# A table has two windows a row and dozens of rows: each window's figures come from numpy
# arrays taken from the frame once, as pandas computes them (NaN skipped, float64 sums),
# since pandas' own per-call overhead was most of the table's time.
_WINDOW_COLUMNS = ("severity", "onset_offset_min", "total_sleep_min", "sleep_loss_min",
                   "day_fatigue")  # fmt: skip


@dataclass(frozen=True)
class _Nights:
    days: np.ndarray  # datetime64[ns], sorted
    columns: dict[str, np.ndarray]  # float64

    @classmethod
    def of(cls, nights: pd.DataFrame) -> _Nights:
        nights = nights.sort_values("night", kind="stable")
        return cls(
            days=nights["night"].to_numpy(),
            columns={name: nights[name].to_numpy(dtype="float64") for name in _WINDOW_COLUMNS},
        )


def _mean(values: np.ndarray) -> float | None:
    present = ~np.isnan(values)
    count = int(present.sum())
    return float(np.where(present, values, 0.0).sum(dtype="float64") / count) if count else None


def _sample_sd(values: np.ndarray) -> float:
    # pandas' nanvar with ddof=1: the squared deviations from the mean, summed, over n - 1.
    mean = values.sum(dtype="float64") / len(values)
    return float(np.sqrt(((mean - values) ** 2).sum(dtype="float64") / (len(values) - 1)))


def window_of(nights: pd.DataFrame, start: date, end: date) -> Window:
    return _window(_Nights.of(nights), start, end)


def _window(nights: _Nights, start: date, end: date) -> Window:
    first = nights.days.searchsorted(np.datetime64(start, "ns"), side="left")
    last = nights.days.searchsorted(np.datetime64(end, "ns"), side="right")
    logged = max(int(last) - int(first), 0)
    if not logged:
        return Window(start, end)
    inside = {name: values[first:last] for name, values in nights.columns.items()}
    severity = inside["severity"]  # never missing
    onsets = inside["onset_offset_min"][~np.isnan(inside["onset_offset_min"])]
    return Window(
        start,
        end,
        nights_logged=logged,
        mean_severity=_mean(severity),
        severity_sd=_sample_sd(severity) if logged > 1 else None,
        symptomatic_pct=100 * int((severity >= 1).sum()) / logged,
        median_onset_offset_min=float(np.median(onsets)) if len(onsets) else None,
        mean_total_sleep_min=_mean(inside["total_sleep_min"]),
        mean_sleep_loss_min=_mean(inside["sleep_loss_min"]),
        mean_day_fatigue=_mean(inside["day_fatigue"]),
    )


@dataclass(frozen=True)
class Span:
    """A row before its nights are read: which treatment, its windows, and the dates on which
    it starts, stops or has a session (what makes it an overlap of another row)."""

    treatment_id: int
    kind: str
    name: str
    start: date
    last: date | None  # a series' last session; None for a course
    after_from: date
    after_to: date
    dates: tuple[date, ...]

    @property
    def before_from(self) -> date:
        return self.start - timedelta(days=BEFORE_DAYS)

    @property
    def before_to(self) -> date:
        return self.start - timedelta(days=1)

    def happens_within(self, first: date, last: date) -> bool:
        return any(first <= day <= last for day in self.dates)


def course_span(course: Treatment) -> Span:
    start, stopped = course.started, course.stopped
    opens, closes = (start + timedelta(days=offset) for offset in COURSE_AFTER)
    return Span(
        treatment_id=course.pk,
        kind=course.kind,
        name=course.name,
        start=start,
        last=None,
        after_from=opens,
        # An ongoing course is judged on its first six weeks, filled in as nights are logged.
        after_to=closes if stopped is None else min(closes, stopped),
        dates=(start,) if stopped is None else (start, stopped),
    )


def series_span(series: Series) -> Span:
    last = series.last.started
    after = IRON_IV_AFTER if series.kind == TreatmentKind.IRON_IV else SERIES_AFTER
    opens, closes = (last + timedelta(days=offset) for offset in after)
    return Span(
        treatment_id=series.id,
        kind=series.kind,
        name=series.name,
        start=series.first.started,
        last=last,
        after_from=opens,
        after_to=closes,
        dates=tuple(session.started for session in series.sessions),
    )


@dataclass(frozen=True)
class ResponseRow:
    """One row of the table with its exact figures; see format_response for the output."""

    span: Span
    before: Window
    after: Window
    overlaps: tuple[int, ...]

    @property
    def enough(self) -> bool:
        return min(self.before.nights_logged, self.after.nights_logged) >= ENOUGH_NIGHTS

    def change(self, metric: str) -> float | None:
        """after - before of a window figure, exact; None without enough nights or when either
        window lacks the figure. For the onset, the difference of the two rounded medians, in
        minutes (positive = later)."""
        if not self.enough:
            return None
        if metric == "median_onset":
            after, before = self.after.median_onset_min, self.before.median_onset_min
            return None if after is None or before is None else after - before
        after_value: float | None = getattr(self.after, metric)
        before_value: float | None = getattr(self.before, metric)
        if after_value is None or before_value is None:
            return None
        return after_value - before_value

    @property
    def severity_range(self) -> tuple[float, float] | None:
        """The change in mean severity ± 1.96 standard errors (Welch's, sample SDs), exact."""
        change = self.change("mean_severity")
        before_sd, after_sd = self.before.severity_sd, self.after.severity_sd
        if change is None or before_sd is None or after_sd is None:
            return None
        half = Z_95 * math.sqrt(
            before_sd**2 / self.before.nights_logged + after_sd**2 / self.after.nights_logged
        )
        return change - half, change + half

    @property
    def clear(self) -> bool | None:
        """The exact range lies wholly above or below 0; None without enough nights."""
        bounds = self.severity_range
        return None if bounds is None else bounds[0] > 0 or bounds[1] < 0


def treatment_spans(treatments: Iterable[Treatment]) -> list[Span]:
    """Every course's and series' span, ordered by start, then treatment id."""
    treatments = list(treatments)
    spans = [course_span(treatment) for treatment in treatments if treatment.is_course]
    spans += [series_span(series) for series in session_series(treatments)]
    return sorted(spans, key=lambda span: (span.start, span.treatment_id))


def response_rows(nights: pd.DataFrame, treatments: Iterable[Treatment]) -> list[ResponseRow]:
    """One row per course and per session series (diary.treatments.session_series), ordered
    by start, then treatment id, from the patient's nights frame and all their treatments.
    """
    spans = treatment_spans(treatments)
    arrays = _Nights.of(nights)
    return [
        ResponseRow(
            span=span,
            before=_window(arrays, span.before_from, span.before_to),
            after=_window(arrays, span.after_from, span.after_to),
            # Another row whose start, stop or session falls in this row's whole span. A course
            # running through it without either is steady background; this row's own
            # sessions are its own.
            overlaps=tuple(
                other.treatment_id
                for other in spans
                if other is not span and other.happens_within(span.before_from, span.after_to)
            ),
        )
        for span in spans
    ]


def _rounded(value: float | None, decimals: int) -> Decimal | int | None:
    if value is None:
        return None
    rounded = round_half_up(value, decimals)
    if rounded.is_zero():
        rounded = rounded.copy_abs()  # a change that rounds to nothing is 0.0, not -0.0
    return int(rounded) if decimals == 0 else rounded


def _figure(window: Window, metric: str) -> ResponseValue:
    if metric == "nights_logged":
        return window.nights_logged
    if metric == "median_onset":
        median = window.median_onset_min
        return None if median is None else offset_to_clock(median)
    value: float | None = getattr(window, metric)
    return _rounded(value, DECIMALS[metric])


def _change(row: ResponseRow, metric: str) -> ResponseValue:
    change = row.change(metric)
    if metric == "median_onset":
        return None if change is None else int(change)
    return _rounded(change, DECIMALS[metric])


def format_row(row: ResponseRow) -> dict[str, ResponseValue]:
    """A row as output values, keys in RESPONSE_COLUMNS order: dates "YYYY-MM-DD", onsets
    "HH:MM", change_median_onset signed whole minutes, symptomatic_pct whole, the other
    figures Decimal with fixed places (so str() is the CSV text), None for an empty value."""
    span = row.span
    values: dict[str, ResponseValue] = {
        "treatment_id": span.treatment_id,
        "kind": span.kind,
        "name": span.name,
        "start": span.start.isoformat(),
        "last": None if span.last is None else span.last.isoformat(),
        "before_from": row.before.start.isoformat(),
        "before_to": row.before.end.isoformat(),
        "after_from": row.after.start.isoformat(),
        "after_to": row.after.end.isoformat(),
    }
    for metric in WINDOW_METRICS:
        values[f"before_{metric}"] = _figure(row.before, metric)
        values[f"after_{metric}"] = _figure(row.after, metric)
        if metric not in UNCHANGED_METRICS:
            values[f"change_{metric}"] = _change(row, metric)
    bounds = row.severity_range
    values["severity_range_low"] = None if bounds is None else _rounded(bounds[0], 2)
    values["severity_range_high"] = None if bounds is None else _rounded(bounds[1], 2)
    values["clear"] = row.clear
    values["enough"] = row.enough
    values["overlaps"] = list(row.overlaps)
    return {name: values[name] for name in RESPONSE_COLUMNS}


def format_response(rows: Iterable[ResponseRow]) -> list[dict[str, ResponseValue]]:
    """The table as output values: the one place its figures are rounded."""
    return [format_row(row) for row in rows]

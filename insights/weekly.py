"""Weekly trends of domain.md section 4: the raw table, and its one formatting for output."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd

from diary import formatting
from diary.metrics import offset_to_clock, round_half_up
from insights.frames import NIGHT_DTYPE

# Raw table columns in section 4 order. The onset median stays a float offset (minutes
# after 06:00) so charts and summaries can compute with it; only format_weekly turns it
# into the section 4 `median_onset` clock time.
WEEKLY_COLUMNS: dict[str, str] = {
    "week_start": NIGHT_DTYPE,
    "nights_logged": "int64",
    "symptomatic_nights": "int64",
    "mean_severity": "float64",
    "max_severity": "float64",
    "median_onset_offset_min": "float64",
    "mean_total_sleep_min": "float64",
    "mean_sleep_efficiency_pct": "float64",
    "total_sleep_loss_min": "float64",
    "mean_sleep_latency_min": "float64",
    "mean_day_fatigue": "float64",
}

WeekValue = str | int | Decimal | None

DAY = pd.Timedelta(days=1)
WEEK = pd.Timedelta(days=7)


def week_start_of(nights: pd.Series) -> pd.Series:
    """The Monday of each night's ISO week (Monday = dayofweek 0)."""
    return nights - pd.to_timedelta(nights.dt.day_of_week, unit="D")


def weeks_back(weeks: int, today: date) -> date:
    """The Monday that starts `weeks` weeks ending with the current week."""
    return today - timedelta(days=today.weekday(), weeks=weeks - 1)


def within(nights: pd.DataFrame, start: date | None, end: date | None) -> pd.DataFrame:
    """Nights with start <= night <= end; either bound may be None (open)."""
    night = nights["night"]
    if night.is_monotonic_increasing:
        # A nights frame is sorted by night: two binary searches and a slice, rather than
        # a comparison of every night (a before/after table asks for dozens of windows).
        first = 0 if start is None else night.searchsorted(_stamp(start), side="left")
        last = len(night) if end is None else night.searchsorted(_stamp(end), side="right")
        return nights.iloc[first:last]
    keep = pd.Series(True, index=nights.index)
    if start is not None:
        keep &= night >= pd.Timestamp(start)
    if end is not None:
        keep &= night <= pd.Timestamp(end)
    return nights[keep]


# The days a nanosecond timestamp can hold; a filter's far date (from=0001-01-01) is clamped
# into them, which selects the same nights (every night lies between 2000 and 2199).
_FIRST_STAMP_DAY = (pd.Timestamp.min + DAY).date()
_LAST_STAMP_DAY = (pd.Timestamp.max - DAY).date()


def _stamp(day: date) -> pd.Timestamp:
    return pd.Timestamp(min(max(day, _FIRST_STAMP_DAY), _LAST_STAMP_DAY))


def empty_weekly_table() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in WEEKLY_COLUMNS.items()})


def weekly_table(
    nights: pd.DataFrame, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Section 4 weekly trends from a nights frame (insights.frames.nights_frame), unrounded.

    Nights are first limited to start <= night <= end (inclusive, either optional). The weeks
    then run from the ISO week (Monday to Sunday, by `night`) of the first remaining night to
    that of the last, with no week left out: the span follows the data inside the filter,
    not the filter's own bounds, so a filter reaching before the first entry adds no empty
    leading weeks. A week cut by the filter counts only its nights inside the filter.

    A week with no entry has nights_logged = symptomatic_nights = 0 and NaN elsewhere.
    Means skip missing values (a night without an onset, sleep efficiency or day fatigue), the
    onset median is that of onset_offset_min (the mean of the middle two for an even count),
    max_severity and total_sleep_loss_min are float64 only so an empty week can be NaN.
    No rounding happens here; see format_weekly. No Python loop runs over weeks or nights.
    """
    nights = within(nights, start, end)
    if nights.empty:
        return empty_weekly_table()

    # Bins of [Monday, next Monday): "W-MON" puts the edges on Mondays, closed="left" keeps a
    # Monday night in the week it starts, label="left" names each week by that Monday. The
    # bins run from the first night's week to the last night's, empty weeks included.
    weeks = nights.assign(symptomatic=nights["severity"] >= 1).resample(
        "W-MON", on="night", closed="left", label="left"
    )
    table = pd.DataFrame(
        {
            "nights_logged": weeks.size(),
            "symptomatic_nights": weeks["symptomatic"].sum(),
            "mean_severity": weeks["severity"].mean(),
            "max_severity": weeks["severity"].max(),
            "median_onset_offset_min": weeks["onset_offset_min"].median(),
            "mean_total_sleep_min": weeks["total_sleep_min"].mean(),
            "mean_sleep_efficiency_pct": weeks["sleep_efficiency_pct"].mean(),
            # An empty week sums to 0; min_count=1 makes it NaN, the section's empty value.
            "total_sleep_loss_min": weeks["sleep_loss_min"].sum(min_count=1),
            "mean_sleep_latency_min": weeks["sleep_latency_min"].mean(),
            # Over the week's entries that have one (NaN skipped); NaN when none has.
            "mean_day_fatigue": weeks["day_fatigue"].mean(),
        }
    )
    return table.rename_axis("week_start").reset_index().astype(WEEKLY_COLUMNS)


def _rounded(value: float, decimals: int) -> Decimal | None:
    return None if np.isnan(value) else round_half_up(value, decimals)


def _whole(value: float) -> int | None:
    return None if np.isnan(value) else int(value)


def _clock(offset_min: float) -> str | None:
    # Round the median to a whole minute half up first (1000.5 -> 1001), then to HH:MM.
    return None if np.isnan(offset_min) else offset_to_clock(int(round_half_up(offset_min)))


def format_weekly(table: pd.DataFrame) -> list[dict[str, WeekValue]]:
    """The weekly table as output values: the one place week numbers are rounded.

    Keys are insights.columns.OUTPUT_COLUMNS in order. week_start is "YYYY-MM-DD"; counts,
    max_severity and total_sleep_loss_min are int; median_onset is "HH:MM"; the means are
    Decimal rounded half up with a fixed number of places (mean_severity 2, the others 1), so
    str() gives the CSV text ("5.10") and templates and JSON encoders show the stated decimals.
    An empty value is None (an empty CSV cell, JSON null).
    """
    columns = {name: table[name].to_numpy() for name in WEEKLY_COLUMNS}
    starts = table["week_start"].dt.strftime("%Y-%m-%d").tolist()
    return [
        {
            "week_start": starts[i],
            "nights_logged": int(columns["nights_logged"][i]),
            "symptomatic_nights": int(columns["symptomatic_nights"][i]),
            "mean_severity": _rounded(columns["mean_severity"][i], 2),
            "max_severity": _whole(columns["max_severity"][i]),
            "median_onset": _clock(columns["median_onset_offset_min"][i]),
            "mean_total_sleep_min": _rounded(columns["mean_total_sleep_min"][i], 1),
            "mean_sleep_efficiency_pct": _rounded(columns["mean_sleep_efficiency_pct"][i], 1),
            "total_sleep_loss_min": _whole(columns["total_sleep_loss_min"][i]),
            "mean_sleep_latency_min": _rounded(columns["mean_sleep_latency_min"][i], 1),
            "mean_day_fatigue": _rounded(columns["mean_day_fatigue"][i], 1),
        }
        for i in range(len(starts))
    ]


def _shown(value: float, show: Callable[[float], str]) -> str | None:
    return None if np.isnan(value) else show(value)


# How each column reads on screen (diary.formatting), from the unrounded table: rounding the
# output's 1-decimal minutes again to whole minutes could land a minute away from what the
# summary and the dashboard show for the same week.
_SHOWN: dict[str, Callable[[float], str]] = {
    "mean_severity": formatting.decimal,
    "max_severity": lambda value: str(int(value)),
    "median_onset_offset_min": lambda offset: offset_to_clock(int(round_half_up(offset))),
    "mean_total_sleep_min": formatting.hours_minutes,
    "mean_sleep_efficiency_pct": formatting.percent,
    "total_sleep_loss_min": formatting.hours_minutes,
    "mean_sleep_latency_min": formatting.minutes,
    "mean_day_fatigue": formatting.decimal,
}


def shown_weekly(table: pd.DataFrame) -> list[dict[str, str | None]]:
    """The weekly table as people read it, keys as format_weekly's: durations in hours and
    minutes (latency in minutes), severity and fatigue to one decimal, percentages with their
    sign; None for an empty value. Screens only: CSV and JSON use format_weekly."""
    columns = {name: table[name].to_numpy() for name in WEEKLY_COLUMNS}
    starts = table["week_start"].dt.strftime("%Y-%m-%d").tolist()
    # Ten years are 520 weeks with the same few values: each distinct one is written once.
    memo: dict[tuple[str, float], str | None] = {}

    def cell(name: str, i: int) -> str | None:
        value = float(columns[name][i])
        key = (name, value)
        if key not in memo:
            memo[key] = _shown(value, _SHOWN[name])
        return memo[key]

    return [
        {
            "week_start": starts[i],
            "nights_logged": str(int(columns["nights_logged"][i])),
            "symptomatic_nights": str(int(columns["symptomatic_nights"][i])),
            "mean_severity": cell("mean_severity", i),
            "max_severity": cell("max_severity", i),
            "median_onset": cell("median_onset_offset_min", i),
            "mean_total_sleep_min": cell("mean_total_sleep_min", i),
            "mean_sleep_efficiency_pct": cell("mean_sleep_efficiency_pct", i),
            "total_sleep_loss_min": cell("total_sleep_loss_min", i),
            "mean_sleep_latency_min": cell("mean_sleep_latency_min", i),
            "mean_day_fatigue": cell("mean_day_fatigue", i),
        }
        for i in range(len(starts))
    ]

"""The four-weeks-against-four-weeks summaries, on hand-built nights frames."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from insights.frames import NIGHT_COLUMNS, empty_nights_frame
from insights.summary import Summary, compare_recent

NAN = np.nan
TODAY = date(2026, 3, 1)  # a Sunday: the current week is Mon 23 Feb to Sun 1 Mar
CURRENT = date(2026, 2, 2)  # the Monday starting the last 4 weeks
PREVIOUS = date(2026, 1, 5)  # the Monday starting the 4 weeks before them


def night(day: date, **values: Any) -> dict[str, Any]:
    defaults = {
        "severity": 3,
        "onset_offset_min": NAN,
        "time_in_bed_min": 480,
        "total_sleep_min": 420,
        "sleep_efficiency_pct": 87.5,
        "terminal_wake_min": 0,
        "sleep_loss_min": 60,
        "sleep_latency_min": 20,
        "awakenings": 1,
        "waso_min": 10,
        "sleep_quality": 3,
        "spread": False,
    }
    return {"night": pd.Timestamp(day), **defaults, **values}


def nights(first: date, count: int, **values: Any) -> list[dict[str, Any]]:
    """`count` consecutive nights from `first`, all with the same values."""
    return [night(first + timedelta(days=i), **values) for i in range(count)]


def frame(*groups: list[dict[str, Any]]) -> pd.DataFrame:
    rows = [row for group in groups for row in group]
    return pd.DataFrame(rows, columns=list(NIGHT_COLUMNS)).astype(NIGHT_COLUMNS)


def by_key(summaries: list[Summary]) -> dict[str, Summary]:
    return {summary.key: summary for summary in summaries}


def eight_weeks() -> pd.DataFrame:
    before = {"total_sleep_min": 360, "sleep_loss_min": 120}
    now = {"total_sleep_min": 390, "sleep_loss_min": 90}
    return frame(
        # Previous: 28 nights. Severity (21*6 + 7*7)/28 = 6.25, shown half up as 6.3.
        # Onsets: 14 at 980 and 14 at 990, median 985 (22:25).
        nights(PREVIOUS, 14, severity=6, onset_offset_min=980, **before),
        nights(PREVIOUS + timedelta(days=14), 7, severity=6, onset_offset_min=990, **before),
        nights(PREVIOUS + timedelta(days=21), 7, severity=7, onset_offset_min=990, **before),
        # Current: 21 nights, the third week empty. Severity (19*5 + 2*6)/21 = 5.095 -> 5.1.
        # Onsets: 11 at 930 and 10 at 950: median 930 (21:30), though the mean is 939.5.
        nights(CURRENT, 11, severity=5, onset_offset_min=930, **now),
        nights(CURRENT + timedelta(days=11), 3, severity=5, onset_offset_min=950, **now),
        nights(CURRENT + timedelta(days=21), 5, severity=5, onset_offset_min=950, **now),
        nights(CURRENT + timedelta(days=26), 2, severity=6, onset_offset_min=950, **now),
    )


def test_it_compares_the_last_four_weeks_with_the_four_before() -> None:
    summaries = compare_recent(eight_weeks(), TODAY)

    assert [str(summary.text) for summary in summaries] == [
        "Severity 5.1, down from 6.3",
        "Total sleep 6.5 h a night, up from 6.0 h",
        "Sleep loss 90 min a night, down from 120 min",
        "Median onset 21:30, 55 min earlier than 22:25",
    ]


def test_it_says_which_way_each_metric_moved_and_whether_that_is_good_news() -> None:
    summaries = by_key(compare_recent(eight_weeks(), TODAY))

    assert (summaries["severity"].direction, summaries["severity"].better) == ("down", True)
    assert (summaries["total_sleep"].direction, summaries["total_sleep"].better) == ("up", True)
    assert (summaries["sleep_loss"].direction, summaries["sleep_loss"].better) == ("down", True)
    # An earlier onset is the warning sign of augmentation.
    assert (summaries["onset"].direction, summaries["onset"].better) == ("earlier", False)
    assert summaries["onset"].current == 930
    assert summaries["onset"].previous == 985
    assert str(summaries["severity"].label) == "Severity"


def test_the_periods_are_calendar_weeks_ending_with_the_current_week() -> None:
    # Sunday 1 Feb ends the earlier period and Monday 2 Feb starts the recent one; nights
    # before Monday 5 Jan are outside both.
    data = frame(
        nights(date(2025, 12, 1), 35, severity=10),
        nights(PREVIOUS, 27, severity=2),
        [night(CURRENT - timedelta(days=1), severity=6)],
        [night(CURRENT, severity=8)],
    )

    severity = by_key(compare_recent(data, TODAY))["severity"]

    assert severity.previous == (27 * 2 + 6) / 28
    assert severity.current == 8.0


def test_weeks_without_entries_at_the_end_are_not_skipped_over() -> None:
    # The last entry is five weeks old: the last 4 weeks have nothing to compare, even though
    # the 4 weeks of entries before that would make a tidy comparison.
    data = frame(nights(date(2025, 12, 8), 28, severity=7), nights(PREVIOUS, 28, severity=4))

    summaries = by_key(compare_recent(data, TODAY))

    assert str(summaries["severity"].text) == "Severity: not enough data to compare"
    assert (summaries["severity"].current, summaries["severity"].previous) == (None, 4.0)


def test_it_averages_over_nights_not_weeks() -> None:
    # Current: one week of 7 nights at 2 and one night at 10 -> 24/8 = 3.0 (a mean of the
    # two weekly means would say 6.0). Previous: 4.0.
    data = frame(
        nights(PREVIOUS, 28, severity=4, sleep_loss_min=60),
        nights(CURRENT, 7, severity=2, sleep_loss_min=60),
        [night(CURRENT + timedelta(days=7), severity=10, sleep_loss_min=420)],
    )

    summaries = by_key(compare_recent(data, TODAY))

    assert summaries["severity"].current == 3.0
    assert str(summaries["severity"].text) == "Severity 3.0, down from 4.0"
    # Loss: (7*60 + 420)/8 = 105 a night against 60.
    assert str(summaries["sleep_loss"].text) == "Sleep loss 105 min a night, up from 60 min"
    assert summaries["sleep_loss"].better is False


def test_it_says_unchanged_when_the_shown_numbers_are_equal() -> None:
    # Severity 124/25 = 4.96 and 126/25 = 5.04 both show as 5.0; onset medians 960 and
    # 959.5 both show as 22:00.
    data = frame(
        nights(PREVIOUS, 24, severity=5, onset_offset_min=960),
        [night(PREVIOUS + timedelta(days=24), severity=4, onset_offset_min=960)],
        nights(CURRENT, 12, severity=5, onset_offset_min=959),
        nights(CURRENT + timedelta(days=12), 12, severity=5, onset_offset_min=960),
        [night(CURRENT + timedelta(days=24), severity=6)],
    )

    summaries = by_key(compare_recent(data, TODAY))

    assert str(summaries["severity"].text) == "Severity 5.0, unchanged"
    assert summaries["severity"].direction == "same"
    assert summaries["severity"].better is None
    assert str(summaries["total_sleep"].text) == "Total sleep 7.0 h a night, unchanged"
    assert summaries["onset"].current == 959.5
    assert str(summaries["onset"].text) == "Median onset 22:00, unchanged"


def test_it_reports_a_later_onset() -> None:
    # Previous 1050 (23:30); current 1110 (00:30), later across midnight.
    data = frame(
        nights(PREVIOUS, 28, onset_offset_min=1050), nights(CURRENT, 28, onset_offset_min=1110)
    )

    onset = by_key(compare_recent(data, TODAY))["onset"]

    assert str(onset.text) == "Median onset 00:30, 60 min later than 23:30"
    assert (onset.direction, onset.better) == ("later", True)


def test_it_needs_data_in_both_periods() -> None:
    summaries = compare_recent(frame(nights(CURRENT, 21, severity=3)), TODAY)

    assert [str(summary.text) for summary in summaries] == [
        "Severity: not enough data to compare",
        "Total sleep: not enough data to compare",
        "Sleep loss: not enough data to compare",
        "Median onset: not enough data to compare",
    ]
    assert summaries[0].current == 3.0
    assert summaries[0].previous is None
    assert all(summary.direction is None for summary in summaries)


def test_one_week_of_entries_in_the_earlier_period_is_enough() -> None:
    # Logging began five weeks ago: the earlier period has just its last week.
    data = frame(nights(CURRENT - timedelta(days=7), 7, severity=8), nights(CURRENT, 28))

    severity = compare_recent(data, TODAY)[0]

    assert str(severity.text) == "Severity 3.0, down from 8.0"


def test_it_handles_no_nights() -> None:
    summaries = compare_recent(empty_nights_frame(), TODAY)

    assert len(summaries) == 4
    assert all(summary.current is None and summary.previous is None for summary in summaries)

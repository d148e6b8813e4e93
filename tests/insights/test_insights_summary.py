"""The four-weeks-against-four-weeks summaries, on hand-built weekly tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from insights.summary import compare_recent
from insights.weekly import WEEKLY_COLUMNS, empty_weekly_table

NAN = np.nan


def table(**columns: list) -> pd.DataFrame:
    count = len(columns["nights_logged"])
    defaults = {
        "week_start": pd.date_range("2026-01-05", periods=count, freq="7D"),
        "symptomatic_nights": columns["nights_logged"],
        "max_severity": [NAN] * count,
        "mean_sleep_efficiency_pct": [NAN] * count,
        "mean_sleep_latency_min": [NAN] * count,
    }
    return pd.DataFrame({**defaults, **columns})[list(WEEKLY_COLUMNS)].astype(WEEKLY_COLUMNS)


def eight_weeks() -> pd.DataFrame:
    # Previous 4 weeks: 28 nights. Current 4 weeks: 21 nights (the 7th week is empty).
    return table(
        nights_logged=[7, 7, 7, 7, 7, 7, 0, 7],
        # Previous (6+6+7+6.2)*7/28 = 6.3. Current (5+5+5.3)*7/21 = 5.1.
        mean_severity=[6, 6, 7, 6.2, 5, 5, NAN, 5.3],
        # Previous 360 min = 6.0 h. Current 390 min = 6.5 h.
        mean_total_sleep_min=[360, 360, 360, 360, 390, 390, NAN, 390],
        # Previous 4*840 / 28 = 120 min a night. Current 3*630 / 21 = 90.
        total_sleep_loss_min=[840, 840, 840, 840, 630, 630, NAN, 630],
        # Previous mean of 980, 990, 985 = 985 (22:25). Current mean of 930, 950 = 940
        # (21:40): 45 min earlier.
        median_onset_offset_min=[980, 990, NAN, 985, 930, 950, NAN, NAN],
    )


def by_key(summaries: list) -> dict:
    return {summary.key: summary for summary in summaries}


def test_it_compares_the_last_four_weeks_with_the_four_before() -> None:
    summaries = compare_recent(eight_weeks())

    assert [str(summary.text) for summary in summaries] == [
        "Severity 5.1, down from 6.3",
        "Total sleep 6.5 h a night, up from 6.0 h",
        "Sleep loss 90 min a night, down from 120 min",
        "Median onset 21:40, 45 min earlier than 22:25",
    ]


def test_it_says_which_way_each_metric_moved_and_whether_that_is_good_news() -> None:
    summaries = by_key(compare_recent(eight_weeks()))

    assert (summaries["severity"].direction, summaries["severity"].better) == ("down", True)
    assert (summaries["total_sleep"].direction, summaries["total_sleep"].better) == ("up", True)
    assert (summaries["sleep_loss"].direction, summaries["sleep_loss"].better) == ("down", True)
    # An earlier onset is the warning sign of augmentation.
    assert (summaries["onset"].direction, summaries["onset"].better) == ("earlier", False)
    assert summaries["onset"].current == 940
    assert summaries["onset"].previous == 985
    assert str(summaries["severity"].label) == "Severity"


def test_it_weights_weeks_by_the_nights_logged() -> None:
    # Current: one week of 7 nights at 2.0 and one of 1 night at 10.0 -> 24/8 = 3.0 (an
    # unweighted mean of weeks would say 6.0). Previous: 4.0.
    weekly = table(
        nights_logged=[7, 7, 7, 7, 7, 1, 0, 0],
        mean_severity=[4, 4, 4, 4, 2, 10, NAN, NAN],
        mean_total_sleep_min=[420] * 6 + [NAN] * 2,
        total_sleep_loss_min=[420] * 6 + [NAN] * 2,
        median_onset_offset_min=[NAN] * 8,
    )

    summaries = by_key(compare_recent(weekly))

    assert summaries["severity"].current == 3.0
    assert str(summaries["severity"].text) == "Severity 3.0, down from 4.0"
    # Loss: previous 4*420/28 = 60 a night; current (420+420)/8 = 105.
    assert str(summaries["sleep_loss"].text) == "Sleep loss 105 min a night, up from 60 min"
    assert summaries["sleep_loss"].better is False


def test_it_says_unchanged_when_the_shown_numbers_are_equal() -> None:
    # 5.04 and 4.96 both show as 5.0: "unchanged", not "down from 5.0".
    weekly = table(
        nights_logged=[7] * 8,
        mean_severity=[4.96] * 4 + [5.04] * 4,
        mean_total_sleep_min=[420] * 8,
        total_sleep_loss_min=[420] * 8,
        median_onset_offset_min=[960] * 4 + [960.4] * 4,
    )

    summaries = by_key(compare_recent(weekly))

    assert str(summaries["severity"].text) == "Severity 5.0, unchanged"
    assert summaries["severity"].direction == "same"
    assert summaries["severity"].better is None
    assert str(summaries["total_sleep"].text) == "Total sleep 7.0 h a night, unchanged"
    assert str(summaries["onset"].text) == "Median onset 22:00, unchanged"


def test_it_reports_a_later_onset() -> None:
    weekly = table(
        nights_logged=[7] * 8,
        mean_severity=[3] * 8,
        mean_total_sleep_min=[420] * 8,
        total_sleep_loss_min=[420] * 8,
        # Previous 1050 (23:30); current 1110 (00:30), later across midnight.
        median_onset_offset_min=[1050] * 4 + [1110] * 4,
    )

    onset = by_key(compare_recent(weekly))["onset"]

    assert str(onset.text) == "Median onset 00:30, 60 min later than 23:30"
    assert (onset.direction, onset.better) == ("later", True)


def test_it_needs_data_in_both_periods() -> None:
    # Three weeks: no earlier period at all.
    weekly = table(
        nights_logged=[7, 7, 7],
        mean_severity=[3, 3, 3],
        mean_total_sleep_min=[420] * 3,
        total_sleep_loss_min=[420] * 3,
        median_onset_offset_min=[NAN] * 3,
    )

    summaries = compare_recent(weekly)

    assert [str(summary.text) for summary in summaries] == [
        "Severity: not enough data to compare",
        "Total sleep: not enough data to compare",
        "Sleep loss: not enough data to compare",
        "Median onset: not enough data to compare",
    ]
    assert summaries[0].current == 3.0
    assert summaries[0].previous is None
    assert all(summary.direction is None for summary in summaries)


def test_it_compares_a_short_earlier_period_of_calendar_weeks() -> None:
    # Five weeks: the earlier period is just the first week.
    weekly = table(
        nights_logged=[7] * 5,
        mean_severity=[8, 3, 3, 3, 3],
        mean_total_sleep_min=[420] * 5,
        total_sleep_loss_min=[420] * 5,
        median_onset_offset_min=[NAN] * 5,
    )

    severity = compare_recent(weekly)[0]

    assert str(severity.text) == "Severity 3.0, down from 8.0"


def test_it_handles_an_empty_table() -> None:
    summaries = compare_recent(empty_weekly_table())

    assert len(summaries) == 4
    assert all(summary.current is None and summary.previous is None for summary in summaries)

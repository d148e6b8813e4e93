"""The one comparison the pages state (insights.comparisons): the last full week against the 4
weeks before it, on hand-built nights frames."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from insights.comparisons import Comparison, compare, compared_from
from insights.frames import NIGHT_COLUMNS, empty_nights_frame

NAN = np.nan
MINUS = "\u2212"
TODAY = date(2026, 3, 1)  # a Sunday: its night has not ended, so the week of 23 Feb is not full
WEEK = date(2026, 2, 16)  # the last full week: Mon 16 to Sun 22 Feb
BEFORE = date(2026, 1, 19)  # the Monday starting the 4 weeks before it


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


def by_key(nights: pd.DataFrame, today: date = TODAY) -> dict[str, Comparison]:
    return compare(nights, today).by_key


def texts(nights: pd.DataFrame, today: date = TODAY) -> list[str]:
    return [str(line.text) for line in compare(nights, today).all]


def five_weeks() -> pd.DataFrame:
    return frame(
        # Before: 28 nights. Severity (21*6 + 7*7)/28 = 6.25, shown half up as 6.3.
        # Onsets: 21 at 980 and 7 at 990, median 980 (22:20). Sleep loss 120 a night:
        # 840 in each of the 4 weeks.
        nights(BEFORE, 21, severity=6, onset_offset_min=980, total_sleep_min=360,
               sleep_loss_min=120),
        nights(BEFORE + timedelta(days=21), 7, severity=7, onset_offset_min=990,
               total_sleep_min=360, sleep_loss_min=120),
        # The week: 7 nights. Severity (5*5 + 2*6)/7 = 5.29 -> 5.3; onset median 930 (21:30).
        nights(WEEK, 5, severity=5, onset_offset_min=930, total_sleep_min=390,
               sleep_loss_min=90),
        nights(WEEK + timedelta(days=5), 2, severity=6, onset_offset_min=950,
               total_sleep_min=390, sleep_loss_min=90),
        # The current week, not full yet: never compared.
        nights(date(2026, 2, 23), 6, severity=10, onset_offset_min=0),
    )  # fmt: skip


def test_it_compares_the_last_full_week_with_the_four_before() -> None:
    assert texts(five_weeks()) == [
        "Severity 5.3/10, down 1.0 from 6.3/10",
        "Total sleep 6 h 30 min a night, up 30 min from 6 h 00 min",
        "Sleep loss 1 h 30 min a night (10 h 30 min in the week), down 30 min from 2 h 00 min",
        "Median onset 21:30, 50 min earlier than 22:20",
    ]
    assert str(compare(five_weeks(), TODAY).period_text) == (
        "Last full week (2026-02-16 to 2026-02-22) against the 4 weeks before it"
    )
    assert compared_from(TODAY) == BEFORE


def test_it_says_which_way_each_measure_moved_and_whether_that_is_good_news() -> None:
    compared = by_key(five_weeks())
    assert (compared["severity"].direction, compared["severity"].better) == ("down", True)
    assert (compared["total_sleep"].direction, compared["total_sleep"].better) == ("up", True)
    assert (compared["sleep_loss"].direction, compared["sleep_loss"].better) == ("down", True)
    # An earlier onset is the warning sign of augmentation.
    assert (compared["onset"].direction, compared["onset"].better) == ("earlier", False)


def test_the_change_is_that_of_the_numbers_shown_so_the_line_adds_up() -> None:
    # Before (7*3 + 13*4)/20 = 3.65, shown 3.7; the week 17/7 = 2.43, shown 2.4. The exact
    # change, -1.22, would print 1.2 beside 3.7 and 2.4.
    data = frame(
        nights(BEFORE, 7, severity=3),
        nights(BEFORE + timedelta(days=7), 13, severity=4),
        nights(WEEK, 4, severity=2),
        nights(WEEK + timedelta(days=4), 3, severity=3),
    )
    severity = by_key(data)["severity"]
    assert str(severity.text) == "Severity 2.4/10, down 1.3 from 3.7/10"
    assert severity.cell == f"2.4 ({MINUS}1.3)"
    # The exact values stay for whoever sorts on them (the dashboard's urgency).
    assert severity.current is not None and severity.previous is not None
    assert round(severity.current - severity.previous, 4) == round(17 / 7 - 3.65, 4)


def test_sleep_loss_logged_on_fewer_nights_does_not_read_as_better_sleep() -> None:
    # Before: 28 nights losing 120 min, 840 a week. The week: only 2 nights logged, each losing
    # 150 min: 300 in the week. Weekly totals would say "down 9 h"; a night it is 30 min worse.
    data = frame(
        nights(BEFORE, 28, sleep_loss_min=120),
        nights(WEEK + timedelta(days=2), 2, sleep_loss_min=150),
    )
    loss = by_key(data)["sleep_loss"]
    assert str(loss.text) == (
        "Sleep loss 2 h 30 min a night (5 h 00 min in the week), up 30 min from 2 h 00 min"
    )
    assert (loss.direction, loss.better) == ("up", False)
    assert loss.cell == "2 h 30 min (+30 min)"


def test_it_says_the_same_when_the_shown_numbers_are_equal() -> None:
    # Means of 420.4 and 419.8 minutes: both 7 h 00 min.
    data = frame(
        nights(BEFORE, 3, severity=3, total_sleep_min=420),
        nights(BEFORE + timedelta(days=3), 2, severity=3, total_sleep_min=421),
        nights(WEEK, 1, severity=3, total_sleep_min=419),
        nights(WEEK + timedelta(days=1), 4, severity=3, total_sleep_min=420),
    )
    compared = by_key(data)
    assert str(compared["total_sleep"].text) == "Total sleep 7 h 00 min a night, the same as before"
    assert compared["total_sleep"].direction == "same"
    assert compared["total_sleep"].better is None
    assert compared["severity"].cell == "3.0 (±0.0)"


def test_it_reports_a_later_onset() -> None:
    data = frame(
        nights(BEFORE, 10, onset_offset_min=900),
        nights(WEEK, 5, onset_offset_min=1000),
    )
    onset = by_key(data)["onset"]
    assert str(onset.text) == "Median onset 22:40, 1 h 40 min later than 21:00"
    assert (onset.direction, onset.better) == ("later", True)


def test_it_needs_entries_in_the_week_and_in_the_weeks_before() -> None:
    only_before = texts(frame(nights(BEFORE, 21)))
    assert only_before[0] == "Severity: no entries in the week to compare"
    only_week = by_key(frame(nights(WEEK, 7, severity=4)))["severity"]
    assert str(only_week.text) == "Severity 4.0/10; no entries in the 4 weeks before to compare"
    assert only_week.cell == "4.0"
    assert only_week.direction is None


def test_a_new_week_moves_the_comparison_on() -> None:
    # On Monday 2 Mar the week of 23 Feb has ended and becomes the one compared.
    data = five_weeks()
    assert compare(data, date(2026, 3, 2)).week_start == date(2026, 2, 23)
    assert str(by_key(data, date(2026, 3, 2))["severity"].text).startswith("Severity 10.0/10, up")


def test_it_handles_no_nights() -> None:
    lines = texts(empty_nights_frame())
    assert lines == [
        "Severity: no entries in the week to compare",
        "Total sleep: no entries in the week to compare",
        "Sleep loss: no entries in the week to compare",
        "Median onset: no onset times in the week to compare",
    ]

"""Review flags (domain.md section 8) on hand-built nights: fire when they should, and only then."""

from datetime import date, time, timedelta
from typing import Any

import pandas as pd

from insights.flags import augmentation_flag, gap_flag, last_full_week, review_flags, worsening_flag
from insights.frames import nights_frame
from insights.review import review_summary
from tests.sample_nights import night_row

TODAY = date(2026, 11, 22)  # a Sunday: the last full week is Mon 9 – Sun 15 November


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return nights_frame(rows, "America/New_York", 480)


def run(
    first: date, severities: list[int], onset: time | None = None, **fields: object
) -> list[dict[str, Any]]:
    return [
        night_row(first + timedelta(days=i), severity=s, onset=onset if s else None, **fields)
        for i, s in enumerate(severities)
    ]


def onset_nights(first: date, count: int, onset: str, **fields: object) -> list[dict[str, Any]]:
    return run(first, [4] * count, time.fromisoformat(onset), **fields)


def test_the_last_full_week_is_the_one_before_the_current_week() -> None:
    assert last_full_week(date(2026, 11, 22)) == date(2026, 11, 9)  # Sunday
    assert last_full_week(date(2026, 11, 23)) == date(2026, 11, 16)  # Monday: last night ended it


def test_a_gap_fires_after_seven_missed_nights_and_not_six() -> None:
    # Last night is the 21st. An entry on the 14th leaves 15..21 = 7 nights missing.
    flag = gap_flag(frame(run(date(2026, 11, 14), [3])), TODAY)
    assert flag is not None
    assert flag.label == "No entry for 7 nights"
    assert gap_flag(frame(run(date(2026, 11, 15), [3])), TODAY) is None


def test_a_patient_without_entries_is_flagged_as_such() -> None:
    flag = gap_flag(frame([]), TODAY)
    assert flag is not None
    assert flag.label == "No entries yet"


def test_worsening_fires_at_two_points_above_the_four_weeks_before() -> None:
    # 4 weeks before (12 Oct – 8 Nov): severity 2 and 3 alternating -> mean 2.5.
    # Last full week (9 – 15 Nov): 4 and 5 alternating... 4,5,4,5,4,5,4 -> 31/7 = 4.43; +1.93: no.
    before = run(date(2026, 10, 12), [2, 3] * 14)
    quiet = before + run(date(2026, 11, 9), [4, 5, 4, 5, 4, 5, 4])
    assert worsening_flag(frame(quiet), TODAY) is None
    # 5,4,5,4,5,4,5 -> 32/7 = 4.57; +2.07: fires.
    worse = before + run(date(2026, 11, 9), [5, 4, 5, 4, 5, 4, 5])
    flag = worsening_flag(frame(worse), TODAY)
    assert flag is not None
    assert "4.6" in flag.detail and "2.5" in flag.detail


def test_worsening_by_exactly_two_points_fires_despite_float_rounding() -> None:
    # 17/7 - 3/7 is exactly 2, but 1.9999999999999998 in binary floating point.
    before = run(date(2026, 11, 2), [1, 1, 1, 0, 0, 0, 0])
    week = run(date(2026, 11, 9), [3, 3, 3, 2, 2, 2, 2])
    assert 17 / 7 - 3 / 7 < 2
    assert worsening_flag(frame(before + week), TODAY) is not None


def test_worsening_needs_both_periods() -> None:
    assert worsening_flag(frame(run(date(2026, 11, 9), [9] * 7)), TODAY) is None


def test_augmentation_fires_when_onset_is_four_hours_earlier() -> None:
    # Baseline: 28 nights at 22:00. Then 14 nights at 18:00: 4 h earlier.
    rows = onset_nights(date(2026, 9, 1), 28, "22:00") + onset_nights(
        date(2026, 9, 29), 14, "18:00"
    )
    flag = augmentation_flag(frame(rows))
    assert flag is not None
    assert "18:00" in flag.detail and "22:00" in flag.detail and "4 h 00 min" in flag.detail


def test_augmentation_states_the_gap_between_the_clock_times_it_shows() -> None:
    # Baseline median (22:00 + 22:01) / 2 = 960.5 min after 06:00, shown half up as 22:01;
    # recent 18:00. The text says 4 h 01 min, as the two times shown do (not 4 h 00 min).
    rows = (
        onset_nights(date(2026, 9, 1), 14, "22:00")
        + onset_nights(date(2026, 9, 15), 14, "22:01")
        + onset_nights(date(2026, 9, 29), 14, "18:00")
    )
    flag = augmentation_flag(frame(rows))
    assert flag is not None
    assert flag.detail.startswith(
        "Median onset 18:00 over the last 14 nights, 4 h 01 min earlier than the baseline 22:01"
    )


def test_augmentation_handles_onsets_either_side_of_midnight() -> None:
    # Baseline at 01:00 (after midnight), recent at 21:30: 3 h 30 earlier, not 20 h 30 later.
    rows = onset_nights(date(2026, 9, 1), 28, "01:00") + onset_nights(
        date(2026, 9, 29), 14, "21:30", areas=["left_leg", "arms"]
    )
    flag = augmentation_flag(frame(rows))
    assert flag is not None and "3 h 30 min" in flag.detail and "arms or trunk" in flag.detail


def test_augmentation_between_two_and_four_hours_needs_spread_or_worse_severity() -> None:
    baseline = onset_nights(date(2026, 9, 1), 28, "22:00")
    three_hours = onset_nights(date(2026, 9, 29), 14, "19:00")
    assert augmentation_flag(frame(baseline + three_hours)) is None
    spread = onset_nights(date(2026, 9, 29), 14, "19:00", areas=["trunk"])
    assert augmentation_flag(frame(baseline + spread)) is not None
    worse = run(date(2026, 9, 29), [6] * 14, time(19, 0))  # baseline severity 4, now 6
    flag = augmentation_flag(frame(baseline + worse))
    assert flag is not None
    assert "severity up 2.0 points" in flag.detail


def test_augmentation_stays_quiet_for_small_shifts_and_short_histories() -> None:
    baseline = onset_nights(date(2026, 9, 1), 28, "22:00")
    assert augmentation_flag(frame(baseline + onset_nights(date(2026, 9, 29), 14, "20:01"))) is None
    # 41 nights: baseline and recent would overlap.
    short = baseline + onset_nights(date(2026, 9, 29), 13, "17:00")
    assert augmentation_flag(frame(short)) is None


def test_a_steady_patient_raises_no_flag() -> None:
    rows = onset_nights(date(2026, 8, 1), 113, "22:00")  # through 21 Nov
    assert review_flags(frame(rows), TODAY) == []


def test_the_review_summary_compares_the_last_full_week_with_the_four_before() -> None:
    # Before: 28 nights of severity 2, each 23:00-07:00 with 20 + 10 min awake: 450 asleep,
    # loss 30 -- except the night of 31 Oct, which gains the fall-back hour: 510 asleep, loss 0.
    # So the 4 weeks before total 27 * 30 = 810, 202.5 a week. Week: 7 nights of severity 5,
    # change +3.0; loss 7 * 30 = 210, change 210 - 202.5 = +7.5.
    rows = run(date(2026, 10, 12), [2] * 28) + run(date(2026, 11, 9), [5] * 7)
    summary = review_summary(frame(rows), TODAY)
    assert summary.last_entry == date(2026, 11, 15)
    assert summary.nights_last_28 == 22  # 25 Oct – 21 Nov holds the nights 25 Oct – 15 Nov
    assert summary.week_mean_severity == 5.0
    assert summary.severity_change == 3.0
    assert summary.week_sleep_loss_min == 210
    assert summary.sleep_loss_change_min == 7.5
    assert [flag.kind for flag in summary.flags] == ["worsening"]

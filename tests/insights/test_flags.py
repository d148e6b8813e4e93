"""Review flags (domain.md section 8) on hand-built nights and treatments: fire when they
should, and only then. Pure: the treatments are unsaved Treatment objects, no database."""

from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest

from diary.choices import DoseUnit, Schedule, TreatmentKind
from diary.models import LabResult, Treatment
from insights.chains import dopaminergic_chains
from insights.flags import (
    WEIGHT,
    augmentation_flag,
    gap_flag,
    last_full_week,
    onset_earlier_flag,
    review_flags,
    worsening_flag,
)
from insights.frames import nights_frame
from insights.review import review_summary
from tests.sample_nights import night_row

TODAY = date(2026, 11, 22)  # a Sunday: the last full week is Mon 9 – Sun 15 November
# A normal ferritin drawn this year and no assessments: no lab flag, so only the nights speak
# (the lab flags are tested in test_lab_flags.py).
IRON_FINE: dict[str, Any] = {
    "labs": [LabResult(drawn=date(2026, 6, 1), ferritin_ng_ml=Decimal("150.0"))],
    "assessments": [],
}


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


def course(name: str, started: date, stopped: date | None = None, mg: str = "1") -> Treatment:
    return Treatment(
        kind=TreatmentKind.MEDICATION,
        schedule=Schedule.COURSE,
        name=name,
        dose=Decimal(mg),
        dose_unit=DoseUnit.MG,
        started=started,
        stopped=stopped,
    )


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


# Possible augmentation (weight 3) needs a dopaminergic chain, ongoing or stopped at most 14 days
# ago. Most tests below give pramipexole from Thursday 1 October (START): the baseline is then
# the nights of 3-30 September, and with every night logged up to last night (21 November) the
# recent period is the last 14 of them, 8-21 November. Onsets are read as minutes after 06:00:
# 22:00 -> 960, 20:00 -> 840, 19:00 -> 780, 18:00 -> 720, 18:01 -> 721.
START = date(2026, 10, 1)
BEFORE = START - timedelta(days=28)  # 3 September
LAST_14 = date(2026, 11, 8)
PRAMIPEXOLE = [course("pramipexole", START)]


def on_treatment(
    recent: str, *, baseline: str = "22:00", between: str = "22:00", **fields: object
) -> list[dict[str, Any]]:
    """28 nights before START at `baseline`, 38 on treatment (1 Oct - 7 Nov) at `between`, then
    the last 14 (8-21 Nov) at `recent`, with `fields` on those 14."""
    return (
        onset_nights(BEFORE, 28, baseline)
        + onset_nights(START, 38, between)
        + onset_nights(LAST_14, 14, recent, **fields)
    )


def augmentation(rows: list[dict[str, Any]], treatments: list[Treatment] = PRAMIPEXOLE) -> Any:
    return augmentation_flag(frame(rows), treatments, TODAY)


def test_augmentation_fires_when_onset_is_four_hours_earlier_and_not_three_h_59() -> None:
    # 960 - 720 = 240 minutes: fires on its own, and says so with the numbers.
    flag = augmentation(on_treatment("18:00"))
    assert flag is not None
    assert (flag.kind, flag.label) == ("augmentation", "Possible augmentation")
    assert flag.detail == (
        "Median onset 18:00 over the last 14 nights on pramipexole (since 2026-10-01), "
        "4 h 00 min earlier than 22:00 over the 28 nights logged in the 28 before it started"
    )
    # 960 - 721 = 239 minutes, with no spread and no rise in severity: nothing.
    assert augmentation(on_treatment("18:01")) is None


def test_augmentation_states_the_gap_between_the_clock_times_it_shows() -> None:
    # Baseline median (22:00 + 22:01) / 2 = 960.5 min after 06:00, shown half up as 22:01;
    # recent 18:00. The text says 4 h 01 min, as the two times shown do (not 4 h 00 min).
    rows = onset_nights(BEFORE, 14, "22:00") + on_treatment("18:00", baseline="22:01")[14:]
    flag = augmentation(rows)
    assert flag is not None
    assert "18:00 over the last 14 nights" in flag.detail
    assert "4 h 01 min earlier than 22:01" in flag.detail


def test_augmentation_handles_onsets_either_side_of_midnight() -> None:
    # Baseline at 01:00 (1140 min), recent at 21:30 (930): 3 h 30 earlier, not 20 h 30 later;
    # with arms on every recent night and none before, that is enough.
    flag = augmentation(on_treatment("21:30", baseline="01:00", areas=["left_leg", "arms"]))
    assert flag is not None
    assert "3 h 30 min earlier than 01:00" in flag.detail
    assert "arms or trunk on 14 of these nights, on none before" in flag.detail


def test_two_to_four_hours_earlier_needs_spread_to_arms_or_trunk() -> None:
    # 960 - 780 = 180 minutes: not enough alone.
    assert augmentation(on_treatment("19:00")) is None
    assert augmentation(on_treatment("19:00", areas=["trunk"])) is not None
    # Exactly 2 h (960 - 840 = 120) counts; 1 h 59 (960 - 841 = 119) does not, spread or not.
    assert augmentation(on_treatment("20:00", areas=["trunk"])) is not None
    assert augmentation(on_treatment("20:01", areas=["trunk"])) is None
    # Spread is new only when no baseline night had arms or trunk.
    rows = on_treatment("19:00", areas=["trunk"])
    rows[27]["areas"] = ["arms"]  # 30 September, the last baseline night
    assert augmentation(rows) is None


def test_three_hours_earlier_with_severity_up_two_points_fires_and_up_1_9_not() -> None:
    # Baseline: ten nights logged (21-30 Sep) at 22:00. Recent: the last 14 at 19:00, severity 6.
    between = onset_nights(START, 38, "22:00")
    recent = run(LAST_14, [6] * 14, time(19, 0))
    # Baseline severity 4 x 10 -> mean 4.0; 6.0 - 4.0 = 2.0 points up: fires.
    rows = run(date(2026, 9, 21), [4] * 10, time(22, 0)) + between + recent
    flag = augmentation(rows)
    assert flag is not None
    assert "over the 10 nights logged in the 28 before it started" in flag.detail
    assert flag.detail.endswith("; mean severity 6.0, up 2.0 points from 4.0")
    # Baseline 4 x 9 and 5 x 1 -> 41 / 10 = 4.1; 6.0 - 4.1 = 1.9 points: not enough.
    rows = run(date(2026, 9, 21), [4] * 9 + [5], time(22, 0)) + between + recent
    assert augmentation(rows) is None


# The nights for the chain tests: 3-30 Sep at 22:00, 1 Oct - 7 Nov at 20:00, 8-21 Nov at 18:00.
# From 1 Oct the baseline median is 22:00 (960), 4 h before the recent 18:00 (720): fires.
# From 15 Oct it would be 17-30 Sep at 22:00 and 1-14 Oct at 20:00, median (960 + 840) / 2 =
# 900 (21:00), only 3 h before 18:00: nothing.
CHAIN_NIGHTS = on_treatment("18:00", between="20:00")
OCT_14, OCT_15 = date(2026, 10, 14), date(2026, 10, 15)


def test_after_a_dose_change_the_baseline_is_before_the_first_course() -> None:
    # change_dose stops the old course the day before the new one starts: one treatment.
    treatments = [
        course("pramipexole", START, OCT_14, mg="0.125"),
        course("pramipexole", OCT_15, mg="0.25"),
    ]
    flag = augmentation(CHAIN_NIGHTS, treatments)
    assert flag is not None
    assert "on pramipexole (since 2026-10-01), 4 h 00 min earlier than 22:00" in flag.detail


def test_a_switch_with_no_day_between_is_one_treatment() -> None:
    treatments = [course("pramipexole", START, OCT_14), course("ropinirole", OCT_15)]
    flag = augmentation(CHAIN_NIGHTS, treatments)
    assert flag is not None
    assert "on pramipexole, ropinirole (since 2026-10-01), 4 h 00 min" in flag.detail


def test_a_gap_of_two_days_starts_a_new_treatment_with_its_own_baseline() -> None:
    # Pramipexole to 12 Oct, nothing on 13 and 14 Oct, ropinirole from 15 Oct: the ropinirole
    # chain's baseline is 17 Sep - 14 Oct (median 21:00), 3 h before 18:00. The pramipexole
    # chain stopped 41 days ago. A dopaminergic treatment is recorded, so no "onset moving
    # earlier" either.
    treatments = [course("pramipexole", START, date(2026, 10, 12)), course("ropinirole", OCT_15)]
    assert augmentation(CHAIN_NIGHTS, treatments) is None
    assert review_flags(frame(CHAIN_NIGHTS), TODAY, treatments, **IRON_FINE) == []


def test_courses_join_a_chain_when_the_next_starts_by_the_day_after_the_last() -> None:
    oct_31, nov_1 = date(2026, 10, 31), date(2026, 11, 1)
    pramipexole = course("pramipexole", START, OCT_14)

    def spans(*treatments: Treatment) -> list[tuple[date, date | None]]:
        return [(chain.started, chain.stopped) for chain in dopaminergic_chains(treatments)]

    assert spans(course("ropinirole", OCT_15, oct_31), pramipexole) == [(START, oct_31)]
    # One day without (15 Oct): two chains.
    assert spans(pramipexole, course("ropinirole", date(2026, 10, 16))) == [
        (START, OCT_14),
        (date(2026, 10, 16), None),
    ]
    # Overlaps join too; the chain lasts to its latest stop, or stays open while one is ongoing.
    levodopa = course("levodopa", date(2026, 10, 5), date(2026, 10, 9))
    assert spans(course("pramipexole", START, oct_31), levodopa) == [(START, oct_31)]
    assert spans(
        pramipexole, course("levodopa", date(2026, 10, 10)), course("rotigotine", nov_1, nov_1)
    ) == [(START, None)]
    # Neither an alpha-2-delta ligand nor iron nor a session named like an agonist is one.
    session = Treatment(
        kind=TreatmentKind.OTHER, schedule=Schedule.SESSION, name="pramipexole", started=START
    )
    assert spans(course("gabapentin", START), course("ferrous_sulfate", START), session) == []


def test_augmentation_counts_a_treatment_stopped_14_days_ago_and_not_15() -> None:
    # Pramipexole from 1 Oct; onset 18:00 on 25 Oct - 8 Nov, back to 22:00 from 9 Nov.
    # Stopped 8 Nov (14 days before 22 Nov): recent = the last 14 nights on it, 26 Oct - 8 Nov,
    # all at 18:00, so it fires. Stopped 7 Nov (15 days before): not counted at all.
    rows = (
        onset_nights(BEFORE, 28, "22:00")
        + onset_nights(START, 24, "22:00")
        + onset_nights(date(2026, 10, 25), 15, "18:00")
        + onset_nights(date(2026, 11, 9), 13, "22:00")
    )
    flag = augmentation(rows, [course("pramipexole", START, date(2026, 11, 8))])
    assert flag is not None
    assert flag.detail.startswith("Median onset 18:00 over the last 14 nights on pramipexole")
    stopped_15_days_ago = [course("pramipexole", START, date(2026, 11, 7))]
    assert augmentation(rows, stopped_15_days_ago) is None
    assert review_flags(frame(rows), TODAY, stopped_15_days_ago, **IRON_FINE) == []


def test_augmentation_needs_five_onsets_before_and_five_on_treatment() -> None:
    # Every night has severity 4; a night with an unknown onset is not an onset.
    def nights(first: date, onsets: int, count: int, onset: str) -> list[dict[str, Any]]:
        known = onset_nights(first, onsets, onset)
        return known + run(first + timedelta(days=onsets), [4] * (count - onsets), None)

    between = onset_nights(START, 38, "22:00")
    recent = onset_nights(LAST_14, 14, "18:00")
    assert augmentation(nights(BEFORE, 5, 28, "22:00") + between + recent) is not None
    assert augmentation(nights(BEFORE, 4, 28, "22:00") + between + recent) is None
    baseline = onset_nights(BEFORE, 28, "22:00")
    assert augmentation(baseline + between + nights(LAST_14, 5, 14, "18:00")) is not None
    assert augmentation(baseline + between + nights(LAST_14, 4, 14, "18:00")) is None


# Without any dopaminergic course recorded: "Onset moving earlier" (weight 1), the first 28
# logged nights against the last 14.
GABAPENTIN = [course("gabapentin", date(2026, 9, 20))]


def test_on_gabapentin_onset_moving_earlier_compares_the_first_28_with_the_last_14() -> None:
    # 1-28 Sep at 22:00, 29 Sep - 18 Oct at 20:00, 19 Oct - 1 Nov at 18:00: the first 28 give
    # 960, the last 14 give 720: 4 h earlier. (The 28 nights before the last 14 would give
    # 840, only 2 h.)
    rows = (
        onset_nights(date(2026, 9, 1), 28, "22:00")
        + onset_nights(date(2026, 9, 29), 20, "20:00")
        + onset_nights(date(2026, 10, 19), 14, "18:00")
    )
    flag = onset_earlier_flag(frame(rows), GABAPENTIN)
    assert flag is not None
    assert (flag.kind, flag.label, WEIGHT[flag.kind]) == (
        "onset_earlier",
        "Onset moving earlier",
        1,
    )
    assert flag.detail == (
        "Median onset 18:00 over the last 14 nights, 4 h 00 min earlier than 22:00 over the "
        "first 28 logged nights: a change to review"
    )
    assert "augmentation" not in (flag.label + flag.detail).lower()
    assert augmentation_flag(frame(rows), GABAPENTIN, TODAY) is None
    # Without any treatment recorded, the same.
    assert onset_earlier_flag(frame(rows), []) == flag


def test_onset_moving_earlier_applies_the_same_thresholds() -> None:
    baseline = onset_nights(date(2026, 9, 1), 28, "22:00")

    def shift(recent: str, **fields: object) -> Any:
        rows = baseline + onset_nights(date(2026, 9, 29), 14, recent, **fields)
        return onset_earlier_flag(frame(rows), GABAPENTIN)

    assert shift("18:00") is not None
    assert shift("18:01") is None  # 3 h 59
    assert shift("19:00") is None  # 3 h, no other sign
    flag = shift("19:00", areas=["left_leg", "arms"])
    assert flag is not None
    assert flag.detail.endswith("; arms or trunk on 14 of these nights, on none before")


def test_onset_moving_earlier_needs_42_nights_and_no_dopaminergic_treatment() -> None:
    baseline = onset_nights(date(2026, 9, 1), 28, "22:00")
    # 41 nights: the first 28 and the last 14 would overlap.
    assert (
        onset_earlier_flag(frame(baseline + onset_nights(date(2026, 9, 29), 13, "17:00")), [])
        is None
    )
    rows = baseline + onset_nights(date(2026, 9, 29), 14, "17:00")
    # A dopaminergic course long stopped still rules it out (and is too old for augmentation).
    old = [course("ropinirole", date(2026, 3, 1), date(2026, 4, 1))]
    assert onset_earlier_flag(frame(rows), old) is None
    assert review_flags(frame(rows), TODAY, old, **IRON_FINE) == [gap_flag(frame(rows), TODAY)]


def test_flags_come_weightiest_first() -> None:
    # Pramipexole stopped 8 Nov with onsets 4 h earlier, and nothing logged since: augmentation
    # (3) then gap (1; 9-21 Nov is 13 nights missing).
    rows = onset_nights(BEFORE, 28, "22:00") + onset_nights(START, 39, "18:00")
    treatments = [course("pramipexole", START, date(2026, 11, 8))]
    flags = review_flags(frame(rows), TODAY, treatments, **IRON_FINE)
    assert [flag.kind for flag in flags] == ["augmentation", "gap"]


def test_a_steady_patient_raises_no_flag() -> None:
    rows = onset_nights(date(2026, 8, 1), 113, "22:00")  # through 21 Nov
    assert review_flags(frame(rows), TODAY, [], **IRON_FINE) == []


def test_the_review_summary_compares_the_last_full_week_with_the_four_before() -> None:
    # Before: 28 nights of severity 2, each 23:00-07:00 with 20 + 10 min awake: 450 asleep,
    # loss 30 -- except the night of 31 Oct, which gains the fall-back hour: 510 asleep, loss 0.
    # So the 4 weeks before lose 27 * 30 = 810 over 28 nights, 28.93 a night. Week: 7 nights of
    # severity 5, change +3.0; loss 30 a night, change 30 - 810 / 28 = +1.07.
    rows = run(date(2026, 10, 12), [2] * 28) + run(date(2026, 11, 9), [5] * 7)
    summary = review_summary(frame(rows), TODAY, [], **IRON_FINE)
    assert summary.last_entry == date(2026, 11, 15)
    assert summary.nights_last_28 == 22  # 25 Oct – 21 Nov holds the nights 25 Oct – 15 Nov
    assert summary.week_mean_severity == 5.0
    assert summary.severity_change == 3.0
    assert summary.week_mean_sleep_loss_min == 30.0
    assert summary.sleep_loss_change_min == pytest.approx(30 - 810 / 28)
    assert [flag.kind for flag in summary.flags] == ["worsening"]

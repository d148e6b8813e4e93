"""Known answers for the before/after table (domain.md section 11), worked out by hand.

Pure: treatments are unsaved Treatment objects with explicit ids, nights are frame rows.
Unless a test says otherwise the course starts on Sunday 2026-03-01, so (2026 is not a leap
year) its before window is 02-01..02-28 and its after window 03-15..04-11 (03-01 + 41 days).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd

from diary.models import Treatment
from insights.frames import nights_frame
from insights.response import ResponseValue, format_response, response_rows
from insights.response_columns import RESPONSE_COLUMNS
from tests.sample_nights import night_row

START = date(2026, 3, 1)


def course(pk: int, started: date = START, stopped: date | None = None, **fields: Any) -> Treatment:
    values = {"kind": "medication", "name": "pramipexole", **fields}
    return Treatment(pk=pk, schedule="course", started=started, stopped=stopped, **values)


def session(pk: int, on: date, kind: str = "cryotherapy", name: str = "") -> Treatment:
    return Treatment(pk=pk, kind=kind, schedule="session", name=name, started=on)


def day(text: str) -> date:
    return date.fromisoformat(text)


def run(first: date, count: int, **fields: Any) -> list[dict[str, Any]]:
    """`count` consecutive nights from `first`, all alike (a quiet 23:00-07:00 night: TST 450,
    sleep loss 30, severity 0, unless `fields` say otherwise)."""
    return [night_row(first + timedelta(days=i), **fields) for i in range(count)]


def frame(*groups: list[dict[str, Any]]) -> pd.DataFrame:
    return nights_frame([row for group in groups for row in group], "UTC", 480)


def table(nights: pd.DataFrame, *treatments: Treatment) -> list[dict[str, ResponseValue]]:
    return format_response(response_rows(nights, treatments))


def only(rows: list[dict[str, ResponseValue]]) -> dict[str, ResponseValue]:
    assert len(rows) == 1, rows
    return rows[0]


def windows(row: dict[str, ResponseValue]) -> tuple[ResponseValue, ...]:
    return row["before_from"], row["before_to"], row["after_from"], row["after_to"]


def test_it_gives_a_course_a_row_with_its_windows_and_counts_only_the_nights_inside() -> None:
    # One night on each side of each bound: 01-31 is before the before window, 03-01 (the
    # start) and 03-14 fall between the windows, 04-12 is past the after window.
    logged = ["01-31", "02-01", "02-28", "03-01", "03-14", "03-15", "04-11", "04-12"]
    nights = frame([night_row(day(f"2026-{text}")) for text in logged])

    row = only(table(nights, course(7)))

    assert list(row) == list(RESPONSE_COLUMNS)
    assert (row["treatment_id"], row["kind"], row["name"]) == (7, "medication", "pramipexole")
    assert (row["start"], row["last"]) == ("2026-03-01", None)
    assert windows(row) == ("2026-02-01", "2026-02-28", "2026-03-15", "2026-04-11")
    # 02-01 and 02-28 before; 03-15 and 04-11 after.
    assert (row["before_nights_logged"], row["after_nights_logged"]) == (2, 2)


def test_a_stopped_course_is_judged_up_to_its_last_day() -> None:
    # Stopped 03-30: after window 03-15..min(04-11, 03-30) = 03-30, the stopped night included.
    nights = frame(run(day("2026-03-15"), 17))  # 03-15..03-31

    row = only(table(nights, course(1, stopped=day("2026-03-30"))))

    assert (row["after_from"], row["after_to"]) == ("2026-03-15", "2026-03-30")
    assert row["after_nights_logged"] == 16  # 03-15..03-30; 03-31 is after it stopped


def test_a_course_stopped_before_its_third_week_has_an_empty_after_window_with_both_dates() -> None:
    # Stopped 03-10: after window 03-15..03-10, which ends before it begins. Nights 03-05..03-20
    # are logged, none of them counts.
    nights = frame(run(day("2026-02-01"), 28, severity=3), run(day("2026-03-05"), 16))

    row = only(table(nights, course(1, stopped=day("2026-03-10"))))

    assert windows(row) == ("2026-02-01", "2026-02-28", "2026-03-15", "2026-03-10")
    assert (row["before_nights_logged"], row["after_nights_logged"]) == (28, 0)
    after = [row[f"after_{name}"] for name in ("mean_severity", "symptomatic_pct", "median_onset")]
    after += [row[f"after_{name}"] for name in ("mean_total_sleep_min", "mean_sleep_loss_min")]
    assert after == [None] * 5
    assert row["before_mean_severity"] == Decimal("3.00")
    assert (row["enough"], row["clear"], row["change_mean_severity"]) == (False, None, None)


def test_two_iron_infusions_a_week_apart_are_one_row_judged_from_two_weeks_after_the_last() -> None:
    # 03-02 and 03-09: 7 days apart (< 15), one series known by the first infusion's id.
    # Before: 03-02 - 28 = 02-02 .. 03-01. After: 03-09 + 14 = 03-23 .. 03-09 + 41 = 04-19.
    infusions = [
        session(21, day("2026-03-02"), "iron_iv", "ferric carboxymaltose"),
        session(22, day("2026-03-09"), "iron_iv", "Ferric-Carboxymaltose"),
    ]

    row = only(table(frame(), *infusions))

    assert (row["treatment_id"], row["kind"], row["name"]) == (
        21,
        "iron_iv",
        "ferric carboxymaltose",
    )
    assert (row["start"], row["last"]) == ("2026-03-02", "2026-03-09")
    assert windows(row) == ("2026-02-02", "2026-03-01", "2026-03-23", "2026-04-19")
    assert row["overlaps"] == []  # its own second infusion is not an overlap


def test_ten_cryotherapy_sessions_over_three_weeks_are_one_row_judged_over_the_next_four() -> None:
    # Every other day from 03-02 to 03-20. The ids were given out of order: the series is known
    # by the first session's id (30, on 03-02), whatever the others' ids.
    dates = [day("2026-03-02") + timedelta(days=2 * i) for i in range(10)]
    ids = [30, 12, 13, 14, 15, 16, 17, 18, 19, 20]
    sessions = [session(pk, on) for pk, on in zip(ids, dates, strict=True)]

    row = only(table(frame(), *sessions))

    # Before: 03-02 - 28 = 02-02 .. 03-01. After: 03-20 + 1 = 03-21 .. 03-20 + 28 = 04-17.
    assert (row["treatment_id"], row["start"], row["last"]) == (30, "2026-03-02", "2026-03-20")
    assert windows(row) == ("2026-02-02", "2026-03-01", "2026-03-21", "2026-04-17")


def test_a_series_of_kind_other_and_a_single_ketamine_infusion_are_judged_like_cryotherapy() -> (
    None
):
    # One session each: first = last. After: last + 1 .. last + 28.
    rows = table(
        frame(),
        session(5, day("2026-03-10"), "ketamine_iv"),
        Treatment(pk=6, kind="other", schedule="session", name="TENS", started=day("2026-03-12")),
    )

    assert [
        (row["treatment_id"], row["last"], row["after_from"], row["after_to"]) for row in rows
    ] == [
        (5, "2026-03-10", "2026-03-11", "2026-04-07"),
        (6, "2026-03-12", "2026-03-13", "2026-04-09"),
    ]


def test_thirteen_nights_in_a_window_are_not_enough_and_fourteen_are() -> None:
    # 14 nights before (02-15..02-28) at severity 4; after, from 03-15, at severity 2.
    before = run(day("2026-02-15"), 14, severity=4)

    short = only(table(frame(before, run(day("2026-03-15"), 13, severity=2)), course(1)))
    full = only(table(frame(before, run(day("2026-03-15"), 14, severity=2)), course(1)))

    assert (short["before_nights_logged"], short["after_nights_logged"]) == (14, 13)
    assert (full["before_nights_logged"], full["after_nights_logged"]) == (14, 14)
    # Not enough: the figures are shown, every change, the range and "clear" are empty.
    assert (short["before_mean_severity"], short["after_mean_severity"]) == (
        Decimal("4.00"),
        Decimal("2.00"),
    )
    changes = [name for name in RESPONSE_COLUMNS if name.startswith("change_")]
    assert [short[name] for name in changes] == [None] * len(changes)
    assert (short["severity_range_low"], short["severity_range_high"]) == (None, None)
    assert (short["enough"], short["clear"]) == (False, None)
    # Enough: 2 - 4 = -2.00; every night alike, so both SDs are 0 and the range is -2..-2.
    assert (full["enough"], full["change_mean_severity"]) == (True, Decimal("-2.00"))
    assert (full["severity_range_low"], full["severity_range_high"]) == (
        Decimal("-2.00"),
        Decimal("-2.00"),
    )
    assert full["clear"] is True
    assert full["change_symptomatic_pct"] == 0  # 100 % both times
    assert full["change_median_onset"] is None  # no onset in either window


def test_a_row_lists_the_treatments_starting_stopping_or_given_in_its_span_as_overlaps() -> None:
    treatments = [
        # A, 03-01, ongoing: span 02-01..04-11.
        course(1),
        # B, 03-20: span 02-20..04-30 (03-20 + 41).
        course(2, day("2026-03-20"), name="gabapentin"),
        # C, oral iron since 01-01, ongoing: span 2025-12-04..02-11. It starts before A's
        # span and never stops: steady background to A, B and D, not an overlap.
        course(3, day("2026-01-01"), kind="iron_oral", name="ferrous sulfate"),
        # E, 2025-11-01 to 02-10: span 2025-10-04..2025-12-12 (its after window ends at
        # 2025-11-01 + 41, before it stops).
        course(5, day("2025-11-01"), day("2026-02-10"), name="ropinirole"),
        # D, cryotherapy 03-05, 03-07, 03-09: one series (id 10), span 02-05..04-06.
        session(10, day("2026-03-05")),
        session(11, day("2026-03-07")),
        session(12, day("2026-03-09")),
    ]

    rows = table(frame(), *treatments)

    # Rows by start: E (2025-11-01), C (01-01), A (03-01), D (03-05), B (03-20); overlaps in
    # that same order.
    assert {row["treatment_id"]: row["overlaps"] for row in rows} == {
        5: [],  # nothing else happens 2025-10-04..2025-12-12
        3: [5],  # E stops 02-10, inside 2025-12-04..02-11
        1: [5, 10, 2],  # E stops 02-10, D's sessions, B starts 03-20; not C
        10: [5, 1, 2],  # E stops 02-10, A starts 03-01, B starts 03-20; not its own sessions
        2: [1, 10],  # A starts 03-01, D's sessions; E stopped 02-10, before 02-20
    }
    assert [row["treatment_id"] for row in rows] == [5, 3, 1, 10, 2]


def test_a_dose_change_is_a_row_of_its_own_that_lists_the_old_dose_as_an_overlap() -> None:
    # Old dose 01-01..02-28 (span 2025-12-04..02-11: its after window ends at 01-01 + 41); new
    # dose from 03-01 (span 02-01..04-11). The old course stops on 02-28, inside the new
    # row's before window; the new course starts after the old row's span ends.
    old = course(1, day("2026-01-01"), day("2026-02-28"), dose=Decimal("0.125"), dose_unit="mg")
    new = course(2, START, dose=Decimal("0.25"), dose_unit="mg")

    rows = table(frame(), old, new)

    assert [(row["treatment_id"], row["after_to"], row["overlaps"]) for row in rows] == [
        (1, "2026-02-11", []),
        (2, "2026-04-11", [1]),
    ]


def test_rows_starting_the_same_day_are_ordered_by_id() -> None:
    rows = table(frame(), course(9), session(4, START), course(6))

    assert [row["treatment_id"] for row in rows] == [4, 6, 9]


def test_the_severity_range_is_the_change_plus_or_minus_196_standard_errors() -> None:
    # Before (02-15..02-28): 7 nights at 2, 7 at 4: mean 3, sample variance
    # (7 * 1 + 7 * 1) / 13 = 14/13. After (03-15..03-28): 7 at 1, 7 at 3: mean 2, 14/13 too.
    # Change -1; standard error sqrt(14/13 / 14 + 14/13 / 14) = sqrt(2/13) = 0.392232...;
    # 1.96 * 0.392232 = 0.768775. Range -1.768775..-0.231225: all below 0, clear.
    before = run(day("2026-02-15"), 7, severity=2) + run(day("2026-02-22"), 7, severity=4)
    after = run(day("2026-03-15"), 7, severity=1) + run(day("2026-03-22"), 7, severity=3)

    row = only(table(frame(before, after), course(1)))

    assert (row["before_mean_severity"], row["after_mean_severity"]) == (
        Decimal("3.00"),
        Decimal("2.00"),
    )
    assert row["change_mean_severity"] == Decimal("-1.00")
    assert (row["severity_range_low"], row["severity_range_high"]) == (
        Decimal("-1.77"),
        Decimal("-0.23"),
    )
    assert row["clear"] is True


def test_a_severity_range_that_takes_in_zero_is_not_clear() -> None:
    # Before as above: mean 3, variance 14/13. After: 7 at 2, 7 at 3: mean 2.5, variance
    # 7 * 0.25 * 2 / 13 = 3.5/13. Change -0.5; standard error sqrt(1/13 + 0.25/13) =
    # sqrt(1.25/13) = 0.310087; * 1.96 = 0.607771. Range -1.107771..0.107771: takes in 0.
    before = run(day("2026-02-15"), 7, severity=2) + run(day("2026-02-22"), 7, severity=4)
    after = run(day("2026-03-15"), 7, severity=2) + run(day("2026-03-22"), 7, severity=3)

    row = only(table(frame(before, after), course(1)))

    assert row["change_mean_severity"] == Decimal("-0.50")
    assert (row["severity_range_low"], row["severity_range_high"]) == (
        Decimal("-1.11"),
        Decimal("0.11"),
    )
    assert row["clear"] is False


def test_every_figure_and_change_is_rounded_half_up_from_its_exact_value() -> None:
    # Before, 16 nights (02-13..02-28): severities 0, 0, twelve 2s, 5, 5: mean 34/16 = 2.125,
    # shown 2.13 (not banker's 2.12); 14 of 16 symptomatic = 87.5 %, shown 88. Four nights with
    # 9 min awake (TST 451, loss 29) and twelve with 10 (TST 450, loss 30): TST 7204/16 =
    # 450.25 -> 450.3, loss 476/16 = 29.75 -> 29.8.
    before = (
        run(day("2026-02-13"), 2, severity=0)
        + run(day("2026-02-15"), 8, severity=2)
        + run(day("2026-02-23"), 4, severity=2, waso_min=9)
        + run(day("2026-02-27"), 2, severity=5)
    )
    # After, 16 nights (03-15..03-30): all severity 3 with 5 min awake: TST 455, loss 25.
    after = run(day("2026-03-15"), 16, severity=3, waso_min=5)

    row = only(table(frame(before, after), course(1)))

    assert [row[f"before_{name}"] for name in ("mean_severity", "symptomatic_pct")] == [
        Decimal("2.13"),
        88,
    ]
    assert [row[f"before_{name}"] for name in ("mean_total_sleep_min", "mean_sleep_loss_min")] == [
        Decimal("450.3"),
        Decimal("29.8"),
    ]
    # Changes come from the exact values: 3 - 2.125 = 0.875 -> 0.88 (the shown figures differ
    # by 0.87); 100 - 87.5 = 12.5 -> 13 (shown: 12); 455 - 450.25 = 4.75 -> 4.8; the loss
    # 25 - 29.75 = -4.75 -> -4.8 (half away from zero).
    assert row["change_mean_severity"] == Decimal("0.88")
    assert row["change_symptomatic_pct"] == 13
    assert row["change_mean_total_sleep_min"] == Decimal("4.8")
    assert row["change_mean_sleep_loss_min"] == Decimal("-4.8")


def test_the_median_onset_is_taken_across_midnight_and_its_change_is_in_minutes() -> None:
    # Before: 7 onsets at 23:30 (offset 1050) and 7 at 00:30 (1110): the middle two are 1050
    # and 1110, median 1080 = 18 h after 06:00 = 00:00 (averaging clock times would say 12:00).
    # After: 7 at 23:00 (1020) and 7 at 23:01 (1021): median 1020.5, half up to 1021 = 23:01.
    # Change: 1021 - 1080 = -59 minutes (earlier); the exact -59.5 rounded would be -60.
    symptoms = {"severity": 4, "areas": ["left_leg"]}
    before = run(day("2026-02-15"), 7, onset=time(23, 30), **symptoms) + run(
        day("2026-02-22"), 7, onset=time(0, 30), **symptoms
    )
    after = run(day("2026-03-15"), 7, onset=time(23, 0), **symptoms) + run(
        day("2026-03-22"), 7, onset=time(23, 1), **symptoms
    )

    row = only(table(frame(before, after), course(1)))

    assert (row["before_median_onset"], row["after_median_onset"]) == ("00:00", "23:01")
    assert row["change_median_onset"] == -59


def test_mean_day_fatigue_is_empty_without_any_and_so_is_its_change() -> None:
    # Before: 14 nights, none with a day fatigue. After: 14 nights, three with one (4, 5, 5):
    # mean 14/3 = 4.666... -> 4.7. With no figure before, there is no change.
    before = run(day("2026-02-15"), 14)
    after = (
        run(day("2026-03-15"), 11)
        + run(day("2026-03-26"), 1, day_fatigue=4)
        + run(day("2026-03-27"), 2, day_fatigue=5)
    )

    row = only(table(frame(before, after), course(1)))

    assert row["enough"] is True
    assert (row["before_mean_day_fatigue"], row["after_mean_day_fatigue"]) == (
        None,
        Decimal("4.7"),
    )
    assert row["change_mean_day_fatigue"] is None


def test_a_patient_without_treatments_has_an_empty_table() -> None:
    assert table(frame(run(day("2026-02-15"), 3))) == []

"""The lab and assessment flags of domain.md section 8 at their boundaries: iron (AASM 2024),
iron studies due and IRLS worse. Pure: unsaved LabResult and Assessment objects, no database.

"Within 365 days" is read as on or after today - 365 days: with today 22 Nov 2026, a result
drawn 22 Nov 2025 (365 days before) counts and one drawn 21 Nov 2025 (366 days) does not."""

from datetime import date
from decimal import Decimal

import pytest

from diary.models import Assessment, LabResult
from insights.flags import (
    WEIGHT,
    Flag,
    irls_worse_flag,
    iron_flag,
    iron_studies_due_flag,
    review_flags,
)
from insights.frames import nights_frame
from insights.labs import assessment_rows, assessments_line, labs_line, latest_value

TODAY = date(2026, 11, 22)
DAYS_365 = date(2025, 11, 22)  # 22 Nov 2025 + 365 days = 22 Nov 2026 (no 29 Feb between)
DAYS_366 = date(2025, 11, 21)
BELOW = "Iron below the threshold for iron therapy"
IV = "Iron: IV iron may be considered"


def lab(
    drawn: date = date(2026, 10, 1),
    ferritin: str | None = None,
    tsat: str | None = None,
    **conditions: bool,
) -> LabResult:
    return LabResult(
        drawn=drawn,
        ferritin_ng_ml=None if ferritin is None else Decimal(ferritin),
        tsat_pct=None if tsat is None else Decimal(tsat),
        **conditions,
    )


def irls(assessed: date, total: int | None, **scores: int) -> Assessment:
    return Assessment(assessed=assessed, irls_total=total, **scores)


def label(labs: list[LabResult]) -> str | None:
    flag = iron_flag(labs, TODAY)
    return None if flag is None else flag.label


def test_365_days_before_today_is_exactly_the_dates_chosen() -> None:
    assert (TODAY - DAYS_365).days == 365 and (TODAY - DAYS_366).days == 366


@pytest.mark.parametrize(
    ("ferritin", "expected"),
    [
        ("75.0", BELOW),  # at most 75: iron therapy
        ("75.1", IV),  # above 75, at most 100: IV iron may be considered
        ("100.0", IV),
        ("100.1", None),  # above 100 with a normal TSAT: nothing to flag
    ],
)
def test_ferritin_at_75_and_100_sits_on_the_lower_side(ferritin: str, expected: str) -> None:
    assert label([lab(ferritin=ferritin, tsat="25.0")]) == expected


@pytest.mark.parametrize(("tsat", "expected"), [("19.9", BELOW), ("20.0", None)])
def test_tsat_below_20_is_below_the_threshold_and_20_is_not(tsat: str, expected: str) -> None:
    # Alone, and with a ferritin of 150 that would not flag by itself: TSAT < 20 still does.
    assert label([lab(tsat=tsat)]) == expected
    assert label([lab(ferritin="150.0", tsat=tsat)]) == expected


def test_a_low_tsat_outranks_a_ferritin_in_the_iv_range() -> None:
    assert label([lab(ferritin="90.0", tsat="15.0")]) == BELOW


def test_the_iron_flag_names_the_numbers_and_the_date() -> None:
    flag = iron_flag([lab(ferritin="62.0", tsat="18.0")], TODAY)
    assert flag == Flag("iron", BELOW, "Ferritin 62.0 ng/mL, TSAT 18.0 % on 2026-10-01")
    assert WEIGHT["iron"] == 2


@pytest.mark.parametrize(("drawn", "expected"), [(DAYS_365, BELOW), (DAYS_366, None)])
def test_a_result_365_days_old_counts_and_366_does_not(drawn: date, expected: str) -> None:
    assert label([lab(drawn, ferritin="40.0")]) == expected


def test_only_the_latest_result_with_ferritin_or_tsat_decides() -> None:
    # Low in March, 120 in October: the October result decides, no flag. A later result with
    # only a haemoglobin is not an iron result and is passed over.
    labs = [
        lab(date(2026, 3, 1), ferritin="30.0"),
        lab(date(2026, 10, 1), ferritin="120.0"),
        LabResult(drawn=date(2026, 11, 1), hemoglobin_g_dl=Decimal("12.0")),
    ]
    assert label(labs) is None
    assert label([labs[0], labs[2]]) == BELOW
    assert label([lab(date(2026, 3, 1), ferritin="120.0"), lab(ferritin="30.0")]) == BELOW


def test_a_result_drawn_after_an_illness_may_read_high() -> None:
    flag = iron_flag([lab(ferritin="70.0", recent_illness=True)], TODAY)
    assert flag is not None and flag.label == BELOW
    assert flag.detail == (
        "Ferritin 70.0 ng/mL on 2026-10-01; may read high: fever or infection in the 4 weeks before"
    )


def test_a_result_drawn_within_24_h_of_an_iron_tablet_may_read_high() -> None:
    flag = iron_flag([lab(ferritin="90.0", tsat="22.0", iron_free_24h=False)], TODAY)
    assert flag is not None and flag.label == IV
    assert flag.detail.endswith("; may read high: iron tablet in the 24 h before")


def test_a_normal_result_that_may_read_high_is_still_flagged() -> None:
    # Ferritin 150 during an infection can hide a deficiency: the clinician should know.
    flag = iron_flag([lab(ferritin="150.0", recent_illness=True, iron_free_24h=False)], TODAY)
    assert flag == Flag(
        "iron",
        "Iron results may read high",
        "Ferritin 150.0 ng/mL on 2026-10-01; may read high: fever or infection in the 4 "
        "weeks before, iron tablet in the 24 h before",
    )
    assert iron_flag([lab(ferritin="150.0")], TODAY) is None


def test_iron_studies_are_due_without_a_ferritin_in_the_last_365_days() -> None:
    assert iron_studies_due_flag([], TODAY) == Flag(
        "iron_studies_due", "Iron studies due", "No ferritin in the last 365 days"
    )
    # A TSAT alone is not a ferritin.
    assert iron_studies_due_flag([lab(tsat="25.0")], TODAY) is not None
    assert iron_studies_due_flag([lab(DAYS_366, ferritin="80.0")], TODAY) == Flag(
        "iron_studies_due",
        "Iron studies due",
        "Last ferritin 80.0 ng/mL on 2025-11-21, more than 365 days ago",
    )
    assert iron_studies_due_flag([lab(DAYS_365, ferritin="80.0")], TODAY) is None
    assert WEIGHT["iron_studies_due"] == 0


@pytest.mark.parametrize(("rise", "flagged"), [(4, False), (5, True), (-6, False)])
def test_irls_worse_needs_a_rise_of_5_points(rise: int, flagged: bool) -> None:
    assessments = [irls(date(2026, 6, 1), 15), irls(date(2026, 11, 1), 15 + rise)]
    assert (irls_worse_flag(assessments, TODAY) is not None) is flagged


def test_irls_worse_names_both_totals_with_their_bands() -> None:
    # 18 (moderate) on 1 Jun, 24 (severe) on 1 Nov: up 6.
    flag = irls_worse_flag([irls(date(2026, 6, 1), 18), irls(date(2026, 11, 1), 24)], TODAY)
    assert flag == Flag(
        "irls_worse",
        "IRLS worse",
        "IRLS 24 (severe) on 2026-11-01, up 6 from 18 (moderate) on 2026-06-01",
    )
    assert WEIGHT["irls_worse"] == 2


@pytest.mark.parametrize(("before", "flagged"), [(DAYS_365, True), (DAYS_366, False)])
def test_irls_worse_needs_both_totals_within_365_days(before: date, flagged: bool) -> None:
    assessments = [irls(before, 10), irls(date(2026, 11, 1), 20)]
    assert (irls_worse_flag(assessments, TODAY) is not None) is flagged


def test_irls_worse_compares_with_the_previous_total_skipping_cgi_only_assessments() -> None:
    assessments = [
        irls(date(2026, 5, 1), 10),
        irls(date(2026, 8, 1), None, cgi_severity=4),
        irls(date(2026, 11, 1), 15),
    ]
    assert irls_worse_flag(assessments, TODAY) is not None
    assert irls_worse_flag(assessments[1:], TODAY) is None  # a single total: nothing to compare


def test_the_lab_flags_join_the_others_by_weight() -> None:
    nights = nights_frame([], "America/New_York", 480)
    flags = review_flags(
        nights,
        TODAY,
        [],
        labs=[lab(tsat="12.0")],
        assessments=[irls(date(2026, 6, 1), 10), irls(date(2026, 11, 1), 20)],
    )
    # Iron 2, IRLS worse 2, no entries yet (gap) 1, iron studies due 0 (a TSAT, no ferritin).
    assert [flag.kind for flag in flags] == ["iron", "irls_worse", "gap", "iron_studies_due"]


def test_the_latest_values_and_the_report_lines() -> None:
    labs = [
        lab(date(2026, 3, 1), ferritin="30.0", tsat="15.0"),
        lab(date(2026, 10, 1), ferritin="120.0", recent_illness=True),
    ]
    ferritin, tsat = latest_value(labs, "ferritin_ng_ml"), latest_value(labs, "tsat_pct")
    assert ferritin is not None and (ferritin.value, ferritin.drawn) == (
        Decimal("120.0"),
        date(2026, 10, 1),
    )
    assert tsat is not None and (tsat.value, tsat.drawn) == (Decimal("15.0"), date(2026, 3, 1))
    assert latest_value([], "ferritin_ng_ml") is None
    assert labs_line(labs) == (
        "Ferritin 120.0 ng/mL on 2026-10-01 (may read high: fever or infection in the 4 weeks "
        "before)"
    )
    assert labs_line([]) == "none recorded"
    # 12 then 20: +8; the CGI-S from the latest assessment that has one.
    assessments = [
        irls(date(2026, 6, 1), 12, cgi_severity=3),
        irls(date(2026, 11, 1), 20, cgi_improvement=6),
    ]
    assert [row.irls_change for row in assessment_rows(assessments)] == [8, None]
    assert assessments_line(assessments) == (
        "IRLS 20 (moderate, +8 from the previous) on 2026-11-01; CGI-S 3 (2026-06-01); "
        "CGI-I 6 (2026-11-01)"
    )

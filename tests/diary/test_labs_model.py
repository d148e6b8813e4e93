"""Lab results and assessments (domain.md section 10): their rules, TSAT worked out from iron
and TIBC, who entered each, and the access log of a clinician's writes."""

from decimal import Decimal

import pytest
import time_machine

from diary.labs import InvalidEntry, clean_assessment, clean_lab, may_change, save_entry
from diary.models import AccessEvent, Share, User
from diary.models.labs import computed_tsat, irls_band

FROZEN = "2026-11-22 15:00:00+00:00"


@pytest.mark.parametrize(
    ("iron", "tibc", "tsat"),
    [
        # 100 × 60 / 300 = 20.0; 100 × 59.9 / 300 = 19.9666… → 20.0; 100 × 55 / 400 = 13.75 → 13.8
        ("60", "300", "20.0"),
        ("59.9", "300", "20.0"),
        ("55", "400", "13.8"),
        # 100 × 1 / 16 = 6.25 exactly, a tie: half up to 6.3
        ("1", "16", "6.3"),
    ],
)
def test_tsat_is_worked_out_from_iron_and_tibc_half_up(iron: str, tibc: str, tsat: str) -> None:
    assert computed_tsat(Decimal(iron), Decimal(tibc)) == Decimal(tsat)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none"),
        (1, "mild"),
        (10, "mild"),
        (11, "moderate"),
        (20, "moderate"),
        (21, "severe"),
        (30, "severe"),
        (31, "very severe"),
        (40, "very severe"),
        (None, ""),
    ],
)
def test_irls_totals_fall_in_the_section_10_bands(total: int | None, band: str) -> None:
    assert irls_band(total) == band


@time_machine.travel(FROZEN, tick=False)
def test_a_lab_without_tsat_gets_it_from_iron_and_tibc(alice: User) -> None:
    values = {"drawn": "2026-11-01", "serum_iron_ug_dl": "55", "tibc_ug_dl": "400"}
    lab = clean_lab(patient=alice, values={**values, "iron_free_24h": True}, by=alice)
    save_entry(lab, by=alice, created=True)
    assert lab.tsat_pct == Decimal("13.8")
    assert lab.entered_by == "patient"


@time_machine.travel(FROZEN, tick=False)
def test_a_lab_needs_a_result_a_past_date_and_values_in_range(alice: User) -> None:
    with pytest.raises(InvalidEntry) as refused:
        clean_lab(
            patient=alice, values={"drawn": "2026-11-23", "ferritin_ng_ml": "10001"}, by=alice
        )
    assert set(refused.value.message_dict) == {"drawn", "ferritin_ng_ml"}
    with pytest.raises(InvalidEntry) as empty:
        clean_lab(patient=alice, values={"drawn": "2026-11-01"}, by=alice)
    assert "__all__" in empty.value.message_dict


@time_machine.travel(FROZEN, tick=False)
def test_a_clinicians_write_is_logged_and_theirs_alone_to_change_while_shared(
    alice: User, clinician: User, alice_shares: Share
) -> None:
    values = {"assessed": "2026-11-20", "irls_total": 24}
    assessment = clean_assessment(patient=alice, values=values, by=clinician)
    save_entry(assessment, by=clinician, created=True)
    assert assessment.entered_by == "dr_carol"
    assert assessment.irls_band == "severe"
    assert AccessEvent.objects.filter(patient=alice, action="assessment_added").count() == 1
    assert may_change(clinician, assessment) and not may_change(alice, assessment)
    alice_shares.revoked_at = alice_shares.created_at
    alice_shares.save()
    assert not may_change(clinician, assessment)
    assert assessment.entered_by == "dr_carol"  # still marked after the revoke


@time_machine.travel(FROZEN, tick=False)
def test_iron_above_tibc_is_refused_rather_than_stored_as_a_tsat_over_100(alice: User) -> None:
    values = {"drawn": "2025-01-01", "serum_iron_ug_dl": "500", "tibc_ug_dl": "100"}
    with pytest.raises(InvalidEntry) as refused:
        clean_lab(patient=alice, values=values, by=alice)
    assert set(refused.value.message_dict) == {"serum_iron_ug_dl"}


@time_machine.travel(FROZEN, tick=False)
def test_iron_and_tibc_take_two_decimals_and_tibc_only_needs_to_be_above_0(alice: User) -> None:
    # 100 × 55.25 / 400 = 13.8125 → 13.8
    values = {"drawn": "2025-01-01", "serum_iron_ug_dl": "55.25", "tibc_ug_dl": "400"}
    assert clean_lab(patient=alice, values=values, by=alice).tsat_pct == Decimal("13.8")
    tiny = {"drawn": "2025-01-01", "tibc_ug_dl": "0.05"}
    assert clean_lab(patient=alice, values=tiny, by=alice).tibc_ug_dl == Decimal("0.05")
    with pytest.raises(InvalidEntry) as zero:
        clean_lab(patient=alice, values={"drawn": "2025-01-01", "tibc_ug_dl": "0"}, by=alice)
    assert zero.value.message_dict == {"tibc_ug_dl": ["TIBC must be more than 0."]}


@time_machine.travel(FROZEN, tick=False)
def test_an_unreadable_number_gets_only_its_own_message(alice: User, clinician: User) -> None:
    with pytest.raises(InvalidEntry) as refused:
        clean_lab(patient=alice, values={"drawn": "2025-01-01", "ferritin_ng_ml": "abc"}, by=alice)
    assert set(refused.value.message_dict) == {"ferritin_ng_ml"}
    with pytest.raises(InvalidEntry) as score:
        values = {"assessed": "2025-01-01", "irls_total": "x"}
        clean_assessment(patient=alice, values=values, by=clinician)
    assert set(score.value.message_dict) == {"irls_total"}

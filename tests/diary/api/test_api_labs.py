"""Lab results through the API (domain.md sections 5, 6 and 10): shapes, the CSV, every rule as
a field-level 400 with nothing stored, TSAT worked out, and who may read and write what."""

from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from diary.models import AccessEvent, LabResult, Share, User
from diary.sharing import revoke
from tests.diary.api.lab_data import FERRITIN, csv_body, make_lab
from tests.helpers import make_user, share_with, token_client

URL = "/api/v1/labs/"
EMPTY_LAB = {
    "drawn": "2026-11-20",
    "ferritin_ng_ml": None,
    "tsat_pct": None,
    "serum_iron_ug_dl": None,
    "tibc_ug_dl": None,
    "hemoglobin_g_dl": None,
    "crp_mg_l": None,
    "iron_free_24h": True,
    "recent_illness": False,
}


def clinic_url(patient: User, lab: LabResult | None = None) -> str:
    url = f"/api/v1/patients/{patient.pk}/labs/"
    return url if lab is None else f"{url}{lab.pk}/"


def actions(patient: User) -> list[str]:
    return list(
        AccessEvent.objects.filter(patient=patient).order_by("pk").values_list("action", flat=True)
    )


# The patient's own


def test_a_posted_lab_comes_back_with_its_id_location_defaults_and_entered_by_patient(
    alice: User, alice_api: APIClient
) -> None:
    response = alice_api.post(URL, FERRITIN, format="json")
    assert response.status_code == 201
    lab = LabResult.objects.get(patient=alice)
    assert response["Location"] == f"/api/v1/labs/{lab.pk}/"
    assert response.json() == {
        "id": lab.pk,
        **EMPTY_LAB,
        "ferritin_ng_ml": 45.0,
        "entered_by": "patient",
    }
    # The JSON number keeps its decimal: 45.0, not 45 or "45.0".
    assert b'"ferritin_ng_ml":45.0' in response.content
    assert lab.ferritin_ng_ml == Decimal("45.0") and lab.is_entered_by(alice)
    assert actions(alice) == []  # only clinicians' writes are logged


def test_the_json_keys_come_in_the_order_of_section_10_led_by_id(alice_api: APIClient) -> None:
    body = alice_api.post(URL, FERRITIN, format="json").json()
    assert list(body) == ["id", *EMPTY_LAB, "entered_by"]


def test_tsat_left_empty_is_worked_out_from_iron_and_tibc(alice_api: APIClient) -> None:
    # 100 × 60 / 300 = 20.0
    body = {"drawn": "2026-11-20", "serum_iron_ug_dl": 60, "tibc_ug_dl": 300}
    assert alice_api.post(URL, body, format="json").json()["tsat_pct"] == 20.0


def test_a_worked_out_tsat_is_rounded_half_up(alice_api: APIClient) -> None:
    # 100 × 1.3 / 8 = 16.25 exactly, half up 16.3 (half to even would say 16.2)
    body = {"drawn": "2026-11-20", "serum_iron_ug_dl": 1.3, "tibc_ug_dl": 8, "tsat_pct": None}
    assert alice_api.post(URL, body, format="json").json()["tsat_pct"] == 16.3


def test_a_given_tsat_is_kept_as_given(alice_api: APIClient) -> None:
    body = {"drawn": "2026-11-20", "serum_iron_ug_dl": 60, "tibc_ug_dl": 300, "tsat_pct": 21.5}
    assert alice_api.post(URL, body, format="json").json()["tsat_pct"] == 21.5


def test_the_booleans_take_real_json_true_and_false(alice: User, alice_api: APIClient) -> None:
    body = {**FERRITIN, "iron_free_24h": False, "recent_illness": True}
    answer = alice_api.post(URL, body, format="json").json()
    assert (answer["iron_free_24h"], answer["recent_illness"]) == (False, True)
    lab = LabResult.objects.get(patient=alice)
    assert (lab.iron_free_24h, lab.recent_illness) == (False, True)


def test_a_decimal_string_is_read_too(alice_api: APIClient) -> None:
    body = {"drawn": "2026-11-20", "hemoglobin_g_dl": "13.5"}
    assert alice_api.post(URL, body, format="json").json()["hemoglobin_g_dl"] == 13.5


NO_RESULT = "non_field_errors"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"drawn": "1999-12-31"}, "drawn"),
        ({"drawn": "2026-11-23"}, "drawn"),  # alice's tomorrow (10:00 on the 22nd in New York)
        ({"drawn": "2026-1-5"}, "drawn"),
        ({"drawn": 20261120}, "drawn"),
        ({"drawn": None}, "drawn"),
        ({"ferritin_ng_ml": -0.1}, "ferritin_ng_ml"),
        ({"ferritin_ng_ml": 10000.1}, "ferritin_ng_ml"),
        ({"ferritin_ng_ml": 45.25}, "ferritin_ng_ml"),  # 2 decimals
        ({"ferritin_ng_ml": "lots"}, "ferritin_ng_ml"),
        ({"ferritin_ng_ml": True}, "ferritin_ng_ml"),
        ({"ferritin_ng_ml": [45]}, "ferritin_ng_ml"),
        ({"tsat_pct": 100.1}, "tsat_pct"),
        ({"tsat_pct": -1}, "tsat_pct"),
        ({"tsat_pct": 20.55}, "tsat_pct"),
        ({"serum_iron_ug_dl": 1000.1}, "serum_iron_ug_dl"),
        ({"serum_iron_ug_dl": -1}, "serum_iron_ug_dl"),
        ({"tibc_ug_dl": 0}, "tibc_ug_dl"),  # more than 0
        ({"tibc_ug_dl": 1500.1}, "tibc_ug_dl"),
        ({"hemoglobin_g_dl": 0.9}, "hemoglobin_g_dl"),
        ({"hemoglobin_g_dl": 25.1}, "hemoglobin_g_dl"),
        ({"hemoglobin_g_dl": 13.55}, "hemoglobin_g_dl"),
        ({"crp_mg_l": 1000.1}, "crp_mg_l"),
        ({"crp_mg_l": 4.25}, "crp_mg_l"),
        ({"iron_free_24h": "yes"}, "iron_free_24h"),
        ({"iron_free_24h": 1}, "iron_free_24h"),
        ({"iron_free_24h": None}, "iron_free_24h"),
        ({"recent_illness": "false"}, "recent_illness"),
        ({"recent_illness": 0}, "recent_illness"),
        ({"ferritin_ng_ml": None}, NO_RESULT),  # none of the six numbers
    ],
)
def test_every_rule_of_section_10_is_a_field_level_400_and_nothing_is_stored(
    alice: User, alice_api: APIClient, changes: dict[str, Any], field: str
) -> None:
    response = alice_api.post(URL, {**FERRITIN, **changes}, format="json")
    assert response.status_code == 400
    # (A bad sole number also leaves none given, which non_field_errors says too.)
    assert field in response.json() and response.json()[field]
    assert set(response.json()) <= {field, NO_RESULT}
    assert not LabResult.objects.filter(patient=alice).exists()


def test_a_missing_date_is_named(alice_api: APIClient) -> None:
    response = alice_api.post(URL, {"ferritin_ng_ml": 45}, format="json")
    assert response.status_code == 400 and "drawn" in response.json()


def test_a_body_that_is_not_an_object_is_a_400(alice_api: APIClient) -> None:
    response = alice_api.post(URL, [FERRITIN], format="json")
    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_the_list_is_paginated_by_drawn_then_id_with_everyone_s_entries(
    alice: User, clinician: User, alice_api: APIClient, alice_shares: Share
) -> None:
    late = make_lab(alice, drawn="2026-11-21")
    early_by_clinician = make_lab(alice, by=clinician, drawn="2026-10-01", ferritin_ng_ml=30)
    early_again = make_lab(alice, drawn="2026-10-01")
    page = alice_api.get(URL).json()
    assert (page["count"], page["next"], page["previous"]) == (3, None, None)
    assert [row["id"] for row in page["results"]] == [
        early_by_clinician.pk,
        early_again.pk,
        late.pk,
    ]
    assert [row["entered_by"] for row in page["results"]] == ["dr_carol", "patient", "patient"]


def test_the_patient_reads_changes_and_deletes_their_own(alice: User, alice_api: APIClient) -> None:
    lab = make_lab(alice)
    url = f"{URL}{lab.pk}/"
    assert alice_api.get(url).json()["ferritin_ng_ml"] == 45.0
    patched = alice_api.patch(url, {"recent_illness": True}, format="json")
    assert patched.status_code == 200
    assert (patched.json()["recent_illness"], patched.json()["ferritin_ng_ml"]) == (True, 45.0)
    put = alice_api.put(url, {"drawn": "2026-11-19", "crp_mg_l": 2.5}, format="json")
    assert put.status_code == 200
    # PUT replaces the whole entry: what it leaves out is empty, or its default.
    assert put.json() == {
        "id": lab.pk,
        **EMPTY_LAB,
        "drawn": "2026-11-19",
        "crp_mg_l": 2.5,
        "entered_by": "patient",
    }
    assert alice_api.delete(url).status_code == 204
    assert not LabResult.objects.filter(pk=lab.pk).exists()
    assert actions(alice) == []


def test_a_bad_patch_changes_nothing(alice: User, alice_api: APIClient) -> None:
    lab = make_lab(alice)
    response = alice_api.patch(f"{URL}{lab.pk}/", {"ferritin_ng_ml": None}, format="json")
    assert response.status_code == 400 and list(response.json()) == [NO_RESULT]
    lab.refresh_from_db()
    assert lab.ferritin_ng_ml == Decimal("45.0")


def test_a_patch_of_iron_or_tibc_works_out_a_worked_out_tsat_again(
    alice: User, alice_api: APIClient
) -> None:
    lab = make_lab(alice, ferritin_ng_ml=None, serum_iron_ug_dl=60, tibc_ug_dl=300)
    assert lab.tsat_pct == Decimal("20.0")
    # 100 × 90 / 300 = 30.0
    patched = alice_api.patch(f"{URL}{lab.pk}/", {"serum_iron_ug_dl": 90}, format="json")
    assert patched.json()["tsat_pct"] == 30.0


def test_a_patch_keeps_a_tsat_that_was_given(alice: User, alice_api: APIClient) -> None:
    lab = make_lab(alice, serum_iron_ug_dl=60, tibc_ug_dl=300, tsat_pct=25)
    patched = alice_api.patch(f"{URL}{lab.pk}/", {"serum_iron_ug_dl": 90}, format="json")
    assert patched.json()["tsat_pct"] == 25.0


def test_the_patient_sees_a_clinician_s_entry_but_may_not_change_or_delete_it(
    alice: User, clinician: User, alice_api: APIClient, alice_shares: Share
) -> None:
    lab = make_lab(alice, by=clinician)
    url = f"{URL}{lab.pk}/"
    assert alice_api.get(url).json()["entered_by"] == "dr_carol"
    for response in (
        alice_api.patch(url, {"ferritin_ng_ml": 99}, format="json"),
        alice_api.put(url, FERRITIN, format="json"),
        alice_api.delete(url),
    ):
        assert response.status_code == 403
        assert "dr_carol" in response.json()["detail"]
    lab.refresh_from_db()
    assert lab.ferritin_ng_ml == Decimal("45.0")


def test_a_clinician_s_entry_stays_in_the_patient_s_record_after_a_revoke(
    alice: User, clinician: User, alice_api: APIClient, alice_shares: Share
) -> None:
    lab = make_lab(alice, by=clinician)
    revoke(alice_shares)
    rows = alice_api.get(URL).json()["results"]
    assert [(row["id"], row["entered_by"]) for row in rows] == [(lab.pk, "dr_carol")]


# Who may see the patient's own endpoints


def test_another_patient_s_lab_is_not_found(alice: User, bob_api: APIClient) -> None:
    lab = make_lab(alice)
    url = f"{URL}{lab.pk}/"
    assert bob_api.get(url).status_code == 404
    assert bob_api.patch(url, {"ferritin_ng_ml": 1}, format="json").status_code == 404
    assert bob_api.delete(url).status_code == 404
    assert bob_api.get(URL).json()["count"] == 0
    assert LabResult.objects.get(pk=lab.pk).ferritin_ng_ml == Decimal("45.0")


def test_a_clinician_has_no_labs_of_their_own(
    alice: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    lab = make_lab(alice)
    assert clinician_api.get(URL).status_code == 404
    assert clinician_api.post(URL, FERRITIN, format="json").status_code == 404
    assert clinician_api.get(f"{URL}{lab.pk}/").status_code == 404


def test_anonymous_callers_get_401(alice: User, anonymous_api: APIClient) -> None:
    lab = make_lab(alice)
    assert anonymous_api.get(URL).status_code == 401
    assert anonymous_api.post(URL, FERRITIN, format="json").status_code == 401
    assert anonymous_api.get(f"{URL}{lab.pk}/").status_code == 401
    assert anonymous_api.get(clinic_url(alice)).status_code == 401


# A clinician with a share


def test_a_clinician_with_a_share_adds_a_lab_marked_as_theirs_and_logged(
    alice: User, clinician: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    response = clinician_api.post(clinic_url(alice), FERRITIN, format="json")
    assert response.status_code == 201
    lab = LabResult.objects.get(patient=alice)
    assert response["Location"] == clinic_url(alice, lab)
    assert response.json()["entered_by"] == "dr_carol"
    assert lab.is_entered_by(clinician)
    assert actions(alice) == ["redeemed", "lab_added"]


def test_a_clinician_reads_the_patient_s_labs_in_the_same_shape(
    alice: User, clinician_api: APIClient, alice_api: APIClient, alice_shares: Share
) -> None:
    lab = make_lab(alice)
    assert clinician_api.get(clinic_url(alice)).json() == alice_api.get(URL).json()
    assert clinician_api.get(clinic_url(alice, lab)).json()["entered_by"] == "patient"


def test_a_clinician_changes_and_deletes_their_own_entry_and_each_write_is_logged(
    alice: User, clinician: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    lab = make_lab(alice, by=clinician)
    url = clinic_url(alice, lab)
    patched = clinician_api.patch(url, {"hemoglobin_g_dl": 12.9}, format="json")
    assert patched.status_code == 200 and patched.json()["hemoglobin_g_dl"] == 12.9
    assert clinician_api.delete(url).status_code == 204
    assert not LabResult.objects.filter(pk=lab.pk).exists()
    assert actions(alice) == ["redeemed", "lab_added", "lab_changed", "lab_deleted"]


def test_a_clinician_may_not_change_the_patient_s_own_lab(
    alice: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    lab = make_lab(alice)
    url = clinic_url(alice, lab)
    assert clinician_api.patch(url, {"ferritin_ng_ml": 99}, format="json").status_code == 403
    assert clinician_api.delete(url).status_code == 403
    assert LabResult.objects.get(pk=lab.pk).ferritin_ng_ml == Decimal("45.0")
    assert actions(alice) == ["redeemed"]


def test_a_clinician_may_not_change_another_clinician_s_lab(
    alice: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    other = make_user("dr_dave", "clinician")
    share_with(alice, other)
    lab = make_lab(alice, by=other)
    url = clinic_url(alice, lab)
    response = clinician_api.patch(url, {"ferritin_ng_ml": 99}, format="json")
    assert response.status_code == 403 and "dr_dave" in response.json()["detail"]
    assert clinician_api.delete(url).status_code == 403
    assert LabResult.objects.filter(pk=lab.pk).exists()


def test_a_clinician_has_no_put(
    alice: User, clinician: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    lab = make_lab(alice, by=clinician)
    assert clinician_api.put(clinic_url(alice, lab), FERRITIN, format="json").status_code == 405


def test_a_clinician_without_a_share_cannot_read_or_add_a_lab(
    alice: User, lonely_clinician: User
) -> None:
    lab = make_lab(alice)
    client = token_client(lonely_clinician)
    assert client.get(clinic_url(alice)).status_code == 404
    assert client.get(clinic_url(alice, lab)).status_code == 404
    assert client.post(clinic_url(alice), FERRITIN, format="json").status_code == 404
    assert LabResult.objects.filter(patient=alice).count() == 1


def test_after_a_revoke_every_clinician_read_and_write_is_404(
    alice: User, clinician: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    lab = make_lab(alice, by=clinician)
    revoke(alice_shares)
    url = clinic_url(alice, lab)
    assert clinician_api.get(clinic_url(alice)).status_code == 404
    assert clinician_api.post(clinic_url(alice), FERRITIN, format="json").status_code == 404
    assert clinician_api.patch(url, {"ferritin_ng_ml": 99}, format="json").status_code == 404
    assert clinician_api.delete(url).status_code == 404
    lab.refresh_from_db()
    assert lab.ferritin_ng_ml == Decimal("45.0")
    assert actions(alice) == ["redeemed", "lab_added", "revoked"]


def test_a_patient_has_no_clinician_view_of_another_patient(
    alice: User, bob: User, bob_api: APIClient
) -> None:
    assert bob_api.get(clinic_url(alice)).status_code == 404
    assert bob_api.post(clinic_url(alice), FERRITIN, format="json").status_code == 404


def test_a_clinician_s_invalid_lab_is_a_field_level_400_and_not_logged(
    alice: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    response = clinician_api.post(clinic_url(alice), {**FERRITIN, "tsat_pct": 101}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["tsat_pct"]
    assert not LabResult.objects.filter(patient=alice).exists()
    assert actions(alice) == ["redeemed"]


# CSV

LAB_HEADER = (
    "id,drawn,ferritin_ng_ml,tsat_pct,serum_iron_ug_dl,tibc_ug_dl,hemoglobin_g_dl,crp_mg_l,"
    "iron_free_24h,recent_illness,entered_by\n"
)


def test_the_csv_is_every_lab_in_section_10_order_led_by_id_booleans_as_words(
    alice: User, clinician: User, alice_api: APIClient, alice_shares: Share
) -> None:
    iron = make_lab(
        alice, ferritin_ng_ml=None, serum_iron_ug_dl=60, tibc_ug_dl=300, recent_illness=True
    )
    ferritin = make_lab(alice, by=clinician, drawn="2026-11-01", iron_free_24h=False)
    response = alice_api.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_body(response) == (
        LAB_HEADER
        + f"{ferritin.pk},2026-11-01,45.0,,,,,,false,false,dr_carol\n"
        + f"{iron.pk},2026-11-20,,20.0,60.00,300.00,,,true,true,patient\n"
    )
    assert actions(alice) == ["redeemed", "lab_added"]  # the patient's own download: no log


def test_a_clinician_s_csv_download_is_logged_and_a_formula_like_username_is_defused(
    alice: User, alice_api: APIClient
) -> None:
    at_clinician = make_user("@doc", "clinician")
    share_with(alice, at_clinician)
    lab = make_lab(alice, by=at_clinician)
    response = token_client(at_clinician).get(clinic_url(alice), {"format": "csv"})
    rows = csv_body(response)
    assert rows == LAB_HEADER + f"{lab.pk},2026-11-20,45.0,,,,,,true,false,'@doc\n"
    assert actions(alice) == ["redeemed", "lab_added", "export"]


def test_the_csv_of_no_labs_is_the_header(alice_api: APIClient) -> None:
    response = alice_api.get(URL, {"format": "csv"})
    assert csv_body(response) == LAB_HEADER

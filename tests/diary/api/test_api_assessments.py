"""Clinician assessments through the API (domain.md sections 5, 6 and 10): only a clinician with
an active share writes them, each only their own; the patient reads them (JSON and CSV)."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from diary.models import AccessEvent, Assessment, Share, User
from diary.sharing import revoke
from tests.diary.api.lab_data import VISIT, csv_body, make_assessment
from tests.helpers import make_user, share_with, token_client

URL = "/api/v1/assessments/"
HEADER = "id,assessed,irls_total,cgi_severity,cgi_improvement,note,entered_by\n"


def clinic_url(patient: User, assessment: Assessment | None = None) -> str:
    url = f"/api/v1/patients/{patient.pk}/assessments/"
    return url if assessment is None else f"{url}{assessment.pk}/"


def actions(patient: User) -> list[str]:
    events = AccessEvent.objects.filter(patient=patient).order_by("pk")
    return list(events.values_list("action", flat=True))


def test_a_clinician_adds_an_assessment_marked_as_theirs_and_logged(
    alice: User, clinician: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    response = clinician_api.post(clinic_url(alice), VISIT, format="json")
    assert response.status_code == 201
    stored = Assessment.objects.get(patient=alice)
    assert response["Location"] == clinic_url(alice, stored)
    assert response.json() == {
        "id": stored.pk,
        "assessed": "2026-11-20",
        "irls_total": 18,
        "cgi_severity": 4,
        "cgi_improvement": None,
        "note": "",
        "entered_by": "dr_carol",
    }
    assert list(response.json()) == ["id", "assessed", "irls_total", "cgi_severity",
                                     "cgi_improvement", "note", "entered_by"]  # fmt: skip
    assert stored.is_entered_by(clinician)
    assert actions(alice) == ["redeemed", "assessment_added"]


def test_the_patient_reads_the_clinicians_assessments_by_date_then_id(
    alice: User, clinician: User, alice_api: APIClient, alice_shares: Share
) -> None:
    later = make_assessment(alice, by=clinician, assessed="2026-11-21")
    earlier = make_assessment(alice, by=clinician, assessed="2026-09-01", note="Start of care")
    page = alice_api.get(URL).json()
    assert page["count"] == 2
    assert [row["id"] for row in page["results"]] == [earlier.pk, later.pk]
    assert page["results"][0]["note"] == "Start of care"
    assert page["results"][0]["entered_by"] == "dr_carol"


def test_the_patient_cannot_add_an_assessment(alice: User, alice_api: APIClient) -> None:
    assert alice_api.post(URL, VISIT, format="json").status_code == 405
    # Nor through the clinician's path, which is not theirs.
    assert alice_api.post(clinic_url(alice), VISIT, format="json").status_code == 404
    assert not Assessment.objects.exists()


def test_assessments_stay_visible_to_the_patient_after_a_revoke(
    alice: User, clinician: User, alice_api: APIClient, alice_shares: Share
) -> None:
    assessment = make_assessment(alice, by=clinician)
    revoke(alice_shares)
    rows = alice_api.get(URL).json()["results"]
    assert [(row["id"], row["entered_by"]) for row in rows] == [(assessment.pk, "dr_carol")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"assessed": "1999-12-31"}, "assessed"),
        ({"assessed": "2026-11-23"}, "assessed"),  # the patient's tomorrow (New York)
        ({"assessed": "20.11.2026"}, "assessed"),
        ({"assessed": None}, "assessed"),
        ({"irls_total": 41}, "irls_total"),
        ({"irls_total": -1}, "irls_total"),
        ({"irls_total": 12.5}, "irls_total"),
        ({"irls_total": True}, "irls_total"),
        ({"irls_total": "many"}, "irls_total"),
        ({"cgi_severity": 0}, "cgi_severity"),
        ({"cgi_severity": 8}, "cgi_severity"),
        ({"cgi_improvement": 0}, "cgi_improvement"),
        ({"cgi_improvement": 8}, "cgi_improvement"),
        ({"note": "x" * 1001}, "note"),
        ({"note": 42}, "note"),
        ({"irls_total": None, "cgi_severity": None}, "non_field_errors"),  # no score at all
    ],
)
def test_every_rule_of_section_10_is_a_field_level_400_and_nothing_is_stored(
    alice: User,
    clinician_api: APIClient,
    alice_shares: Share,
    changes: dict[str, Any],
    field: str,
) -> None:
    response = clinician_api.post(clinic_url(alice), {**VISIT, **changes}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field] and response.json()[field]
    assert not Assessment.objects.exists()
    assert actions(alice) == ["redeemed"]


def test_one_score_is_enough_and_a_note_of_1000_characters_is_kept(
    alice: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    body = {"assessed": "2026-11-22", "cgi_improvement": 2, "note": " x" * 500}
    response = clinician_api.post(clinic_url(alice), body, format="json")
    assert response.status_code == 201 and response.json()["note"] == " x" * 500


def test_a_clinician_changes_and_deletes_their_own_assessment_and_each_write_is_logged(
    alice: User, clinician: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    assessment = make_assessment(alice, by=clinician)
    url = clinic_url(alice, assessment)
    assert clinician_api.get(url).json()["irls_total"] == 18
    patched = clinician_api.patch(url, {"cgi_improvement": 3}, format="json")
    assert patched.status_code == 200
    assert (patched.json()["irls_total"], patched.json()["cgi_improvement"]) == (18, 3)
    assert clinician_api.delete(url).status_code == 204
    assert not Assessment.objects.exists()
    assert actions(alice) == [
        "redeemed", "assessment_added", "assessments", "assessment_changed", "assessment_deleted"
    ]  # fmt: skip


def test_a_bad_patch_changes_nothing_and_is_not_logged(
    alice: User, clinician: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    assessment = make_assessment(alice, by=clinician)
    response = clinician_api.patch(clinic_url(alice, assessment), {"irls_total": 41}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["irls_total"]
    assessment.refresh_from_db()
    assert assessment.irls_total == 18
    assert actions(alice) == ["redeemed", "assessment_added"]


def test_a_clinician_may_not_change_another_clinician_s_assessment(
    alice: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    other = make_user("dr_dave", "clinician")
    share_with(alice, other)
    assessment = make_assessment(alice, by=other)
    url = clinic_url(alice, assessment)
    assert clinician_api.get(url).json()["entered_by"] == "dr_dave"
    response = clinician_api.patch(url, {"irls_total": 1}, format="json")
    assert response.status_code == 403 and "dr_dave" in response.json()["detail"]
    assert clinician_api.delete(url).status_code == 403
    assessment.refresh_from_db()
    assert assessment.irls_total == 18


def test_a_clinician_without_a_share_cannot_read_or_add(
    alice: User, clinician: User, lonely_clinician: User, alice_shares: Share
) -> None:
    assessment = make_assessment(alice, by=clinician)
    client = token_client(lonely_clinician)
    assert client.get(clinic_url(alice)).status_code == 404
    assert client.get(clinic_url(alice, assessment)).status_code == 404
    assert client.post(clinic_url(alice), VISIT, format="json").status_code == 404
    assert Assessment.objects.count() == 1


def test_after_a_revoke_every_clinician_read_and_write_is_404(
    alice: User, clinician: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    assessment = make_assessment(alice, by=clinician)
    revoke(alice_shares)
    url = clinic_url(alice, assessment)
    assert clinician_api.get(clinic_url(alice)).status_code == 404
    assert clinician_api.post(clinic_url(alice), VISIT, format="json").status_code == 404
    assert clinician_api.patch(url, {"irls_total": 1}, format="json").status_code == 404
    assert clinician_api.delete(url).status_code == 404
    assessment.refresh_from_db()
    assert assessment.irls_total == 18


def test_a_revoked_clinician_cannot_read_or_add(alice: User, revoked_clinician: User) -> None:
    client = token_client(revoked_clinician)
    assert client.get(clinic_url(alice)).status_code == 404
    assert client.post(clinic_url(alice), VISIT, format="json").status_code == 404


def test_the_patient_list_is_not_for_other_accounts(
    alice: User, clinician: User, bob_api: APIClient, clinician_api: APIClient,
    anonymous_api: APIClient, alice_shares: Share,
) -> None:  # fmt: skip
    make_assessment(alice, by=clinician)
    assert bob_api.get(URL).json()["count"] == 0
    assert bob_api.get(clinic_url(alice)).status_code == 404
    assert clinician_api.get(URL).status_code == 404
    assert anonymous_api.get(URL).status_code == 401
    assert anonymous_api.get(clinic_url(alice)).status_code == 401


def test_the_csv_is_every_assessment_in_section_10_order_with_text_cells_defused(
    alice: User, clinician: User, alice_api: APIClient, alice_shares: Share
) -> None:
    plain = make_assessment(alice, by=clinician, assessed="2026-11-01")
    formula = make_assessment(
        alice, by=clinician, irls_total=None, cgi_improvement=2, note="=1+1, better"
    )
    response = alice_api.get(URL, {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_body(response) == (
        HEADER
        + f"{plain.pk},2026-11-01,18,4,,,dr_carol\n"
        + f'{formula.pk},2026-11-20,,4,2,"\'=1+1, better",dr_carol\n'
    )
    assert actions(alice) == ["redeemed", "assessment_added", "assessment_added"]


def test_a_clinician_s_csv_download_is_logged(
    alice: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    response = clinician_api.get(clinic_url(alice), {"format": "csv"})
    assert csv_body(response) == HEADER
    assert actions(alice) == ["redeemed", "export"]

"""Issue 12: every clinician read of a patient's data through the API, JSON included, goes into
that patient's access log; reads of one kind within an hour are one line with a count."""

from datetime import datetime, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from diary.audit import READS
from diary.models import AccessEvent, Share, User
from tests.diary.api.conftest import FROZEN
from tests.diary.api.lab_data import FERRITIN, make_assessment, make_lab
from tests.factories import make_night
from tests.helpers import make_user, share_with, token_client
from tests.treatment_factories import make_treatment

# Each clinician list of one patient's data, and what a JSON read of it is logged as.
READ_KINDS = [
    ("nights/", "nights"),
    ("weeks/", "weeks"),
    ("treatments/", "treatments"),
    ("labs/", "labs"),
    ("assessments/", "assessments"),
    ("response/", "response"),
]
OWN_URLS = ["/api/v1/nights/", "/api/v1/weeks/", "/api/v1/treatments/", "/api/v1/labs/"]
OWN_URLS += ["/api/v1/assessments/", "/api/v1/response/"]


def reads(patient: User) -> list[tuple[str, str, int]]:
    """The patient's access log without the shares and writes: (who, what, how many times)."""
    lines = AccessEvent.objects.filter(patient=patient, action__in=READS).order_by("pk")
    return [(line.who, line.action, line.count) for line in lines]


@pytest.fixture
def diary(alice: User, clinician: User, alice_shares: Share) -> None:
    """Something of every kind in alice's diary."""
    make_night(alice, "2026-11-20")
    make_night(alice, "2026-11-21")
    make_treatment(alice)
    make_lab(alice)
    make_assessment(alice, by=clinician)


@pytest.mark.parametrize(("path", "action"), READ_KINDS)
def test_a_clinicians_json_read_appears_in_the_patients_access_log(
    alice: User, clinician_api: APIClient, diary: None, path: str, action: str
) -> None:
    response = clinician_api.get(f"/api/v1/patients/{alice.pk}/{path}")
    assert response.status_code == 200 and response.json()["count"] > 0
    assert reads(alice) == [("dr_carol", action, 1)]


@pytest.mark.parametrize(("path", "action"), READ_KINDS)
def test_a_clinicians_csv_download_appears_as_an_export(
    alice: User, clinician_api: APIClient, diary: None, path: str, action: str
) -> None:
    response = clinician_api.get(f"/api/v1/patients/{alice.pk}/{path}?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert reads(alice) == [("dr_carol", "export", 1)]


def test_reading_one_lab_result_or_assessment_is_a_read_of_that_kind(
    alice: User, clinician: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    lab = make_lab(alice)
    assessment = make_assessment(alice, by=clinician)
    base = f"/api/v1/patients/{alice.pk}"
    assert clinician_api.get(f"{base}/labs/{lab.pk}/").status_code == 200
    assert clinician_api.get(f"{base}/assessments/{assessment.pk}/").status_code == 200
    assert reads(alice) == [("dr_carol", "labs", 1), ("dr_carol", "assessments", 1)]


def test_a_clinicians_write_is_logged_as_the_write_not_as_a_read(
    alice: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    url = f"/api/v1/patients/{alice.pk}/labs/"
    assert clinician_api.post(url, FERRITIN, format="json").status_code == 201
    assert reads(alice) == []
    actions = AccessEvent.objects.filter(patient=alice).values_list("action", flat=True)
    assert sorted(actions) == ["lab_added", "redeemed"]


def test_the_clinic_list_and_the_clinic_wide_nights_log_one_line_per_patient_shown(
    alice: User, bob: User, clinician: User, clinician_api: APIClient, alice_shares: Share
) -> None:
    share_with(bob, clinician)
    quiet = make_user("carl", "patient")
    share_with(quiet, clinician)
    make_night(alice, "2026-11-20")
    make_night(alice, "2026-11-21")
    make_night(bob, "2026-11-21")

    listed = clinician_api.get("/api/v1/patients/").json()["results"]
    assert [patient["username"] for patient in listed] == ["alice", "bob", "carl"]
    nights = clinician_api.get("/api/v1/patients/nights/").json()["results"]
    assert [night["patient"] for night in nights] == ["alice", "alice", "bob"]

    assert reads(alice) == [("dr_carol", "listed", 1), ("dr_carol", "clinic_nights", 1)]
    assert reads(bob) == [("dr_carol", "listed", 1), ("dr_carol", "clinic_nights", 1)]
    # carl has no nights: the clinic-wide list showed nothing of his.
    assert reads(quiet) == [("dr_carol", "listed", 1)]


def test_reads_of_one_kind_within_an_hour_are_one_line_and_61_minutes_on_a_new_one(
    alice: User, clinician_api: APIClient, diary: None
) -> None:
    url = f"/api/v1/patients/{alice.pk}/nights/"
    start = datetime.fromisoformat(FROZEN)
    for minutes in (0, 10, 30, 59):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert clinician_api.get(url).status_code == 200
    assert clinician_api.get(f"/api/v1/patients/{alice.pk}/weeks/").status_code == 200
    assert reads(alice) == [("dr_carol", "nights", 4), ("dr_carol", "weeks", 1)]
    line = AccessEvent.objects.get(patient=alice, action="nights")
    assert (line.at, line.last_at) == (start, start + timedelta(minutes=59))

    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        assert clinician_api.get(url).status_code == 200
    assert reads(alice) == [
        ("dr_carol", "nights", 4),
        ("dr_carol", "weeks", 1),
        ("dr_carol", "nights", 1),
    ]


def test_another_clinicians_reads_are_their_own_line(
    alice: User, clinician_api: APIClient, diary: None
) -> None:
    other = make_user("dr_dave", "clinician")
    share_with(alice, other)
    url = f"/api/v1/patients/{alice.pk}/nights/"
    clinician_api.get(url)
    token_client(other).get(url)
    clinician_api.get(url)
    assert reads(alice) == [("dr_carol", "nights", 2), ("dr_dave", "nights", 1)]


def test_after_a_revoke_the_clinicians_404s_record_nothing(
    alice: User, alice_api: APIClient, clinician_api: APIClient, alice_shares: Share, diary: None
) -> None:
    base = f"/api/v1/patients/{alice.pk}"
    assert clinician_api.get(f"{base}/nights/").status_code == 200
    assert alice_api.delete(f"/api/v1/shares/{alice_shares.pk}/").status_code == 204
    for path, _action in READ_KINDS:
        assert clinician_api.get(f"{base}/{path}").status_code == 404
        assert clinician_api.get(f"{base}/{path}?format=csv").status_code == 404
    assert clinician_api.get("/api/v1/patients/").json()["results"] == []
    assert clinician_api.get("/api/v1/patients/nights/").json()["results"] == []
    assert reads(alice) == [("dr_carol", "nights", 1)]


def test_a_clinician_nobody_shares_with_records_nothing(
    alice: User, lonely_clinician: User, diary: None
) -> None:
    client = token_client(lonely_clinician)
    for path, _action in READ_KINDS:
        assert client.get(f"/api/v1/patients/{alice.pk}/{path}").status_code == 404
    assert reads(alice) == []


def test_a_refused_request_records_nothing(
    alice: User, clinician_api: APIClient, diary: None
) -> None:
    response = clinician_api.get(f"/api/v1/patients/{alice.pk}/nights/?from=2026-13-01")
    assert response.status_code == 400
    assert clinician_api.get(f"/api/v1/patients/{alice.pk}/labs/999999/").status_code == 404
    assert reads(alice) == []
    assert clinician_api.get(f"/api/v1/patients/{alice.pk}/nights/").status_code == 200
    assert reads(alice) == [("dr_carol", "nights", 1)]


def test_a_patient_reading_their_own_diary_records_nothing(
    alice: User, alice_api: APIClient, clinician_api: APIClient, diary: None
) -> None:
    for url in OWN_URLS:
        assert alice_api.get(url).status_code == 200
        assert alice_api.get(f"{url}?format=csv").status_code == 200
    assert reads(alice) == []
    clinician_api.get(f"/api/v1/patients/{alice.pk}/treatments/")
    assert reads(alice) == [("dr_carol", "treatments", 1)]

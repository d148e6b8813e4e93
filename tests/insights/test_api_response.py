"""The before/after table over the API (domain.md sections 6 and 11): shapes, CSV, who sees it."""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from diary.models import AccessEvent, Share, Treatment, User
from diary.sharing import revoke
from diary.treatments import clean_treatment, save_treatment
from insights.api.serializers import ResponseRowSerializer
from insights.loading import load_treatments
from insights.response_columns import RESPONSE_COLUMNS
from tests.factories import make_night
from tests.helpers import make_user, share_with, token_client

# 15:00 UTC is 10:00 in alice's New York.
FROZEN = "2026-11-22 15:00:00+00:00"
COURSE_START = date(2026, 10, 1)
SESSION_DAY = date(2026, 11, 1)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(FROZEN, tick=False):
        yield


def add_treatment(patient: User, **values: Any) -> Treatment:
    return save_treatment(clean_treatment(patient=patient, values=values))


def log_nights(patient: User, first: date, count: int, **fields: Any) -> None:
    for i in range(count):
        make_night(patient, first + timedelta(days=i), **fields)


@pytest.fixture
def treated(alice: User) -> dict[str, Treatment]:
    """Alice's pramipexole course from 10-01 (ongoing) and one cryotherapy session on 11-01.

    Course: before 09-03..09-30, after 10-15..11-11 (10-01 + 41). The factory's night has
    severity 5, onset 21:15, total sleep 400 (23:00 to 06:30 is 450, less 30 + 20 minutes)
    and sleep loss 80; the 14 nights before keep severity 5, the 14 after (10-15..10-28) have
    severity 3.
    Session: before 10-04..10-31 (holding the 14 nights after the course), after 11-02..11-29
    (no nights). Its span 10-04..11-29 does not reach the course's start, so it lists no
    overlap; the course's span 09-03..11-11 holds the session, so it lists the session.
    """
    log_nights(alice, date(2026, 9, 17), 14)
    log_nights(alice, date(2026, 10, 15), 14, severity=3)
    course = add_treatment(alice, kind="medication", name="pramipexole", started=COURSE_START)
    cold = add_treatment(alice, kind="cryotherapy", name="=whole body", started=SESSION_DAY)
    return {"course": course, "session": cold}


def csv_lines(response: Any) -> list[str]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content).decode().split("\n")


def test_a_patient_gets_one_row_per_course_and_series_in_the_section_11_shape(
    alice: User, treated: dict[str, Treatment]
) -> None:
    page = token_client(alice).get("/api/v1/response/").json()

    assert (page["count"], page["next"], page["previous"]) == (2, None, None)
    course_row, session_row = page["results"]
    assert list(course_row) == list(RESPONSE_COLUMNS)
    assert course_row == {
        "treatment_id": treated["course"].pk,
        "kind": "medication",
        "name": "pramipexole",
        "start": "2026-10-01",
        "last": None,
        "before_from": "2026-09-03",
        "before_to": "2026-09-30",
        "after_from": "2026-10-15",
        "after_to": "2026-11-11",
        "before_nights_logged": 14,
        "after_nights_logged": 14,
        "before_mean_severity": 5.0,
        "after_mean_severity": 3.0,
        "change_mean_severity": -2.0,
        "before_symptomatic_pct": 100,
        "after_symptomatic_pct": 100,
        "change_symptomatic_pct": 0,
        "before_median_onset": "21:15",
        "after_median_onset": "21:15",
        "change_median_onset": 0,
        "before_mean_total_sleep_min": 400.0,
        "after_mean_total_sleep_min": 400.0,
        "change_mean_total_sleep_min": 0.0,
        "before_mean_sleep_loss_min": 80.0,
        "after_mean_sleep_loss_min": 80.0,
        "change_mean_sleep_loss_min": 0.0,
        "before_mean_day_fatigue": None,
        "after_mean_day_fatigue": None,
        "change_mean_day_fatigue": None,
        # Every night alike in each window: both SDs 0, so the range is the change itself.
        "severity_range_low": -2.0,
        "severity_range_high": -2.0,
        "clear": True,
        "enough": True,
        "overlaps": [treated["session"].pk],
    }
    assert session_row["treatment_id"] == treated["session"].pk
    assert (session_row["start"], session_row["last"]) == ("2026-11-01", "2026-11-01")
    assert (session_row["after_from"], session_row["after_to"]) == ("2026-11-02", "2026-11-29")
    assert (session_row["before_nights_logged"], session_row["after_nights_logged"]) == (14, 0)
    assert (session_row["after_mean_severity"], session_row["change_mean_severity"]) == (None, None)
    assert (session_row["enough"], session_row["clear"], session_row["overlaps"]) == (
        False,
        None,
        [],
    )


def test_the_csv_has_the_section_11_header_and_one_line_per_row(
    alice: User, treated: dict[str, Treatment]
) -> None:
    response = token_client(alice).get("/api/v1/response/?format=csv")

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="rlsdiary-response-alice-2026-11-22.csv"'
    )
    header, course_line, session_line, end = csv_lines(response)
    assert header == ",".join(RESPONSE_COLUMNS)
    course_id, session_id = treated["course"].pk, treated["session"].pk
    assert course_line == (
        f"{course_id},medication,pramipexole,2026-10-01,,2026-09-03,2026-09-30,2026-10-15,"
        "2026-11-11,14,14,5.00,3.00,-2.00,100,100,0,21:15,21:15,0,400.0,400.0,0.0,"
        f"80.0,80.0,0.0,,,,-2.00,-2.00,true,true,{session_id}"
    )
    # The session's name starts with "=": written with one more apostrophe (section 5).
    assert session_line == (
        f"{session_id},cryotherapy,'=whole body,2026-11-01,2026-11-01,2026-10-04,2026-10-31,"
        "2026-11-02,2026-11-29,14,0,3.00,,,100,,,21:15,,,400.0,,,80.0,,,,,,,,,false,"
    )
    assert end == ""


def test_overlaps_are_joined_with_semicolons_in_the_csv(
    alice: User, treated: dict[str, Treatment]
) -> None:
    # A second course from 10-20 lies inside the first course's span (09-03..11-11).
    extra = add_treatment(alice, kind="medication", name="gabapentin", started=date(2026, 10, 20))

    lines = csv_lines(token_client(alice).get("/api/v1/response/?format=csv"))

    first_course = lines[1].split(",")
    assert first_course[0] == str(treated["course"].pk)
    assert first_course[-1] == f"{extra.pk};{treated['session'].pk}"


def test_a_patient_without_treatments_gets_an_empty_table(alice: User) -> None:
    make_night(alice, date(2026, 11, 20))
    client = token_client(alice)

    assert client.get("/api/v1/response/").json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }
    assert csv_lines(client.get("/api/v1/response/?format=csv")) == [",".join(RESPONSE_COLUMNS), ""]


def test_another_patient_sees_only_her_own_table(
    alice: User, bob: User, treated: dict[str, Treatment]
) -> None:
    bob_api = token_client(bob)

    assert bob_api.get("/api/v1/response/").json()["count"] == 0
    assert csv_lines(bob_api.get("/api/v1/response/?format=csv")) == [
        ",".join(RESPONSE_COLUMNS),
        "",
    ]
    assert bob_api.get(f"/api/v1/patients/{alice.pk}/response/").status_code == 404


@pytest.fixture
def shared(alice: User, clinician: User) -> Share:
    return share_with(alice, clinician)


def test_a_sharing_clinician_reads_the_patients_table_and_the_csv_is_logged_as_an_export(
    alice: User, clinician: User, shared: Share, treated: dict[str, Treatment]
) -> None:
    own = token_client(alice).get("/api/v1/response/").json()
    client = token_client(clinician)
    url = f"/api/v1/patients/{alice.pk}/response/"

    assert client.get(url).json() == own
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).exists()
    lines = csv_lines(client.get(f"{url}?format=csv"))
    assert lines == csv_lines(token_client(alice).get("/api/v1/response/?format=csv"))
    exports = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT)
    assert list(exports.values_list("clinician", "patient")) == [(clinician.pk, alice.pk)]


def test_a_clinician_without_a_share_gets_404(alice: User, treated: dict[str, Treatment]) -> None:
    lonely = token_client(make_user("dr_nobody", "clinician"))

    assert lonely.get(f"/api/v1/patients/{alice.pk}/response/").status_code == 404
    assert lonely.get(f"/api/v1/patients/{alice.pk}/response/?format=csv").status_code == 404


def test_a_revoked_clinician_gets_404(alice: User, treated: dict[str, Treatment]) -> None:
    former = make_user("dr_former", "clinician")
    revoke(share_with(alice, former))
    client = token_client(former)

    assert client.get(f"/api/v1/patients/{alice.pk}/response/").status_code == 404
    assert client.get(f"/api/v1/patients/{alice.pk}/response/?format=csv").status_code == 404
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).exists()


def test_the_patient_and_clinician_views_are_for_their_own_kind_of_account(
    alice: User, clinician: User, shared: Share
) -> None:
    assert token_client(clinician).get("/api/v1/response/").status_code == 404
    assert token_client(alice).get(f"/api/v1/patients/{alice.pk}/response/").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/response/", "/api/v1/patients/{id}/response/"])
def test_anonymous_callers_get_401(alice: User, url: str) -> None:
    for suffix in ("", "?format=csv"):
        response = APIClient().get(url.format(id=alice.pk) + suffix)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"


def test_the_table_is_read_only(alice: User, clinician: User, shared: Share) -> None:
    for client, url in (
        (token_client(alice), "/api/v1/response/"),
        (token_client(clinician), f"/api/v1/patients/{alice.pk}/response/"),
    ):
        assert client.post(url, {}, format="json").status_code == 405


def test_the_serializer_describes_the_fields_in_section_11_order() -> None:
    assert list(ResponseRowSerializer().fields) == list(RESPONSE_COLUMNS)


def test_the_schema_describes_the_row_and_offers_json_and_csv(db: None) -> None:
    schema = APIClient().get("/api/schema/?format=json").json()
    row = schema["components"]["schemas"]["ResponseRow"]["properties"]
    assert list(row) == list(RESPONSE_COLUMNS)
    assert row["overlaps"]["items"]["type"] == "integer"
    for path in ("/api/v1/response/", "/api/v1/patients/{patient_id}/response/"):
        answers = schema["paths"][path]["get"]["responses"]["200"]["content"]
        assert set(answers) == {"application/json", "text/csv"}


def test_a_patients_treatments_are_loaded_with_one_query(
    alice: User, treated: dict[str, Treatment], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        loaded = load_treatments(alice)
    assert loaded == [treated["course"], treated["session"]]

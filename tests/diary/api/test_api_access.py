"""Who gets what from every endpoint: owner, other patient, clinicians, anonymous, bad token.

Anything a user may not see answers 404 (domain.md section 6); no credentials answer 401.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from diary.models import Night, Share, User
from tests.helpers import token_client

ROLES = ("owner", "other_patient", "shared_clinician", "lonely_clinician", "revoked_clinician")


@pytest.fixture
def world(
    alice: User,
    bob: User,
    clinician: User,
    alice_shares: Share,
    lonely_clinician: User,
    revoked_clinician: User,
    make_night: Callable[..., Night],
) -> dict[str, Any]:
    make_night(alice, "2026-11-20")
    make_night(bob, "2026-11-19")
    return {
        "alice": alice,
        "share": alice_shares,
        "clients": {
            "owner": token_client(alice),
            "other_patient": token_client(bob),
            "shared_clinician": token_client(clinician),
            "lonely_clinician": token_client(lonely_clinician),
            "revoked_clinician": token_client(revoked_clinician),
        },
    }


def _call(client: APIClient, method: str, url: str) -> Any:
    body = {"severity": 4} if method == "patch" else None
    return getattr(client, method)(url, body, format="json")


# (method, url template, {role: status})
PATIENT_ONLY = {"owner": 200, "other_patient": 404, "shared_clinician": 404}
MATRIX = [
    ("get", "/api/v1/profile/", dict.fromkeys(ROLES, 200)),
    ("get", "/api/v1/nights/", {"owner": 200, "other_patient": 200, "shared_clinician": 404}),
    ("get", "/api/v1/nights/?format=csv", {"owner": 200, "other_patient": 200}),
    ("get", "/api/v1/nights/2026-11-20/", PATIENT_ONLY),
    ("patch", "/api/v1/nights/2026-11-20/", PATIENT_ONLY),
    ("delete", "/api/v1/nights/2026-11-20/", {**PATIENT_ONLY, "owner": 204}),
    ("get", "/api/v1/weeks/", {"owner": 200, "other_patient": 200, "shared_clinician": 404}),
    ("get", "/api/v1/weeks/?format=csv", {"owner": 200, "other_patient": 200}),
    ("get", "/api/v1/shares/", {"owner": 200, "other_patient": 200, "shared_clinician": 404}),
    ("delete", "/api/v1/shares/{share}/", {**PATIENT_ONLY, "owner": 204}),
    ("get", "/api/v1/patients/", {"owner": 404, "other_patient": 404, "shared_clinician": 200}),
    ("get", "/api/v1/patients/{alice}/nights/", {"owner": 404, "shared_clinician": 200}),
    ("get", "/api/v1/patients/{alice}/nights/?format=csv", {"shared_clinician": 200}),
    ("get", "/api/v1/patients/{alice}/weeks/", {"owner": 404, "shared_clinician": 200}),
    ("get", "/api/v1/patients/{alice}/weeks/?format=csv", {"shared_clinician": 200}),
    ("get", "/api/v1/patients/nights/", {"owner": 404, "shared_clinician": 200}),
    ("get", "/api/v1/patients/nights/?format=csv", {"shared_clinician": 200}),
]


def _expected(statuses: dict[str, int], role: str, url: str) -> int:
    if role in statuses:
        return statuses[role]
    if url.startswith("/api/v1/patients/"):
        # Clinicians see only their own patients; the clinic-wide list is simply empty.
        clinic_list = url.startswith(("/api/v1/patients/nights/", "/api/v1/patients/?"))
        if role in ("lonely_clinician", "revoked_clinician") and (
            clinic_list or url == "/api/v1/patients/"
        ):
            return 200
        return 404
    return 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template", "statuses"), MATRIX)
def test_every_endpoint_answers_each_kind_of_user_as_the_matrix_says(
    world: dict[str, Any], role: str, method: str, template: str, statuses: dict[str, int]
) -> None:
    url = template.format(alice=world["alice"].pk, share=world["share"].pk)
    response = _call(world["clients"][role], method, url)
    assert response.status_code == _expected(statuses, role, url), (role, url)


@pytest.mark.parametrize(("method", "template", "statuses"), MATRIX)
def test_every_endpoint_answers_401_without_credentials_or_with_a_bad_token(
    world: dict[str, Any], method: str, template: str, statuses: dict[str, int]
) -> None:
    url = template.format(alice=world["alice"].pk, share=world["share"].pk)
    bad_token = APIClient()
    bad_token.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    for client in (APIClient(), bad_token):
        response = _call(client, method, url)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert response["WWW-Authenticate"] == "Token"


def test_a_patient_never_sees_another_patients_nights_in_her_own_list(
    world: dict[str, Any],
) -> None:
    listing = world["clients"]["other_patient"].get("/api/v1/nights/").json()
    assert [night["night"] for night in listing["results"]] == ["2026-11-19"]


def test_a_revoked_share_answers_404_on_the_clinicians_very_next_request(
    world: dict[str, Any],
) -> None:
    client = world["clients"]["shared_clinician"]
    url = f"/api/v1/patients/{world['alice'].pk}/nights/"
    assert client.get(url).status_code == 200
    assert (
        world["clients"]["owner"].delete(f"/api/v1/shares/{world['share'].pk}/").status_code == 204
    )
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/patients/nights/").json()["count"] == 0


def test_a_clinician_sees_only_the_patients_who_share_with_them(world: dict[str, Any]) -> None:
    listing = world["clients"]["shared_clinician"].get("/api/v1/patients/").json()
    assert [(p["id"], p["username"]) for p in listing["results"]] == [(world["alice"].pk, "alice")]
    assert listing["results"][0]["shared_since"]
    assert world["clients"]["lonely_clinician"].get("/api/v1/patients/").json()["count"] == 0


def test_an_id_too_large_for_the_database_is_simply_not_found(world: dict[str, Any]) -> None:
    client = world["clients"]["shared_clinician"]
    assert client.get(f"/api/v1/patients/{2**70}/nights/").status_code == 404
    assert world["clients"]["owner"].delete(f"/api/v1/shares/{2**70}/").status_code == 404


@pytest.mark.parametrize("path", ["2026-11-31", "20261120", "import-ish", "2026-1-20"])
def test_a_night_path_that_is_not_a_real_date_is_not_found(
    world: dict[str, Any], path: str
) -> None:
    assert world["clients"]["owner"].get(f"/api/v1/nights/{path}/").status_code == 404


def test_the_schema_and_docs_are_open_to_anyone(db: None) -> None:
    client = APIClient()
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_session_authentication_works_as_well_as_tokens(alice: User, alice_client: Client) -> None:
    assert alice_client.get("/api/v1/profile/").json()["username"] == "alice"


def test_a_patient_sees_only_her_own_weeks_and_shares(world: dict[str, Any]) -> None:
    # bob's night (Thu 19 Nov) and alice's (Fri 20 Nov) fall in the same week.
    bob = world["clients"]["other_patient"]
    weeks = bob.get("/api/v1/weeks/").json()["results"]
    assert [(week["week_start"], week["nights_logged"]) for week in weeks] == [("2026-11-16", 1)]
    csv_rows = b"".join(bob.get("/api/v1/weeks/?format=csv").streaming_content).splitlines()
    assert csv_rows[1].startswith(b"2026-11-16,1,")
    assert bob.get("/api/v1/shares/").json()["count"] == 0


def test_a_clinician_gets_a_sharing_patients_weeks_in_the_patients_own_shape(
    world: dict[str, Any],
) -> None:
    own = world["clients"]["owner"].get("/api/v1/weeks/").json()
    shared = world["clients"]["shared_clinician"].get(
        f"/api/v1/patients/{world['alice'].pk}/weeks/"
    )
    assert shared.json() == own
    assert own["results"][0]["nights_logged"] == 1


def test_the_clinic_wide_list_leads_each_night_with_the_patients_username(
    world: dict[str, Any],
) -> None:
    results = world["clients"]["shared_clinician"].get("/api/v1/patients/nights/").json()["results"]
    assert [(next(iter(night)), night["patient"], night["night"]) for night in results] == [
        ("patient", "alice", "2026-11-20")
    ]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_clinicians_views_of_a_patient_are_read_only(world: dict[str, Any], method: str) -> None:
    client = world["clients"]["shared_clinician"]
    alice = world["alice"]
    for url in (
        f"/api/v1/patients/{alice.pk}/nights/",
        f"/api/v1/patients/{alice.pk}/weeks/",
        "/api/v1/patients/nights/",
    ):
        body = {"night": "2026-11-18", "severity": 2}
        assert getattr(client, method)(url, body, format="json").status_code == 405, url
    assert list(alice.nights.values_list("night", "severity")) == [(date(2026, 11, 20), 5)]


@pytest.mark.parametrize(
    ("role", "template"),
    [
        ("shared_clinician", "/api/v1/patients/{id}/nights/"),
        ("shared_clinician", "/api/v1/patients/{id}/weeks/"),
        ("owner", "/api/v1/shares/{id}/"),
    ],
)
def test_an_id_beyond_the_databases_integers_is_a_404(
    world: dict[str, Any], role: str, template: str
) -> None:
    client = world["clients"][role]
    method = client.delete if "shares" in template else client.get
    for huge in (2**63, 2**64):
        assert method(template.format(id=huge)).status_code == 404

"""Tokens, throttling, the profile and shares through the API."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from diary.api.views.auth import LoginRateThrottle
from diary.models import AccessEvent, Share, User
from tests.helpers import PASSWORD, share_with, token_client


def test_a_token_is_given_for_a_username_and_password_and_then_works(alice: User) -> None:
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/profile/").json()["username"] == "alice"


def test_a_wrong_password_is_a_400_with_a_message(alice: User) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "alice", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}


def test_a_stale_token_header_does_not_block_getting_a_new_token(alice: User) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token stale")
    response = client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200


def test_an_account_locked_by_axes_is_refused_with_a_4xx_even_with_the_right_password(
    alice: User, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    client = APIClient()
    for _ in range(3):
        client.post("/api/v1/auth/token/", {"username": "alice", "password": "x"}, format="json")
    response = client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Too many failed log-ins for this account: try again in 15 minutes."]
    }


def test_the_token_endpoint_throttles_at_the_stricter_login_rate(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DRF reads the rates once at import; the class attribute is what a request consults.
    monkeypatch.setattr(LoginRateThrottle, "THROTTLE_RATES", {"login": "3/min"})
    client = APIClient()
    body = {"username": "alice", "password": PASSWORD}
    statuses = [
        client.post("/api/v1/auth/token/", body, format="json").status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_signed_in_users_are_throttled_at_the_user_rate(
    alice_api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/min"})
    statuses = [alice_api.get("/api/v1/profile/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_the_profile_shows_and_changes_zone_and_sleep_need_but_not_the_account_type(
    alice: User, alice_api: APIClient
) -> None:
    assert alice_api.get("/api/v1/profile/").json() == {
        "username": "alice",
        "display_name": "",
        "account_type": "patient",
        "timezone": "America/New_York",
        "sleep_need_min": 480,
        "conditions": [],
        "family_history": "unknown",
        "kept_for_child": False,
        "child_first_name": "",
        "child_birth_year": None,
    }
    response = alice_api.patch(
        "/api/v1/profile/",
        {"timezone": "Europe/Paris", "sleep_need_min": 450, "account_type": "clinician"},
        format="json",
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert (alice.timezone, alice.sleep_need_min, alice.account_type) == (
        "Europe/Paris",
        450,
        "patient",
    )


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        (
            {"timezone": "Mars/Olympus"},
            {
                "timezone": [
                    "“Mars/Olympus” is not a time zone name such as Europe/Berlin or "
                    "America/New_York."
                ]
            },
        ),
        (
            {"sleep_need_min": 239},
            {"sleep_need_min": ["Ensure this value is greater than or equal to 240."]},
        ),
        (
            {"sleep_need_min": 721},
            {"sleep_need_min": ["Ensure this value is less than or equal to 720."]},
        ),
    ],
)
def test_profile_changes_are_validated_like_the_settings_page(
    alice_api: APIClient, alice_client: Client, change: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    response = alice_api.patch("/api/v1/profile/", change, format="json")
    assert response.status_code == 400
    assert response.json() == errors


def test_the_profile_cannot_be_replaced_wholesale(alice_api: APIClient) -> None:
    assert alice_api.put("/api/v1/profile/", {}, format="json").status_code == 405


def test_a_patient_makes_a_share_code_seen_once_and_lists_her_shares(
    alice: User, alice_api: APIClient
) -> None:
    created = alice_api.post("/api/v1/shares/")
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "pending" and body["clinician"] is None
    assert len(body["code"]) == 14  # XXXX-XXXX-XXXX
    listing = alice_api.get("/api/v1/shares/").json()
    assert listing["count"] == 1
    assert "code" not in listing["results"][0]
    assert set(listing["results"][0]) == {
        "id",
        "status",
        "created_at",
        "expires_at",
        "clinician",
        "redeemed_at",
        "revoked_at",
    }


def test_a_clinician_redeems_a_code_and_sees_the_patient(
    alice: User, clinician: User, alice_api: APIClient, clinician_api: APIClient
) -> None:
    code = alice_api.post("/api/v1/shares/").json()["code"]
    response = clinician_api.post("/api/v1/shares/redeem/", {"code": code.lower()}, format="json")
    assert response.status_code == 201
    assert response.json()["id"] == alice.pk and response.json()["username"] == "alice"
    share_row = alice_api.get("/api/v1/shares/").json()["results"][0]
    assert (share_row["status"], share_row["clinician"]) == ("active", "dr_carol")
    assert AccessEvent.objects.filter(action="redeemed").count() == 1


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("AAAA-BBBB-CCCC", "No share code matches. Check it with your patient."),
        ("used", "This code has already been used. Ask your patient for a new one."),
        ("cancelled", "Your patient cancelled this code. Ask them for a new one."),
        ("duplicate", "You already have access to this patient's diary."),
    ],
)
def test_a_bad_code_is_a_400_saying_why(
    alice: User, clinician: User, clinician_api: APIClient, code: str, message: str
) -> None:
    already_shared = code in ("used", "duplicate")
    if code == "used":
        _pending, code = Share.create_for(alice)
        clinician_api.post("/api/v1/shares/redeem/", {"code": code}, format="json")
    elif code == "cancelled":
        pending, code = Share.create_for(alice)
        token_client(alice).delete(f"/api/v1/shares/{pending.pk}/")
    elif code == "duplicate":
        share_with(alice, clinician)
        _second, code = Share.create_for(alice)
    response = clinician_api.post("/api/v1/shares/redeem/", {"code": code}, format="json")
    assert response.status_code == 400
    assert response.json() == {"code": [message]}
    # Only the share redeemed before the refused attempt is active.
    assert Share.objects.active().count() == (1 if already_shared else 0)


def test_a_missing_code_is_a_400(clinician_api: APIClient) -> None:
    response = clinician_api.post("/api/v1/shares/redeem/", {}, format="json")
    assert response.json() == {"code": ["This field is required."]}


def test_a_patient_cannot_redeem_and_is_told_why(alice: User, bob_api: APIClient) -> None:
    _pending, code = Share.create_for(alice)
    response = bob_api.post("/api/v1/shares/redeem/", {"code": code}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Only clinician accounts can redeem share codes."}


def test_revoking_ends_access_and_is_idempotent(
    alice: User, clinician: User, alice_api: APIClient
) -> None:
    active = share_with(alice, clinician)
    assert alice_api.delete(f"/api/v1/shares/{active.pk}/").status_code == 204
    assert alice_api.delete(f"/api/v1/shares/{active.pk}/").status_code == 204
    active.refresh_from_db()
    assert active.status == "revoked"
    assert token_client(clinician).get(f"/api/v1/patients/{alice.pk}/nights/").status_code == 404


def test_the_profile_carries_the_clinical_context_in_canonical_order(
    alice: User, alice_api: APIClient
) -> None:
    body = {"conditions": ["diabetes", "iron_deficiency"], "family_history": "yes"}
    response = alice_api.patch("/api/v1/profile/", body, format="json")
    assert response.status_code == 200
    assert response.json()["conditions"] == ["iron_deficiency", "diabetes"]
    alice.refresh_from_db()
    assert (alice.conditions, alice.family_history) == (["iron_deficiency", "diabetes"], "yes")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"conditions": ["gout"]}, "conditions"),
        ({"conditions": "diabetes"}, "conditions"),
        ({"family_history": "maybe"}, "family_history"),
    ],
)
def test_a_bad_clinical_context_is_a_field_level_400_and_changes_nothing(
    alice: User, alice_api: APIClient, body: dict[str, object], field: str
) -> None:
    response = alice_api.patch("/api/v1/profile/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {field}
    alice.refresh_from_db()
    assert (alice.conditions, alice.family_history) == ([], "unknown")

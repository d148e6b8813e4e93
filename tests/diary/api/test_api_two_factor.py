"""Two-factor sign-in in the API: the token endpoint's `otp`, and clinicians held to it."""

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from diary import two_factor
from diary.models import ApiToken, User
from tests.diary.api.conftest import FROZEN
from tests.helpers import PASSWORD, token_client
from tests.two_factor_helpers import app_code, turn_on, wrong_code

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def alice_device(alice: User) -> TOTPDevice:
    device, _codes = turn_on(alice)
    return device


def ask_token(otp: str | None = None, username: str = "alice") -> Any:
    body = {"username": username, "password": PASSWORD}
    if otp is not None:
        body["otp"] = otp
    return APIClient().post(TOKEN_URL, body, format="json")


def later(seconds: int) -> Any:
    """The API tests' frozen clock, moved on: a code is accepted once, and each wrong code
    makes the next one wait."""
    return time_machine.travel(
        datetime.fromisoformat(FROZEN) + timedelta(seconds=seconds), tick=False
    )


def assert_token_works(secret: str, user: User) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert client.get("/api/v1/profile/").status_code == 200
    assert ApiToken.objects.get().user == user


def test_an_account_without_two_factor_gets_its_token_as_before(alice: User) -> None:
    response = ask_token()
    assert response.status_code == 200
    assert_token_works(response.json()["token"], alice)


@pytest.mark.parametrize("otp", [None, ""])
def test_an_account_with_two_factor_must_send_otp(
    alice_device: TOTPDevice, otp: str | None
) -> None:
    with later(30):
        response = ask_token(otp)
    assert response.status_code == 400
    assert "6-digit code" in response.json()["otp"][0]
    assert not ApiToken.objects.exists()


def test_a_wrong_otp_is_refused_on_its_field(alice_device: TOTPDevice) -> None:
    with later(30):
        response = ask_token(wrong_code(alice_device))
    assert response.status_code == 400
    assert "not right" in response.json()["otp"][0]
    assert not ApiToken.objects.exists()


def test_the_right_otp_gets_the_token(alice: User, alice_device: TOTPDevice) -> None:
    with later(30):
        response = ask_token(app_code(alice_device))
    assert response.status_code == 200
    assert_token_works(response.json()["token"], alice)


def test_a_backup_code_does_as_otp_once(alice: User) -> None:
    _device, codes = turn_on(alice)
    assert ask_token(codes[3]).status_code == 200
    with later(5):
        assert ask_token(codes[3]).status_code == 400


def test_wrong_otps_count_as_failed_log_ins(alice_device: TOTPDevice) -> None:
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        with later(60 * (attempt + 1)):
            ask_token(wrong_code(alice_device))
    with later(60 * (django_settings.AXES_FAILURE_LIMIT + 1)):
        response = ask_token(app_code(alice_device))
    assert response.status_code == 400
    assert "Too many failed log-ins" in str(response.json())


def test_the_schema_describes_otp_and_the_clinicians_403(db: None) -> None:
    schema = APIClient().get("/api/schema/?format=json").json()
    token = schema["components"]["schemas"]["AuthToken"]
    assert "otp" in token["properties"]
    assert "otp" not in token["required"]
    assert "403" in schema["paths"]["/api/v1/patients/"]["get"]["responses"]
    assert "403" in schema["paths"]["/api/v1/profile/"]["get"]["responses"]


# Required of clinicians


@pytest.fixture
def required(settings: Any) -> None:
    settings.OTP_REQUIRED_FOR_CLINICIANS = True


@pytest.mark.usefixtures("required", "alice_shares")
@pytest.mark.parametrize(
    "url", ["/api/v1/patients/", "/api/v1/patients/nights/", "/api/v1/profile/"]
)
def test_when_required_a_clinician_without_it_is_refused_with_the_reason(
    clinician_api: APIClient, url: str
) -> None:
    response = clinician_api.get(url)
    assert response.status_code == 403
    assert "Two-factor sign-in is required" in response.json()["detail"]


@pytest.mark.usefixtures("required", "alice_shares")
def test_when_required_a_clinician_with_it_on_reads_as_before_with_a_token_given_a_code(
    clinician: User, clinician_api: APIClient, alice: User
) -> None:
    device, _codes = turn_on(clinician)
    # The token made before it was on was not given with a code: turning it on ended it.
    assert clinician_api.get("/api/v1/patients/").status_code == 401
    with later(30):
        secret = ask_token(app_code(device), username="dr_carol").json()["token"]
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        assert api.get("/api/v1/patients/").status_code == 200
        assert api.get(f"/api/v1/patients/{alice.pk}/nights/").status_code == 200


def test_a_token_made_before_two_factor_was_on_no_longer_works(
    alice: User, alice_api: APIClient
) -> None:
    assert alice_api.get("/api/v1/profile/").status_code == 200
    turn_on(alice)
    assert alice_api.get("/api/v1/profile/").status_code == 401


@pytest.mark.usefixtures("required")
def test_when_required_a_patient_is_not_affected(alice: User, alice_api: APIClient) -> None:
    assert alice_api.get("/api/v1/nights/").status_code == 200
    assert alice_api.get("/api/v1/profile/").status_code == 200
    assert ask_token().status_code == 200


@pytest.mark.usefixtures("required")
def test_when_required_a_clinician_still_gets_a_token_that_then_says_why(
    clinician: User,
) -> None:
    response = ask_token(username="dr_carol")
    assert response.status_code == 200
    client = token_client(clinician)
    assert client.get("/api/v1/patients/").status_code == 403
    assert not two_factor.is_on(clinician)

"""Two-factor sign-in on the web: set-up, the log-in's second step, turning it off, and the
setting that requires it of clinicians."""

from base64 import b32decode
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from diary import tokens, two_factor
from diary.models import User
from tests.helpers import PASSWORD, logged_in, text
from tests.two_factor_helpers import app_code, frozen, turn_on, wrong_code


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with frozen() as traveller:
        yield traveller


@pytest.fixture
def alice_device(alice: User, clock: time_machine.Traveller) -> TOTPDevice:
    device, _codes = turn_on(alice)
    clock.shift(30)  # the code used to turn it on is spent
    return device


def log_in(
    client: Client, code: str | None = None, password: str = PASSWORD, username: str = "alice"
) -> Any:
    """The password step, then (when it asks for one and `code` is given) the code step."""
    step = client.post("/accounts/login/", {"username": username, "password": password})
    if code is None or not asks_for_code(step):
        return step
    return client.post("/accounts/login/", {"otp_token": code})


def asks_for_code(response: Any) -> bool:
    return response.status_code == 200 and bool(response.context.get("code_step"))


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def verified(client: Client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


# Set-up


def test_it_turns_two_factor_on_only_with_a_current_code_from_the_app(
    alice: User, alice_client: Client, clock: time_machine.Traveller
) -> None:
    page = alice_client.get("/settings/two-factor/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=alice)
    assert not device.confirmed
    # The QR code is drawn into the page, and the key is there as text to type in by hand.
    assert "<svg" in text(page)
    secret = page.context["secret"]
    assert secret in text(page)
    assert b32decode(secret.replace(" ", "")) == device.bin_key

    refused = alice_client.post(
        "/settings/two-factor/", {"password": PASSWORD, "code": wrong_code(device)}
    )
    assert refused.status_code == 400
    assert "not right" in " ".join(refused.context["form"].errors["code"])
    assert not two_factor.is_on(alice)

    clock.shift(2)  # each wrong code makes the next one wait (django-otp's throttle)
    done = alice_client.post(
        "/settings/two-factor/", {"password": PASSWORD, "code": app_code(device)}
    )
    assert done.status_code == 200
    assert two_factor.is_on(alice)
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code in text(done) for code in codes)
    assert verified(alice_client)  # the code just given counts for this session
    assert "On." in text(alice_client.get("/settings/"))


def test_turning_it_on_ends_older_tokens_and_other_sessions_but_not_this_one(
    alice: User, alice_client: Client
) -> None:
    _token, secret = tokens.create_token(user=alice, name="made before")
    elsewhere = logged_in(alice)
    alice_client.get("/settings/two-factor/")
    device = TOTPDevice.objects.get(user=alice)
    assert (
        alice_client.post(
            "/settings/two-factor/", {"password": PASSWORD, "code": app_code(device)}
        ).status_code
        == 200
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/profile/").status_code == 401
    assert elsewhere.get("/settings/").status_code == 302
    assert alice_client.get("/settings/").status_code == 200
    assert verified(alice_client)


def test_turning_it_on_needs_the_current_password(alice: User, alice_client: Client) -> None:
    alice_client.get("/settings/two-factor/")
    device = TOTPDevice.objects.get(user=alice)
    for data in ({"code": app_code(device)}, {"password": "wrong", "code": app_code(device)}):
        refused = alice_client.post("/settings/two-factor/", data)
        assert refused.status_code == 400
        assert "password" in refused.context["form"].errors
    assert not two_factor.is_on(alice)


def test_opening_the_set_up_page_again_keeps_the_key_a_scanned_code_holds(
    alice_client: Client,
) -> None:
    first = alice_client.get("/settings/two-factor/").context["secret"]
    assert alice_client.get("/settings/two-factor/").context["secret"] == first


def test_an_unconfirmed_app_changes_nothing_at_sign_in(alice: User, client: Client) -> None:
    logged_in(alice).get("/settings/two-factor/")  # set-up started, never confirmed
    assert TOTPDevice.objects.filter(user=alice, confirmed=False).exists()
    response = log_in(client)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_set_up_page_sends_an_account_that_has_it_on_back_to_settings(
    alice_device: TOTPDevice, alice_client: Client
) -> None:
    assert alice_client.get("/settings/two-factor/")["Location"] == "/settings/"


def test_the_settings_page_offers_two_factor_sign_in(alice_client: Client) -> None:
    page = text(alice_client.get("/settings/"))
    assert "Two-factor sign-in" in page
    assert 'href="/settings/two-factor/"' in page


# Signing in


def test_an_account_without_two_factor_signs_in_with_its_password_alone(
    alice: User, client: Client
) -> None:
    assert "otp_token" not in text(client.get("/accounts/login/"))
    assert log_in(client).status_code == 302
    assert signed_in(client)


def test_signing_in_with_two_factor_asks_for_the_code_after_the_password(
    alice_device: TOTPDevice, client: Client, clock: time_machine.Traveller
) -> None:
    step = log_in(client)
    assert asks_for_code(step)
    assert 'name="otp_token"' in text(step)
    assert 'name="password"' not in text(step)
    assert not signed_in(client)

    refused = log_in(client, wrong_code(alice_device))
    assert "not right" in " ".join(refused.context["form"].errors["otp_token"])
    assert not signed_in(client)

    clock.shift(2)
    assert log_in(client, app_code(alice_device)).status_code == 302
    assert signed_in(client)
    assert verified(client)
    assert client.get("/nights/").status_code == 200


def test_the_code_step_never_holds_the_password(alice_device: TOTPDevice, client: Client) -> None:
    step = log_in(client)
    assert asks_for_code(step)
    assert PASSWORD not in text(step)
    assert 'type="password"' not in text(step)
    assert PASSWORD not in str(dict(client.session))
    assert not signed_in(client)


def test_the_code_step_alone_signs_no_one_in(alice_device: TOTPDevice, client: Client) -> None:
    response = client.post("/accounts/login/", {"otp_token": app_code(alice_device)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not signed_in(client)


def test_the_code_must_follow_the_password_within_five_minutes(
    alice_device: TOTPDevice, client: Client, clock: time_machine.Traveller
) -> None:
    assert asks_for_code(log_in(client))
    clock.shift(5 * 60)
    response = client.post("/accounts/login/", {"otp_token": app_code(alice_device)})
    assert response.status_code == 302
    assert not signed_in(client)
    assert "took too long" in text(client.get(response["Location"]))


def test_a_password_changed_between_the_steps_ends_the_sign_in(
    alice: User, alice_device: TOTPDevice, client: Client
) -> None:
    assert asks_for_code(log_in(client))
    alice.set_password("another-password-entirely-7")
    alice.save()
    client.post("/accounts/login/", {"otp_token": app_code(alice_device)})
    assert not signed_in(client)


def test_the_code_step_keeps_where_the_user_was_going(
    alice_device: TOTPDevice, client: Client
) -> None:
    data = {"username": "alice", "password": PASSWORD}
    step = client.post("/accounts/login/?next=/settings/", data)
    assert asks_for_code(step)
    done = client.post("/accounts/login/?next=/settings/", {"otp_token": app_code(alice_device)})
    assert done["Location"] == "/settings/"
    assert verified(client)


def test_a_wrong_password_with_the_right_code_does_not_sign_in(
    alice_device: TOTPDevice, client: Client
) -> None:
    response = log_in(client, app_code(alice_device), password="wrong")
    assert not asks_for_code(response)
    assert not signed_in(client)


def test_a_code_is_accepted_once(alice_device: TOTPDevice, clock: time_machine.Traveller) -> None:
    code = app_code(alice_device)
    assert log_in(Client(), code).status_code == 302
    clock.shift(2)  # past the throttle, within the same 30 seconds
    assert "not right" in " ".join(log_in(Client(), code).context["form"].errors["otp_token"])


def test_the_app_device_makes_a_guesser_wait_after_a_wrong_code(
    alice_device: TOTPDevice, client: Client, clock: time_machine.Traveller
) -> None:
    log_in(client, wrong_code(alice_device))
    throttled = log_in(client, app_code(alice_device))
    assert "Too many wrong codes" in " ".join(throttled.context["form"].errors["otp_token"])
    assert not signed_in(client)
    clock.shift(2)
    assert log_in(client, app_code(alice_device)).status_code == 302


def test_wrong_codes_count_as_failed_log_ins(
    alice_device: TOTPDevice, client: Client, clock: time_machine.Traveller
) -> None:
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        clock.shift(60)  # past the device's own throttle: only the lock-out is left
        log_in(client, wrong_code(alice_device))
    clock.shift(60)
    response = log_in(client, app_code(alice_device))
    assert response.status_code == 429
    assert not signed_in(client)


def test_a_lock_out_between_the_steps_holds_at_the_code_step(
    alice_device: TOTPDevice, client: Client
) -> None:
    assert asks_for_code(log_in(client))
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        log_in(Client(), password="wrong")  # from the same address
    response = client.post("/accounts/login/", {"otp_token": app_code(alice_device)})
    assert response.status_code == 429
    assert not signed_in(client)


def test_a_backup_code_signs_in_once(alice: User, clock: time_machine.Traveller) -> None:
    _device, codes = turn_on(alice)
    assert log_in(Client(), codes[0].upper()).status_code == 302
    clock.shift(2)
    refused = log_in(Client(), codes[0])
    assert "not right" in " ".join(refused.context["form"].errors["otp_token"])
    assert two_factor.backup_codes_left(alice) == 9


# Turning it off


def test_turning_it_off_needs_the_password_and_a_current_code(
    alice: User, alice_device: TOTPDevice, alice_client: Client
) -> None:
    assert alice_client.get("/settings/two-factor/off/").status_code == 200
    wrong_password = alice_client.post(
        "/settings/two-factor/off/", {"password": "wrong", "code": app_code(alice_device)}
    )
    assert wrong_password.status_code == 400
    assert "password" in wrong_password.context["form"].errors
    wrong = alice_client.post(
        "/settings/two-factor/off/", {"password": PASSWORD, "code": wrong_code(alice_device)}
    )
    assert wrong.status_code == 400
    assert "code" in wrong.context["form"].errors
    assert two_factor.is_on(alice)


def test_turned_off_the_password_alone_signs_in_again(
    alice: User, alice_device: TOTPDevice, alice_client: Client, client: Client
) -> None:
    response = alice_client.post(
        "/settings/two-factor/off/", {"password": PASSWORD, "code": app_code(alice_device)}
    )
    assert response["Location"] == "/settings/"
    assert not two_factor.is_on(alice)
    assert not StaticDevice.objects.filter(user=alice).exists()
    assert log_in(client).status_code == 302


# Who may open the pages


@pytest.mark.parametrize("url", ["/settings/two-factor/", "/settings/two-factor/off/"])
def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_user_cannot_touch_your_app(
    alice: User, alice_device: TOTPDevice, bob_client: Client
) -> None:
    # Bob has nothing to turn off: alice's app, code and all, is out of his reach.
    data = {"password": PASSWORD, "code": app_code(alice_device)}
    assert bob_client.get("/settings/two-factor/off/").status_code == 404
    assert bob_client.post("/settings/two-factor/off/", data).status_code == 404
    assert two_factor.is_on(alice)
    # His own set-up shows his own new key, never hers.
    secret = bob_client.get("/settings/two-factor/").context["secret"]
    assert secret != two_factor.secret_text(alice_device)


# Required of clinicians


@pytest.fixture
def required(settings: Any) -> None:
    settings.OTP_REQUIRED_FOR_CLINICIANS = True


@pytest.mark.usefixtures("required")
def test_when_required_a_clinician_without_it_is_sent_to_set_it_up_and_nothing_else(
    clinician: User, clinician_client: Client
) -> None:
    for url in ("/clinician/", "/settings/", "/clinician/redeem/", "/"):
        response = clinician_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/settings/two-factor/", url
    assert clinician_client.get("/settings/two-factor/").status_code == 200
    api = clinician_client.get("/api/v1/patients/")
    assert api.status_code == 403
    assert "Two-factor sign-in is required" in api.json()["detail"]


@pytest.mark.usefixtures("required")
def test_when_required_a_clinician_who_sets_it_up_goes_on_as_before(
    clinician: User, clinician_client: Client
) -> None:
    clinician_client.get("/settings/two-factor/")
    device = TOTPDevice.objects.get(user=clinician)
    clinician_client.post("/settings/two-factor/", {"password": PASSWORD, "code": app_code(device)})
    assert clinician_client.get("/clinician/").status_code == 200
    assert clinician_client.get("/api/v1/patients/").status_code == 200


@pytest.mark.usefixtures("required")
def test_when_required_a_patient_is_not_affected(alice: User, alice_client: Client) -> None:
    assert alice_client.get("/nights/").status_code == 200
    assert alice_client.get("/settings/").status_code == 200
    assert log_in(Client()).status_code == 302


def test_a_clinician_with_it_on_needs_a_session_signed_in_with_the_code(
    clinician: User, clock: time_machine.Traveller
) -> None:
    device, _codes = turn_on(clinician)
    clock.shift(30)
    # A session from before it was turned on (or any not signed in with a code).
    unverified = logged_in(clinician)
    response = unverified.get("/clinician/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/clinician/"
    assert unverified.get("/api/v1/patients/").status_code == 403

    client = Client()
    log_in(client, app_code(device), username="dr_carol")
    assert client.get("/clinician/").status_code == 200
    assert client.get("/api/v1/patients/").status_code == 200


def test_wrong_passwords_when_turning_it_off_count_as_failed_log_ins(
    alice_device: TOTPDevice, alice_client: Client
) -> None:
    data = {"password": "wrong", "code": wrong_code(alice_device)}
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        alice_client.post("/settings/two-factor/off/", data)
    assert log_in(Client()).status_code == 429

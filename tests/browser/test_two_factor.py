"""Two-factor sign-in in a real Chromium: set up from the key shown as text, then signed in with
password and code. The codes are worked out here as an authenticator app would."""

import time
from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import TOTP

from diary import two_factor
from diary.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from(secret: str, later: int = 0) -> str:
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + later
    return f"{totp.token():06d}"


def test_a_patient_sets_up_two_factor_and_signs_in_with_password_and_code(
    live_server: Any, phone: Any, alice: User
) -> None:
    alice.set_password("pw-for-browser-1")
    alice.save()
    phone.goto(f"{live_server.url}/accounts/login/?next=/settings/")
    phone.fill("#id_username", "alice")
    phone.fill("#id_password", "pw-for-browser-1")
    phone.get_by_role("button", name="Log in").click()
    phone.wait_for_url("**/settings/")

    phone.get_by_role("link", name="Set up two-factor sign-in").click()
    phone.wait_for_url("**/settings/two-factor/")
    assert phone.locator(".qr svg").is_visible()
    secret = phone.locator("#two-factor-secret").inner_text()
    phone.fill("#id_password", "pw-for-browser-1")  # a stolen session alone cannot do this
    phone.fill("#id_code", code_from(secret))
    phone.get_by_role("button", name="Turn on two-factor sign-in").click()
    phone.get_by_role("heading", name="Two-factor sign-in is on").wait_for()
    assert phone.locator("#backup-codes li").count() == 10
    assert two_factor.is_on(alice)

    phone.get_by_role("button", name="Log out").click()
    phone.wait_for_url("**/accounts/login/")
    phone.fill("#id_username", "alice")
    phone.fill("#id_password", "pw-for-browser-1")
    phone.get_by_role("button", name="Log in").click()
    # The password was right: the same page now asks for the code, and only for it.
    code_field = phone.locator("#id_otp_token")
    code_field.wait_for()
    assert not phone.locator("#id_password").is_visible()
    # The set-up's code is spent; the app's next one (30 seconds on) is within the tolerance.
    code_field.fill(code_from(secret, later=30))
    phone.get_by_role("button", name="Log in").click()
    phone.wait_for_url("**/nights/")

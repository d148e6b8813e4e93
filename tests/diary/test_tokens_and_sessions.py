"""API tokens on the settings page, and how sessions end (issue 12): on a password change, on
"sign out everywhere", and after a while idle."""

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from diary import tokens, two_factor
from diary.models import ApiToken, User
from tests.helpers import PASSWORD, logged_in, make_user, text
from tests.two_factor_helpers import app_code, frozen, wrong_code

START = datetime.fromisoformat("2026-11-22 15:00:00+00:00")
NEW_PASSWORD = "brand-new-night-99"


def token_works(secret: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    status = client.get("/api/v1/profile/").status_code
    assert status in (200, 401)
    return status == 200


def signed_in(client: Client) -> bool:
    status = client.get("/settings/").status_code
    assert status in (200, 302)
    return status == 200


# The page


def test_the_settings_page_lists_tokens_with_name_and_last_use_but_never_the_token(
    alice: User, alice_client: Client
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        _phone, phone_secret = tokens.create_token(user=alice, name="phone")
        _script, script_secret = tokens.create_token(user=alice, name="export script")
        clock.shift(timedelta(hours=2))
        assert token_works(phone_secret)
        page = text(alice_client.get("/settings/"))
    rows = [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)]
    # name, created, last used, expires (30 days on); the revoke button's cell is not matched.
    assert rows[1:] == [
        ["export script", "22 Nov 2026, 15:00", "never", "22 Dec 2026, 15:00"],
        ["phone", "22 Nov 2026, 15:00", "22 Nov 2026, 17:00", "22 Dec 2026, 15:00"],
    ]
    for secret in (phone_secret, script_secret):
        assert secret not in page and secret[:15] not in page
    assert ApiToken.objects.get(name="phone").digest not in page


def test_a_token_made_on_the_settings_page_is_shown_once_and_works(
    alice: User, alice_client: Client
) -> None:
    response = alice_client.post(
        "/settings/tokens/", {"token-name": "phone", "token-password": PASSWORD}
    )
    assert response.status_code == 200
    secret = re.search(r'id="new-token">([0-9a-f]{64})</code>', text(response))
    assert secret, text(response)
    assert "will not be shown again" in text(response)
    assert token_works(secret[1])
    assert ApiToken.objects.get().name == "phone"
    assert secret[1] not in text(alice_client.get("/settings/"))


def test_a_token_needs_a_name_on_the_settings_page(alice: User, alice_client: Client) -> None:
    response = alice_client.post(
        "/settings/tokens/", {"token-name": " ", "token-password": PASSWORD}
    )
    assert response.status_code == 400
    assert "This field is required." in text(response)
    assert not ApiToken.objects.exists()


def test_a_token_needs_the_current_password_on_the_settings_page(
    alice: User, alice_client: Client
) -> None:
    for data in ({"token-name": "phone"}, {"token-name": "phone", "token-password": "wrong"}):
        response = alice_client.post("/settings/tokens/", data)
        assert response.status_code == 400
        assert "password" in response.context["token_form"].errors
    assert not ApiToken.objects.exists()


def test_with_two_factor_on_a_token_needs_a_current_code_too(
    alice: User, alice_client: Client
) -> None:
    with frozen() as clock:
        alice_client.get("/settings/two-factor/")  # turned on here, this session goes on
        device = two_factor.pending_app_device(user=alice)
        setup = {"password": PASSWORD, "code": app_code(device)}
        assert alice_client.post("/settings/two-factor/", setup).status_code == 200
        clock.shift(30)
        data = {"token-name": "phone", "token-password": PASSWORD}
        refused = alice_client.post("/settings/tokens/", data)
        assert refused.status_code == 400
        assert "code" in refused.context["token_form"].errors
        wrong = alice_client.post("/settings/tokens/", {**data, "token-code": wrong_code(device)})
        assert wrong.status_code == 400
        clock.shift(30)
        done = alice_client.post("/settings/tokens/", {**data, "token-code": app_code(device)})
        assert done.status_code == 200
        assert token_works(done.context["new_token"])


def test_revoking_on_the_settings_page_ends_the_token_and_no_other(
    alice: User, alice_client: Client
) -> None:
    phone, phone_secret = tokens.create_token(user=alice, name="phone")
    _script, script_secret = tokens.create_token(user=alice, name="script")
    response = alice_client.post(f"/settings/tokens/{phone.pk}/revoke/", follow=True)
    assert "The token “phone” no longer works." in text(response)
    assert not token_works(phone_secret)
    assert token_works(script_secret)


def test_another_user_cannot_revoke_your_token(
    alice: User, bob_client: Client, clinician_client: Client
) -> None:
    token, secret = tokens.create_token(user=alice, name="phone")
    for client in (bob_client, clinician_client):
        assert client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 404
    assert bob_client.post("/settings/tokens/999999999999999999999/revoke/").status_code == 404
    assert token_works(secret)


def test_the_token_and_sign_out_forms_take_only_a_signed_in_post(
    alice: User, alice_client: Client, client: Client
) -> None:
    token, _secret = tokens.create_token(user=alice, name="phone")
    urls = [
        "/settings/tokens/",
        f"/settings/tokens/{token.pk}/revoke/",
        "/settings/sign-out-everywhere/",
    ]
    for url in urls:
        assert client.post(url)["Location"].startswith("/accounts/login/")
        assert alice_client.get(url).status_code == 405
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(alice)
    for url in urls:
        assert csrf_client.post(url, {"token-name": "x"}).status_code == 403
    assert ApiToken.objects.count() == 1


def test_a_clinician_makes_and_revokes_tokens_too(
    clinician: User, clinician_client: Client
) -> None:
    response = clinician_client.post(
        "/settings/tokens/", {"token-name": "clinic laptop", "token-password": PASSWORD}
    )
    assert response.status_code == 200 and "clinic laptop" in text(response)
    token = ApiToken.objects.get(user=clinician)
    assert clinician_client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 302
    assert not ApiToken.objects.exists()


# Password changes


def test_a_password_change_ends_other_sessions_and_every_token_but_keeps_this_session(
    alice: User,
) -> None:
    here, elsewhere = logged_in(alice), logged_in(alice)
    _token, secret = tokens.create_token(user=alice, name="phone")
    response = here.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert signed_in(here)
    assert not signed_in(elsewhere)
    assert not token_works(secret)


def test_a_password_set_in_the_admin_ends_every_token(alice: User) -> None:
    admin = logged_in(User.objects.create_superuser("root", "root@example.org", PASSWORD))
    _token, secret = tokens.create_token(user=alice, name="phone")
    response = admin.post(
        f"/admin/diary/user/{alice.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert not token_works(secret)


def test_disabling_password_sign_in_in_the_admin_ends_every_token(alice: User) -> None:
    admin = logged_in(User.objects.create_superuser("root", "root@example.org", PASSWORD))
    _token, secret = tokens.create_token(user=alice, name="phone")
    response = admin.post(
        f"/admin/diary/user/{alice.pk}/password/",
        {"usable_password": "false", "unset-password": "1"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.has_usable_password()
    assert not token_works(secret)


def test_a_password_hash_upgraded_at_log_in_is_no_password_change(
    alice: User, settings: Any
) -> None:
    # alice's password was hashed with MD5 (the tests' fast hasher); a log-in with Argon2
    # first rehashes it, which must not end her tokens.
    _token, secret = tokens.create_token(user=alice, name="phone")
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert (
        Client().post("/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code
        == 302
    )
    alice.refresh_from_db()
    assert alice.password.startswith("argon2")
    assert token_works(secret)


# Sign out everywhere


def test_sign_out_everywhere_ends_every_session_and_token(alice: User, bob: User) -> None:
    here, elsewhere, bobs = logged_in(alice), logged_in(alice), logged_in(bob)
    _token, secret = tokens.create_token(user=alice, name="phone")
    _bobs_token, bobs_secret = tokens.create_token(user=bob, name="phone")
    response = here.post("/settings/sign-out-everywhere/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "You are signed out on every device" in text(response)
    assert not signed_in(here)
    assert not signed_in(elsewhere)
    assert not token_works(secret)
    # Nobody else is touched, and alice can sign in again.
    assert signed_in(bobs) and token_works(bobs_secret)
    again = Client()
    assert (
        again.post("/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code
        == 302
    )
    assert signed_in(again)


def test_sessions_open_before_the_epoch_existed_go_on(alice: User) -> None:
    # Epoch 0 hashes as Django does: deploying this signs nobody out.
    from django.contrib.auth.base_user import AbstractBaseUser

    assert alice.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(alice)


# Idle timeout


def test_a_clinician_idle_for_12_hours_and_a_minute_is_sent_to_log_in(clinician: User) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = logged_in(clinician)
        assert signed_in(client)
        clock.shift(timedelta(hours=12, minutes=1))
        response = client.get("/settings/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_a_clinician_active_every_hour_stays_signed_in(clinician: User) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = logged_in(clinician)
        for _hour in range(30):
            clock.shift(timedelta(hours=1))
            assert signed_in(client)


def test_a_patient_idle_for_13_days_stays_signed_in_but_not_for_14(alice: User) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = logged_in(alice)
        clock.shift(timedelta(days=13))
        assert signed_in(client)
        clock.shift(timedelta(days=14, minutes=1))
        assert not signed_in(client)


def test_the_idle_limits_are_settings(alice: User, settings: Any) -> None:
    settings.SESSION_IDLE_PATIENT_DAYS = 2
    with time_machine.travel(START, tick=False) as clock:
        client = logged_in(alice)
        clock.shift(timedelta(days=2, minutes=1))
        assert not signed_in(client)


def test_the_session_is_not_written_on_every_request(alice: User) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = logged_in(alice)

        def expires() -> datetime:
            return Session.objects.get(session_key=client.session.session_key).expire_date

        at_log_in = expires()
        assert at_log_in == START + timedelta(days=14)
        clock.shift(timedelta(minutes=4))
        assert signed_in(client) and expires() == at_log_in
        clock.shift(timedelta(minutes=2))
        assert signed_in(client) and expires() == START + timedelta(days=14, minutes=6)


# The command


def test_the_api_token_command_prints_a_new_named_token_each_time(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    with time_machine.travel(START, tick=False):
        call_command("api_token", "alice", "--name", "backup", "--days", "3")
        first = capsys.readouterr().out.strip()
        call_command("api_token", "alice")
        second = capsys.readouterr().out.strip()
        assert first != second and token_works(first) and token_works(second)
        assert list(ApiToken.objects.values_list("name", "expiry")) == [
            ("API token", START + timedelta(days=30)),
            ("backup", START + timedelta(days=3)),
        ]


@pytest.mark.parametrize(
    ("args", "message"), [(["nobody"], "No user"), (["alice", "--days", "0"], "--days")]
)
def test_the_api_token_command_refuses_bad_input(
    alice: User, args: list[str], message: str
) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("api_token", *args)
    assert not ApiToken.objects.exists()


def test_a_new_token_clears_the_users_expired_ones(db: None) -> None:
    carol = make_user("carol", "patient")
    with time_machine.travel(START, tick=False) as clock:
        tokens.create_token(user=carol, name="old")
        clock.shift(timedelta(days=31))
        tokens.create_token(user=carol, name="new")
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["new"]

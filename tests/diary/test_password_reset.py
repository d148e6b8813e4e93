"""Password reset by e-mail in the app's own pages (Django's auth views): only to a confirmed
address, the same page whether or not an account has the address, with the "login" limit."""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from diary import tokens
from diary.models import User
from tests.helpers import PASSWORD, logged_in, text

NEW_PASSWORD = "fresh-legs-at-night-7"
LIMIT = 3


@pytest.fixture
def confirmed_alice(alice: User) -> User:
    alice.email = "alice@example.org"
    alice.save()
    return alice


def ask_for_reset(client: Client, address: str) -> Any:
    return client.post("/accounts/password_reset/", {"email": address}, follow=True)


def reset_link(message: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/reset/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def visible(response: Any) -> str:
    # The page without its CSRF token, which differs on every answer.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text(response))


def test_the_log_in_page_links_to_the_reset(client: Client, db: None) -> None:
    assert 'href="/accounts/password_reset/">Forgot your password?' in text(
        client.get("/accounts/login/")
    )


def test_the_reset_pages_are_the_apps_own_not_the_admins(client: Client, db: None) -> None:
    page = text(client.get("/accounts/password_reset/"))

    assert "Reset your password" in page
    assert 'href="/static/css/app.css"' in page
    assert "admin/css" not in page  # the admin's look, as before issue 16


def test_a_confirmed_address_gets_a_link_that_sets_a_new_password(
    client: Client, confirmed_alice: User
) -> None:
    ask_for_reset(client, "Alice@Example.org")

    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "alice" in message.body
    form = client.get(reset_link(message), follow=True)
    assert "Set a new password" in text(form)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Password set" in text(done)
    confirmed_alice.refresh_from_db()
    assert confirmed_alice.check_password(NEW_PASSWORD)


def test_unknown_unconfirmed_and_confirmed_addresses_get_the_same_page(
    confirmed_alice: User, bob: User
) -> None:
    bob.email_unconfirmed = "bob@example.org"
    bob.save()

    pages = [
        ask_for_reset(Client(), address)
        for address in ("nobody@example.org", "bob@example.org", "alice@example.org")
    ]

    assert [p.redirect_chain for p in pages] == [[("/accounts/password_reset/done/", 302)]] * 3
    assert visible(pages[0]) == visible(pages[1]) == visible(pages[2])
    # Only the confirmed one was sent anything.
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_an_unconfirmed_address_gets_no_reset(client: Client, alice: User) -> None:
    alice.email_unconfirmed = "alice@example.org"
    alice.save()

    ask_for_reset(client, "alice@example.org")

    assert mail.outbox == []


def test_the_link_works_once(client: Client, confirmed_alice: User) -> None:
    ask_for_reset(client, "alice@example.org")
    link = reset_link(mail.outbox[0])
    form = client.get(link, follow=True)
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    client.post(form.redirect_chain[-1][0], data)

    again = Client().get(link, follow=True)

    assert "This link has been used already or has expired." in text(again)


def test_a_reset_ends_every_session_and_api_token(client: Client, confirmed_alice: User) -> None:
    elsewhere = logged_in(confirmed_alice)
    _token, secret = tokens.create_token(user=confirmed_alice, name="phone")
    ask_for_reset(client, "alice@example.org")
    form = client.get(reset_link(mail.outbox[0]), follow=True)

    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert elsewhere.get("/settings/").status_code == 302
    api = Client(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/profile/").status_code == 401
    # Nor is the person signed in by the reset: they log in with the new password.
    assert client.get("/settings/").status_code == 302
    log_in = Client().post("/accounts/login/", {"username": "alice", "password": NEW_PASSWORD})
    assert log_in.status_code == 302


def test_an_inactive_account_gets_no_reset(client: Client, confirmed_alice: User) -> None:
    confirmed_alice.is_active = False
    confirmed_alice.save()

    ask_for_reset(client, "alice@example.org")

    assert mail.outbox == []


@pytest.fixture
def login_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from diary.limits import LoginRateThrottle

    monkeypatch.setattr(LoginRateThrottle, "THROTTLE_RATES", {"login": f"{LIMIT}/min"})


@pytest.mark.usefixtures("login_limit")
def test_reset_requests_count_against_the_login_limit(confirmed_alice: User) -> None:
    client = Client()
    for _ in range(LIMIT):
        assert (
            client.post("/accounts/password_reset/", {"email": "x@example.org"}).status_code == 302
        )

    response = client.post("/accounts/password_reset/", {"email": "alice@example.org"})

    assert response.status_code == 429
    assert "Too many attempts" in text(response)
    assert mail.outbox == []


@pytest.mark.usefixtures("login_limit")
def test_log_ins_and_reset_requests_share_one_count(confirmed_alice: User) -> None:
    client = Client()
    for _ in range(LIMIT):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"})

    assert (
        client.post("/accounts/password_reset/", {"email": "alice@example.org"}).status_code == 429
    )


def test_the_new_password_must_pass_the_validators(client: Client, confirmed_alice: User) -> None:
    ask_for_reset(client, "alice@example.org")
    form = client.get(reset_link(mail.outbox[0]), follow=True)

    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )

    assert response.status_code == 200
    confirmed_alice.refresh_from_db()
    assert confirmed_alice.check_password(PASSWORD)


def test_a_reset_lifts_the_lock_that_guessing_put_on_the_username_from_here(
    client: Client, confirmed_alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.conf import settings

    from diary.limits import LoginRateThrottle

    monkeypatch.setattr(LoginRateThrottle, "THROTTLE_RATES", {"login": "100/min"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "alice", "password": "forgotten"})
    ask_for_reset(client, "alice@example.org")
    form = client.get(reset_link(mail.outbox[0]), follow=True)

    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    log_in = client.post("/accounts/login/", {"username": "alice", "password": NEW_PASSWORD})
    assert log_in.status_code == 302

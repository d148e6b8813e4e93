"""The password change asks for the old password: guessing it is held back as guessing at the
log-in is (issue 12 review): the "login" limit per address, and django-axes per username and
address."""

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from diary.models import User
from tests.helpers import PASSWORD, logged_in

LIMIT = 3
NEW = "brand-new-night-99"


@pytest.fixture
def login_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from diary.limits import LoginRateThrottle

    monkeypatch.setattr(LoginRateThrottle, "THROTTLE_RATES", {"login": f"{LIMIT}/min"})


def change(client: Client, old: str) -> Any:
    data = {"old_password": old, "new_password1": NEW, "new_password2": NEW}
    return client.post("/accounts/password_change/", data)


@pytest.mark.usefixtures("login_limit")
def test_the_password_change_answers_429_past_the_login_limit(alice: User) -> None:
    client = logged_in(alice)
    for _ in range(LIMIT):
        assert change(client, "wrong").status_code == 200
    assert change(client, PASSWORD).status_code == 429
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_wrong_old_passwords_lock_the_username_from_that_address(alice: User) -> None:
    client = logged_in(alice)
    responses = [change(client, "wrong") for _ in range(django_settings.AXES_FAILURE_LIMIT)]
    assert "not your password" in responses[0].content.decode()
    assert responses[-1].status_code == 429
    # Locked: the right old password changes nothing, and the log-in refuses it too.
    assert "Too many wrong passwords" in change(client, PASSWORD).content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    refused = Client().post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert refused.status_code == 429


def test_the_right_old_password_still_changes_it(alice: User) -> None:
    client = logged_in(alice)
    assert change(client, PASSWORD)["Location"] == "/accounts/password_change/done/"
    alice.refresh_from_db()
    assert alice.check_password(NEW)


def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None) -> None:
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

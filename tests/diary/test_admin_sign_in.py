"""The admin's log-in is the site's own (issue 12 review): the "login" limit, django-axes and
the two-factor code step hold at /admin/login/, and a staff account with two-factor on needs a
session signed in with a code."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from diary.models import User
from diary.sessions import idle_limit
from tests.helpers import PASSWORD, logged_in
from tests.two_factor_helpers import app_code, frozen, turn_on

LIMIT = 3


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with frozen() as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def login_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from diary.limits import LoginRateThrottle

    monkeypatch.setattr(LoginRateThrottle, "THROTTLE_RATES", {"login": f"{LIMIT}/min"})


@pytest.fixture
def root(db: None) -> User:
    return User.objects.create_superuser("root", "root@example.org", PASSWORD)


def admin_log_in(client: Client, password: str = PASSWORD) -> Any:
    data = {"username": "root", "password": password}
    return client.post("/admin/login/?next=/admin/", data)


def test_a_staff_user_without_two_factor_signs_in_to_the_admin(root: User) -> None:
    client = Client()
    response = admin_log_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_staff_user_with_two_factor_cannot_reach_the_admin_with_the_password_alone(
    root: User, clock: time_machine.Traveller
) -> None:
    device, _codes = turn_on(root)
    clock.shift(30)
    client = Client()
    step = admin_log_in(client)
    assert step.status_code == 200
    assert step.context["code_step"]
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    # A session signed in some other way without a code (e.g. before it was turned on).
    assert logged_in(root).get("/admin/").status_code == 302

    done = client.post("/admin/login/?next=/admin/", {"otp_token": app_code(device)})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_log_in_answers_429_past_the_login_limit(root: User) -> None:
    for _ in range(LIMIT):
        admin_log_in(Client(), password="wrong")
    response = admin_log_in(Client())
    assert response.status_code == 429
    assert "_auth_user_id" not in Client().session


def test_the_admin_log_in_shares_the_count_with_the_site_log_in(root: User) -> None:
    for _ in range(LIMIT):
        Client().post("/accounts/login/", {"username": "root", "password": "wrong"})
    assert admin_log_in(Client()).status_code == 429


def test_a_staff_session_gets_the_clinicians_idle_limit(root: User) -> None:
    assert idle_limit(root) == timedelta(hours=12)

"""While Redis is down (CACHE_URL=redis://...): pages are rendered without the cache, the
log-in limit refuses what it cannot count, and the API's other limits let requests through
(README, "Scaling out")."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from diary.models import Night, User
from rlsdiary.settings import env_caches
from tests.gunicorn import free_port
from tests.helpers import PASSWORD, text, token_client


@pytest.fixture
def redis_down(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    # A port that nothing listens on: every cache call is refused.
    monkeypatch.setenv("CACHE_URL", f"redis://127.0.0.1:{free_port()}/0")
    settings.CACHES = env_caches("CACHE_URL")


def test_the_trends_page_is_drawn_without_the_cache_while_redis_is_down(
    alice: User, alice_client: Client, make_night: Callable[..., Night], redis_down: None
) -> None:
    for days in range(1, 4):
        make_night(alice, alice.today() - timedelta(days=days))
    response = alice_client.get("/trends/")
    assert response.status_code == 200
    assert text(response).count("<svg") == 3


def test_the_log_in_limit_refuses_attempts_it_cannot_count(
    alice: User, client: Client, redis_down: None
) -> None:
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    # The limit's whole minute: nobody can say how long an outage lasts.
    assert response["Retry-After"] == "60"
    api = APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD})
    assert api.status_code == 429


def test_the_api_s_other_limits_let_requests_through_while_they_cannot_count(
    alice: User, redis_down: None
) -> None:
    assert token_client(alice).get("/api/v1/nights/").status_code == 200

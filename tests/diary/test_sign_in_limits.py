"""Sign-in limits (issue 12): one client address, decided in one place; the "login" rate on the
web log-in, the token endpoint and share codes; django-axes locking a username from one address
only; over-long usernames an ordinary failed log-in (issue 13)."""

from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from diary.client import client_address
from diary.models import Share, User
from tests.helpers import PASSWORD, logged_in

LIMIT = 3
STRANGER = "198.51.100.7"
ELSEWHERE = "203.0.113.9"

Post = Callable[..., Any]


@pytest.fixture(autouse=True)
def login_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from diary.limits import LoginRateThrottle

    # DRF reads the rates once at import; the class attribute is what a request consults.
    monkeypatch.setattr(LoginRateThrottle, "THROTTLE_RATES", {"login": f"{LIMIT}/min"})


def token_post(username: str, password: str, **headers: Any) -> Any:
    body = {"username": username, "password": password}
    return APIClient().post("/api/v1/auth/token/", body, format="json", **headers)


def web_post(username: str, password: str, **headers: Any) -> Any:
    body = {"username": username, "password": password}
    return Client().post("/accounts/login/", body, **headers)


SIGN_INS = pytest.mark.parametrize("post", [token_post, web_post], ids=["token", "web"])


def signed_in(response: Any) -> bool:
    """A token from the API, or the web log-in's redirect to the home page."""
    if response.status_code == 302:
        return bool(response["Location"] == "/")
    is_json = response.get("Content-Type", "").startswith("application/json")
    return response.status_code == 200 and is_json and "token" in response.json()


@SIGN_INS
def test_a_spoofed_forwarded_for_neither_resets_nor_dodges_the_limit(
    post: Post, alice: User
) -> None:
    for attempt in range(LIMIT):
        post("alice", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")
    response = post("alice", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429
    assert not signed_in(response)


@SIGN_INS
def test_the_limit_counts_per_address_across_usernames(post: Post, alice: User, bob: User) -> None:
    for username in ("alice", "bob", "nobody")[:LIMIT]:
        post(username, "wrong")
    assert post("bob", PASSWORD).status_code == 429
    # Another address has its own count.
    assert signed_in(post("bob", PASSWORD, REMOTE_ADDR=ELSEWHERE))


def test_the_web_log_in_and_the_token_endpoint_share_one_count(alice: User) -> None:
    for _ in range(LIMIT):
        web_post("alice", "wrong")
    assert token_post("alice", PASSWORD).status_code == 429


def test_the_web_log_in_answers_429_with_a_page_to_wait_and_nothing_else_happens(
    alice: User,
) -> None:
    client = Client()
    for _ in range(LIMIT):
        response = client.post("/accounts/login/", {"username": "alice", "password": "x"})
        assert response.status_code == 200  # the form again, with its message
    failures = AccessAttempt.objects.get(username="alice").failures_since_start
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert response.templates[0].name == "registration/too_many_attempts.html"
    assert "Please wait 60 seconds, then try again." in response.content.decode()
    assert response["Retry-After"] == "60"
    assert "_auth_user_id" not in client.session
    # Not even counted as a failed log-in: the form was never looked at.
    assert AccessAttempt.objects.get(username="alice").failures_since_start == failures
    # Reading the page is not an attempt.
    assert client.get("/accounts/login/").status_code == 200


def test_the_web_redeem_form_answers_429_after_the_limit_and_redeems_nothing(
    alice: User, clinician: User
) -> None:
    client = logged_in(clinician)
    for _ in range(LIMIT):
        assert client.post("/clinician/redeem/", {"code": "AAAA-BBBB-CCCC"}).status_code == 400
    pending, code = Share.create_for(alice)
    response = client.post("/clinician/redeem/", {"code": code})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending"
    # The form itself still opens.
    assert client.get("/clinician/redeem/").status_code == 200


def test_the_api_redeem_counts_against_the_same_limit(alice: User, clinician: User) -> None:
    from tests.helpers import token_client

    api = token_client(clinician)
    for _ in range(LIMIT):
        api.post("/api/v1/shares/redeem/", {"code": "AAAA-BBBB-CCCC"}, format="json")
    _pending, code = Share.create_for(alice)
    response = api.post("/api/v1/shares/redeem/", {"code": code}, format="json")
    assert response.status_code == 429
    assert not Share.objects.active().exists()


@SIGN_INS
def test_behind_one_trusted_proxy_the_address_the_proxy_saw_is_counted(
    post: Post, alice: User, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(LIMIT):
        # The client wrote the first entry; the proxy appended the address it saw.
        post("alice", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}, {STRANGER}")
    assert post("alice", "x", HTTP_X_FORWARDED_FOR=f"10.9.9.9, {STRANGER}").status_code == 429
    # Every request reaches the app from the proxy (REMOTE_ADDR 127.0.0.1), yet another
    # client behind it is not limited by the stranger's attempts.
    assert signed_in(post("alice", PASSWORD, HTTP_X_FORWARDED_FOR=ELSEWHERE))
    # django-axes recorded the stranger's address, not the proxy's or a made-up one.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "address"),
    [
        (0, None, "127.0.0.1"),
        (0, "10.1.1.1", "127.0.0.1"),
        (1, None, "127.0.0.1"),
        (1, "", "127.0.0.1"),
        (1, "10.1.1.1", "10.1.1.1"),
        (1, "10.1.1.1,  198.51.100.7 ", "198.51.100.7"),
        (2, "10.1.1.1, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        (2, "198.51.100.7", "127.0.0.1"),  # shorter than the proxies configured
        (1, "10.1.1.1, not-an-address", "127.0.0.1"),
        (1, "10.1.1.1, 198.51.100.7:443", "127.0.0.1"),
        (1, "10.1.1.1,", "127.0.0.1"),
    ],
)
def test_the_client_address_is_decided_in_one_place(
    settings: Any, proxies: int, forwarded_for: str | None, address: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    headers: dict[str, Any] = {}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    assert client_address(RequestFactory().get("/", **headers)) == address


@SIGN_INS
def test_a_locked_username_is_locked_from_that_address_only(
    post: Post, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diary.limits import LoginRateThrottle

    # Here only django-axes limits: the rate limit is raised out of the way.
    monkeypatch.setattr(LoginRateThrottle, "THROTTLE_RATES", {"login": "100/min"})
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        post("alice", "wrong", REMOTE_ADDR=STRANGER)
    refused = post("alice", PASSWORD, REMOTE_ADDR=STRANGER)
    assert refused.status_code in (400, 429)
    assert "Too many failed log-ins" in refused.content.decode()
    # Alice, from her own address, is not locked out by the stranger.
    assert signed_in(post("alice", PASSWORD, REMOTE_ADDR=ELSEWHERE))


@SIGN_INS
@pytest.mark.parametrize("length", [151, 256, 1000])
def test_an_over_long_username_is_an_ordinary_failed_log_in(
    post: Post, db: None, length: int
) -> None:
    response = post("u" * length, "wrong")
    if post is token_post:
        assert response.status_code == 400
        assert list(response.json()) == ["username"]
    else:
        assert response.status_code == 200  # Django's log-in page shows the form again
        assert "username" in response.context["form"].errors
    assert not AccessAttempt.objects.exists()


@SIGN_INS
def test_an_ipv6_client_cannot_dodge_the_limit_by_moving_within_its_64(
    post: Post, alice: User
) -> None:
    for host in range(LIMIT):
        post("alice", "wrong", REMOTE_ADDR=f"2001:db8:1:2::{host + 1}")
    refused = post("alice", PASSWORD, REMOTE_ADDR="2001:db8:1:2:ffff:ffff:ffff:ffff")
    assert refused.status_code == 429
    # The next /64 is another client.
    assert signed_in(post("alice", PASSWORD, REMOTE_ADDR="2001:db8:1:3::1"))


def test_an_ipv4_client_is_still_counted_per_address(alice: User) -> None:
    for _ in range(LIMIT):
        web_post("alice", "wrong", REMOTE_ADDR="192.0.2.1")
    assert signed_in(web_post("alice", PASSWORD, REMOTE_ADDR="192.0.2.2"))

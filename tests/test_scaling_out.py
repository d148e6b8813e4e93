"""Two app servers behind one address, as README "Scaling out" describes: two gunicorn
instances on different ports share one database and one Redis (scripts/redis.sh), and what one
of them writes, the other serves at once (issue 14).

The database is the PostgreSQL test database when the suite runs on PostgreSQL, otherwise one
SQLite file both servers open. Requests say where they come from in X-Forwarded-For, as a proxy
in front of the servers would (TRUSTED_PROXY_COUNT=1), so that each part counts its own limits.
"""

import http.cookiejar
import json
import os
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import redis
from django.db import connection

from tests.factories import night_json
from tests.gunicorn import ROOT, free_port, gunicorn, manage, migrate, session_database_url
from tests.helpers import PASSWORD
from tests.test_gunicorn_workers import at_once

LOGIN_LIMIT = 6
AXES_LIMIT = 3


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis server of this module's own, started and stopped by scripts/redis.sh."""
    if shutil.which("redis-server") is None and os.geteuid() != 0:
        pytest.skip("redis-server is not installed (apt-get install redis-server, as root)")
    script = str(ROOT / "scripts" / "redis.sh")
    env = {
        **os.environ,
        "REDIS_PORT": str(free_port()),
        "REDIS_DIR": str(tmp_path_factory.mktemp("redis")),
    }
    started = subprocess.run(
        [script, "start"], env=env, capture_output=True, text=True, timeout=600
    )
    assert started.returncode == 0, started.stderr
    try:
        yield started.stdout.strip().removeprefix("CACHE_URL=")
    finally:
        subprocess.run([script, "stop"], env=env, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def database(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str | Path]:
    if connection.vendor != "postgresql":
        yield migrate(tmp_path_factory.mktemp("shared"))
        return
    # The servers share this session's test database; emptied after the module's tests, as
    # transactional_db would, for the tests after them.
    url = session_database_url()
    try:
        yield url
    finally:
        with django_db_blocker.unblock():
            manage(url, "flush", "--no-input")


class Deployment(NamedTuple):
    a: str
    b: str
    redis: redis.Redis
    ids: dict[str, int]  # the accounts' ids by username


@pytest.fixture(scope="module")
def deployment(database: str | Path, redis_url: str) -> Iterator[Deployment]:
    """Servers A and B, two workers of four threads each, before one database and one Redis."""
    ids = json.loads(manage(database, "shell", "-v", "0", "-c", ACCOUNTS))
    settings = {
        "CACHE_URL": redis_url,
        "TRUSTED_PROXY_COUNT": "1",
        "THROTTLE_LOGIN": f"{LOGIN_LIMIT}/min",
        "AXES_FAILURE_LIMIT": str(AXES_LIMIT),
    }
    with ExitStack() as stack:
        options = ("--workers", "2", "--threads", "4")
        a = stack.enter_context(gunicorn(database, *options, **settings))
        b = stack.enter_context(gunicorn(database, *options, **settings))
        yield Deployment(a, b, redis.Redis.from_url(redis_url), ids)


class Visitor:
    """One client with its own cookies, coming from its own address through the proxy."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def open(
        self, url: str, *, form: dict[str, str] | None = None, json_body: Any = None, **kw: Any
    ) -> tuple[int, str]:
        headers = {"X-Forwarded-For": self.address, **kw.pop("headers", {})}
        data = None
        if form is not None:
            # Django's CSRF check: the cookie's token, sent back in the form.
            token = next(c.value for c in self.cookies if c.name == "csrftoken")
            data = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": token}).encode()
        elif json_body is not None:
            data = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, **kw)
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, server: str, username: str, password: str = PASSWORD) -> tuple[int, str]:
        self.open(f"{server}/accounts/login/")  # the CSRF cookie
        form = {"username": username, "password": password}
        return self.open(f"{server}/accounts/login/", form=form)

    def api(self, url: str, token: str, body: Any = None, method: str = "GET") -> tuple[int, Any]:
        headers = {"Authorization": f"Token {token}"}
        status, text = self.open(url, json_body=body, headers=headers, method=method)
        return status, json.loads(text) if text else None

    def token(self, server: str, username: str) -> str:
        body = {"username": username, "password": PASSWORD}
        status, text = self.open(f"{server}/api/v1/auth/token/", json_body=body)
        assert status == 200, text
        return str(json.loads(text)["token"])


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None  # the 302 itself is the answer


def test_a_night_saved_through_one_server_shows_on_the_trends_page_of_the_other(
    deployment: Deployment,
) -> None:
    a, b = deployment.a, deployment.b
    alice = Visitor("198.51.100.1")
    assert alice.log_in(a, "alice")[0] == 302
    # The session made by A is good on B: sessions live in the database.
    status, page = alice.open(f"{b}/trends/")
    assert status == 200
    assert "Not enough data yet" in page
    night = (date.today() - timedelta(days=2)).isoformat()
    token = alice.token(a, "alice")
    assert alice.api(f"{a}/api/v1/nights/", token, night_json(night=night), "POST")[0] == 201
    status, page = alice.open(f"{b}/trends/")
    assert status == 200
    assert page.count("<svg") == 3
    # Both versions of her page are in Redis, under the chart cache's own prefix.
    pattern = f"rlsdiary_cache:1:trends-v13:{deployment.ids['alice']}:*"
    keys = list(deployment.redis.scan_iter(match=pattern))
    assert len(keys) == 2, keys


def test_a_share_revoked_through_one_server_is_a_404_through_the_other(
    deployment: Deployment,
) -> None:
    a, b = deployment.a, deployment.b
    bob, carol = Visitor("198.51.100.2"), Visitor("198.51.100.3")
    patient = bob.token(a, "bob")
    clinician = carol.token(b, "dr_carol")
    code = bob.api(f"{a}/api/v1/shares/", patient, method="POST")[1]["code"]
    assert carol.api(f"{b}/api/v1/shares/redeem/", clinician, {"code": code}, "POST")[0] == 201
    nights = f"{b}/api/v1/patients/{deployment.ids['bob']}/nights/"
    review = f"{b}/clinician/patients/{deployment.ids['bob']}/"
    assert carol.log_in(b, "dr_carol")[0] == 302
    assert carol.api(nights, clinician)[0] == 200
    assert carol.open(review)[0] == 200
    (share,) = bob.api(f"{a}/api/v1/shares/", patient)[1]["results"]
    assert bob.api(f"{a}/api/v1/shares/{share['id']}/", patient, method="DELETE")[0] == 204
    assert carol.api(nights, clinician)[0] == 404
    assert carol.open(review)[0] == 404


def test_the_log_in_limit_counts_the_attempts_on_both_servers_together(
    deployment: Deployment,
) -> None:
    guesser = Visitor("203.0.113.9")

    def attempt(index: int) -> int:
        server = (deployment.a, deployment.b)[index % 2]  # A, B, A, B, ...
        # A new username each time: django-axes, which counts per username, stays out of it.
        body = {"username": f"guess{index}", "password": "wrong"}
        return guesser.open(f"{server}/api/v1/auth/token/", json_body=body)[0]

    statuses = [attempt(index) for index in range(LOGIN_LIMIT + 2)]
    # Counted per server, each would have looked at all of its four attempts.
    assert statuses == [400] * LOGIN_LIMIT + [429, 429]
    assert deployment.redis.exists("rlsdiary_limits:1:throttle_login_203.0.113.9")


def test_attempts_racing_on_both_servers_get_exactly_the_log_in_limit_through(
    deployment: Deployment,
) -> None:
    guesser = Visitor("203.0.113.11")

    def attempt(index: int) -> int:
        server = (deployment.a, deployment.b)[index % 2]
        body = {"username": f"racer{index}", "password": "wrong"}
        return guesser.open(f"{server}/api/v1/auth/token/", json_body=body)[0]

    # Sixteen threads at once over four workers: Redis's lock on the count lets none of them
    # read a count that another is about to raise.
    statuses = at_once(3 * LOGIN_LIMIT, attempt)
    assert sorted(statuses) == [400] * LOGIN_LIMIT + [429] * (2 * LOGIN_LIMIT)


def test_django_axes_locks_an_account_after_failures_spread_over_both_servers(
    deployment: Deployment,
) -> None:
    a, b = deployment.a, deployment.b
    guesser = Visitor("203.0.113.10")
    assert AXES_LIMIT == 3
    for server in (a, b):
        status, page = guesser.log_in(server, "dave", password="wrong")
        assert status == 200, page  # the form again, with its error
    # The third failure, the second on A: the two servers' failures are counted together (in
    # a database table), so it locks the account, and the right password on B is refused.
    for server, password in ((a, "wrong"), (b, PASSWORD)):
        status, page = guesser.log_in(server, "dave", password=password)
        assert status == 429
        assert "Too many failed log-ins" in page


# Prints the accounts' ids as JSON.
ACCOUNTS = f"""
import json
from diary.models import User
users = [
    User.objects.create_user(name, password={PASSWORD!r}, account_type="patient")
    for name in ("alice", "bob", "dave")
]
users.append(User.objects.create_user(
    "dr_carol", password={PASSWORD!r}, account_type="clinician", clinician_verified=True
))
print(json.dumps({{user.username: user.pk for user in users}}))
"""

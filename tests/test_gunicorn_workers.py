"""Against gunicorn with several worker processes over a SQLite file: the workers count the
log-in limit together (issue 12), and concurrent writers wait for each other instead of
failing with "database is locked" (issue 13)."""

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.factories import night_json
from tests.gunicorn import (
    gunicorn,
    manage,
    migrate,
    migrated_copy,
    request,
    session_database_url,
)
from tests.helpers import PASSWORD

LIMIT = 5
WRITERS = 8
ROUNDS = 3


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrate(tmp_path_factory.mktemp("migrated"))


def at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Runs work(0) ... work(count - 1) on as many threads, released together."""
    start = threading.Barrier(count)

    def released(index: int) -> Any:
        start.wait()
        return work(index)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(released, range(count)))


def fire_log_in_attempts(database: Path | str) -> list[int]:
    """3 x LIMIT token requests at once against gunicorn with two workers of several threads
    each: their statuses. Without a password the requests are quick, so their counts race."""
    options = ("--workers", "2", "--threads", "8")
    with gunicorn(database, *options, THROTTLE_LOGIN=f"{LIMIT}/min") as url:

        def attempt(index: int) -> int:
            return int(request(f"{url}/api/v1/auth/token/", {"username": f"x{index}"})[0])

        return at_once(3 * LIMIT, attempt)


def test_two_workers_together_let_through_exactly_the_log_in_limit(
    template: Path, tmp_path: Path
) -> None:
    statuses = fire_log_in_attempts(migrated_copy(template, tmp_path))
    # A missing password is a 400: exactly LIMIT attempts were looked at, whichever worker
    # took them, racing or not.
    assert sorted(statuses) == [400] * LIMIT + [429] * (2 * LIMIT)


def test_two_workers_on_postgresql_also_let_through_exactly_the_log_in_limit(
    transactional_db: None,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's lock on a count is tried when the suite runs on PostgreSQL")
    # The workers share this session's test database, which is emptied after the test.
    statuses = fire_log_in_attempts(session_database_url())
    assert sorted(statuses) == [400] * LIMIT + [429] * (2 * LIMIT)


def test_concurrent_writers_on_sqlite_wait_for_each_other_and_never_get_a_500(
    template: Path, tmp_path: Path
) -> None:
    database = migrated_copy(template, tmp_path)
    manage(database, "shell", "-v", "0", "-c", ACCOUNTS)
    unlimited = {"THROTTLE_LOGIN": "100000/min", "THROTTLE_USER": "100000/min"}
    with gunicorn(database, "--workers", "2", "--threads", str(WRITERS), **unlimited) as url:

        def token(username: str) -> str:
            body = {"username": username, "password": PASSWORD}
            status, answer = request(f"{url}/api/v1/auth/token/", body)
            assert status == 200, answer
            return str(answer["token"])

        clinician, patient = token("dr_busy"), token("patient")
        for round_ in range(ROUNDS):
            codes = [
                request(f"{url}/api/v1/shares/", token=patient, method="POST")[1]["code"]
                for _ in range(WRITERS)
            ]
            first = date(2025, 1, 1) + timedelta(days=WRITERS * round_)
            write = partial(one_write, url, clinician, patient, codes, first)
            results = at_once(2 * WRITERS, write)
            errors = [(kind, status, body) for kind, status, body in results if status >= 500]
            assert not errors, json.dumps(errors, default=str)[:2000]
            redeemed = sorted(status for kind, status, _ in results if kind == "redeem")
            # One code gives access; the others are refused as a share the clinician has.
            assert redeemed == [201] + [400] * (WRITERS - 1)
            assert [status for kind, status, _ in results if kind == "night"] == [201] * WRITERS
            # The patient ends the share, so that the next round's codes can be redeemed.
            shares = request(f"{url}/api/v1/shares/", token=patient)[1]["results"]
            (active,) = [share["id"] for share in shares if share["status"] == "active"]
            revoked, _ = request(f"{url}/api/v1/shares/{active}/", token=patient, method="DELETE")
            assert revoked == 204
        nights = request(f"{url}/api/v1/nights/", token=patient)[1]
        assert nights["count"] == ROUNDS * WRITERS


def one_write(
    url: str, clinician: str, patient: str, codes: list[str], first: date, index: int
) -> tuple[str, int, Any]:
    """Half the writers redeem the patient's codes, the other half log her nights."""
    if index < WRITERS:
        return (
            "redeem",
            *request(f"{url}/api/v1/shares/redeem/", {"code": codes[index]}, clinician),
        )
    night = night_json(night=first + timedelta(days=index - WRITERS))
    return ("night", *request(f"{url}/api/v1/nights/", night, patient))


ACCOUNTS = f"""
from diary.models import User
User.objects.create_user(
    "dr_busy", password={PASSWORD!r}, account_type="clinician", clinician_verified=True
)
User.objects.create_user("patient", password={PASSWORD!r}, account_type="patient")
"""

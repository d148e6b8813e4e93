"""Two clients PATCH the same night at once from the same ETag, against gunicorn with two
workers over a SQLite file (issue 13: no lost updates): exactly one change is made (200), the
other is refused (412), and the stored night is the one that won."""

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.gunicorn import gunicorn, manage, migrate, migrated_copy, request
from tests.helpers import PASSWORD

ROUNDS = 5
NIGHT = "/api/v1/nights/2026-11-20/"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrate(tmp_path_factory.mktemp("migrated"))


def call(
    url: str, token: str, *, notes: str | None = None, if_match: str | None = None
) -> tuple[int, str, Any]:
    """A GET, or with `notes` a PATCH of them: the status, ETag and decoded JSON body."""
    method = "GET" if notes is None else "PATCH"
    data = None if notes is None else json.dumps({"notes": notes}).encode()
    sent = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    if if_match is not None:
        sent["If-Match"] = if_match
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=data, headers=sent, method=method), timeout=30
        ) as answer:
            return answer.status, answer.headers.get("ETag", ""), json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("ETag", ""), json.loads(error.read())


def test_of_two_patches_from_one_etag_at_once_exactly_one_is_made(
    template: Path, tmp_path: Path
) -> None:
    database = migrated_copy(template, tmp_path)
    manage(database, "shell", "-v", "0", "-c", PATIENT_WITH_A_NIGHT)
    with gunicorn(database, "--workers", "2", "--threads", "4") as url:
        body = {"username": "patient", "password": PASSWORD}
        token = str(request(f"{url}/api/v1/auth/token/", body)[1]["token"])
        for round_ in range(ROUNDS):
            status, etag, _ = call(url + NIGHT, token)
            assert status == 200 and etag
            results = race(
                url + NIGHT, token, etag, [f"round {round_}, client {n}" for n in (1, 2)]
            )
            assert sorted(status for status, _ in results) == [200, 412], results
            (won,) = [notes for status, notes in results if status == 200]
            assert call(url + NIGHT, token)[2]["notes"] == won


def race(url: str, token: str, etag: str, notes: list[str]) -> list[tuple[int, str]]:
    """One PATCH of each of `notes` from the same ETag, on as many threads released together:
    each one's status and notes."""
    start = threading.Barrier(len(notes))

    def patch(text: str) -> tuple[int, str]:
        start.wait()
        return call(url, token, notes=text, if_match=etag)[0], text

    with ThreadPoolExecutor(len(notes)) as pool:
        return list(pool.map(patch, notes))


PATIENT_WITH_A_NIGHT = f"""
from tests.factories import make_night
from diary.models import User
patient = User.objects.create_user("patient", password={PASSWORD!r}, account_type="patient")
make_night(patient, "2026-11-20")
"""

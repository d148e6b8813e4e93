"""/healthz, the load balancer's probe: ok only when the database answers and every migration
is applied; open to anyone, never throttled, and it sets no cookie."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def test_it_answers_ok_to_anyone_and_sets_no_cookie(db: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_it_is_never_throttled(db: None) -> None:
    client = Client()
    # More than the anonymous API allowance of 60 a minute.
    assert {client.get("/healthz").status_code for _ in range(70)} == {200}


def test_it_answers_over_plain_http_when_https_is_enforced(db: None, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/accounts/login/").status_code == 301


@pytest.mark.django_db(transaction=True)
def test_it_answers_503_while_a_migration_is_not_applied() -> None:
    client = Client()
    assert client.get("/healthz").status_code == 200  # and remembered as applied
    # Django's own sessions app: its migration undoes cleanly whatever the diary's migrations
    # become, and the probe must not need the table.
    call_command("migrate", "sessions", "zero", verbosity=0)
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "migrations not applied"}
    finally:
        call_command("migrate", verbosity=0)
    assert client.get("/healthz").json() == {"status": "ok"}


PROBE = """
import django
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(response.status_code, response.content.decode())
"""


def test_it_answers_503_when_the_database_cannot_be_reached(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rlsdiary.settings",
        "ALLOWED_HOSTS": "testserver",
        # SQLite cannot open a file in a folder that does not exist.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'missing' / 'diary.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    status, body = result.stdout.strip().split(" ", 1)
    assert (status, json.loads(body)) == ("503", {"status": "database unavailable"})
    assert "missing" not in result.stderr  # the log names no path, host or user

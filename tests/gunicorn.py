"""The app as production runs it: gunicorn with several workers on 127.0.0.1, for the tests that
need real processes (shared counts, concurrent writers). A database is a SQLite file of the
test's own, or a DATABASE_URL (the test database of a PostgreSQL run)."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]


def server_env(database: Path | str, **extra: str) -> dict[str, str]:
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    # gunicorn reads the project's gunicorn.conf.py from ROOT; its access log would fill the
    # stderr pipe that is read only when a server fails.
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "LOG_LEVEL": "ERROR",
        "GUNICORN_ACCESS_LOG": "off",
        **extra,
    }
    env.pop("DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for the browser tests
    return env


def manage(database: Path | str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=server_env(database),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def migrated_copy(template: Path, folder: Path) -> Path:
    """A fresh database for one server, copied from one migrated by `manage.py migrate`."""
    database = folder / "db.sqlite3"
    shutil.copyfile(template, database)
    return database


def migrate(folder: Path) -> Path:
    database = folder / "template.sqlite3"
    # `migrate` alone also makes the cache tables (diary.apps): no other set-up step.
    # Its last connection closes when the command ends, which folds the write-ahead log back
    # into the file: a plain copy is then a whole database.
    manage(database, "migrate", "--no-input", "-v", "0")
    return database


def session_database_url() -> str:
    """The URL of the PostgreSQL test database this test session runs on."""
    from django.db import connection

    db = connection.settings_dict
    user, password = quote(db["USER"], safe=""), quote(db["PASSWORD"], safe="")
    return f"postgres://{user}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(database: Path | str, *options: str, **env: str) -> Iterator[str]:
    """Serves the app on a free port of 127.0.0.1 and yields its base URL; stops it after."""
    port = free_port()
    # Preloaded: each worker starts with the app imported, as fast on its first request.
    command = [sys.executable, "-m", "gunicorn", "rlsdiary.wsgi", "--preload", *options]
    server = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=server_env(database, **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if request(f"{url}/accounts/login/")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, server.communicate()[1]
            assert time.monotonic() < deadline, "gunicorn did not answer within 20 s"
            time.sleep(0.1)
        yield url
    finally:
        server.send_signal(signal.SIGINT)  # quick shutdown: nothing is left to finish
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def request(
    url: str, body: dict[str, Any] | None = None, token: str | None = None, method: str = ""
) -> tuple[int, Any]:
    """One request (a POST of JSON when there is a body): the status and the decoded body."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = None if body is None else json.dumps(body).encode()
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=data, headers=headers, method=method or None),
            timeout=30,
        ) as answer:
            return answer.status, _decoded(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, _decoded(error.read())


def _decoded(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")

"""The shipped gunicorn.conf.py (issue 13): gunicorn accepts it, and its defaults and
environment variables are the ones README documents."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.gunicorn import ROOT, server_env


def gunicorn_says(tmp_path: Path, flag: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`gunicorn <flag> rlsdiary.wsgi` run from the project folder, as production runs it."""
    environment = server_env(tmp_path / "db.sqlite3", **env)
    for name in ("GUNICORN_ACCESS_LOG", "GUNICORN_CMD_ARGS"):  # the file's own defaults
        environment.pop(name, None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", flag, "rlsdiary.wsgi"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def printed(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    settings = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition("=")
        settings[name.strip()] = value.strip()
    return settings


def test_gunicorn_check_config_accepts_the_shipped_file(tmp_path: Path) -> None:
    result = gunicorn_says(tmp_path, "--check-config")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_defaults_bind_to_loopback_with_threads_and_a_timeout_for_the_largest_import(
    tmp_path: Path,
) -> None:
    result = gunicorn_says(tmp_path, "--print-config")
    assert result.returncode == 0, result.stderr
    settings = printed(result)
    assert settings["config"] == "./gunicorn.conf.py"
    assert settings["bind"] == "['127.0.0.1:8000']"
    assert 1 <= int(settings["workers"]) <= 8
    assert (settings["threads"], settings["worker_class"]) == ("4", "gthread")
    assert int(settings["timeout"]) >= 300
    assert settings["graceful_timeout"] == settings["timeout"]
    assert settings["accesslog"] == "-"
    # The path without the query string; no request line, referrer or user agent.
    assert "%(U)s" in settings["access_log_format"]
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%(a)s"):
        assert atom not in settings["access_log_format"]


def test_the_environment_changes_each_setting(tmp_path: Path) -> None:
    env = {
        "GUNICORN_BIND": "0.0.0.0:9000",
        "GUNICORN_WORKERS": "3",
        "GUNICORN_THREADS": "1",
        "GUNICORN_TIMEOUT": "600",
        "GUNICORN_ACCESS_LOG": "off",
    }
    settings = printed(gunicorn_says(tmp_path, "--print-config", **env))
    assert settings["bind"] == "['0.0.0.0:9000']"
    assert (settings["workers"], settings["threads"]) == ("3", "1")
    assert settings["worker_class"] == "sync"
    assert (settings["timeout"], settings["graceful_timeout"]) == ("600", "600")
    assert settings["accesslog"] == "None"


@pytest.mark.parametrize(
    ("name", "value"), [("GUNICORN_WORKERS", "two"), ("GUNICORN_TIMEOUT", "0")]
)
def test_a_bad_value_stops_gunicorn_with_its_name(tmp_path: Path, name: str, value: str) -> None:
    result = gunicorn_says(tmp_path, "--check-config", **{name: value})
    assert result.returncode != 0
    assert name in result.stdout + result.stderr

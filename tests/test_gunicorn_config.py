"""The shipped gunicorn.conf.py (issues 13 and 14): gunicorn accepts it, its defaults and
environment variables are the ones README documents, and it preloads the app and draws the
charts once before forking, without touching the database."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from insights.warmup import warm_up
from tests.gunicorn import ROOT, free_port, server_env


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
    assert settings["preload_app"] == "True"
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


def test_preloading_can_be_turned_off(tmp_path: Path) -> None:
    settings = printed(gunicorn_says(tmp_path, "--print-config", GUNICORN_PRELOAD="false"))
    assert settings["preload_app"] == "False"


def test_the_warm_up_draws_every_chart_without_touching_the_database() -> None:
    # No `db` fixture: pytest-django refuses any connection or query here, so one would fail
    # the test (a real server's missing database is tried below).
    drawn = warm_up()

    assert drawn > 3 * 1000  # three charts' SVG


def _worker_once_settled(server: subprocess.Popen[str]) -> int:
    """The first worker's pid, once its CPU time has stopped growing (it is ready)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    deadline = time.monotonic() + 60
    while not children.read_text().split():
        assert server.poll() is None, server.communicate()[1]
        assert time.monotonic() < deadline, "gunicorn started no worker"
        time.sleep(0.05)
    worker = int(children.read_text().split()[0])
    last: list[str] = []
    still = 0
    while still < 5:
        time.sleep(0.1)
        times = Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()[11:13]
        still, last = (still + 1 if times == last else 0), times
        assert time.monotonic() < deadline, "the worker never settled"
    return worker


def _charts_loaded_in_a_new_worker(tmp_path: Path, **env: str) -> bool:
    """Whether gunicorn's first worker has matplotlib's font library loaded before any request.

    The database is a file in a folder that does not exist: anything that opened a connection
    before the first request (the warm-up, say) would fail, and gunicorn with it."""
    environment = server_env(tmp_path / "missing" / "db.sqlite3", **env)
    environment.pop("GUNICORN_CMD_ARGS", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "rlsdiary.wsgi", "--workers", "1",
         "--bind", f"127.0.0.1:{free_port()}", "--log-level", "warning"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        worker = _worker_once_settled(server)
        return "ft2font" in Path(f"/proc/{worker}/maps").read_text()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def test_gunicorn_preloads_and_draws_once_before_forking_without_a_database(
    tmp_path: Path,
) -> None:
    assert _charts_loaded_in_a_new_worker(tmp_path)


def test_workers_without_the_warm_up_leave_the_chart_code_until_a_chart_page(
    tmp_path: Path,
) -> None:
    assert not _charts_loaded_in_a_new_worker(tmp_path, GUNICORN_WARM_UP="false")


@pytest.mark.parametrize(
    ("name", "value"),
    [("GUNICORN_WORKERS", "two"), ("GUNICORN_TIMEOUT", "0"), ("GUNICORN_PRELOAD", "maybe")],
)
def test_a_bad_value_stops_gunicorn_with_its_name(tmp_path: Path, name: str, value: str) -> None:
    result = gunicorn_says(tmp_path, "--check-config", **{name: value})
    assert result.returncode != 0
    assert name in result.stdout + result.stderr

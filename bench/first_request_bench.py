"""The first Trends page a freshly started gunicorn worker serves, with and without warming up.

    .venv/bin/python bench/first_request_bench.py [--runs N] [--code DIR ...]

Makes a throwaway SQLite database with the demo patient (`manage.py seed_demo`: ten months of
nights and treatments) and a signed-in session for them. Then, N times for each
configuration: copies the database (so the page cache is cold), starts real gunicorn from the
project folder with its gunicorn.conf.py (one worker, 127.0.0.1, a free port), waits until the
worker has finished starting (its CPU time has stopped growing), and times GET /trends/ from
sending it to its last byte, besides the worker's CPU time for it (steadier than wall time on
a shared machine) and the ready worker's memory (RSS counts the pages it shares with the
master in full, PSS divides them among the processes sharing them). Configurations: this
checkout as shipped (GUNICORN_PRELOAD and GUNICORN_WARM_UP true), and with both false; each
--code DIR adds another checkout (say main's, in a `git worktree`) run as its own
configuration ships. Target: < 600 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 600.0
TICKS = os.sysconf("SC_CLK_TCK")

SESSION_SCRIPT = """
from django.contrib import auth
from django.contrib.sessions.backends.db import SessionStore
from diary.models import User
patient = User.objects.get(username="demo")
session = SessionStore()
session[auth.SESSION_KEY] = str(patient.pk)
session[auth.BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[auth.HASH_SESSION_KEY] = patient.get_session_auth_hash()
session.create()
print(session.session_key)
"""


@dataclass(frozen=True)
class Run:
    wall_ms: float
    cpu_ms: float
    start_s: float  # from starting gunicorn to its worker being ready
    rss_mb: float  # the ready worker's resident memory, pages shared with the master included
    pss_mb: float  # ...with each shared page divided among the processes sharing it


def _env(database: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "GUNICORN_ACCESS_LOG": "off"}
    for name in ("DEBUG", "GUNICORN_CMD_ARGS", "GUNICORN_PRELOAD", "GUNICORN_WARM_UP"):
        env.pop(name, None)
    return {**env, **extra}


def _manage(code: Path, database: Path, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code,
        env=_env(database),
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime


def _memory_mb(pid: int) -> tuple[float, float]:
    """(Rss, Pss) of a process in MB, from /proc/<pid>/smaps_rollup."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            values[name] = int(rest.split()[0]) / 1024
    return values["Rss"], values["Pss"]


def _ready_worker(master: subprocess.Popen[bytes]) -> int:
    """The worker's pid once it exists and its CPU time has not grown for half a second."""
    deadline = time.monotonic() + 120
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    while not (pids := children.read_text().split()):
        if master.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("gunicorn started no worker")
        time.sleep(0.05)
    worker = int(pids[0])
    last, still = -1, 0
    while still < 5:
        time.sleep(0.1)
        ticks = _cpu_ticks(worker)
        still = still + 1 if ticks == last else 0
        last = ticks
        if time.monotonic() > deadline:
            raise SystemExit("the worker never settled")
    return worker


def _first_request(code: Path, template: Path, session: str, **env: str) -> Run:
    folder = Path(tempfile.mkdtemp(prefix="rlsdiary-first-"))
    database = folder / "db.sqlite3"
    shutil.copyfile(template, database)
    port = _free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "rlsdiary.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--log-level", "warning"],
        cwd=code,
        env=_env(database, **env),
    )  # fmt: skip
    try:
        worker = _ready_worker(server)
        ready = time.perf_counter()
        rss, pss = _memory_mb(worker)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/trends/", headers={"Cookie": f"sessionid={session}"}
        )
        before = _cpu_ticks(worker)
        sent = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
            assert response.status == 200 and b"<svg" in body, response.status
        wall = time.perf_counter() - sent
        cpu = (_cpu_ticks(worker) - before) / TICKS
        return Run(wall * 1000, cpu * 1000, ready - started, rss, pss)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--code", type=Path, action="append", default=[], help="another checkout")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="rlsdiary-first-template-"))
    template = folder / "template.sqlite3"
    try:
        _manage(ROOT, template, "migrate", "--no-input", "-v", "0")
        _manage(ROOT, template, "seed_demo")
        session = _manage(ROOT, template, "shell", "-c", SESSION_SCRIPT).split()[-1]
        off = {"GUNICORN_PRELOAD": "false", "GUNICORN_WARM_UP": "false"}
        configurations: list[tuple[str, Path, dict[str, str]]] = [
            ("this checkout: preload + warm-up", ROOT, {}),
            ("this checkout: neither", ROOT, off),
        ]
        configurations += [(f"{code}: as it ships", code.resolve(), {}) for code in args.code]
        print(f"demo patient, GET /trends/ (12 weeks, cold); median of {args.runs} starts each")
        print(
            f"{'configuration':<44}{'first ms':>10}{'range':>15}{'CPU ms':>8}{'ready s':>9}"
            f"{'RSS MB':>8}{'PSS MB':>8}"
        )
        for name, code, env in configurations:
            # Interleaved would be fairer on a busy machine, but each start costs seconds
            # anyway; every configuration's runs follow each other.
            runs = [_first_request(code, template, session, **env) for _ in range(args.runs)]
            walls = [run.wall_ms for run in runs]
            verdict = "PASS" if statistics.median(walls) < TARGET_MS else "FAIL"
            print(
                f"{name:<44}{statistics.median(walls):>10.0f}"
                f"{f'{min(walls):.0f}-{max(walls):.0f}':>15}"
                f"{statistics.median(run.cpu_ms for run in runs):>8.0f}"
                f"{statistics.median(run.start_s for run in runs):>9.1f}"
                f"{statistics.median(run.rss_mb for run in runs):>8.0f}"
                f"{statistics.median(run.pss_mb for run in runs):>8.0f}"
                f"  target < {TARGET_MS:.0f} ms: {verdict}"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

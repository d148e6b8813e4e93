"""Load: log-in, logging a night, the nights list, Trends, the clinician dashboard and the CSV
export, served by real gunicorn workers to concurrent clients on 127.0.0.1.

    .venv/bin/python bench/load_bench.py [--workers 2] [--patients 50] [--requests N]
        [--max-seconds 60] [--database-url postgres://user:password@127.0.0.1:25432/name]
        [--read-clients 8] [--writers 16] [--access-log FILE]

Builds a throwaway database: a SQLite file in a temporary folder, or, with --database-url (or
DATABASE_URL), a new database created on that PostgreSQL server and dropped afterwards (the
role needs CREATEDB; the database named in the URL is only used to connect). Seeds it with
bulk inserts: alice, a patient with a year of nights; 16 writers, patients with empty diaries;
a clinician with --patients sharing patients, a year of nights each. Then serves the app with
`python -m gunicorn rlsdiary.wsgi` (the repository's gunicorn.conf.py: threaded workers) on a
free port of 127.0.0.1 with --workers, and runs one phase after another, each bounded by a
request count and by --max-seconds (whichever comes first; the table says when time ran out):

    log-in      8 clients: GET the log-in page (untimed, for the CSRF cookie), POST it (timed)
    log a night 16 writers, each signed in as its own patient, POST the night form: a new
                night every request, so every request is a real write
    nights list 8 clients signed in as alice
    Trends      8 clients, alice's default Trends page, warm (see below)
    dashboard   8 clients signed in as the clinician
    CSV export  8 clients, alice's nights as CSV

Each read phase starts with 4 untimed requests per client, each on a new connection so that
they spread over all the workers: every worker has then imported its code (the insights pages
load pandas and matplotlib on their first request) and the shared cache is filled before the
timed requests, which measure warm pages. An error is any answer other than the one expected
(302 for the two POSTs, 200 otherwise: a form shown again with its errors is a 200, so an
error) and any exception; percentiles are those of the requests that succeeded. The server
CPU per request is the workers' CPU time (from /proc) over the timed requests: what a request
costs whatever else the machine runs (SQLite's work included, PostgreSQL's not).

Targets (issue 14, on a 2-core machine): 0 errors; warm pages p95 < 150 ms with 8 clients;
writes p95 < 300 ms with 16 writers. Log-in has no latency target: it hashes the password
with Argon2, slow by design.

The log-in limit (THROTTLE_LOGIN, 10 a minute per address) would refuse every client after
the tenth log-in, as all of them come from 127.0.0.1, so the bench server alone runs with
THROTTLE_LOGIN raised (BENCH_LOGIN_RATE): every log-in is still counted in the shared limits
table, the same work as in production. django-axes counts only failed log-ins, and every
log-in here succeeds. Not a test: a run takes a few minutes.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "load-bench-keeps-restless-legs-company"
READ_CLIENTS = 8
WRITERS = 16
TARGET_READ_P95_MS = 150.0
TARGET_WRITE_P95_MS = 300.0
# High enough never to refuse a log-in of this bench, which all come from one address.
BENCH_LOGIN_RATE = "100000/min"
# Requests per phase unless --requests gives one count for all.
DEFAULT_REQUESTS = {
    "log-in": 80,
    "log a night": 400,
    "nights list": 400,
    "Trends": 400,
    "dashboard": 100,
    "CSV export": 200,
}


class BenchError(Exception):
    """A step before a timed request went wrong (e.g. the log-in page did not answer)."""


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    form: dict[str, Any] | None = None


class Browser:
    """One client, as a browser is one: a keep-alive connection and a cookie jar. POSTs carry
    the CSRF cookie's value as the form's token, which Django accepts as a browser's would."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def reconnect(self) -> None:
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def send(self, request: Request) -> tuple[int, bytes]:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if request.form is not None:
            form = {**request.form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(request.method, request.path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, content

    def log_in(self, username: str) -> Request:
        """Fetches the log-in page (a fresh visitor's cookies) and gives the POST to time."""
        self.cookies.clear()
        status, _ = self.send(Request("GET", "/accounts/login/"))
        if status != 200:
            raise BenchError(f"GET /accounts/login/ answered {status}")
        return Request("POST", "/accounts/login/", {"username": username, "password": PASSWORD})


@dataclass
class Phase:
    name: str
    kind: str  # "log-in", "write" or "read": which target applies
    browsers: list[Browser]
    requests: int
    next_request: Callable[[Browser, int], Request]  # the client and the request's number
    expected: int = 200
    warm_up: int = 0


@dataclass
class Tally:
    """What the clients of one phase saw; filled by several threads under one lock."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    samples: list[str] = field(default_factory=list)  # the first few errors, to show
    lock: threading.Lock = field(default_factory=threading.Lock)

    def success(self, ms: float) -> None:
        with self.lock:
            self.latencies_ms.append(ms)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors += 1
            if len(self.samples) < 5:
                self.samples.append(what)


@dataclass(frozen=True)
class PhaseResult:
    name: str
    kind: str
    clients: int
    latencies_ms: list[float]
    errors: int
    seconds: float
    out_of_time: bool
    samples: list[str]
    warm_up_errors: int = 0
    server_cpu_seconds: float = float("nan")  # used by the workers during the timed requests

    @property
    def all_errors(self) -> int:
        return self.errors + self.warm_up_errors

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + self.errors

    def percentile(self, p: int) -> float:
        if not self.latencies_ms:
            return float("nan")
        if len(self.latencies_ms) == 1:
            return self.latencies_ms[0]
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]

    @property
    def target_ms(self) -> float | None:
        return {"read": TARGET_READ_P95_MS, "write": TARGET_WRITE_P95_MS}.get(self.kind)

    @property
    def met(self) -> bool:
        target = self.target_ms
        return self.all_errors == 0 and (target is None or self.percentile(95) < target)


def _drive(
    phase: Phase, count: int, deadline: float, tally: Tally, *, new_connections: bool = False
) -> None:
    """Every client sends requests one after another, numbered from one shared counter, until
    `count` have been handed out or the deadline has passed; with new_connections, each on a
    connection of its own."""
    numbers = itertools.count()
    numbers_lock = threading.Lock()

    def client(browser: Browser) -> None:
        # A new connection, as a browser opens after a pause: the server closes idle ones
        # after gunicorn.conf.py's keepalive, and a phase may have waited longer than that.
        browser.reconnect()
        while time.monotonic() < deadline:
            with numbers_lock:
                number = next(numbers)
            if number >= count:
                return
            try:
                if new_connections:
                    browser.reconnect()
                request = phase.next_request(browser, number)
                started = time.perf_counter()
                status, _ = browser.send(request)
                ms = (time.perf_counter() - started) * 1000
            except (OSError, http.client.HTTPException, BenchError) as error:
                tally.error(f"{type(error).__name__}: {error}")
                browser.reconnect()
                continue
            if status == phase.expected:
                tally.success(ms)
            else:
                tally.error(f"{request.method} {request.path} answered {status}")

    threads = [threading.Thread(target=client, args=(browser,)) for browser in phase.browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_phase(
    phase: Phase, max_seconds: float, cpu_clock: Callable[[], float] | None = None
) -> PhaseResult:
    """The phase's warm-up (untimed, but its errors count), then its timed requests, each part
    bounded by its count and by max_seconds. cpu_clock, if given, reads the server's CPU seconds
    so far."""
    tally, warm_up = Tally(), Tally()
    if phase.warm_up:
        # A connection stays with the worker that accepted it: new ones for each warm-up
        # request spread them over every worker, so none is still cold when the timing starts.
        warm_up_deadline = time.monotonic() + max_seconds
        _drive(phase, phase.warm_up, warm_up_deadline, warm_up, new_connections=True)
    cpu_before = cpu_clock() if cpu_clock else float("nan")
    started = time.monotonic()
    _drive(phase, phase.requests, started + max_seconds, tally)
    seconds = time.monotonic() - started
    cpu = cpu_clock() - cpu_before if cpu_clock else float("nan")
    result = PhaseResult(
        name=phase.name,
        kind=phase.kind,
        clients=len(phase.browsers),
        latencies_ms=tally.latencies_ms,
        errors=tally.errors,
        warm_up_errors=warm_up.errors,
        server_cpu_seconds=cpu,
        seconds=seconds,
        out_of_time=len(tally.latencies_ms) + tally.errors < phase.requests,
        samples=[f"warm-up: {sample}" for sample in warm_up.samples] + tally.samples,
    )
    return result


# --- the database ---------------------------------------------------------------------------


@contextmanager
def throwaway_database(server_url: str, folder: Path) -> Iterator[str]:
    """A SQLite file in folder, or a new database on server_url's PostgreSQL, dropped after."""
    if not server_url:
        yield f"sqlite:///{folder / 'load.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    name = f"rlsdiary_load_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(server_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@dataclass(frozen=True)
class Seeded:
    alice: str
    writers: list[str]
    clinician: str
    nights: int


def seed(database_url: str, *, patients: int, writers: int, last_night: date) -> Seeded:
    """Migrates and fills the database through Django in this process, with bulk inserts."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rlsdiary.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from diary.choices import AccountType
    from diary.models import Night, Share, User
    from tests.sample_nights import plausible_rows

    call_command("migrate", verbosity=0)
    hashed = make_password(PASSWORD)  # once: Argon2 takes a while, and it is the same password

    def user(username: str, account_type: str = AccountType.PATIENT, **extra: Any) -> User:
        return User(
            username=username, password=hashed, account_type=account_type, timezone="UTC", **extra
        )

    clinic = [f"patient{i:04d}" for i in range(patients)]
    writer_names = [f"writer{i:02d}" for i in range(writers)]
    User.objects.bulk_create(
        [
            user("alice"),
            user("dr_load", AccountType.CLINICIAN, clinician_verified=True),
            *(user(name) for name in writer_names + clinic),
        ]
    )
    by_name = {u.username: u for u in User.objects.all()}
    first = last_night - timedelta(days=364)
    nights = [
        Night(patient=by_name[name], **row)
        for seed_number, name in enumerate(["alice", *clinic])
        for row in plausible_rows(first, 365, seed=seed_number)
    ]
    Night.objects.bulk_create(nights, batch_size=2000)
    now = timezone.now()
    Share.objects.bulk_create(
        Share(
            patient=by_name[name],
            clinician=by_name["dr_load"],
            code_hash=secrets.token_hex(32),
            created_at=now,
            expires_at=now,
            redeemed_at=now,
        )
        for name in clinic
    )
    # The server's workers get the database to themselves (SQLite: no reader held open here).
    connections.close_all()
    return Seeded(alice="alice", writers=writer_names, clinician="dr_load", nights=len(nights))


# --- the server -----------------------------------------------------------------------------


@contextmanager
def gunicorn(
    database_url: str, workers: int, log_path: Path, access_log: str = "off"
) -> Iterator[tuple[int, int]]:
    """`python -m gunicorn rlsdiary.wsgi` as production runs it, on a free port; its log goes to
    log_path, its access log (each request's server time) to access_log if not "off". Yields
    the port and the master's process id once /healthz answers."""
    from tests.gunicorn import free_port, server_env

    port = free_port()
    env = server_env(database_url, THROTTLE_LOGIN=BENCH_LOGIN_RATE, GUNICORN_ACCESS_LOG=access_log)
    command = [sys.executable, "-m", "gunicorn", "rlsdiary.wsgi", "--workers", str(workers)]
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if Browser(port).send(Request("GET", "/healthz"))[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield port, server.pid
    finally:
        server.send_signal(signal.SIGINT)  # quick shutdown: every request has been answered
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- the phases -----------------------------------------------------------------------------


def signed_in(port: int, usernames: list[str]) -> list[Browser]:
    browsers = []
    for username in usernames:
        browser = Browser(port)
        status, _ = browser.send(browser.log_in(username))
        if status != 302:
            raise SystemExit(f"{username} could not sign in: {status}")
        browsers.append(browser)
    return browsers


def phases(
    port: int, seeded: Seeded, requests: dict[str, int], last_night: date, read_clients: int
) -> list[Phase]:
    from tests.factories import form_data

    # Each log-in as one of the writers in turn: 16 accounts signing in, none of them locked.
    def log_in(browser: Browser, number: int) -> Request:
        return browser.log_in(seeded.writers[number % len(seeded.writers)])

    # Every request a night its patient has not logged: the numbers are never given twice.
    def log_a_night(browser: Browser, number: int) -> Request:
        night = last_night - timedelta(days=number)
        return Request("POST", "/nights/log/", form_data(night=night, notes="load bench"))

    def get(path: str) -> Callable[[Browser, int], Request]:
        return lambda browser, number: Request("GET", path)

    def read(name: str, browsers: list[Browser], path: str) -> Phase:
        return Phase(name, "read", browsers, requests[name], get(path), warm_up=4 * len(browsers))

    alice = signed_in(port, [seeded.alice] * read_clients)
    clinician = signed_in(port, [seeded.clinician] * read_clients)
    return [
        Phase(
            "log-in",
            "log-in",
            [Browser(port) for _ in range(read_clients)],
            requests["log-in"],
            log_in,
            expected=302,
        ),
        Phase(
            "log a night",
            "write",
            signed_in(port, seeded.writers),
            requests["log a night"],
            log_a_night,
            expected=302,
        ),
        read("nights list", alice, "/nights/"),
        read("Trends", alice, "/trends/"),
        read("dashboard", clinician, "/clinician/"),
        read("CSV export", alice, "/nights/export.csv"),
    ]


# --- the report -----------------------------------------------------------------------------


def table(results: list[PhaseResult], max_seconds: float) -> str:
    lines = [
        "| phase | clients | requests | requests/s | p50 ms | p95 ms | p99 ms "
        "| server CPU ms per request | errors | target |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        target = "0 errors" + (
            f", p95 < {result.target_ms:.0f} ms" if result.target_ms is not None else ""
        )
        requests = f"{result.requests}" + (
            f" (stopped at {max_seconds:.0f} s)" if result.out_of_time else ""
        )
        lines.append(
            f"| {result.name} | {result.clients} | {requests} "
            f"| {result.requests / result.seconds:.1f} | {result.percentile(50):.0f} "
            f"| {result.percentile(95):.0f} | {result.percentile(99):.0f} "
            f"| {1000 * result.server_cpu_seconds / max(1, result.requests):.0f} "
            f"| {result.all_errors} "
            f"| {target} {'✔' if result.met else '✘'} |"
        )
    return "\n".join(lines)


def workers_cpu_seconds(master: int) -> float:
    """The CPU time (user and system, all threads) used so far by the master's workers: the
    server's own share of a machine that other programs share, whatever their load. It covers
    SQLite's work, done inside the workers, but not PostgreSQL's, done in its own processes."""
    ticks = 0
    for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue  # a worker that has just exited
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return f"{platform.node() or 'this machine'}: {os.cpu_count()} cores of {model}"


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2 or 4)")
    parser.add_argument("--patients", type=int, default=50, help="the clinician's patients")
    parser.add_argument(
        "--requests", type=int, help="requests in every phase (default: each its own)"
    )
    parser.add_argument(
        "--read-clients",
        type=int,
        default=READ_CLIENTS,
        help="clients of the log-in and read phases (the targets are for 8)",
    )
    parser.add_argument(
        "--writers", type=int, default=WRITERS, help="writers (the target is for 16)"
    )
    parser.add_argument(
        "--access-log",
        default="off",
        help="a file for gunicorn's access log: each request's time inside the server",
    )
    parser.add_argument("--max-seconds", type=float, default=60.0, help="longest a phase runs")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL server to create the throwaway database on (default: SQLite)",
    )
    args = parser.parse_args()
    requests = {
        name: args.requests if args.requests is not None else count
        for name, count in DEFAULT_REQUESTS.items()
    }
    last_night = date.today() - timedelta(days=1)

    folder = Path(tempfile.mkdtemp(prefix="rlsdiary-load-"))
    try:
        with throwaway_database(args.database_url, folder) as database_url:
            started = time.perf_counter()
            seeded = seed(
                database_url,
                patients=args.patients,
                writers=args.writers,
                last_night=last_night,
            )
            vendor = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
            print(
                f"{vendor}: seeded {seeded.nights:,} nights (alice and {args.patients} patients"
                f" of the clinician, a year each) in {time.perf_counter() - started:.1f} s"
            )
            log_path = folder / "gunicorn.log"
            with gunicorn(database_url, args.workers, log_path, args.access_log) as (port, pid):
                print(f"load average before: {load_average()}")
                results = []
                for phase in phases(port, seeded, requests, last_night, args.read_clients):
                    results.append(
                        run_phase(phase, args.max_seconds, partial(workers_cpu_seconds, pid))
                    )
                    print(
                        f"  {phase.name}: {results[-1].requests} requests, "
                        f"load average {load_average()}",
                        flush=True,
                    )
                print(f"load average after: {load_average()}")
            _report(results, args, vendor, log_path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _report(
    results: list[PhaseResult], args: argparse.Namespace, vendor: str, log_path: Path
) -> None:
    threads = os.environ.get("GUNICORN_THREADS", "4 (gunicorn.conf.py)")
    print()
    print(
        f"{datetime.now():%Y-%m-%d %H:%M}, {machine()}; {vendor}, gunicorn --workers "
        f"{args.workers}, threads {threads}; dashboard of {args.patients} patients"
    )
    print()
    print(table(results, args.max_seconds))
    for result in results:
        for sample in result.samples:
            print(f"{result.name}: {sample}")
    if any(result.all_errors for result in results):
        print(f"\nthe server's log, last lines:\n{log_path.read_text()[-3000:]}")
    sys.exit(0 if all(result.met for result in results) else 1)


if __name__ == "__main__":
    main()

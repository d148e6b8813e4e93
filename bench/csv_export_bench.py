"""CSV export through a real HTTP server, against SQLite's own CSV dump of the same rows.

    .venv/bin/python bench/csv_export_bench.py [--patients 1000] [--years 3] [--keep]

Builds a throwaway SQLite database (in a temporary folder, through DATABASE_URL) holding a
clinic of --patients sharing patients with --years of nights each, one clinician with an
active share from all of them, and that clinician's API token and session. Then it serves the
app with gunicorn (one worker, 127.0.0.1 only), downloads /api/v1/patients/nights/?format=csv
in 1 MB reads, and reports rows per second and the worker's peak memory (VmHWM), beside
`sqlite3 -csv` dumping the same rows and columns (less the four derived ones, which SQLite
cannot compute) as the speed limit. Targets (issue 5): at least half of sqlite3's rows per
second, and peak memory under 150 MB.

The worker's memory is reported three times. First as it serves the export after nothing but
nights requests: such a worker never imports pandas or matplotlib. Then after the same worker
has also served a weeks list (pandas), as any API worker may have. Last after it has also
served a clinician's review page and PDF report (matplotlib), as a worker of a single pool that
serves everything will have. Not a test: it
takes a few minutes.

Needs the sqlite3 command-line program: `apt-get install sqlite3`.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
ZONES = ["America/New_York", "Europe/Berlin", "Europe/London", "Australia/Sydney", "UTC"]
SENSATIONS = ["urge", "tingling", "creeping", "aching", "electric"]
TARGET_SPEED_SHARE = 0.5
TARGET_PEAK_MB = 150.0
LAST_NIGHT = date(2026, 10, 31)

# The same rows and order as the export; sqlite3 prints the stored values as they are.
DUMP_SQL = """
SELECT u.username, n.night, substr(n.in_bed, 1, 5), substr(n.lights_out, 1, 5),
       n.sleep_latency_min, n.awakenings, n.waso_min, substr(n.final_wake, 1, 5),
       substr(n.out_of_bed, 1, 5), n.sleep_quality, n.severity, substr(n.onset, 1, 5),
       n.sensations, n.areas, n.relief, n.factors, n.notes, n.day_fatigue, n.day_mood
FROM diary_night n JOIN diary_user u ON u.id = n.patient_id
WHERE n.patient_id IN (
    SELECT s.patient_id FROM diary_share s
    WHERE s.clinician_id = {clinician} AND s.revoked_at IS NULL
)
ORDER BY u.username, n.night;
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()
    if shutil.which("sqlite3") is None:
        sys.exit("The sqlite3 command-line program is missing: apt-get install sqlite3")

    folder = Path(tempfile.mkdtemp(prefix="rlsdiary-bench-"))
    db_path = folder / "bench.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "DJANGO_SETTINGS_MODULE": "rlsdiary.settings",
        "THROTTLE_USER": "100000/min",
        "DEBUG": "false",
        # The worker's memory is that of one serving the API and exports only: no charts drawn
        # at start (README, Serving: such a pool sets this too).
        "GUNICORN_WARM_UP": "false",
    }
    try:
        started = time.perf_counter()
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        clinic = _make_clinic(env, args.patients)
        rows = _insert_nights(db_path, args.years)
        print(
            f"built {rows:,} nights of {args.patients:,} patients in "
            f"{time.perf_counter() - started:.0f} s ({db_path.stat().st_size / 1e6:.0f} MB)"
        )
        app = _measure_export(env, clinic)
        limit = _measure_sqlite(db_path, clinic.clinician_id)
        _report(rows, app, limit)
    finally:
        if args.keep:
            print(f"database kept in {db_path}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Clinic:
    clinician_id: int
    token: str
    session: str
    first_patient_id: int


def _make_clinic(env: dict[str, str], patients: int) -> Clinic:
    """The clinician, the patients and the shares, through the ORM (a thousand rows)."""
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", CLINIC_SCRIPT % (ZONES, patients)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    clinician_id, token, session, first_patient_id = out[-4:]
    return Clinic(int(clinician_id), token, session, int(first_patient_id))


CLINIC_SCRIPT = """
import secrets
from django.utils import timezone
from diary.tokens import create_token
from django.contrib import auth
from django.contrib.sessions.backends.db import SessionStore
from diary.models import Share, User
zones = %r
n = %d
now = timezone.now()
clinician = User.objects.create_user("dr_bench", password=None, account_type="clinician")
patients = User.objects.bulk_create(
    User(username=f"patient{i:05d}", account_type="patient", password="!",
         timezone=zones[i %% len(zones)], sleep_need_min=420 + (i %% 5) * 30)
    for i in range(n)
)
Share.objects.bulk_create(
    Share(patient=p, clinician=clinician, code_hash=secrets.token_hex(32), created_at=now,
          expires_at=now, redeemed_at=now)
    for p in User.objects.filter(account_type="patient")
)
# A signed-in browser's session, for the review page and the report.
session = SessionStore()
session[auth.SESSION_KEY] = str(clinician.pk)
session[auth.BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[auth.HASH_SESSION_KEY] = clinician.get_session_auth_hash()
session.create()
first = User.objects.filter(account_type="patient").order_by("pk").first()
print(clinician.pk, create_token(user=clinician, name='bench')[1], session.session_key, first.pk)
"""


def _insert_nights(db_path: Path, years: int) -> int:
    """Plausible valid nights, written straight into SQLite: an ORM insert would take long."""
    db = sqlite3.connect(db_path)
    ids = [row[0] for row in db.execute("SELECT id FROM diary_user WHERE account_type='patient'")]
    rng = random.Random(1)
    nights_each = 365 * years
    first = LAST_NIGHT - timedelta(days=nights_each - 1)
    days = [(first + timedelta(days=i)).isoformat() for i in range(nights_each)]
    now = "2026-11-01 00:00:00"
    total = 0
    for patient_id in ids:
        batch = []
        for day in days:
            severity = rng.randint(0, 8)
            bed = rng.choice(["21:30:00", "22:00:00", "22:30:00", "23:15:00", "00:10:00"])
            wake = rng.choice(["05:45:00", "06:30:00", "07:00:00", "07:40:00"])
            batch.append((
                patient_id, day, bed, bed, rng.randint(0, 60), rng.randint(0, 5),
                rng.randint(0, 60), wake, wake[:3] + "55:00", rng.randint(1, 5), severity,
                None if severity == 0 else rng.choice(["19:30:00", "21:00:00", "23:45:00"]),
                "" if severity == 0 else ";".join(rng.sample(SENSATIONS, 2)),
                "" if severity == 0 else "left_leg;right_leg",
                "walking" if severity > 3 else "", "caffeine" if severity > 5 else "",
                "" if rng.random() < 0.9 else 'woke twice, "legs on fire"',
                None if rng.random() < 0.2 else rng.randint(0, 10), rng.randint(1, 5), now, now,
            ))  # fmt: skip
        db.executemany(
            "INSERT INTO diary_night (patient_id, night, in_bed, lights_out, sleep_latency_min,"
            " awakenings, waso_min, final_wake, out_of_bed, sleep_quality, severity, onset,"
            " sensations, areas, relief, factors, notes, day_fatigue, day_mood, created, updated)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            batch,
        )
        total += len(batch)
    db.commit()
    db.close()
    return total


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _worker_pid(master: int) -> int:
    deadline = time.time() + 30
    while time.time() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise SystemExit("gunicorn started no worker")


def _measure_export(env: dict[str, str], clinic: Clinic) -> dict[str, dict[str, float]]:
    port = _free_port()
    server = subprocess.Popen(
        [GUNICORN, "rlsdiary.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         # One long streamed download; a sync worker must not be killed for taking a minute.
         "--timeout", "900", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    token = {"Authorization": f"Token {clinic.token}"}
    session = {"Cookie": f"sessionid={clinic.session}"}
    patient = f"{base}/clinician/patients/{clinic.first_patient_id}"
    try:
        _wait_for(port)
        worker = _worker_pid(server.pid)
        # A warm-up request, so imports and first-use costs are not counted as export time.
        _download(f"{base}/api/v1/patients/nights/", token)
        results = {"api only": _timed_export(worker, base, token)}
        _download(f"{base}/api/v1/patients/{clinic.first_patient_id}/weeks/?format=csv", token)
        results["after weeks"] = _timed_export(worker, base, token)
        _download(f"{patient}/", session)
        _download(f"{patient}/report.pdf", session)
        results["after charts"] = _timed_export(worker, base, token)
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def _timed_export(worker: int, base: str, headers: dict[str, str]) -> dict[str, float]:
    before_kb = _peak_kb(worker)
    started = time.perf_counter()
    size, lines = _download(f"{base}/api/v1/patients/nights/?format=csv", headers)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows": lines - 1,
        "bytes": size,
        "peak_mb": _peak_kb(worker) / 1024,
        "before_mb": before_kb / 1024,
    }


def _wait_for(port: int) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def _download(url: str, headers: dict[str, str]) -> tuple[int, int]:
    request = urllib.request.Request(url, headers=headers)
    size = lines = 0
    with urllib.request.urlopen(request, timeout=900) as response:
        while chunk := response.read(1 << 20):
            size += len(chunk)
            lines += chunk.count(b"\n")
    return size, lines


def _measure_sqlite(db_path: Path, clinician_id: int) -> dict[str, float]:
    """sqlite3 -csv writing into a pipe read as the HTTP client reads the export."""
    command = ["sqlite3", "-csv", "-header", str(db_path), DUMP_SQL.format(clinician=clinician_id)]
    started = time.perf_counter()
    dump = subprocess.Popen(command, stdout=subprocess.PIPE)
    size = lines = 0
    assert dump.stdout is not None
    while chunk := dump.stdout.read(1 << 20):
        size += len(chunk)
        lines += chunk.count(b"\n")
    # wait4 gives this child's own peak memory, not that of every child so far.
    _pid, status, usage = os.wait4(dump.pid, 0)
    seconds = time.perf_counter() - started
    dump.returncode = os.waitstatus_to_exitcode(status)
    if dump.returncode:
        raise SystemExit(f"sqlite3 failed ({dump.returncode})")
    return {"seconds": seconds, "rows": lines - 1, "bytes": size, "peak_mb": usage.ru_maxrss / 1024}


def _report(rows: int, exports: dict[str, dict[str, float]], limit: dict[str, float]) -> None:
    app = exports["api only"]
    app_speed = app["rows"] / app["seconds"]
    limit_speed = limit["rows"] / limit["seconds"]
    share = app_speed / limit_speed
    print(f"{'':24}{'rows':>12}{'seconds':>10}{'rows/s':>12}{'MB out':>9}{'peak MB':>9}")
    for name, export in exports.items():
        print(
            f"{'API CSV, ' + name:24}{export['rows']:>12,}{export['seconds']:>10.1f}"
            f"{export['rows'] / export['seconds']:>12,.0f}{export['bytes'] / 1e6:>9.0f}"
            f"{export['peak_mb']:>9.0f}"
        )
    print(
        f"{'sqlite3 -csv':24}{limit['rows']:>12,}{limit['seconds']:>10.1f}"
        f"{limit_speed:>12,.0f}{limit['bytes'] / 1e6:>9.0f}{limit['peak_mb']:>9.0f}"
    )
    for name, export in exports.items():
        print(
            f"worker, {name}: {export['before_mb']:.0f} MB before the export, "
            f"{export['peak_mb'] - export['before_mb']:.0f} MB more during it"
        )
    speed_ok = share >= TARGET_SPEED_SHARE
    memory_ok = app["peak_mb"] < TARGET_PEAK_MB
    print(
        f"speed: {share:.0%} of sqlite3 (target >= {TARGET_SPEED_SHARE:.0%}): "
        f"{'met' if speed_ok else 'NOT met'}"
    )
    print(
        f"memory: the export's worker peaks at {app['peak_mb']:.0f} MB "
        f"(target < {TARGET_PEAK_MB:.0f} MB): {'met' if memory_ok else 'NOT met'}; "
        f"{exports['after charts']['peak_mb']:.0f} MB in a worker that has also drawn charts"
    )
    if any(export["rows"] != rows for export in exports.values()) or limit["rows"] != rows:
        counts = ", ".join(f"{name} {export['rows']}" for name, export in exports.items())
        print(f"row counts differ: built {rows}, {counts}, sqlite3 {limit['rows']}")


if __name__ == "__main__":
    main()

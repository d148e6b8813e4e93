"""Server time, queries and memory of the clinician dashboard for 1 to 1,000 sharing patients.

    .venv/bin/python bench/dashboard_bench.py [--sizes 1,50,500,1000] [--runs N]

Uses a throwaway SQLite database (or the PostgreSQL database DATABASE_URL names: its tables
are created by migrate and left behind, so give it an empty scratch database) and Django's
test client (the full request: middleware, session, queries, review figures, template, access
log), so it measures the server, not a network. Every patient has a year of nights (about 336
logged), a dopaminergic course, a lab result and two assessments.

"Warm" repeats the request with every patient's review snapshot fresh (the usual case: a
patient's snapshot is recomputed only after their data changed or their date turned); "cold"
makes every snapshot stale first (a data version bumped for each patient: the worst first
request after midnight with no housekeeping run, or a new clinician with 1,000 patients), once.
Queries are counted on the warm request and on the cold one. Seeding done, the requests run in
a fresh process, as in a server worker; its peak RSS is its high-water mark (getrusage),
printed first after an empty dashboard (the imports) and then after each size.

Targets: warm under 300 ms at 1,000 patients, the same number of queries at every size, peak RSS
under 200 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Django is set up inside main()
    from diary.models import User

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_WARM_MS = 300.0
TARGET_RSS_MB = 200.0
ZONES = ("Europe/London", "America/New_York", "Europe/Berlin", "Australia/Sydney")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,50,500,1000")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    workdir = None
    if not os.environ.get("DATABASE_URL"):
        workdir = tempfile.mkdtemp(prefix="rlsdiary-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rlsdiary.settings")
    import django

    django.setup()
    if args.measure:
        measure(sizes, args.runs)
        return
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    patients = seed_patients(max(sizes))
    for size in [0, *sizes]:
        clinician_for(patients[:size], size)
    print(
        f"{connection.vendor}: {len(patients)} patients seeded in "
        f"{time.perf_counter() - started:.0f} s; median of {args.runs} warm requests"
    )
    # Measured in a fresh process, as a server worker would be: seeding leaves its own peak.
    command = [sys.executable, __file__, "--measure", "--sizes", args.sizes, "--runs"]
    try:
        subprocess.run([*command, str(args.runs)], check=True)
    finally:
        if workdir is not None:
            shutil.rmtree(workdir)  # 70 MB of throwaway nights


def measure(sizes: list[int], runs: int) -> None:
    from django.conf import settings
    from django.db import connection
    from django.db.models import F
    from django.test import Client

    from diary.models import User

    # The test client's host, without setup_test_environment: it would keep every template
    # context of every response, memory a server worker never holds.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic here
    # The first request of a process imports pandas and the chart code: not what is measured.
    warm_up = Client()
    warm_up.force_login(User.objects.get(username="dr_0"))
    assert warm_up.get("/clinician/").status_code == 200
    print(f"peak RSS after a first, empty dashboard: {peak_rss_mb():.0f} MB")
    print(
        f"{'patients':>8} {'warm ms':>8} {'queries':>8} {'cold ms':>8} {'queries':>8} "
        f"{'peak RSS MB':>12}"
    )
    warm_queries = set()
    warm_at_max = 0.0
    for size in sizes:
        clinician = User.objects.get(username=f"dr_{size}")
        client = Client()
        client.force_login(clinician)
        # Every snapshot stale: as after a change to each patient's data, or their midnight.
        patients = User.objects.filter(shares_given__clinician=clinician)
        User.objects.filter(pk__in=patients.values("pk")).update(
            nights_version=F("nights_version") + 1
        )
        with connection.execute_wrapper(count := QueryCounter()):
            start = time.perf_counter()
            assert client.get("/clinician/").status_code == 200
            cold_ms = (time.perf_counter() - start) * 1000
        cold_queries = count.queries
        warm = []
        for _ in range(runs):
            with connection.execute_wrapper(count := QueryCounter()):
                start = time.perf_counter()
                assert client.get("/clinician/").status_code == 200
                warm.append((time.perf_counter() - start) * 1000)
        warm_queries.add(count.queries)
        warm_at_max = statistics.median(warm)
        print(
            f"{size:>8} {warm_at_max:8.1f} {count.queries:>8} {cold_ms:8.1f} "
            f"{cold_queries:>8} {peak_rss_mb():12.0f}"
        )
    rss = peak_rss_mb()
    verdicts = [
        ("warm", warm_at_max < TARGET_WARM_MS, f"{warm_at_max:.0f} ms < {TARGET_WARM_MS:.0f}"),
        ("queries", len(warm_queries) == 1, f"warm counts {sorted(warm_queries)} constant"),
        ("RSS", rss < TARGET_RSS_MB, f"{rss:.0f} MB < {TARGET_RSS_MB:.0f}"),
    ]
    for name, ok, what in verdicts:
        print(f"{'PASS' if ok else 'FAIL'} {name}: {what}")


class QueryCounter:
    """Counts queries without keeping their text (CaptureQueriesContext keeps every upsert's
    SQL with its parameters: megabytes a server worker never holds)."""

    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.queries += 1
        return execute(sql, params, many, context)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed_patients(count: int) -> list[User]:
    """`count` patients with a year of nights each, one patient's rows in memory at a time."""
    from django.contrib.auth.hashers import make_password

    from diary.choices import AccountType
    from diary.models import Assessment, LabResult, Night, Treatment, User
    from tests.sample_nights import plausible_rows

    password = make_password(None)  # unusable: nobody logs in as these patients
    User.objects.bulk_create(
        User(
            username=f"patient{i:04d}",
            password=password,
            account_type=AccountType.PATIENT,
            timezone=ZONES[i % len(ZONES)],
        )
        for i in range(count)
    )
    patients = list(User.objects.filter(username__startswith="patient").order_by("username"))
    last = date.today() - timedelta(days=1)
    first = last - timedelta(days=364)
    for i, patient in enumerate(patients):
        rows = plausible_rows(first, 365, seed=i % 20)
        Night.objects.bulk_create(Night(patient=patient, **row) for row in rows)
        Treatment.objects.create(
            patient=patient,
            kind="medication",
            schedule="course",
            name="pramipexole",
            started=last - timedelta(days=120),
        )
        LabResult.objects.create(
            patient=patient,
            entered_by_user=patient,
            drawn=last - timedelta(days=90),
            ferritin_ng_ml=62,
        )
        for days, total in ((200, 14), (30, 21)):
            Assessment.objects.create(
                patient=patient,
                entered_by_user=None,
                assessed=last - timedelta(days=days),
                irls_total=total,
            )
    return patients


def clinician_for(patients: list[User], size: int) -> User:
    """A verified clinician with an active share from each of `patients` (rows written directly:
    the redeem flow is not what is measured)."""
    import secrets

    from diary.choices import AccountType
    from diary.models import Share, User

    clinician = User.objects.create_user(
        f"dr_{size}", account_type=AccountType.CLINICIAN, clinician_verified=True
    )
    now = datetime.now(UTC)
    Share.objects.bulk_create(
        Share(
            patient=patient,
            clinician=clinician,
            code_hash=secrets.token_hex(32),
            created_at=now,
            expires_at=now,
            redeemed_at=now,
        )
        for patient in patients
    )
    return clinician


if __name__ == "__main__":
    main()

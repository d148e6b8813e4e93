"""Server time of the Trends page for ten years of one patient's nights, cold and cached.

    .venv/bin/python bench/trends_page_bench.py [--runs N]

Uses a throwaway SQLite database and Django's test client (the full request: middleware,
session, query, pandas, matplotlib, template), so it measures the server, not a network.
"Cold" clears the chart cache before each request (the first view after any night changed);
"cached" repeats the same request. Besides wall time, "cold CPU" is the process' CPU time for
the request, steadier than wall time on a shared machine. Where the code has one
(insights.warmup.prepare_process), the process is first prepared as gunicorn.conf.py prepares
a server before it serves. Targets: cached page under 30 ms; cold under 200 ms for 12 weeks
and 250 ms for ten years ("all", issue 14). With --treatments the patient also has a treatment
history drawn on the charts and summed up in the before/after table: 12 courses (dose changes
included) and 6 session series over the ten years.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Django is set up inside main()
    from diary.models import User

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_CACHED_MS = 30.0
TARGET_COLD_MS = {"12": 200.0, "all": 250.0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--treatments", action="store_true", help="add a treatment history")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="rlsdiary-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rlsdiary.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from diary.models import Night, User
    from tests.sample_nights import plausible_rows

    setup_test_environment()
    call_command("migrate", verbosity=0)
    patient = User.objects.create_user("bench", timezone="Europe/London")
    first = date(2016, 11, 21)
    rows = plausible_rows(first, (date(2026, 11, 21) - first).days + 1, seed=42)
    Night.objects.bulk_create(Night(patient=patient, **row) for row in rows)
    if args.treatments:
        add_treatments(patient, first)
    client = Client()
    client.force_login(patient)
    prepared = prepare_as_served()

    print(
        f"{len(rows)} nights, ten years; median of {args.runs} requests"
        f"{'; process prepared as served' if prepared else ''}"
    )
    print(f"{'range':>6} {'cold ms':>9} {'cold CPU':>9} {'cached ms':>10}  targets")
    for range_key in ("12", "52", "all"):
        url = f"/trends/?range={range_key}"
        cold, cold_cpu, cached = [], [], []
        for _ in range(args.runs):
            cache.clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            assert client.get(url).status_code == 200
            cold.append((time.perf_counter() - start) * 1000)
            cold_cpu.append((time.process_time() - start_cpu) * 1000)
        for _ in range(args.runs):
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            cached.append((time.perf_counter() - start) * 1000)
        cold_ms, cached_ms = statistics.median(cold), statistics.median(cached)
        verdicts = [f"cached < {TARGET_CACHED_MS:.0f}: {_verdict(cached_ms, TARGET_CACHED_MS)}"]
        if range_key in TARGET_COLD_MS:
            target = TARGET_COLD_MS[range_key]
            verdicts.append(f"cold < {target:.0f}: {_verdict(cold_ms, target)}")
        print(
            f"{range_key:>6} {cold_ms:9.1f} {statistics.median(cold_cpu):9.1f} "
            f"{cached_ms:10.1f}  {', '.join(verdicts)}"
        )


def _verdict(measured: float, target: float) -> str:
    return "PASS" if measured < target else "FAIL"


def prepare_as_served() -> bool:
    """Prepare this process as the code's gunicorn configuration prepares a server, if it
    does (insights.warmup, issue 14); False for code from before it."""
    try:
        from insights.warmup import prepare_process
    except ImportError:
        return False
    prepare_process()
    return True


def add_treatments(patient: User, first: date) -> None:
    from datetime import timedelta
    from decimal import Decimal

    from diary.models import Treatment

    treatments = []
    for year in range(10):
        start = first + timedelta(days=365 * year + 30)
        # A course a year, its dose raised once after 90 days (a dose change is a new course).
        treatments.append(
            Treatment(
                patient=patient,
                kind="medication",
                schedule="course",
                name=("pramipexole", "gabapentin")[year % 2],
                dose=Decimal("0.125"),
                dose_unit="mg",
                started=start,
                stopped=start + timedelta(days=89),
            )
        )
        if year % 5 == 0:
            treatments.append(
                Treatment(
                    patient=patient,
                    kind="medication",
                    schedule="course",
                    name="pramipexole",
                    dose=Decimal("0.25"),
                    dose_unit="mg",
                    started=start + timedelta(days=90),
                    stopped=start + timedelta(days=200),
                )
            )
        if year % 2 == 0:  # a series of ten cryotherapy sessions or two infusions
            kind = ("cryotherapy", "iron_iv")[year % 4 // 2]
            count, gap = (10, 2) if kind == "cryotherapy" else (2, 7)
            treatments += [
                Treatment(
                    patient=patient,
                    kind=kind,
                    schedule="session",
                    started=start + timedelta(days=250 + i * gap),
                )
                for i in range(count)
            ]
    Treatment.objects.bulk_create(treatments)


if __name__ == "__main__":
    main()

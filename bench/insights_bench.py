"""Time the insights pipeline on ten years of one patient's nights, in memory (no database).

    .venv/bin/python bench/insights_bench.py [--runs N] [--years Y]

Reports the median of N runs for nights_frame, weekly_table and each chart, plus each
chart's cold time: its first render in a fresh interpreter that has imported the modules
but drawn nothing yet (matplotlib's first-use costs, such as loading the font list,
included, as for the first page after a server restart). Chart targets are judged on it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS_MS = {"weekly_table": 50.0, "chart": 150.0}
ZONE = "Europe/London"  # two DST changes a year
SLEEP_NEED_MIN = 480


def _configure_django() -> None:
    # gettext needs settings; the project's own when given, otherwise the bare minimum.
    from django.conf import settings

    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        import django

        django.setup()
    elif not settings.configured:
        settings.configure(USE_I18N=False)


def _rows(years: int) -> list[dict]:
    from tests.sample_nights import plausible_rows

    return plausible_rows(date(2016, 1, 4), 365 * years, seed=42)


def _median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _cold_chart_ms(key: str, years: int) -> tuple[float, float]:
    """(import ms, first render ms) of one chart in a new interpreter, data made beforehand."""
    code = (
        "import json, sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from bench.insights_bench import _configure_django, _rows, ZONE, SLEEP_NEED_MIN\n"
        "_configure_django()\n"
        "from insights.frames import nights_frame\n"
        "from insights.weekly import weekly_table\n"
        f"nights = nights_frame(_rows({years}), ZONE, SLEEP_NEED_MIN)\n"
        "table = weekly_table(nights)\n"
        # Timed apart from the render: a server imports it once, when it loads the views.
        "start = time.perf_counter()\n"
        "from insights.charts import CHARTS\n"
        "imported = time.perf_counter()\n"
        f"CHARTS[{key!r}].render(table, nights)\n"
        "done = time.perf_counter()\n"
        "print(json.dumps([(imported - start) * 1000, (done - imported) * 1000]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    import_ms, render_ms = json.loads(result.stdout.strip().splitlines()[-1])
    return float(import_ms), float(render_ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()

    _configure_django()
    from insights.charts import CHARTS
    from insights.frames import nights_frame
    from insights.weekly import weekly_table

    rows = _rows(args.years)
    nights = nights_frame(rows, ZONE, SLEEP_NEED_MIN)
    table = weekly_table(nights)
    print(
        f"{len(nights)} nights, {len(table)} weeks ({args.years} years), "
        f"median of {args.runs} runs; cold = first render in a fresh interpreter"
    )

    # (name, median ms, cold ms or None, target ms or None)
    results: list[tuple[str, float, float | None, float | None]] = [
        (
            "nights_frame",
            _median_ms(lambda: nights_frame(rows, ZONE, SLEEP_NEED_MIN), args.runs),
            None,
            None,
        ),
        (
            "weekly_table",
            _median_ms(lambda: weekly_table(nights), args.runs),
            None,
            TARGETS_MS["weekly_table"],
        ),
    ]
    imports = []
    for key, chart in CHARTS.items():
        import_ms, first_render = _cold_chart_ms(key, args.years)
        imports.append(import_ms)
        warm = _median_ms(partial(chart.render, table, nights), args.runs)
        size_kb = len(chart.render(table, nights).encode()) / 1024
        results.append((f"chart {key} ({size_kb:.0f} KB)", warm, first_render, TARGETS_MS["chart"]))

    results.insert(2, ("import insights.charts", statistics.median(imports), None, None))
    print(f"{'step':<28}{'median ms':>10}{'cold ms':>10}{'target':>9}  result")
    failed = False
    for name, median, cold, target in results:
        judged = cold if cold is not None else median
        verdict = "-" if target is None else ("PASS" if judged < target else "FAIL")
        failed |= verdict == "FAIL"
        cold_text = "" if cold is None else f"{cold:.1f}"
        target_text = "" if target is None else f"< {target:.0f}"
        print(f"{name:<28}{median:>10.1f}{cold_text:>10}{target_text:>9}  {verdict}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

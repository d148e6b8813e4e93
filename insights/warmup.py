"""Everything a first Trends page pays for once per process, paid before serving.

A worker's first chart page used to spend about 1.1 s importing pandas and matplotlib,
building matplotlib's font list and compiling templates, on top of the page's own work.
gunicorn.conf.py calls warm_up() in the master before it forks the workers (or in each worker
before its first request, without preloading), so every worker starts with all of that done.

No database: the nights are made up here, and nothing is cached or stored.
"""

from __future__ import annotations

import gc
from datetime import date, time, timedelta

# Two weeks of made-up nights: enough for every chart to draw its bars, lines, dots, legend
# and a treatment mark, and to format the weekly table.
NIGHTS = 14
FIRST_NIGHT = date(2026, 1, 5)  # a Monday
TEMPLATES = ("base.html", "insights/trends.html", "insights/trends_body.html")


def _rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for day in range(NIGHTS):
        severity = day % 6
        rows.append(
            {
                "night": FIRST_NIGHT + timedelta(days=day),
                "in_bed": time(22, 30),
                "lights_out": time(22, 45),
                "sleep_latency_min": 20 + 5 * severity,
                "awakenings": 1 + severity // 2,
                "waso_min": 10 * severity,
                "final_wake": time(6, 30),
                "out_of_bed": time(6, 45),
                "sleep_quality": 3,
                "severity": severity,
                "onset": time(21, 0) if severity else None,
                "day_fatigue": severity,
                "sensations": ["creeping"] if severity else [],
                "areas": ["left_leg", "right_leg"] if severity else [],
                "relief": ["walking"] if severity else [],
                "factors": ["caffeine"] if severity > 3 else [],
            }
        )
    return rows


def warm_up() -> int:
    """Import, draw and compile what a chart page needs; returns the SVG bytes drawn."""
    from django.template.loader import get_template
    from django.urls import reverse

    import insights.views  # noqa: F401 - pandas, matplotlib and every page module
    from insights.charts import render_all
    from insights.frames import nights_frame
    from insights.marks import Mark
    from insights.night_summary import night_summary
    from insights.weekly import format_weekly, weekly_table

    nights = nights_frame(_rows(), "Europe/London", 480)
    table = weekly_table(nights)
    mark = Mark(label="warm-up", start=FIRST_NIGHT + timedelta(days=3), stop=None)
    drawn = sum(len(chart.svg) for chart in render_all(table, nights, marks=[mark]))
    format_weekly(table)
    night_summary(nights)
    for name in TEMPLATES:
        get_template(name)
    reverse("trends")  # builds the URL resolver's tables
    return drawn


def prepare_process() -> None:
    """What a server process does once before serving: warm_up(), then keep what it loaded out
    of the garbage collector's way. Called by gunicorn.conf.py in the master before it forks
    (or in each worker), and by bench/trends_page_bench.py to measure pages as served."""
    from django.db import connections

    warm_up()
    connections.close_all()  # none is opened; never hand a connection to forked workers
    # Everything loaded so far lives as long as the process: kept out of the collector's full
    # passes, which otherwise walk these millions of objects again every few requests (and,
    # after a fork, would write to every page the workers share).
    gc.freeze()

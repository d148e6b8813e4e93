"""Valid night rows for tests, the benchmark and demos; no database involved.

Rows have the shape insights.frames.nights_frame takes (and the ORM loader produces).
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Any

from tests.factories import NO_SYMPTOMS, night_values

# A symptom-free night 23:00-07:00 with 20 min latency and 10 min awake: TIB 480, TST 450.
QUIET_NIGHT: dict[str, Any] = {
    **NO_SYMPTOMS,
    "in_bed": time(23, 0),
    "lights_out": time(23, 0),
    "sleep_latency_min": 20,
    "awakenings": 1,
    "waso_min": 10,
    "final_wake": time(7, 0),
    "out_of_bed": time(7, 0),
    "severity": 0,
    "factors": [],
}


def night_row(night: date, **fields: Any) -> dict[str, Any]:
    """A valid, symptom-free night 23:00-07:00 with 20 min latency; override any field."""
    return night_values(**{**QUIET_NIGHT, "night": night, **fields})


def _clock(minutes_after_midnight: int) -> time:
    minutes = minutes_after_midnight % (24 * 60)
    return time(minutes // 60, minutes % 60)


def plausible_rows(
    first_night: date, count: int, seed: int = 0, skip_rate: float = 0.08
) -> list[dict[str, Any]]:
    """`count` consecutive calendar nights of an RLS patient, a few skipped (not logged).

    Severity drifts slowly, symptomatic nights have an evening onset that creeps earlier
    over the years (an augmentation-like trend) and bad nights cost sleep, so charts and
    summaries have something to show. Every row obeys the order rules of domain.md.
    """
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    level = 4.0
    for day in range(count):
        if rng.random() < skip_rate:
            continue
        level = min(8.0, max(0.5, level + rng.gauss(0, 0.15)))
        severity = max(0, min(10, round(rng.gauss(level, 1.5))))
        in_bed = 22 * 60 + rng.randint(0, 90)  # 22:00-23:30
        lights_out = in_bed + rng.randint(0, 30)
        final_wake = 30 * 60 + rng.randint(0, 90)  # 06:00-07:30 next morning
        out_of_bed = final_wake + rng.randint(0, 30)
        latency = rng.randint(5, 20 + 10 * severity)
        waso = rng.randint(0, 10 + 12 * severity)
        onset = None
        if severity:
            # Around 22:30, about 20 minutes earlier each year, +/- 2 h (so some fall
            # after midnight, which the onset statistics must order correctly).
            onset = _clock(22 * 60 + 30 - day * 20 // 365 + rng.randint(-120, 120))
        areas = ["left_leg", "right_leg"] + (["arms"] if severity >= 8 else [])
        rows.append(
            night_row(
                first_night + timedelta(days=day),
                in_bed=_clock(in_bed),
                lights_out=_clock(lights_out),
                sleep_latency_min=latency,
                awakenings=rng.randint(0, 2 + severity // 2),
                waso_min=waso,
                final_wake=_clock(final_wake),
                out_of_bed=_clock(out_of_bed),
                sleep_quality=max(1, min(5, 5 - severity // 2 + rng.randint(-1, 1))),
                severity=severity,
                onset=onset,
                areas=areas if severity else [],
            )
        )
    return rows

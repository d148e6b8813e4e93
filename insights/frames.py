"""One row per night with the derived metrics of domain.md section 3, as a DataFrame."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from diary.metrics import SleepTimes, compute_metrics, onset_offset_min, zone

# Dates are stored as midnight timestamps so the weekly grouping and the charts' date axes
# use pandas' and matplotlib's datetime machinery; ns is fixed because pandas 3 would
# otherwise infer a unit from the input, and an empty frame must match a full one.
NIGHT_DTYPE = "datetime64[ns]"

# Column -> dtype of the nights frame. Minutes are whole numbers (int64); onset offset, sleep
# efficiency and day fatigue are float64 so a missing value is NaN, which groupby and
# matplotlib both skip without special cases.
NIGHT_COLUMNS: dict[str, str] = {
    "night": NIGHT_DTYPE,
    "severity": "int64",
    "onset_offset_min": "float64",
    "time_in_bed_min": "int64",
    "total_sleep_min": "int64",
    "sleep_efficiency_pct": "float64",
    "terminal_wake_min": "int64",
    "sleep_loss_min": "int64",
    "sleep_latency_min": "int64",
    "awakenings": "int64",
    "waso_min": "int64",
    "sleep_quality": "int64",
    "spread": "bool",
    # 0-10, or NaN when the patient left it empty (domain.md section 2).
    "day_fatigue": "float64",
    # The night's sets (domain.md section 2) as tuples in the vocabulary's order, for the
    # counts of insights/night_summary.py; a row without one has an empty tuple.
    "sensations": "object",
    "areas": "object",
    "relief": "object",
    "factors": "object",
}

SET_COLUMNS = ("sensations", "areas", "relief", "factors")

# Symptoms in the arms or trunk are a sign of augmentation (domain.md section 2).
SPREAD_AREAS = frozenset({"arms", "trunk"})


def empty_nights_frame() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in NIGHT_COLUMNS.items()})


def _night_record(row: Mapping[str, Any], tz: ZoneInfo, sleep_need_min: int) -> tuple[Any, ...]:
    # Run once a night (3,650 times for ten years), so the zone is looked up once a frame
    # and the sets are taken without a generator.
    times = SleepTimes(
        night=row["night"],
        in_bed=row["in_bed"],
        lights_out=row["lights_out"],
        sleep_latency_min=row["sleep_latency_min"],
        waso_min=row["waso_min"],
        final_wake=row["final_wake"],
        out_of_bed=row["out_of_bed"],
    )
    # compute_metrics is the single definition of the section 3 metrics; the frame must
    # never recompute them in vectorised form, or the page and the API could disagree.
    metrics = compute_metrics(times, tz, sleep_need_min)
    onset = row.get("onset")
    efficiency = metrics.sleep_efficiency_pct
    areas = row.get("areas") or ()
    # Rows written before day_fatigue existed have no such key.
    day_fatigue = row.get("day_fatigue")
    return (
        row["night"],
        row["severity"],
        np.nan if onset is None else onset_offset_min(onset),
        metrics.time_in_bed_min,
        metrics.total_sleep_min,
        np.nan if efficiency is None else efficiency,
        metrics.terminal_wake_min,
        metrics.sleep_loss_min,
        row["sleep_latency_min"],
        row["awakenings"],
        row["waso_min"],
        row["sleep_quality"],
        not SPREAD_AREAS.isdisjoint(areas),
        np.nan if day_fatigue is None else day_fatigue,
        # SET_COLUMNS, in order.
        tuple(row.get("sensations") or ()),
        tuple(areas),
        tuple(row.get("relief") or ()),
        tuple(row.get("factors") or ()),
    )


def nights_frame(
    rows: Iterable[Mapping[str, Any]], tz_name: str, sleep_need_min: int
) -> pd.DataFrame:
    """The patient's nights, sorted by night, one row each, columns and dtypes as NIGHT_COLUMNS.

    `rows` are plain mappings with the fields of domain.md section 2 (datetime.date and
    datetime.time values, sets as lists); the derived metrics come from compute_metrics in
    the patient's zone `tz_name` with their `sleep_need_min`. Nights are expected to be
    unique (one entry per patient per night), as the model guarantees.
    """
    tz = zone(tz_name)
    records = [_night_record(row, tz, sleep_need_min) for row in rows]
    if not records:
        return empty_nights_frame()
    frame = pd.DataFrame.from_records(records, columns=list(NIGHT_COLUMNS))
    frame = frame.astype(NIGHT_COLUMNS)
    return frame.sort_values("night", kind="stable", ignore_index=True)

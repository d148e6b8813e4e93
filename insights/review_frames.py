"""The slim nights frame the review figures read (insights.review, insights.flags): a nights
frame with only the columns they use, built without the cost of the full one. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from diary.metrics import onset_offset_min
from insights.frames import NIGHT_DTYPE

# The columns of insights.frames.NIGHT_COLUMNS that the review figures read, same dtypes but
# sleep loss, which is float64 here: NaN on the nights whose loss no figure compares.
REVIEW_COLUMNS = ("night", "severity", "onset_offset_min", "spread", "sleep_loss_min")


def review_frame(rows: Sequence[Mapping[str, Any]], losses: Mapping[date, int]) -> pd.DataFrame:
    """`rows` are a patient's nights (night, severity, onset, and spread: symptoms in the arms
    or trunk), oldest first, as the loader reads them; `losses` their sleep loss in minutes
    (compute_metrics) for the nights the summary compares, from compared_from(today) on."""
    nights = [row["night"] for row in rows]
    frame = pd.DataFrame(
        {
            "night": np.array(nights, dtype="datetime64[D]").astype(NIGHT_DTYPE),
            "severity": np.array([row["severity"] for row in rows], dtype="int64"),
            "onset_offset_min": np.array(
                [
                    np.nan if row["onset"] is None else onset_offset_min(row["onset"])
                    for row in rows
                ],
                dtype="float64",
            ),
            "spread": np.array([row["spread"] for row in rows], dtype="bool"),
            "sleep_loss_min": np.array(
                [losses.get(night, np.nan) for night in nights], dtype="float64"
            ),
        }
    )
    if not frame["night"].is_monotonic_increasing:
        frame = frame.sort_values("night", kind="stable", ignore_index=True)
    return frame

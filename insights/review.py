"""One dashboard row per patient for a clinician: recent activity, the last full week against
the 4 weeks before it, the latest ferritin and TSAT, and the review flags. Pure: a nights
frame, a date and the patient's treatments, lab results and assessments (already loaded) in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from insights.flags import WEIGHT, Flag, last_full_week, review_flags
from insights.labs import Latest, latest_value
from insights.weekly import within

if TYPE_CHECKING:
    from diary.models import Assessment, LabResult, Treatment

RECENT_DAYS = 28


@dataclass(frozen=True)
class ReviewSummary:
    last_entry: date | None
    nights_last_28: int
    week_start: date
    week_mean_severity: float | None
    severity_change: float | None
    week_sleep_loss_min: int | None
    sleep_loss_change_min: float | None
    flags: list[Flag]
    ferritin: Latest | None = None  # the latest ever, dated: its age shows beside it
    tsat: Latest | None = None

    @property
    def urgency(self) -> tuple[int, float]:
        """Sort key, largest first: the weightiest flags, then the steepest rise in severity."""
        return (sum(WEIGHT[flag.kind] for flag in self.flags), self.severity_change or 0.0)


def compared_from(today: date) -> date:
    """The first night the summary compares: 4 weeks before the last full week. Earlier
    nights count only through the flags, which never read their sleep loss."""
    return last_full_week(today) - timedelta(weeks=4)


def review_summary(
    nights: pd.DataFrame,
    today: date,
    treatments: Sequence[Treatment],
    *,
    labs: Sequence[LabResult],
    assessments: Sequence[Assessment],
) -> ReviewSummary:
    monday = last_full_week(today)
    week = within(nights, monday, monday + timedelta(days=6))
    before = within(nights, compared_from(today), monday - timedelta(days=1))
    recent = within(nights, today - timedelta(days=RECENT_DAYS), today - timedelta(days=1))

    week_severity = week["severity"].mean() if len(week) else None
    week_loss = int(week["sleep_loss_min"].sum()) if len(week) else None
    severity_change = None
    loss_change = None
    if week_severity is not None and week_loss is not None and len(before):
        severity_change = float(week_severity - before["severity"].mean())
        # Weekly totals are compared with the mean total of the weeks before that had entries.
        weekly_totals = before.groupby(before["night"].dt.to_period("W-SUN"))["sleep_loss_min"]
        loss_change = float(week_loss - weekly_totals.sum().mean())
    return ReviewSummary(
        last_entry=nights["night"].max().date() if len(nights) else None,
        nights_last_28=len(recent),
        week_start=monday,
        week_mean_severity=None if week_severity is None else float(week_severity),
        severity_change=severity_change,
        week_sleep_loss_min=week_loss,
        sleep_loss_change_min=loss_change,
        flags=review_flags(nights, today, treatments, labs=labs, assessments=assessments),
        ferritin=latest_value(labs, "ferritin_ng_ml"),
        tsat=latest_value(labs, "tsat_pct"),
    )

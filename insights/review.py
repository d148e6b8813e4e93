"""One dashboard row per patient for a clinician: recent activity, the last full week against
the 4 weeks before it, the latest ferritin and TSAT, and the review flags. Pure: a nights
frame, a date and the patient's treatments, lab results and assessments (already loaded) in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from insights import comparisons
from insights.comparisons import SEVERITY, SLEEP_LOSS, Comparison
from insights.flags import WEIGHT, Flag, review_flags
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
    week_mean_sleep_loss_min: float | None  # a logged night, over the last full week
    sleep_loss_change_min: float | None
    flags: list[Flag]
    ferritin: Latest | None = None  # the latest ever, dated: its age shows beside it
    tsat: Latest | None = None
    # The 4 weeks before, exact, so the cells show what the Trends page says (comparisons).
    severity_before: float | None = None
    sleep_loss_before_min: float | None = None

    @property
    def severity(self) -> Comparison:
        return Comparison(SEVERITY, self.week_start, self.week_mean_severity, self.severity_before)

    @property
    def sleep_loss(self) -> Comparison:
        return Comparison(
            SLEEP_LOSS, self.week_start, self.week_mean_sleep_loss_min, self.sleep_loss_before_min
        )

    @property
    def urgency(self) -> tuple[int, float]:
        """Sort key, largest first: the weightiest flags, then the steepest rise in severity."""
        return (sum(WEIGHT[flag.kind] for flag in self.flags), self.severity_change or 0.0)


def compared_from(today: date) -> date:
    """The first night the summary compares: 4 weeks before the last full week. Earlier
    nights count only through the flags, which never read their sleep loss."""
    return comparisons.compared_from(today)


def review_summary(
    nights: pd.DataFrame,
    today: date,
    treatments: Sequence[Treatment],
    *,
    labs: Sequence[LabResult],
    assessments: Sequence[Assessment],
) -> ReviewSummary:
    compared = comparisons.compare(nights, today, ("severity", "sleep_loss"))
    recent = within(nights, today - timedelta(days=RECENT_DAYS), today - timedelta(days=1))
    severity, loss = compared.by_key["severity"], compared.by_key["sleep_loss"]
    # Exact changes: severity's sorts the dashboard. The cells show the change of the shown
    # numbers (Comparison.cell), as the Trends page does.
    severity_change = None
    loss_change = None
    if severity.current is not None and severity.previous is not None:
        severity_change = severity.current - severity.previous
    if loss.current is not None and loss.previous is not None:
        loss_change = loss.current - loss.previous
    return ReviewSummary(
        last_entry=nights["night"].max().date() if len(nights) else None,
        nights_last_28=len(recent),
        week_start=compared.week_start,
        week_mean_severity=severity.current,
        severity_change=severity_change,
        week_mean_sleep_loss_min=loss.current,
        sleep_loss_change_min=loss_change,
        severity_before=severity.previous,
        sleep_loss_before_min=loss.previous,
        flags=review_flags(nights, today, treatments, labs=labs, assessments=assessments),
        ferritin=latest_value(labs, "ferritin_ng_ml"),
        tsat=latest_value(labs, "tsat_pct"),
    )

"""The clinician's dashboard: every sharing patient in one table, those most needing a look
first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.safestring import SafeString

from diary.models import Share, User
from insights.review import ReviewSummary
from insights.snapshots import review_figures


@dataclass(frozen=True)
class DashboardRow:
    patient: User
    shared_since: datetime
    summary: ReviewSummary
    cells: SafeString  # the summary's table cells, rendered with it


def dashboard_rows(clinician: User) -> list[DashboardRow]:
    """One query whatever the number of patients when every patient's review snapshot is
    current (the shares with their patients and snapshots); six more, still whatever the
    number, for the patients whose data or date changed since (insights.snapshots)."""
    shares = list(
        Share.objects.active()
        .filter(clinician=clinician)
        .select_related("patient__review_snapshot")
    )
    figures = review_figures([share.patient for share in shares])
    rows = [
        DashboardRow(
            share.patient,
            share.redeemed_at,
            figures[share.patient.pk].summary,
            figures[share.patient.pk].cells,
        )
        for share in shares
        if share.redeemed_at is not None  # always, for an active share (a DB constraint)
    ]
    rows.sort(key=lambda row: row.patient.get_username())
    rows.sort(key=lambda row: row.summary.urgency, reverse=True)
    return rows

"""The clinician's dashboard: every sharing patient in one table, those most needing a look
first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from diary.models import Share, User
from insights.loading import (
    load_assessments_of,
    load_labs_of,
    load_nights_of,
    load_treatments_of,
)
from insights.review import ReviewSummary, review_summary


@dataclass(frozen=True)
class DashboardRow:
    patient: User
    shared_since: datetime
    summary: ReviewSummary


def dashboard_rows(clinician: User) -> list[DashboardRow]:
    """Five queries whatever the number of patients: the shares, all their nights, all their
    treatments, all their lab results, all their assessments."""
    shares = list(Share.objects.active().filter(clinician=clinician).select_related("patient"))
    patients = [share.patient for share in shares]
    frames = load_nights_of(patients)
    treatments = load_treatments_of(patients)
    labs = load_labs_of(patients)
    assessments = load_assessments_of(patients)
    rows = [
        DashboardRow(
            share.patient,
            share.redeemed_at,
            review_summary(
                frames[share.patient.pk],
                share.patient.today(),
                treatments[share.patient.pk],
                labs=labs[share.patient.pk],
                assessments=assessments[share.patient.pk],
            ),
        )
        for share in shares
        if share.redeemed_at is not None  # always, for an active share (a DB constraint)
    ]
    rows.sort(key=lambda row: row.patient.get_username())
    rows.sort(key=lambda row: row.summary.urgency, reverse=True)
    return rows

"""The clinician's dashboard: every sharing patient in one table, those most needing a look
first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from diary.formatting import day_month_year
from diary.models import Share, User
from insights.review import ReviewSummary
from insights.snapshots import Figures, review_figures

# What a row shows of the patient and the share; the snapshot is read whole.
PATIENT_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "timezone",
    "sleep_need_min",
    "kept_for_child",
    "child_first_name",
    "child_birth_year",
)


@dataclass(frozen=True)
class DashboardRow:
    patient: User
    shared_since: datetime
    figures: Figures
    # Ready for the template: with 1,000 rows, each tag and filter per row costs milliseconds.
    review_url: str
    since: str

    @property
    def summary(self) -> ReviewSummary:
        return self.figures.summary

    @property
    def cells(self) -> SafeString:
        return self.figures.cells


def dashboard_rows(clinician: User) -> list[DashboardRow]:
    """One query whatever the number of patients when every patient's review snapshot is
    current (the shares with their patients and snapshots); six more, still whatever the
    number, for the patients whose data or date changed since (insights.snapshots)."""
    shares = list(
        Share.objects.active()
        .filter(clinician=clinician)
        .select_related("patient__review_snapshot")
        .only(
            "redeemed_at",
            "created_at",
            "patient__nights_version",
            *(f"patient__{name}" for name in PATIENT_FIELDS),
            "patient__review_snapshot",
        )
    )
    figures = review_figures([share.patient for share in shares])
    since: dict[date, str] = {}  # most shares began on the same few days
    rows = []
    for share in shares:
        if share.redeemed_at is None:  # never, for an active share (a DB constraint)
            continue
        day = localtime(share.redeemed_at).date()
        if day not in since:
            since[day] = _("since %(since)s") % {"since": day_month_year(day)}
        pk = share.patient.pk
        rows.append(
            DashboardRow(
                share.patient,
                share.redeemed_at,
                figures[pk],
                reverse("patient-review", args=[pk]),
                since[day],
            )
        )
    rows.sort(key=lambda row: row.patient.get_username())
    rows.sort(key=lambda row: row.figures.urgency, reverse=True)
    return rows

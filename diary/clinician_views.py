"""The clinician's side: redeem a share code and see every sharing patient in one table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from diary import sharing
from diary.access import clinician_or_404
from diary.models import Share, User

if TYPE_CHECKING:
    from insights.review import ReviewSummary


class RedeemForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Share code from your patient"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


@dataclass(frozen=True)
class DashboardRow:
    patient: User
    shared_since: datetime
    summary: ReviewSummary


def dashboard_rows(clinician: User) -> list[DashboardRow]:
    """Two queries whatever the number of patients: the shares, then all their nights."""
    # Imported on use so that workers serving only the diary and the API never load pandas.
    from insights.loading import load_nights_of
    from insights.review import review_summary

    shares = list(Share.objects.active().filter(clinician=clinician).select_related("patient"))
    frames = load_nights_of(share.patient for share in shares)
    rows = [
        DashboardRow(
            share.patient,
            share.redeemed_at,
            review_summary(frames[share.patient.pk], share.patient.today()),
        )
        for share in shares
    ]
    rows.sort(key=lambda row: row.patient.get_username())
    rows.sort(key=lambda row: row.summary.urgency, reverse=True)
    return rows


def _dashboard(request: HttpRequest, form: RedeemForm, status: int = 200) -> HttpResponse:
    context = {"rows": dashboard_rows(clinician_or_404(request.user)), "form": form}
    return render(request, "diary/clinician_dashboard.html", context, status=status)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, RedeemForm())


@login_required
@require_POST
def redeem(request: HttpRequest) -> HttpResponse:
    clinician = clinician_or_404(request.user)
    form = RedeemForm(request.POST)
    if form.is_valid():
        try:
            share = sharing.redeem(clinician, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%s now shares their diary with you.") % share.patient.get_username()
            )
            return redirect("patient-review", share.patient.pk)
    return _dashboard(request, form, status=400)

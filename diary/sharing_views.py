"""Sharing pages: a patient makes codes, sees who has access, revokes and reads the access log;
a clinician redeems a code."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from diary import sharing
from diary.access import ClinicianRequest, PatientRequest, clinician_required, patient_required
from diary.forms import RedeemForm
from diary.limits import limit_attempts
from diary.models import AccessEvent, Share

LOG_ROWS = 100
# The one-time code between the POST that made it and the GET that shows it. Sessions live in
# the database (server side): the code never travels in a URL or a cookie.
NEW_CODE_KEY = "sharing_new_code"


@patient_required
def sharing_page(request: PatientRequest) -> HttpResponse:
    # Popped, so the code is on the first page after its creation and on no refresh of it.
    new_code = request.session.pop(NEW_CODE_KEY, None)
    patient = request.user
    shares = Share.objects.filter(patient=patient).select_related("clinician")
    context = {
        "active": [s for s in shares if s.status == "active"],
        "pending": [s for s in shares if s.status == "pending"],
        "events": AccessEvent.objects.filter(patient=patient).select_related("clinician")[
            :LOG_ROWS
        ],
        "new_code": new_code,
    }
    return render(request, "diary/sharing.html", context)


@patient_required
@require_POST
def create_code(request: PatientRequest) -> HttpResponse:
    # POST-redirect-GET: a refresh of the page that shows the code must not make another one.
    _, code = Share.create_for(request.user)
    request.session[NEW_CODE_KEY] = code
    return redirect("sharing")


@patient_required
@require_http_methods(["GET", "POST"])
def revoke_share(request: PatientRequest, share_id: int) -> HttpResponse:
    """GET asks "are you sure?"; only the POST revokes."""
    share = get_object_or_404(Share, pk=share_id, patient=request.user)
    if request.method == "GET":
        if share.revoked_at is not None:
            return redirect("sharing")
        return render(request, "diary/share_confirm_revoke.html", {"share": share})
    sharing.revoke(share)
    if share.clinician is not None:
        messages.success(
            request,
            _("%(username)s can no longer see your diary.")
            % {"username": share.clinician.get_username()},
        )
    else:
        messages.success(request, _("The code was cancelled."))
    return redirect("sharing")


@clinician_required
@require_http_methods(["GET", "POST"])
@limit_attempts
def redeem(request: ClinicianRequest) -> HttpResponseBase:
    """The code form on its own page (the dashboard shows it too); a refused code comes back
    here with the reason and what was typed."""
    form = RedeemForm(request.POST if request.method == "POST" else None)
    status = 400 if form.is_bound else 200
    if form.is_valid():
        try:
            share = sharing.redeem(request.user, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
            status = 403
        else:
            messages.success(request, redeemed_message(share))
            return redirect("patient-review", share.patient.pk)
    return render(request, "diary/redeem.html", {"form": form}, status=status)


def redeemed_message(share: Share) -> str:
    """Who the code came from, in full, so that a look-alike username is noticed at once."""
    patient, clinician = share.patient, share.clinician
    assert share.redeemed_at is not None and clinician is not None  # just redeemed
    since = date_format(localtime(share.redeemed_at, clinician.tzinfo), "DATETIME_FORMAT")
    if patient.display_name:
        return _(
            "%(name)s (username %(username)s) now shares their diary with you, since %(since)s."
        ) % {"name": patient.display_name, "username": patient.get_username(), "since": since}
    return _("%(username)s (no name given) now shares their diary with you, since %(since)s.") % {
        "username": patient.get_username(),
        "since": since,
    }

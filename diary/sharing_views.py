"""The patient's Sharing page: make a code, see who has access, revoke, read the access log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diary import sharing
from diary.access import patient_or_404
from diary.models import AccessEvent, Share

LOG_ROWS = 100


def _sharing_page(request: HttpRequest, new_code: str | None = None) -> HttpResponse:
    patient = patient_or_404(request.user)
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


@login_required
def sharing_page(request: HttpRequest) -> HttpResponse:
    return _sharing_page(request)


@login_required
@require_POST
def create_code(request: HttpRequest) -> HttpResponse:
    # Rendered straight from the POST rather than redirected: the code exists only in this
    # response and is never stored or put in the session.
    _, code = Share.create_for(patient_or_404(request.user))
    return _sharing_page(request, new_code=code)


@login_required
@require_POST
def revoke_share(request: HttpRequest, share_id: int) -> HttpResponse:
    share = get_object_or_404(Share, pk=share_id, patient=patient_or_404(request.user))
    sharing.revoke(share)
    if share.clinician_id:
        messages.success(request, _("%s can no longer see your diary.") % share.clinician)
    else:
        messages.success(request, _("The code was cancelled."))
    return redirect("sharing")

"""The patient's "Recently deleted" page and the restore buttons (of a deleted entry, of an
entry's previous version). Everything is judged in diary.undo; these views only translate.
Clinicians get 404: they do not keep the patient's diary."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diary import undo
from diary.access import PatientRequest, patient_required
from diary.formatting import DAY_MONTH_YEAR, NIGHT_DATE, dated
from diary.models import LabResult, Night
from diary.templatetags.treatment_format import treatment_name


@patient_required
def recently_deleted(request: PatientRequest) -> HttpResponse:
    deleted = undo.recently_deleted(patient=request.user, now=timezone.now())
    return render(
        request, "diary/recently_deleted.html", {"deleted": deleted, "kept_days": undo.KEPT.days}
    )


@patient_required
@require_POST
def restore_deleted(request: PatientRequest, kind: str, version_id: int) -> HttpResponse:
    try:
        entry = undo.restore_deleted(
            patient=request.user, kind=undo.kind_of(kind), version_id=version_id, now=timezone.now()
        )
    except undo.NotRestored as refused:
        messages.error(
            request, _("Not restored: %(reasons)s") % {"reasons": " ".join(refused.messages)}
        )
        return redirect("recently-deleted")
    messages.success(request, _("Restored %(entry)s.") % {"entry": _described(entry)})
    return redirect("recently-deleted")


@patient_required
@require_POST
def restore_version(
    request: PatientRequest, kind: str, entry_id: int, version_id: int
) -> HttpResponse:
    what = undo.kind_of(kind)
    entry = undo.own_entry(patient=request.user, kind=what, entry_id=entry_id)
    try:
        restored = undo.restore_version(
            patient=request.user, kind=what, entry=entry, version_id=version_id, now=timezone.now()
        )
    except undo.NotRestored as refused:
        messages.error(
            request, _("Not restored: %(reasons)s") % {"reasons": " ".join(refused.messages)}
        )
        return redirect(_edit_url(what, entry))
    messages.success(
        request, _("Restored the earlier version of %(entry)s.") % {"entry": _described(restored)}
    )
    return redirect(_edit_url(what, restored))


def _edit_url(kind: undo.Kind, entry: undo.Entry) -> str:
    if isinstance(entry, Night):
        return entry.get_absolute_url()
    name = "treatment-edit" if kind is undo.TREATMENTS else "lab-edit"
    return reverse(name, args=[entry.pk])


def _described(entry: undo.Entry) -> str:
    if isinstance(entry, Night):
        return _("the night of %(night)s") % {"night": dated(entry.night, NIGHT_DATE)}
    if isinstance(entry, LabResult):
        return _("the lab result of %(drawn)s") % {"drawn": dated(entry.drawn, DAY_MONTH_YEAR)}
    return _("%(name)s from %(started)s") % {
        "name": treatment_name(entry),
        "started": dated(entry.started, DAY_MONTH_YEAR),
    }

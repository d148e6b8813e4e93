"""Lab results and clinician assessments on the web (domain.md sections 7 and 10): the
patient's Labs page, and the clinician's forms reached from the review page. Every write goes
through diary.labs (which judges it and logs a clinician's writes); these views only translate.

An entry someone did not enter answers 404 on its edit and delete pages, for the patient as for
the clinician, like anything else they may not change (see the README)."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.forms import ModelForm
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from diary import labs
from diary.access import (
    AuthenticatedHttpRequest,
    ClinicianRequest,
    PatientRequest,
    clinician_required,
    get_shared_patient,
    patient_required,
)
from diary.audit import record_reads
from diary.edit_conflicts import conflict, is_stale
from diary.forms import AssessmentForm, LabForm
from diary.models import AccessEvent, Assessment, LabResult, User
from diary.versions import locked, version_of
from diary.views import _render_form

Entry = LabResult | Assessment


@dataclass(frozen=True)
class _Kind:
    """What differs between a lab result and an assessment on these pages."""

    model: type[LabResult] | type[Assessment]
    form: type[ModelForm]
    date_field: str
    template: str
    saved: str  # marked with gettext_noop, translated when shown; "%(day)s" is the date
    deleted: str
    confirm: str
    read: AccessEvent.Action  # what a clinician's look at one entry is logged as

    def clean(self, **kwargs: Any) -> Entry:
        if self.model is LabResult:
            return labs.clean_lab(**kwargs)
        return labs.clean_assessment(**kwargs)

    def day(self, entry: Entry) -> str:
        return date_format(getattr(entry, self.date_field))


LAB = _Kind(
    LabResult,
    LabForm,
    "drawn",
    "diary/lab_form.html",
    saved=gettext_noop("Saved the lab result of %(day)s."),
    deleted=gettext_noop("Deleted the lab result of %(day)s."),
    confirm=gettext_noop("Delete the lab result of %(day)s?"),
    read=AccessEvent.Action.LABS,
)
ASSESSMENT = _Kind(
    Assessment,
    AssessmentForm,
    "assessed",
    "diary/assessment_form.html",
    saved=gettext_noop("Saved the assessment of %(day)s."),
    deleted=gettext_noop("Deleted the assessment of %(day)s."),
    confirm=gettext_noop("Delete the assessment of %(day)s?"),
    read=AccessEvent.Action.ASSESSMENTS,
)


def _own_entry(kind: _Kind, *, patient: User, user: User, entry_id: int) -> Entry:
    """One of the patient's entries that `user` entered and may still change; anything else,
    someone else's entry included, is a 404."""
    mine = {"patient": patient, "entered_by_user": user, "pk": entry_id}
    entry: Entry = (
        get_object_or_404(LabResult, **mine)
        if kind.model is LabResult
        else get_object_or_404(Assessment, **mine)
    )
    if not labs.may_change(user, entry):
        raise Http404
    return entry


def _form_page(
    request: AuthenticatedHttpRequest,
    kind: _Kind,
    *,
    patient: User,
    instance: Entry | None,
    back: str,
) -> HttpResponseBase:
    extra = {"patient": patient, "back": back}
    if request.method == "POST":
        return _save_from_post(request, kind, patient=patient, instance=instance, extra=extra)
    if instance is None:
        form = kind.form(initial={kind.date_field: patient.today()})
    else:
        form = kind.form(instance=instance)
        extra["version"] = version_of(instance)
    return _render_form(request, kind.template, form, extra)


@transaction.atomic
def _save_from_post(
    request: AuthenticatedHttpRequest,
    kind: _Kind,
    *,
    patient: User,
    instance: Entry | None,
    extra: dict[str, Any],
) -> HttpResponseBase:
    if instance is not None:
        # Held until the save commits: the version compared is the one the save replaces.
        instance = locked(instance)
        extra = {**extra, "version": version_of(instance)}
        if is_stale(request.POST, instance):
            extra["conflict"] = conflict(kind.form(instance=instance))
            form = kind.form(request.POST, instance=instance)
            return _render_form(request, kind.template, form, extra)
    try:
        entry = kind.clean(patient=patient, values=request.POST, by=request.user, instance=instance)
    except labs.InvalidEntry as invalid:
        return _render_form(request, kind.template, invalid.form, extra)
    labs.save_entry(entry, by=request.user, created=instance is None)
    messages.success(request, _(kind.saved) % {"day": kind.day(entry)})
    return redirect(extra["back"])


def _delete_page(
    request: AuthenticatedHttpRequest, kind: _Kind, entry: Entry, *, back: str
) -> HttpResponse:
    if request.method == "POST":
        labs.delete_entry(entry, by=request.user)
        messages.success(request, _(kind.deleted) % {"day": kind.day(entry)})
        return redirect(back)
    context = {"entry": entry, "question": _(kind.confirm) % {"day": kind.day(entry)}, "back": back}
    return render(request, "diary/entry_confirm_delete.html", context)


# ---- the patient ------------------------------------------------------------------------------


@patient_required
def lab_list(request: PatientRequest) -> HttpResponse:
    patient = request.user
    newest_first = ("-drawn", "-pk")
    context = {
        "labs": LabResult.objects.filter(patient=patient)
        .select_related("patient", "entered_by_user")
        .order_by(*newest_first),
        "assessments": Assessment.objects.filter(patient=patient)
        .select_related("patient", "entered_by_user")
        .order_by("-assessed", "-pk"),
    }
    return render(request, "diary/labs.html", context)


@patient_required
@require_http_methods(["GET", "POST"])
def lab_add(request: PatientRequest) -> HttpResponseBase:
    return _form_page(request, LAB, patient=request.user, instance=None, back=reverse("labs"))


@patient_required
@require_http_methods(["GET", "POST"])
def lab_edit(request: PatientRequest, lab_id: int) -> HttpResponseBase:
    lab = _own_entry(LAB, patient=request.user, user=request.user, entry_id=lab_id)
    return _form_page(request, LAB, patient=request.user, instance=lab, back=reverse("labs"))


@patient_required
@require_http_methods(["GET", "POST"])
def lab_delete(request: PatientRequest, lab_id: int) -> HttpResponse:
    lab = _own_entry(LAB, patient=request.user, user=request.user, entry_id=lab_id)
    return _delete_page(request, LAB, lab, back=reverse("labs"))


# ---- the clinician, while the patient shares with them ----------------------------------------


def _review(patient: User) -> str:
    return reverse("patient-review", args=[patient.pk])


def _clinician_add(request: ClinicianRequest, kind: _Kind, patient_id: int) -> HttpResponseBase:
    patient = get_shared_patient(request.user, patient_id)
    return _form_page(request, kind, patient=patient, instance=None, back=_review(patient))


def _clinician_edit(
    request: ClinicianRequest, kind: _Kind, patient_id: int, entry_id: int
) -> HttpResponseBase:
    patient = get_shared_patient(request.user, patient_id)
    entry = _own_entry(kind, patient=patient, user=request.user, entry_id=entry_id)
    response = _form_page(request, kind, patient=patient, instance=entry, back=_review(patient))
    _log_look(request, kind, patient)
    return response


def _clinician_delete(
    request: ClinicianRequest, kind: _Kind, patient_id: int, entry_id: int
) -> HttpResponse:
    patient = get_shared_patient(request.user, patient_id)
    entry = _own_entry(kind, patient=patient, user=request.user, entry_id=entry_id)
    response = _delete_page(request, kind, entry, back=_review(patient))
    _log_look(request, kind, patient)
    return response


def _log_look(request: ClinicianRequest, kind: _Kind, patient: User) -> None:
    """The edit and delete pages show one of the patient's entries: opening one is a read (a
    POST is logged as the write it is)."""
    if request.method == "GET":
        record_reads(clinician=request.user, patients=[patient], action=kind.read)


@clinician_required
@require_http_methods(["GET", "POST"])
def clinician_lab_add(request: ClinicianRequest, patient_id: int) -> HttpResponseBase:
    return _clinician_add(request, LAB, patient_id)


@clinician_required
@require_http_methods(["GET", "POST"])
def clinician_lab_edit(request: ClinicianRequest, patient_id: int, lab_id: int) -> HttpResponseBase:
    return _clinician_edit(request, LAB, patient_id, lab_id)


@clinician_required
@require_http_methods(["GET", "POST"])
def clinician_lab_delete(request: ClinicianRequest, patient_id: int, lab_id: int) -> HttpResponse:
    return _clinician_delete(request, LAB, patient_id, lab_id)


@clinician_required
@require_http_methods(["GET", "POST"])
def assessment_add(request: ClinicianRequest, patient_id: int) -> HttpResponseBase:
    return _clinician_add(request, ASSESSMENT, patient_id)


@clinician_required
@require_http_methods(["GET", "POST"])
def assessment_edit(
    request: ClinicianRequest, patient_id: int, assessment_id: int
) -> HttpResponseBase:
    return _clinician_edit(request, ASSESSMENT, patient_id, assessment_id)


@clinician_required
@require_http_methods(["GET", "POST"])
def assessment_delete(
    request: ClinicianRequest, patient_id: int, assessment_id: int
) -> HttpResponse:
    return _clinician_delete(request, ASSESSMENT, patient_id, assessment_id)

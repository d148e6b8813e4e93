"""The patient's Treatments page (domain.md section 9): what they take and have had, and the
few-tap actions on it. Every write goes through diary.treatments; these views only translate."""

from collections.abc import Mapping
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from diary import catalogue, treatments
from diary.access import PatientRequest, patient_required
from diary.choices import Schedule
from diary.edit_conflicts import EditConflict, conflict, is_stale
from diary.forms import ChangeDoseForm, StopCourseForm, TreatmentForm
from diary.models import Treatment
from diary.templatetags.treatment_format import dose, treatment_name
from diary.versions import locked, version_of
from diary.views import _render_form


def _get_treatment_for_user(request: PatientRequest, treatment_id: int) -> Treatment:
    """The signed-in patient's own treatment; anyone else's is a 404, like one that never was."""
    return get_object_or_404(request.user.treatments, pk=treatment_id)


def _get_course_for_user(request: PatientRequest, treatment_id: int) -> Treatment:
    # Stop and change dose exist only for courses; a session has no such page.
    course = _get_treatment_for_user(request, treatment_id)
    if not course.is_course:
        raise Http404
    return course


@patient_required
def treatment_list(request: PatientRequest) -> HttpResponse:
    today = request.user.today()
    listed = treatments.overview(request.user.treatments.all(), today=today)
    # Each ongoing course carries its two small forms, with ids of its own on the one page.
    ongoing = [
        (
            course,
            StopCourseForm(initial={"stopped": today}, auto_id=f"stop-{course.pk}-%s"),
            ChangeDoseForm(
                initial={"starts": today, "dose_unit": course.dose_unit},
                auto_id=f"dose-{course.pk}-%s",
            ),
        )
        for course in listed.ongoing
    ]
    context = {"ongoing": ongoing, "past": listed.past, "series": listed.series}
    return render(request, "diary/treatments.html", context)


@patient_required
@require_http_methods(["GET", "POST"])
def treatment_add(request: PatientRequest) -> HttpResponseBase:
    if request.method == "POST":
        return _save_from_post(request, instance=None)
    form = TreatmentForm(initial={"started": request.user.today()}, patient=request.user)
    return _render_treatment_form(request, form)


@patient_required
@require_http_methods(["GET", "POST"])
def treatment_edit(request: PatientRequest, treatment_id: int) -> HttpResponseBase:
    treatment = _get_treatment_for_user(request, treatment_id)
    if request.method == "POST":
        return _save_from_post(request, instance=treatment)
    form = TreatmentForm(instance=treatment, patient=request.user)
    return _render_treatment_form(request, form, version=version_of(treatment))


@transaction.atomic
def _save_from_post(request: PatientRequest, *, instance: Treatment | None) -> HttpResponse:
    version = None
    if instance is not None:
        # Held until the save commits: the version compared is the one the save replaces.
        instance = locked(instance)
        version = version_of(instance)
        if is_stale(request.POST, instance):
            saved_now = conflict(TreatmentForm(instance=instance, patient=request.user))
            form = TreatmentForm(request.POST, instance=instance, patient=request.user)
            return _render_treatment_form(request, form, version=version, conflict=saved_now)
    try:
        treatment = treatments.save_treatment(
            treatments.clean_treatment(patient=request.user, values=request.POST, instance=instance)
        )
    except treatments.InvalidTreatment as invalid:
        return _render_treatment_form(request, invalid.form, version=version)
    messages.success(request, _("Saved %(name)s.") % {"name": treatment_name(treatment)})
    return redirect("treatments")


@patient_required
@require_http_methods(["GET", "POST"])
def treatment_delete(request: PatientRequest, treatment_id: int) -> HttpResponse:
    treatment = _get_treatment_for_user(request, treatment_id)
    if request.method == "POST":
        treatments.delete_treatment(treatment)
        messages.success(request, _("Deleted %(name)s.") % {"name": treatment_name(treatment)})
        return redirect("treatments")
    return render(request, "diary/treatments_confirm_delete.html", {"treatment": treatment})


@patient_required
@require_http_methods(["GET", "POST"])
def treatment_stop(request: PatientRequest, treatment_id: int) -> HttpResponse:
    course = _get_course_for_user(request, treatment_id)
    form = StopCourseForm(request.POST or None, initial={"stopped": request.user.today()})
    if form.is_valid():
        try:
            treatments.stop_course(course, stopped=form.cleaned_data["stopped"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s: last day %(stopped)s.")
                % {"name": treatment_name(course), "stopped": _day(course.stopped)},
            )
            return redirect("treatments")
    return _render_form(request, "diary/treatments_stop.html", form, {"course": course})


@patient_required
@require_http_methods(["GET", "POST"])
def treatment_change_dose(request: PatientRequest, treatment_id: int) -> HttpResponse:
    course = _get_course_for_user(request, treatment_id)
    initial = {"starts": request.user.today(), "dose_unit": course.dose_unit}
    form = ChangeDoseForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            new_course = treatments.change_dose(course, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error, rename={"started": "starts"})
        else:
            messages.success(
                request,
                _("%(name)s: %(dose)s from %(starts)s.")
                % {
                    "name": treatment_name(new_course),
                    "dose": dose(new_course),
                    "starts": _day(new_course.started),
                },
            )
            return redirect("treatments")
    return _render_form(request, "diary/treatments_change_dose.html", form, {"course": course})


@patient_required
@require_POST
def treatment_log_session(request: PatientRequest, treatment_id: int) -> HttpResponse:
    """One tap: another session like this one, dated today in the patient's zone."""
    like = _get_treatment_for_user(request, treatment_id)
    if like.schedule != Schedule.SESSION:
        raise Http404
    try:
        session = treatments.log_session(like, on=request.user.today())
    except ValidationError as error:
        # The stored session no longer passes today's rules; the patient can open and fix it.
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Logged a session of %(name)s on %(on)s.")
            % {"name": treatment_name(session), "on": _day(session.started)},
        )
    return redirect("treatments")


def _day(day: date | None) -> str:
    """A day in a message as the pages write it, in the reader's language ("3 Mar 2026")."""
    return date_format(day) if day else ""


def _add_errors(
    form: Form, error: ValidationError, *, rename: Mapping[str, str] | None = None
) -> None:
    """A service's field errors onto the small form that asked for them; a problem with a field
    the form does not show (it comes from the stored treatment) goes at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, problems in error.error_dict.items():
        name = (rename or {}).get(field, field)
        form.add_error(name if name in form.fields else None, problems)


def _render_treatment_form(
    request: HttpRequest,
    form: TreatmentForm,
    *,
    version: str | None = None,
    conflict: EditConflict | None = None,
) -> HttpResponse:
    # The value typed stays the catalogue's English word (it is what matches and is stored); the
    # reader's spelling is the option's label, left out where it is the same word.
    names = [
        (readable, _label(name, readable), " ".join(kinds))
        for name, kinds in _kinds_by_name().items()
        for readable in [catalogue.readable_name(name)]
    ]
    extra = {"catalogue_names": names, "version": version, "conflict": conflict}
    return _render_form(request, "diary/treatments_form.html", form, extra)


def _label(name: str, readable: str) -> str:
    shown = catalogue.shown_name(name)
    return "" if shown == readable else shown


def _kinds_by_name() -> dict[str, list[str]]:
    """Each catalogue name with the kinds it is offered for, in the catalogue's order."""
    kinds: dict[str, list[str]] = {name: [] for name in catalogue.CATALOGUE}
    for kind, names in catalogue.NAMES_FOR_KIND.items():
        for name in names:
            kinds[name].append(str(kind))
    return kinds

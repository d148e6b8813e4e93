from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import BaseForm as Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from diary.access import patient_or_404
from diary.forms import SYMPTOM_FIELDS, NightForm, SettingsForm, SignUpForm
from diary.models import Night, User

NIGHTS_PER_PAGE = 56


def _patient(request: HttpRequest) -> User:
    return patient_or_404(request.user)


def _get_night_for_user(request: HttpRequest, night: str) -> Night:
    try:
        day = date.fromisoformat(night)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(_patient(request).nights, night=day)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_clinician:
        return redirect("clinician-dashboard")
    return redirect("night-list")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("night-create" if user.is_patient else "home")
    return _render_form(request, "registration/signup.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Settings saved."))
        return redirect("settings")
    return _render_form(request, "diary/settings.html", form)


@login_required
def night_list(request: HttpRequest) -> HttpResponse:
    patient = _patient(request)
    nights = patient.nights.order_by("-night")
    page = Paginator(nights, NIGHTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "diary/night_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def night_create(request: HttpRequest) -> HttpResponse:
    patient = _patient(request)
    if request.method == "POST":
        form = NightForm(request.POST, patient=patient)
        if form.is_valid():
            night = form.save()
            messages.success(request, _("Saved the night of %s.") % night.night.isoformat())
            return redirect("night-list")
    else:
        form = NightForm(initial=NightForm.initial_for(patient), patient=patient)
    return _render_night_form(request, form, creating=True)


@login_required
@require_http_methods(["GET", "POST"])
def night_edit(request: HttpRequest, night: str) -> HttpResponse:
    entry = _get_night_for_user(request, night)
    form = NightForm(request.POST or None, instance=entry, patient=entry.patient)
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved the night of %s.") % entry.night.isoformat())
        return redirect("night-list")
    return _render_night_form(request, form, creating=False)


@login_required
@require_http_methods(["GET", "POST"])
def night_delete(request: HttpRequest, night: str) -> HttpResponse:
    entry = _get_night_for_user(request, night)
    if request.method == "POST":
        entry.delete()
        messages.success(request, _("Deleted the night of %s.") % entry.night.isoformat())
        return redirect("night-list")
    return render(request, "diary/night_confirm_delete.html", {"entry": entry})


def _render_night_form(request: HttpRequest, form: NightForm, *, creating: bool) -> HttpResponse:
    extra = {"creating": creating, "symptom_fields": [form[name] for name in SYMPTOM_FIELDS]}
    return _render_form(request, "diary/night_form.html", form, extra)


def _render_form(
    request: HttpRequest, template: str, form: Form, extra: dict[str, Any] | None = None
) -> HttpResponse:
    """Render a form page; a form sent back with errors answers 400 so clients see the refusal."""
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **(extra or {})}, status=status)

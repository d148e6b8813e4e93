from datetime import date
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from diary import email_views
from diary.access import AuthenticatedHttpRequest, PatientRequest, patient_required
from diary.drafts import (
    InvalidDraft,
    discard_draft,
    draft_summary,
    drafts_of,
    nights_list_heading,
    save_draft,
    save_finished_night,
)
from diary.edit_conflicts import EditConflict, conflict, is_stale
from diary.fields import DayField
from diary.formatting import DAY_MONTH, NIGHT_DATE, dated
from diary.forms import (
    NIGHT_PAGE_ORDER,
    SYMPTOM_FIELDS,
    CheckedPasswordChangeForm,
    DraftForm,
    NightForm,
    SettingsForm,
    SignUpForm,
)
from diary.languages import LanguageForm, language_form
from diary.limits import limit_attempts
from diary.models import Night, NightDraft, User
from diary.models.sharing import CODE_LIFETIME
from diary.nights import InvalidNight, clean_night, save_night
from diary.token_views import token_context
from diary.two_factor_views import SignInView
from diary.validators import EARLIEST_NIGHT
from diary.versions import locked, version_of
from diary.wording import Wording

NIGHTS_PER_PAGE = 56


def _get_night_for_user(request: PatientRequest, night: Any) -> Night:
    return get_object_or_404(request.user.nights, night=night)


def home(request: HttpRequest) -> HttpResponse:
    """The landing page for a visitor; a signed-in user goes straight to their own start."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "diary/landing.html", {"code_days": CODE_LIFETIME.days})
    if user.is_clinician:
        return redirect("clinician-dashboard")
    return redirect("night-list")


@login_required
def welcome(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The diary in three steps, where sign-up leads; kept at its URL to come back to."""
    return render(request, "diary/welcome.html")


def glossary(request: HttpRequest) -> HttpResponse:
    """What each measure and column abbreviation means; open to everyone, it holds no data."""
    return render(request, "diary/glossary.html")


# Django's log-in page, with the "login" limit per client address, over-long usernames refused
# as a form error, and the two-factor code asked for when the account has it on.
login_page = limit_attempts(SignInView.as_view())
# The admin's log-in (diary.admin_site): the same page, going on to the admin by default.
admin_login_page = limit_attempts(SignInView.as_view(next_page=reverse_lazy("admin:index")))


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's, with the old password checked as a log-in is (diary.reauth)."""

    form_class = CheckedPasswordChangeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}


password_change = limit_attempts(PasswordChangeView.as_view())


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if form.is_valid():
        user: User = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        email_views.after_sign_up(request, user)
        return redirect("welcome")
    return _render_form(request, "registration/signup.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Settings saved."))
        return redirect("settings")
    return _render_form(request, "diary/settings.html", form, settings_context(request))


def settings_context(
    request: AuthenticatedHttpRequest, *, language: LanguageForm | None = None
) -> dict[str, Any]:
    """What the settings page shows besides its main form (which `form` holds)."""
    return {
        **token_context(request.user),
        "language_form": language or language_form(request.user),
    }


@login_required
@require_POST
def choose_language(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST, instance=request.user, prefix="lang")
    if not form.is_valid():
        # Settings' other parts as they are, this one with its message.
        context = {
            "form": SettingsForm(instance=request.user),
            **settings_context(request, language=form),
        }
        return render(request, "diary/settings.html", context, status=400)
    form.save()
    chosen = form.cleaned_data["language"]
    # The message in the language just chosen (or, for "the browser's", the one it sends).
    translation.activate(chosen or translation.get_language_from_request(request))
    messages.success(request, _("Language saved."))
    response = redirect("settings")
    # The same choice for the pages after signing out, on this device.
    if chosen:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            chosen,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # "Lax"
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    return response


@patient_required
def night_list(request: PatientRequest) -> HttpResponse:
    nights = request.user.nights.order_by("-night")
    # Drafts are not nights: listed above them, on every page, never counted in the pages.
    drafts, count = nights_list_heading(request.user)
    paginator = CountedPaginator(nights, NIGHTS_PER_PAGE, count=count)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "diary/night_list.html", {"page": page, "drafts": drafts})


class CountedPaginator(Paginator):
    """A paginator told its count, read with something else, instead of asking for it."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


# The value of the log form's "Save evening part" button (name EVENING_PART).
EVENING_PART = "part"


@patient_required
@require_http_methods(["GET", "POST"])
def night_create(request: PatientRequest) -> HttpResponseBase:
    patient = request.user
    if request.method == "POST":
        if request.POST.get(EVENING_PART) == "evening":
            return _save_draft_from_post(request)
        return _save_from_post(request, instance=None)
    night = _night_asked_for(request)
    form = NightForm(initial=NightForm.initial_for(patient, night), patient=patient)
    return _render_night_form(request, form)


def _night_asked_for(request: PatientRequest) -> date | None:
    """The night in `?night=YYYY-MM-DD` (a draft's link), when it is one the patient may log:
    not in the future, nor before the earliest night the diary takes."""
    try:
        night = DayField().clean(request.GET.get("night", ""))
    except ValidationError:
        return None
    if not isinstance(night, date) or not EARLIEST_NIGHT <= night <= request.user.today():
        return None
    return night


def _save_draft_from_post(request: PatientRequest) -> HttpResponse:
    """The evening part only: the sleep items are not judged, and not lost if refused."""
    try:
        draft = save_draft(patient=request.user, values=request.POST)
    except InvalidDraft as invalid:
        return _render_night_form(request, _showing_errors_of(invalid.form, request.user))
    messages.success(
        request,
        _("Saved the evening part of %(night)s as a draft. Finish it in the morning.")
        % {"night": night_in_words(draft.night)},
    )
    return redirect("night-list")


def _showing_errors_of(judged: DraftForm, patient: User) -> NightForm:
    """The whole night form as posted (sleep items included, as typed), with only the
    evening part's errors: the draft's judgement, shown on the page the patient used."""
    form = NightForm(judged.data, patient=patient)
    # Set before anything reads them, so the form never judges the whole night itself.
    form._errors = judged.errors  # type: ignore[attr-defined]  # Django's, not in django-stubs
    form.cleaned_data = {}
    form.duplicate_of = judged.duplicate_of
    return form


def night_in_words(night: date) -> str:
    """ "Friday night, 20 Nov", as the log form names a night, within a sentence (its own
    context: Spanish and German need an article there that a heading leaves out)."""
    return pgettext("in a sentence", "%(day)s night, %(when)s") % {
        "day": date_format(night, "l"),
        "when": dated(night, DAY_MONTH),
    }


@patient_required
@require_http_methods(["GET", "POST"])
def draft_discard(request: PatientRequest, night: Any) -> HttpResponse:
    draft = get_object_or_404(drafts_of(request.user), night=night)
    if request.method == "POST":
        discard_draft(draft=draft)
        messages.success(
            request, _("Discarded the draft of %(night)s.") % {"night": night_in_words(draft.night)}
        )
        return redirect("night-list")
    return render(
        request,
        "diary/draft_confirm_discard.html",
        {
            "draft": draft,
            "summary": draft_summary(draft),
            "night_words": night_in_words(draft.night),
        },
    )


@patient_required
@require_http_methods(["GET", "POST"])
def night_edit(request: PatientRequest, night: Any) -> HttpResponseBase:
    entry = _get_night_for_user(request, night)
    if request.method == "POST":
        return _save_from_post(request, instance=entry)
    return _render_night_form(
        request,
        NightForm(instance=entry, patient=request.user),
        stored=entry.night,
        version=version_of(entry),
    )


@transaction.atomic
def _save_from_post(request: PatientRequest, *, instance: Night | None) -> HttpResponse:
    # The form changes the entry in memory (a date it cannot read becomes None): the page names
    # the night, and its version, as stored.
    stored = version = None
    if instance is not None:
        # Held until the save commits: the version compared is the one the save replaces.
        instance = locked(instance)
        stored, version = instance.night, version_of(instance)
        if is_stale(request.POST, instance):
            saved_now = conflict(NightForm(instance=instance, patient=request.user))
            form = NightForm(request.POST, instance=instance, patient=request.user)
            return _render_night_form(
                request, form, stored=stored, version=version, conflict=saved_now
            )
    try:
        cleaned = clean_night(patient=request.user, values=request.POST, instance=instance)
        # A new night finishes its draft, if it had one; an edit leaves any draft alone (a
        # draft beside a logged night is a conflict the patient settles from the list).
        night = save_night(cleaned) if instance is not None else save_finished_night(cleaned)
    except InvalidNight as invalid:
        return _render_night_form(request, invalid.form, stored=stored, version=version)
    except ValidationError:
        # Another request logged this night meanwhile: judged again, the form now says so.
        form = NightForm(request.POST, instance=instance, patient=request.user)
        return _render_night_form(request, form, stored=stored, version=version)
    messages.success(
        request, _("Saved the night of %(night)s.") % {"night": dated(night.night, NIGHT_DATE)}
    )
    return redirect("night-list")


@patient_required
@require_http_methods(["GET", "POST"])
def night_delete(request: PatientRequest, night: Any) -> HttpResponse:
    entry = _get_night_for_user(request, night)
    if request.method == "POST":
        entry.delete()
        messages.success(
            request,
            _("Deleted the night of %(night)s.") % {"night": dated(entry.night, NIGHT_DATE)},
        )
        return redirect("night-list")
    return render(request, "diary/night_confirm_delete.html", {"entry": entry})


def _render_night_form(
    request: HttpRequest,
    form: NightForm,
    *,
    stored: date | None = None,
    version: str | None = None,
    conflict: EditConflict | None = None,
) -> HttpResponse:
    """The night form: a new entry, or the one stored for the night `stored` (at `version`)."""
    night_shown = _night_being_logged(form) if stored is None else None
    Wording(request.user).speak_in(form)
    extra = {
        "creating": stored is None,
        "night_shown": night_shown,
        "draft": _draft_being_finished(form, night_shown),
        "stored": stored,
        "version": version,
        "conflict": conflict,
        "symptom_fields": [form[name] for name in SYMPTOM_FIELDS],
        "error_fields": [form[name] for name in NIGHT_PAGE_ORDER],
    }
    return _render_form(request, "diary/night_form.html", form, extra)


def _draft_being_finished(form: NightForm, night: date | None) -> NightDraft | None:
    if night is None:
        return None
    # With `logged`: a night logged meanwhile (the API, an import) shows the draft as a conflict.
    return drafts_of(form.patient).filter(night=night).first()


def _night_being_logged(form: NightForm) -> date | None:
    """The night a new entry is for, to name it in words: the one offered, or the one sent."""
    if not form.is_bound:
        night = form.initial.get("night")
        return night if isinstance(night, date) else None
    night = getattr(form, "cleaned_data", {}).get("night")
    if night is None:
        # Refused (a duplicate, or in the future): still name the night the patient sent.
        try:
            night = form.fields["night"].to_python(form["night"].value())
        except ValidationError:
            return None
    return night if isinstance(night, date) else None


def _render_form(
    request: HttpRequest, template: str, form: BaseForm, extra: dict[str, Any] | None = None
) -> HttpResponse:
    """Render a form page; a form sent back with errors answers 400 so clients see the refusal,
    and one sent from an old version of the entry (nothing saved) 409."""
    context = {"form": form, **(extra or {})}
    status = 400 if form.is_bound and form.errors else 200
    if context.get("conflict"):
        status = 409
    return render(request, template, context, status=status)

"""Offline logging (issue 16): the web app manifest, the service worker, the key that ties what
the phone keeps to one account, and the endpoint a night kept on the phone is sent to.

README, "Offline logging (issue 16)", has the design; in short: the worker caches only the log
form and the nights list, in a cache named by `account_key`, and the phone's queue of unsent
nights is tagged with the same key, which `night_send` checks against the signed-in account.
"""

import hashlib
from collections.abc import Callable
from functools import cache, wraps
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseForm, DateField, Field
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render, resolve_url
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from diary.access import is_patient
from diary.drafts import InvalidDraft, save_draft, save_finished_night
from diary.formatting import NIGHT_DATE, dated
from diary.forms import NIGHT_PAGE_ORDER
from diary.models import User
from diary.nights import InvalidNight, clean_night

# The response header that names the account a cacheable page belongs to (the worker reads it).
ACCOUNT_HEADER = "Diary-Offline-Account"
# Sent on every sign-out: the browser drops the worker's caches, the queue and the worker itself.
CLEAR_SITE_DATA = '"cache", "storage"'
# The log form's "Save evening part" button (diary.views.EVENING_PART), as the queue keeps it.
EVENING_PART = "part"
# Static files the worker keeps for offline use: the pages' CSS, scripts and icons.
OFFLINE_ASSETS = ("css/*.css", "js/*.js", "icons/*.png", "favicon.svg")


def account_key(user: User) -> str:
    """An opaque name for the account, the same in every session: a queue kept while signed
    out is sent after the patient signs in again, and never under another account. It reveals
    neither the username nor the id (a keyed hash, the key being SECRET_KEY)."""
    return salted_hmac("diary.offline.account", str(user.pk), algorithm="sha256").hexdigest()[:32]


def offline_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Marks a page the worker may keep for offline use (the log form, the nights list) with
    the account it belongs to; a page without the mark is never cached."""

    @wraps(view)
    def marked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200 and is_patient(request.user):
            response[ACCOUNT_HEADER] = account_key(request.user)  # type: ignore[arg-type]
        return response

    return marked


Response = TypeVar("Response", bound=HttpResponseBase)


def with_site_data_cleared(response: Response) -> Response:
    """A sign-out's answer: the browser forgets this site's caches and storage (the worker's
    copies of the patient's pages and any night still waiting to send)."""
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


class LogoutView(auth_views.LogoutView):
    """Django's sign-out, which also clears what the phone kept for offline use."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return with_site_data_cleared(super().post(request, *args, **kwargs))


# HEAD too: a browser or a proxy checking the file gets its headers, not a 405.
@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: what "Add to home screen" installs."""
    icon = "image/png"
    data = {
        "name": _("RLS Diary"),
        "short_name": _("RLS Diary"),
        "description": _("A sleep and symptom diary for restless legs syndrome."),
        "lang": getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        "id": "/",
        # The home page sends a patient to the nights list; offline the worker shows its copy.
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        # app.css's dark theme (--bg), the diary's usual setting at night.
        "theme_color": "#111418",
        "background_color": "#111418",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": icon},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": icon},
            {
                "src": static("icons/maskable-512.png"),
                "sizes": "512x512",
                "type": icon,
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


@cache
def offline_assets() -> tuple[tuple[str, ...], str]:
    """The static URLs the worker keeps, and a version that changes with their content, so that
    a changed file reaches the phone (the worker's script changes, the browser installs it)."""
    root = Path(settings.STATICFILES_DIRS[0])
    files = sorted({path for pattern in OFFLINE_ASSETS for path in root.glob(pattern)})
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    urls = tuple(static(path.relative_to(root).as_posix()) for path in files)
    return urls, digest.hexdigest()[:16]


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the root so that its scope is the whole site."""
    assets, version = offline_assets()
    context = {
        "assets": list(assets),
        "version": version,
        "pages": [reverse("night-list"), reverse("night-create")],
        "home": reverse("home"),
        "send_url": reverse("night-send"),
        "account_header": ACCOUNT_HEADER,
    }
    response = render(request, "sw.js", context, content_type="text/javascript; charset=utf-8")
    # Always asked for again: a fixed worker reaches every phone on its next visit.
    patch_cache_control(response, no_cache=True)
    return response


def _refusal(status: int, **data: Any) -> JsonResponse:
    return JsonResponse(data, status=status)


@require_http_methods(["GET", "POST"])
def night_send(request: HttpRequest) -> HttpResponse:
    """Where the phone sends a night it kept while offline. GET: the signed-in account's key and
    a CSRF token for the POST (read fresh each time: the token in a page kept offline may be
    from an earlier session). POST: the night, as the log form sends it, plus `account`, the key
    it was queued under; answers JSON, 201 saved, 409 the night was logged meanwhile, 400
    refused, 401 signed out (the phone keeps it), 403 queued under another account."""
    user = request.user
    if not user.is_authenticated:
        return _refusal(401, signin=resolve_url(settings.LOGIN_URL))
    if not is_patient(user):
        return _refusal(404)
    assert isinstance(user, User)
    key = account_key(user)
    if request.method == "GET":
        return JsonResponse({"account": key, "csrf": get_token(request)})
    if request.POST.get("account") != key:
        return _refusal(403, error="account")
    return _save_sent(request, user)


@transaction.atomic
def _save_sent(request: HttpRequest, patient: User) -> JsonResponse:
    values = request.POST
    try:
        if values.get(EVENING_PART) == "evening":
            draft = save_draft(patient=patient, values=values)
            return JsonResponse({"saved": draft.get_absolute_url()}, status=201)
        night = save_finished_night(clean_night(patient=patient, values=values))
    except (InvalidNight, InvalidDraft) as invalid:
        return _refused(invalid.form)
    except ValidationError:
        # Logged by another request between the check and the insert: judged again, a conflict.
        return _refused(_judged_again(patient, values))
    return JsonResponse({"saved": night.get_absolute_url()}, status=201)


def _judged_again(patient: User, values: Any) -> BaseForm:
    try:
        clean_night(patient=patient, values=values)
    except InvalidNight as invalid:
        return invalid.form
    raise AssertionError("a night refused by the database passed its form")  # pragma: no cover


def _refused(form: Any) -> JsonResponse:
    """409 when the night was logged meanwhile (with a link to it), else 400; either way what
    the patient typed, in words, so that the phone can show it beside the refusal."""
    errors = [str(message) for messages in form.errors.values() for message in messages]
    data: dict[str, Any] = {"errors": errors, "typed": typed_summary(form)}
    if getattr(form, "duplicate_of", None) is not None:
        data["logged"] = form.duplicate_of.get_absolute_url()
        return JsonResponse(data, status=409)
    return JsonResponse(data, status=400)


def _in_words(field: Field, value: str) -> str:
    """A date as the pages write it in the active language ("jue 26 nov 2026"), not as the form
    sent it; anything else, and a date that does not parse, as typed."""
    if not isinstance(field, DateField):
        return value
    try:
        return dated(field.to_python(value), NIGHT_DATE)
    except ValidationError:
        return value


def typed_summary(form: BaseForm) -> list[list[str]]:
    """[label, value] for each field the patient filled in, in the form's order, choices named
    by their labels."""
    summary = []
    for name in NIGHT_PAGE_ORDER:
        if name not in form.fields:
            continue
        field = form.fields[name]
        raw = form.data.getlist(name) if hasattr(form.data, "getlist") else [form.data.get(name)]
        sent = [str(value) for value in raw if value not in (None, "")]
        if not sent:
            continue
        names = dict((str(key), str(label)) for key, label in getattr(field, "choices", ()))
        words = [names.get(value, _in_words(field, value)) for value in sent]
        summary.append([str(field.label), ", ".join(words)])
    return summary

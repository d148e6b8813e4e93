"""Which language a page (or a mail) is in.

Django's LocaleMiddleware decides first, from the footer's choice (its cookie) or the browser's
Accept-Language. UserLanguageMiddleware, after authentication, then puts a signed-in person's
own choice (User.language) over it, and English over both for what machines read: the REST
API under /api/ (its docs page excepted: people read that) and the downloads (CSV, the full export),
whose column names, numbers and dates must not change with the reader's language.
"""

from collections.abc import Callable
from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from diary.models import User

# The language of everything machine-readable: the API, the exports, the CSV's columns.
MACHINE_LANGUAGE = "en"
# Views outside /api/ whose answer a program reads (by URL name): the CSV downloads and the
# full export (its profile.json and CSVs).
MACHINE_READABLE_VIEWS = frozenset({"nights-export", "weeks-export", "full-export"})


@cache
def _offered() -> frozenset[str]:
    return frozenset(code for code, _name in settings.LANGUAGES)


def language_for(user: User) -> str:
    """The language to address this person in: their choice in Settings, else the site's
    default. For what is sent without a request (reminder e-mails); pages use the request's."""
    if user.language in _offered():
        return user.language
    return settings.LANGUAGE_CODE


def language_of_new_account() -> str:
    """The language an account is made in, kept as its choice unless it is the site's default:
    mail sent without a browser to ask (reminders) is then in the language the person signed up
    in, not in English. Blank (follow the browser) otherwise."""
    active = translation.get_language()
    if active in _offered() and active != settings.LANGUAGE_CODE:
        return active
    return ""


class LanguageForm(forms.ModelForm):
    language = forms.ChoiceField(
        # The section around it is headed "Language" already.
        label=gettext_lazy("Show the app in"),
        required=False,
        # Each language named in itself (settings.LANGUAGES), so that it can be found by someone
        # who cannot read the page's current one.
        choices=[("", gettext_lazy("The browser's language")), *settings.LANGUAGES],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = User
        fields = ("language",)


def language_form(user: User) -> LanguageForm:
    return LanguageForm(instance=user, prefix="lang")


@cache
def _api_prefix() -> str:
    return reverse("api-schema").removesuffix("schema/")


@cache
def _api_docs_path() -> str:
    return reverse("api-docs")


def is_machine_readable_path(path: str) -> bool:
    return path.startswith(_api_prefix()) and path != _api_docs_path()


def _use(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language


class UserLanguageMiddleware:
    """After AuthenticationMiddleware (and LocaleMiddleware): the signed-in user's language, or
    English for machine-readable answers. LocaleMiddleware's response part then names the
    language that was used in Content-Language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if is_machine_readable_path(request.path_info):
            _use(request, MACHINE_LANGUAGE)
        else:
            user = getattr(request, "user", None)
            # A language no longer offered falls back to the browser's, not to the default.
            if user is not None and user.is_authenticated and user.language in _offered():
                _use(request, user.language)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        match = request.resolver_match
        if match is not None and match.url_name in MACHINE_READABLE_VIEWS:
            _use(request, MACHINE_LANGUAGE)

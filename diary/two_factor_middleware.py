"""Holds clinicians to two-factor sign-in on the web pages (diary.two_factor.clinician_missing).

A clinician without it, when the site requires it, is sent to set it up and can open nothing
else; one who has it on needs a session signed in with a code. The API does the same check
itself (diary.api.two_factor.SecondFactorInPlace), once it knows who sent a token.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from rest_framework.views import APIView

from diary import two_factor

# Pages that stay open: setting it up, and signing in or out.
OPEN_PAGES = frozenset({"two-factor-setup", "login", "logout"})


class ClinicianTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if _is_api_view(view):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_PAGES:
            return None
        user = request.user
        verified = bool(getattr(user, "is_verified", lambda: False)())  # set by OTPMiddleware
        missing = two_factor.clinician_missing(user, verified=verified)
        if missing is two_factor.Missing.SETUP:
            messages.info(request, missing.message)
            return redirect("two-factor-setup")
        if missing is two_factor.Missing.CODE:
            messages.info(request, missing.message)
            return redirect_to_login(request.get_full_path())
        return None


def _is_api_view(view: Any) -> bool:
    view_class = getattr(view, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)

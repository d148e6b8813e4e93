"""Idle timeout: a session ends after a while without requests, shorter for clinicians.

The session's expiry rolls forward: it is set at log-in and pushed on by the middleware, but
at most once every REFRESH_EVERY, so an active user's session is not written on each request.
"""

import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponseBase

from diary.models import User

REFRESH_EVERY = timedelta(minutes=5)
# When this session's expiry was last pushed on, in seconds since the epoch.
REFRESHED_KEY = "_idle_refreshed_at"


def idle_limit(user: User) -> timedelta:
    # Staff can read every account in the admin: they get a clinician's short limit.
    if user.is_clinician or user.is_staff:
        return timedelta(hours=settings.SESSION_IDLE_CLINICIAN_HOURS)
    return timedelta(days=settings.SESSION_IDLE_PATIENT_DAYS)


def refresh_expiry(session: SessionBase, user: User) -> None:
    session[REFRESHED_KEY] = int(time.time())
    session.set_expiry(int(idle_limit(user).total_seconds()))


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        if isinstance(user, User) and user.is_authenticated:
            refreshed = request.session.get(REFRESHED_KEY)
            if refreshed is None or time.time() - refreshed >= REFRESH_EVERY.total_seconds():
                refresh_expiry(request.session, user)
        return self.get_response(request)

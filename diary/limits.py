"""Rate limits, shared by the API and the web pages.

Every limit is counted in the "limits" cache, a database table (settings.CACHES), so all
workers and servers of one deployment count together, and per client address as
diary.client decides it (an IPv6 client per /64). The "login" limit guards everything that
checks a secret (log-in, API token, share codes) with one count per address across all of them.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from django.core.cache import BaseCache, caches
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.connection import ConnectionProxy
from rest_framework import throttling

from diary.client import client_network

P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)


class SharedCount(throttling.SimpleRateThrottle):
    """Counts per client address in the "limits" cache (a database table every worker shares),
    reading and writing each count as one step, so that requests racing on several workers
    cannot both read the same count and both be let through."""

    # The proxy finds this thread's cache object, as DRF's default_cache does for "default".
    cache = cast(BaseCache, ConnectionProxy(caches, "limits"))

    def get_ident(self, request: Any) -> str:
        return client_network(request)

    def allow_request(self, request: Any, view: Any) -> bool:
        key = self.get_cache_key(request, view) if self.rate else None
        if key is None:
            return True  # not counted here (e.g. the anonymous limit for a signed-in user)
        # SQLite runs every transaction with BEGIN IMMEDIATE (settings), which already takes
        # the one write lock; PostgreSQL needs a lock of its own, held until the commit.
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
            return super().allow_request(request, view)


class AnonRateThrottle(SharedCount, throttling.AnonRateThrottle):
    """DRF's anonymous limit, per client address."""


class UserRateThrottle(SharedCount, throttling.UserRateThrottle):
    """DRF's per-user limit (per client address for anonymous requests)."""


class LoginRateThrottle(SharedCount):
    """The stricter "login" rate (THROTTLE_LOGIN), per client address whoever is signed in."""

    scope = "login"

    def get_cache_key(self, request: Any, view: Any) -> str:
        # Only META is read, so this works on a Django HttpRequest as well as a DRF Request.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def limit_attempts(
    view: Callable[Concatenate[R, P], HttpResponseBase],
) -> Callable[Concatenate[R, P], HttpResponseBase]:
    """Counts each POST to a web form that checks a secret against the "login" limit; past it
    the answer is 429 with a page saying how long to wait, and the form is not looked at."""

    @wraps(view)
    def limited(request: R, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        if request.method == "POST":
            throttle = LoginRateThrottle()
            if not throttle.allow_request(request, None):
                return too_many_attempts(request, throttle.wait())
        return view(request, *args, **kwargs)

    return limited


def too_many_attempts(request: HttpRequest, wait: float | None) -> HttpResponse:
    seconds = max(1, round(wait or 60))
    response = render(
        request, "registration/too_many_attempts.html", {"seconds": seconds}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response

"""Rate limits, shared by the API and the web pages.

Every limit is counted in the "limits" cache (settings.CACHES: a database table, or Redis when
CACHE_URL says so), so all workers and servers of one deployment count together, and per
client address as diary.client decides it (an IPv6 client per /64). The "login" limit guards
everything that checks a secret (log-in, API token, share codes) with one count per address
across all of them.
"""

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from django.core.cache import BaseCache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.connection import ConnectionProxy
from rest_framework import throttling

from diary.caching import CACHE_ERRORS
from diary.client import client_network

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)


class SharedCount(throttling.SimpleRateThrottle):
    """Counts per client address in the "limits" cache, every worker and server together,
    reading and writing each count as one step (one_at_a_time), so that requests racing on
    several workers cannot both read the same count and both be let through."""

    # The proxy finds this thread's cache object, as DRF's default_cache does for "default".
    cache = cast(BaseCache, ConnectionProxy(caches, "limits"))

    # When the cache cannot be reached (Redis down): the limits that only spread the load let
    # requests through, so that a cache outage is not an outage of the API; the "login" limit,
    # the one that stops guessing of passwords, tokens and share codes, refuses them.
    refuse_when_uncounted = False
    num_requests: int  # set by SimpleRateThrottle from the rate (the stubs leave it out)

    def get_ident(self, request: Any) -> str:
        return client_network(request)

    def allow_request(self, request: Any, view: Any) -> bool:
        key = self.get_cache_key(request, view) if self.rate else None
        if key is None:
            return True  # not counted here (e.g. the anonymous limit for a signed-in user)
        try:
            with one_at_a_time(self.cache, key):
                return super().allow_request(request, view)
        except CACHE_ERRORS as error:
            # One line, no traceback: a guessing burst during an outage would flood the log.
            logger.error("The %s limit cannot be counted (%s)", self.scope, type(error).__name__)
            # As if the limit were used up just now, so that Retry-After is its whole duration.
            self.now = self.timer()
            self.history = [self.now] * self.num_requests
            return not self.refuse_when_uncounted


_PROCESS_LOCK = threading.Lock()


@contextmanager
def one_at_a_time(cache: BaseCache, key: str) -> Iterator[None]:
    """Holds a lock on one count, for the cache in use, while it is read and written."""
    backend = cache._connections[cache._alias] if isinstance(cache, ConnectionProxy) else cache
    if isinstance(backend, RedisCache):
        # Redis's own lock (SET NX with an expiry, released only by its holder): a worker that
        # dies holding it blocks the count for at most `timeout` seconds.
        client = backend._cache.get_client(key, write=True)
        with client.lock(f"{backend.make_key(key)}:lock", timeout=10, blocking_timeout=5):
            yield
    elif isinstance(backend, DatabaseCache):
        # SQLite runs every transaction with BEGIN IMMEDIATE (settings), which already takes
        # the one write lock; PostgreSQL needs a lock of its own, held until the commit.
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
            yield
    else:
        # Local memory (CACHE_URL=locmem://) is one process's: its threads take turns.
        with _PROCESS_LOCK:
            yield


class AnonRateThrottle(SharedCount, throttling.AnonRateThrottle):
    """DRF's anonymous limit, per client address."""


class UserRateThrottle(SharedCount, throttling.UserRateThrottle):
    """DRF's per-user limit (per client address for anonymous requests)."""


class LoginRateThrottle(SharedCount):
    """The stricter "login" rate (THROTTLE_LOGIN), per client address whoever is signed in."""

    scope = "login"
    refuse_when_uncounted = True

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

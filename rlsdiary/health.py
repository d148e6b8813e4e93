"""/healthz for a load balancer: 200 when this process can serve, 503 with the reason when not.

A plain Django view rather than an API one: no log-in, no throttle, no session or cookie, and
the answer names no host, database or version.
"""

import logging
from typing import Any

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)

# Reading every migration file costs far more than the probe itself, and applied migrations do
# not come undone under a running server, so the first "all applied" is remembered.
_migrations_applied = False


@receiver(post_migrate, dispatch_uid="rlsdiary.health.forget_migrations")
def forget_migrations(**kwargs: Any) -> None:
    # A migrate run in this process (tests, a shell) may have gone backwards: check again.
    global _migrations_applied
    _migrations_applied = False


def _all_migrations_applied() -> bool:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        _migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrations_applied


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _all_migrations_applied():
            return JsonResponse({"status": "migrations not applied"}, status=503)
    except DatabaseError as error:
        # The type only: a driver's message can name the host, database and user.
        log.warning("healthz: database unavailable (%s)", type(error).__name__)
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})

"""What `manage.py housekeeping` deletes once a day: one function per kind of stale row, each
returning how many rows it removed. Add a task by writing its function and listing it in TASKS.
"""

from datetime import datetime, timedelta
from importlib import import_module
from typing import Any, Protocol

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from diary import undo
from diary.models import ApiToken, Share

# A code nobody redeemed is worth nothing once expired; the patient's list (API) still shows it
# as "expired" for this long, so it does not vanish the day after it lapsed.
UNUSED_CODE_KEPT = timedelta(days=90)


def expire_sessions(*, now: datetime) -> int:
    """Django's clearsessions, counted: sessions past their expiry date."""
    engine = import_module(settings.SESSION_ENGINE)
    model_class = getattr(engine.SessionStore, "get_model_class", None)
    # Only database-backed engines have rows to count; the cache and cookie engines' sessions
    # expire by themselves, and their clear_expired does nothing.
    expired = model_class().objects.filter(expire_date__lt=now).count() if model_class else 0
    engine.SessionStore.clear_expired()
    return expired


def prune_lockout_logs(*, now: datetime) -> int:
    """django-axes' log-ins, failures and attempts older than AXES_LOG_RETENTION_DAYS: they hold
    usernames and IP addresses, kept only as long as they help investigate an attack. A lock
    lasts minutes, so an attempt this old no longer locks anyone out."""
    cutoff = now - timedelta(days=settings.AXES_LOG_RETENTION_DAYS)
    return sum(
        _delete(model.objects.filter(attempt_time__lt=cutoff))
        for model in (AccessLog, AccessFailureLog, AccessAttempt)
    )


def delete_unused_share_codes(*, now: datetime) -> int:
    """Codes never redeemed (expired or cancelled) some time after they expired. Redeemed shares,
    revoked ones included, stay: they are the patient's record of who had access."""
    return _delete(
        Share.objects.filter(clinician__isnull=True, expires_at__lt=now - UNUSED_CODE_KEPT)
    )


def expire_api_tokens(*, now: datetime) -> int:
    """API tokens past their expiry: they no longer work, and knox only deletes one when it is
    presented, so a lost phone's token would otherwise stay in the table for good."""
    deleted, _ = ApiToken.objects.filter(expiry__lt=now).delete()
    return deleted


def empty_recently_deleted(*, now: datetime) -> int:
    """The 30-day "recently deleted" and previous versions (diary.undo): a kept version goes for
    good 30 days after it stopped being current, that is, after the entry was deleted or changed
    again. The current version of a live entry stays: the next edit's "previous version"."""
    cutoff = now - undo.KEPT
    removed = 0
    for kind in undo.KINDS.values():
        rows = kind.history
        replaced = rows.filter(
            id=OuterRef("id"), history_id__gt=OuterRef("history_id"), history_date__lt=cutoff
        )
        removed += _delete(
            rows.filter(Q(history_type=undo.DELETED, history_date__lt=cutoff) | Exists(replaced))
        )
    return removed


class Task(Protocol):
    def __call__(self, *, now: datetime) -> int: ...


TASKS: dict[str, Task] = {
    "expired_sessions": expire_sessions,
    "lockout_log_entries": prune_lockout_logs,
    "unused_share_codes": delete_unused_share_codes,
    "expired_api_tokens": expire_api_tokens,
    "recently_deleted": empty_recently_deleted,
}


def run_housekeeping(*, now: datetime) -> dict[str, int]:
    return {name: task(now=now) for name, task in TASKS.items()}


def _delete(rows: QuerySet[Any]) -> int:
    # Only the rows asked for, not the rows their deletion cascades to.
    _total, per_model = rows.delete()
    return per_model.get(rows.model._meta.label, 0)

"""Kept versions of a patient's entries (django-simple-history), for the 30-day "recently
deleted" list and an entry's previous versions (diary.undo reads them; diary.housekeeping empties
them after 30 days).

Every save through the ORM records the entry as it now is ("+" created, "~" changed) and every
delete records what was deleted ("-"), copied from the deleted row itself, so a row that never had
a history row (a bulk-imported night) is still restorable once deleted.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet
from simple_history.models import HistoricalRecords

from diary.models.accounts import User


def _not_recorded(instance: models.Model, **kwargs: Any) -> None:
    # Who changed an entry is its entered_by: each may change or delete only what they entered.
    return None


def _deleted_with_the_account(origin: object) -> bool:
    if isinstance(origin, QuerySet):
        return origin.model is User
    return isinstance(origin, User)


class EntryHistory(HistoricalRecords):  # type: ignore[misc]  # simple-history has no hints
    """simple-history's records, tied to the patient: their versions go with their account (the
    copied `patient` is a cascading foreign key, where the library copies every key as a loose
    column), and entries deleted because the account is deleted leave no version behind."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(get_user=_not_recorded, **kwargs)

    def copy_fields(self, model: type[models.Model]) -> dict[str, models.Field[Any, Any]]:
        fields: dict[str, models.Field[Any, Any]] = super().copy_fields(model)
        fields["patient"] = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
        return fields

    def post_delete(self, instance: models.Model, using: str | None = None, **kwargs: Any) -> None:
        # Django names what delete() was called on: the account, when this entry goes with it.
        if _deleted_with_the_account(kwargs.get("origin")):
            return
        super().post_delete(instance, using=using, **kwargs)

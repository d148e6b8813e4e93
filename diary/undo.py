"""Undo for a patient's nights, treatments and lab results: what they deleted in the last 30
days, and the previous versions of an entry, read from the kept versions (diary.models.history)
and put back only through each entry's normal validation (clean_night, clean_treatment,
clean_lab), so today's rules still apply and nothing stored is overwritten by a restore.

Only the patient undoes, and only what they entered: a lab result a clinician entered and then
deleted or changed is the clinician's to enter again (each may change only their own).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from diary import labs, nights, treatments
from diary.models import LAB_FIELDS, LabResult, Night, Treatment, User

# How long a deleted entry stays restorable and a replaced version is kept (housekeeping then
# deletes them for good).
KEPT = timedelta(days=30)
DELETED = "-"

Entry = Night | Treatment | LabResult


@dataclass(frozen=True)
class Kind:
    """What differs between nights, treatments and lab results here."""

    slug: str  # in the URLs
    model: type[Entry]
    values: Callable[[Any], dict[str, Any]]
    clean: Callable[..., Entry]  # keyword-only: patient, values, instance
    save: Callable[[Any, User], object]

    @property
    def history(self) -> Any:
        """The historical model's manager (simple-history builds the class at run time)."""
        return self.model.history.model.objects

    def mine(self, patient: User) -> Any:
        """The patient's kept versions of the entries they entered."""
        rows = self.history.filter(patient=patient)
        return rows.filter(entered_by_user=patient) if self.model is LabResult else rows


def _clean_lab(*, patient: User, values: Mapping[str, Any], instance: Any = None) -> LabResult:
    return labs.clean_lab(patient=patient, values=values, by=patient, instance=instance)


def _save_lab(lab: LabResult, patient: User) -> None:
    labs.save_entry(lab, by=patient, created=lab._state.adding)


NIGHTS = Kind(
    "nights",
    Night,
    nights.entry_values,
    nights.clean_night,
    lambda night, _patient: nights.save_night(night),
)
TREATMENTS = Kind(
    "treatments",
    Treatment,
    treatments.treatment_values,
    treatments.clean_treatment,
    lambda treatment, _patient: treatments.save_treatment(treatment),
)
LABS = Kind(
    "labs",
    LabResult,
    lambda lab: {name: getattr(lab, name) for name in LAB_FIELDS},
    _clean_lab,
    _save_lab,
)
KINDS = {kind.slug: kind for kind in (NIGHTS, TREATMENTS, LABS)}


def kind_of(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404 from None


@dataclass(frozen=True)
class Deleted:
    """An entry as it was when deleted."""

    kind: Kind
    version_id: int  # the kept version's id (history_id): what a restore names
    deleted_at: datetime
    entry: Any  # a Night, Treatment or LabResult, not stored

    @property
    def restorable_until(self) -> datetime:
        return self.deleted_at + KEPT


def _deleted_versions(kind: Kind, patient: User, *, now: datetime) -> Any:
    """Deletions in the last 30 days of entries that are not back (restored since)."""
    alive = kind.model._default_manager.filter(pk=OuterRef("id"))
    return (
        kind.mine(patient)
        .filter(history_type=DELETED, history_date__gte=now - KEPT)
        .filter(~Exists(alive))
        .order_by("-history_date", "-history_id")
    )


def recently_deleted(*, patient: User, now: datetime) -> list[Deleted]:
    """Everything the patient deleted in the last 30 days and may restore, newest first; an
    entry deleted, restored and deleted again is listed once, as last deleted."""
    listed: dict[tuple[str, int], Deleted] = {}
    for kind in KINDS.values():
        for row in _deleted_versions(kind, patient, now=now):
            listed.setdefault(
                (kind.slug, row.id), Deleted(kind, row.history_id, row.history_date, row.instance)
            )
    return sorted(listed.values(), key=lambda d: d.deleted_at, reverse=True)


class NotRestored(ValidationError):
    """The entry cannot come back as it was; `messages` say why (nothing was written)."""


def restore_deleted(*, patient: User, kind: Kind, version_id: int, now: datetime) -> Entry:
    """Put a deleted entry back, with its id (a treatment's id names its series and response
    row). Raises Http404 for anything not on the patient's list, NotRestored when today's rules
    refuse it (a night logged again since, a date now out of range...)."""
    with transaction.atomic():
        row = _deleted_versions(kind, patient, now=now).filter(history_id=version_id).first()
        if row is None or _deleted_later(kind, row):
            raise Http404
        entry = _judged(kind, patient=patient, values=kind.values(row.instance), instance=None)
        entry.pk = row.id
        entry._change_reason = "restored"  # type: ignore[union-attr]  # read by simple-history
        kind.save(entry, patient)
    return entry


def _deleted_later(kind: Kind, row: Any) -> bool:
    return bool(
        kind.history.filter(id=row.id, history_id__gt=row.history_id, history_type=DELETED).exists()
    )


def _judged(kind: Kind, *, patient: User, values: Mapping[str, Any], instance: Any) -> Entry:
    try:
        return kind.clean(patient=patient, values=values, instance=instance)
    except ValidationError as invalid:
        # The domain's own words ("You have already logged the night of ..."), field by field.
        raise NotRestored(invalid.messages) from None


# ---- previous versions of an entry ---------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    version_id: int
    saved_at: datetime
    replaced_at: datetime
    entry: Any


def previous_versions(*, patient: User, kind: Kind, entry_id: int, now: datetime) -> list[Version]:
    """The versions an entry had before its current one, replaced in the last 30 days, newest
    first; a version equal to the current one or to a newer listed one is left out."""
    rows = list(kind.mine(patient).filter(id=entry_id).order_by("-history_date", "-history_id"))
    if not rows or rows[0].history_type == DELETED:
        return []
    seen = [kind.values(rows[0].instance)]
    versions = []
    for newer, row in pairwise(rows):
        values = kind.values(row.instance)
        if row.history_type == DELETED or newer.history_date < now - KEPT or values in seen:
            continue
        seen.append(values)
        versions.append(Version(row.history_id, row.history_date, newer.history_date, row.instance))
    return versions


def own_entry(*, patient: User, kind: Kind, entry_id: int) -> Entry:
    """One of the patient's entries that they entered; anything else is a 404."""
    if kind is NIGHTS:
        return get_object_or_404(Night, patient=patient, pk=entry_id)
    if kind is TREATMENTS:
        return get_object_or_404(Treatment, patient=patient, pk=entry_id)
    return get_object_or_404(LabResult, patient=patient, entered_by_user=patient, pk=entry_id)


def restore_version(
    *, patient: User, kind: Kind, entry: models.Model, version_id: int, now: datetime
) -> Entry:
    """Change the entry back to one of its previous versions, judged like any edit."""
    listed = previous_versions(patient=patient, kind=kind, entry_id=entry.pk, now=now)
    version = next((v for v in listed if v.version_id == version_id), None)
    if version is None:
        raise Http404
    with transaction.atomic():
        restored = _judged(kind, patient=patient, values=kind.values(version.entry), instance=entry)
        kind.save(restored, patient)
    return restored

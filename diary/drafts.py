"""Drafts of a night: the evening part saved at 2 a.m., the sleep part added in the morning.

A draft is judged by the night form's own fields and rules (diary.forms.DraftForm), less the
sleep items; finishing one goes through clean_night and save_night like any new night, and the
draft goes in the same transaction. Nothing here touches User.nights_version: a draft counts in
no week, chart, flag or export, so nothing cached can be stale because of one.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from diary.edit_conflicts import shown
from diary.forms import DraftForm
from diary.models import EVENING_FIELDS, Night, NightDraft, User
from diary.nights import clean_night, save_night


class InvalidDraft(ValidationError):
    """The draft's field-level errors; `form` is the bound form, with what was typed."""

    def __init__(self, form: DraftForm) -> None:
        super().__init__(form.errors.as_data())
        self.form = form


def clean_draft(*, patient: User, values: Mapping[str, Any]) -> NightDraft:
    """The draft `values` describe (the night and EVENING_FIELDS, given as clean_night takes
    them; anything else is ignored), validated and not yet saved. Raises InvalidDraft."""
    form = DraftForm(values, patient=patient)
    if not form.is_valid():
        raise InvalidDraft(form)
    return form.instance


def save_draft(*, patient: User, values: Mapping[str, Any]) -> NightDraft:
    """Stores the evening part of a night, replacing that night's earlier draft if any."""
    draft = clean_draft(patient=patient, values=values)
    stored, _created = NightDraft.objects.update_or_create(
        patient=patient,
        night=draft.night,
        defaults={name: getattr(draft, name) for name in EVENING_FIELDS},
    )
    return stored


def save_finished_night(night: Night) -> Night:
    """Stores a new night that clean_night returned (as save_night does) and removes the draft
    of that night, if any, with it: all or nothing."""
    with transaction.atomic():
        save_night(night)
        NightDraft.objects.filter(patient_id=night.patient_id, night=night.night).delete()
    return night


def finish_draft(*, draft: NightDraft, values: Mapping[str, Any]) -> Night:
    """The night of `draft`, stored: its evening part plus `values`, the sleep part (an evening
    field given in `values` too replaces the draft's). Raises ValidationError (InvalidNight,
    field by field) and then stores nothing and keeps the draft."""
    merged = {
        **{name: getattr(draft, name) for name in EVENING_FIELDS},
        **values,
        "night": draft.night,
    }
    return save_finished_night(clean_night(patient=draft.patient, values=merged))


def discard_draft(*, draft: NightDraft) -> None:
    draft.delete()


def drafts_of(patient: User) -> QuerySet[NightDraft]:
    """The patient's drafts, newest night first, each with `logged`: whether the night has
    been logged meanwhile by another way (an import, the API, a restore), which the list shows
    as a conflict for the patient to settle rather than dropping the draft."""
    logged = Night.objects.filter(patient=OuterRef("patient"), night=OuterRef("night"))
    return patient.night_drafts.annotate(logged=Exists(logged)).order_by("-night")


@dataclass(frozen=True)
class DraftRow:
    """A draft as the nights list shows it."""

    night: date
    severity: int
    logged: bool  # the night has been logged meanwhile: a conflict (see drafts_of)

    def get_absolute_url(self) -> str:
        return f"{reverse('night-create')}?night={self.night.isoformat()}"


def nights_list_heading(patient: User) -> tuple[list[DraftRow], int]:
    """The patient's drafts, newest night first, and how many nights are logged, in one query:
    the nights list counts its nights for its pages anyway, and a patient's drafts ride along
    (one row per draft, or one without a draft), so the list costs no query more for them."""
    logged_count = (
        Night.objects.filter(patient=OuterRef("pk"))
        .values("patient")
        .annotate(entries=Count("pk"))
        .values("entries")
    )
    logged = Night.objects.filter(patient=OuterRef("pk"), night=OuterRef("night_drafts__night"))
    rows = list(
        User.objects.filter(pk=patient.pk)
        .annotate(logged_count=Coalesce(Subquery(logged_count), 0), draft_logged=Exists(logged))
        .values_list(
            "logged_count", "night_drafts__night", "night_drafts__severity", "draft_logged"
        )
        .order_by("-night_drafts__night")
    )
    drafts = [
        DraftRow(night, severity, is_logged) for _, night, severity, is_logged in rows if night
    ]
    return drafts, rows[0][0] if rows else 0


def draft_summary(draft: NightDraft) -> list[tuple[str, str]]:
    """Each evening field's label and value, as the pages show them."""
    form = DraftForm(instance=draft, patient=draft.patient)
    return [(str(form[name].label), shown(form[name])) for name in EVENING_FIELDS]

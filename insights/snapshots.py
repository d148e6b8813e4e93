"""Each sharing patient's review figures (insights.review.ReviewSummary), kept in
insights.models.ReviewSnapshot so the dashboard reads them instead of every night.

A snapshot is current while the patient's data version (User.nights_version, bumped in the
transaction of every change to a night, treatment, lab result or assessment), their today and
the context (format, zone, sleep need) are still those it was computed for. Anything else is
recomputed on read, for the stale patients only, and written back with one upsert. The cells
are rendered once in each of settings.LANGUAGES and the reader's language picks one, so
clinicians reading in different languages never recompute each other's snapshots (README,
"Insights in other languages"). The summary's flag texts are the site's language's.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from diary.models import Share, User
from insights.flags import Flag, review_flags
from insights.labs import Latest
from insights.loading import (
    load_assessments_of,
    load_labs_of,
    load_treatments_of,
    review_frames_of,
)
from insights.models import ReviewSnapshot
from insights.review import ReviewSummary, compared_from, review_summary

# Raise it whenever ReviewSummary, a flag's rule or its wording, or the cells' template
# (insights/dashboard_cells.html) changes: every snapshot written before then is stale at once.
# 2: numbers as comparisons/formatting write them; 3: cells carry data-label; 4: the iron cell
# names ferritin's unit, the change cells have a class (phone layout); 5: sleep loss compared
# as a mean a logged night (insights.comparisons); 6: cells in each language, numbers in its
# format; 7: dates in sentences and drug names in each language (formatting.sentence_date,
# catalogue.readable_name)
SNAPSHOT_FORMAT = 7
# Patients computed at a time by the housekeeping refresh: bounds its memory, not its queries.
REFRESH_BATCH = 200


def languages() -> list[str]:
    """Every language a snapshot's cells are rendered in."""
    return [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class Figures:
    """A patient's review figures: the dashboard's cells that show them (by language), their
    sort key, and the summary itself, decoded from its JSON only when asked for."""

    cells_by_language: Mapping[str, str]
    urgency: tuple[int, float]  # ReviewSummary.urgency
    summary_json: str

    @classmethod
    def of(cls, summary: ReviewSummary, cells: Mapping[str, str]) -> Figures:
        figures = cls(cells, summary.urgency, json.dumps(summary_to_json(summary)))
        figures.__dict__["summary"] = summary  # already at hand: no need to decode it
        return figures

    @property
    def cells(self) -> SafeString:
        """The cells in the active language (the site's when it has none of its own)."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        cells = self.cells_by_language.get(language)
        if cells is None:
            cells = self.cells_by_language[settings.LANGUAGE_CODE]
        # Rendered by this app's template, escaped then.
        return mark_safe(cells)

    @cached_property
    def summary(self) -> ReviewSummary:
        return summary_from_json(json.loads(self.summary_json))


def snapshot_context(patient: User) -> str:
    """What besides the data and the day the figures depend on: the zone turns instants into
    nights' metrics, the sleep need sets sleep loss."""
    return f"{SNAPSHOT_FORMAT}:{patient.timezone}:{patient.sleep_need}"


def is_current(snapshot: ReviewSnapshot | None, patient: User, today: date) -> bool:
    return (
        snapshot is not None
        and snapshot.data_version == patient.nights_version
        and snapshot.for_day == today
        and snapshot.context == snapshot_context(patient)
    )


def snapshot_of(patient: User) -> ReviewSnapshot | None:
    """The snapshot select_related("review_snapshot") loaded with the patient: no query."""
    try:
        snapshot: ReviewSnapshot = patient.review_snapshot
    except ReviewSnapshot.DoesNotExist:
        return None
    return snapshot


def review_figures(patients: Sequence[User]) -> dict[int, Figures]:
    """Each patient's figures by id: from their snapshot when current, else computed and
    stored. `patients` come with select_related("review_snapshot") and their nights_version
    read before now. No query when every snapshot is current; otherwise six, however many
    are stale (two for nights, one each for treatments, lab results, assessments, one upsert).
    """
    today = {patient.pk: patient.today() for patient in patients}
    figures: dict[int, Figures] = {}
    stale = []
    for patient in patients:
        snapshot = snapshot_of(patient)
        if snapshot is not None and is_current(snapshot, patient, today[patient.pk]):
            cells = snapshot.cells
            urgency = (snapshot.weight, snapshot.severity_change or 0.0)
            figures[patient.pk] = Figures(cells, urgency, snapshot.summary)
        else:
            stale.append(patient)
    figures.update(refresh(stale, today))
    return figures


def refresh(patients: Sequence[User], today: Mapping[int, date]) -> dict[int, Figures]:
    """Compute and store these patients' figures for `today` (theirs, by id)."""
    if not patients:
        return {}
    # Always in the same order: two upserts of overlapping patients (two clinicians' cold
    # dashboards, or one and the hourly refresh) that lock rows in opposite orders deadlock on
    # PostgreSQL.
    patients = sorted(patients, key=attrgetter("pk"))
    computed = compute_figures(patients, today)
    try:
        with transaction.atomic():
            _store(patients, today, computed)
    except IntegrityError:
        # A patient deleted their account while their figures were computed (seconds, for a
        # clinic): the figures are only a copy, so store the others'.
        remaining = set(
            User.objects.filter(pk__in=[p.pk for p in patients]).values_list("pk", flat=True)
        )
        with transaction.atomic():
            _store([p for p in patients if p.pk in remaining], today, computed)
    return computed


def _store(
    patients: Sequence[User], today: Mapping[int, date], computed: Mapping[int, Figures]
) -> None:
    now = timezone.now()
    ReviewSnapshot.objects.bulk_create(
        [
            ReviewSnapshot(
                patient=patient,
                # As read with the patient, before their data: never newer than what was read.
                data_version=patient.nights_version,
                for_day=today[patient.pk],
                context=snapshot_context(patient),
                summary=computed[patient.pk].summary_json,
                cells=dict(computed[patient.pk].cells_by_language),
                weight=computed[patient.pk].urgency[0],
                severity_change=computed[patient.pk].summary.severity_change,
                computed_at=now,
            )
            for patient in patients
        ],
        update_conflicts=True,
        unique_fields=["patient"],
        update_fields=[
            "data_version",
            "for_day",
            "context",
            "summary",
            "cells",
            "weight",
            "severity_change",
            "computed_at",
        ],
    )


def compute_figures(patients: Sequence[User], today: Mapping[int, date]) -> dict[int, Figures]:
    """The figures from the patients' data, five queries whatever their number; one patient's
    nights in memory at a time."""
    treatments = load_treatments_of(patients)
    labs = load_labs_of(patients)
    assessments = load_assessments_of(patients)
    frames = review_frames_of(patients, {pk: compared_from(day) for pk, day in today.items()})
    figures = {}
    for pk, frame in frames:
        with translation.override(settings.LANGUAGE_CODE):
            summary = review_summary(
                frame, today[pk], treatments[pk], labs=labs[pk], assessments=assessments[pk]
            )
        cells = {}
        for language in languages():
            with translation.override(language):
                # Only the flags' words differ between languages; the numbers are computed once.
                shown = summary
                if language != settings.LANGUAGE_CODE:
                    flags = review_flags(
                        frame,
                        today[pk],
                        treatments[pk],
                        labs=labs[pk],
                        assessments=assessments[pk],
                    )
                    shown = dataclasses.replace(summary, flags=flags)
                cells[language] = render_to_string("insights/dashboard_cells.html", {"s": shown})
        figures[pk] = Figures.of(summary, cells)
    return figures


def sharing_patients() -> QuerySet[User]:
    """Patients some clinician may see now: the only ones whose figures are kept."""
    return User.objects.filter(pk__in=Share.objects.active().values("patient_id"))


def refresh_stale_snapshots(*, batch: int = REFRESH_BATCH) -> tuple[int, int, int]:
    """Housekeeping: bring every sharing patient's snapshot up to date (the turn of their day
    makes each stale), a batch at a time, and drop those of patients nobody may see any more.
    Returns (patients checked, snapshots recomputed, snapshots dropped)."""
    checked = recomputed = 0
    patients = sharing_patients().select_related("review_snapshot").order_by("pk")
    last_pk = 0
    while True:
        chunk = list(patients.filter(pk__gt=last_pk)[:batch])
        if not chunk:
            break
        last_pk = chunk[-1].pk
        today = {patient.pk: patient.today() for patient in chunk}
        stale = [p for p in chunk if not is_current(snapshot_of(p), p, today[p.pk])]
        refresh(stale, today)
        checked += len(chunk)
        recomputed += len(stale)
    dropped, _ = ReviewSnapshot.objects.exclude(patient__in=sharing_patients()).delete()
    return checked, recomputed, dropped


def summary_to_json(summary: ReviewSummary) -> dict[str, Any]:
    """Plain JSON: dates as ISO strings, lab values as decimal strings (exactly as entered),
    floats as floats (JSON keeps a float's shortest repr, which reads back to the same float).
    """
    return {
        "last_entry": _day(summary.last_entry),
        "nights_last_28": summary.nights_last_28,
        "week_start": summary.week_start.isoformat(),
        "week_mean_severity": summary.week_mean_severity,
        "severity_change": summary.severity_change,
        "week_mean_sleep_loss_min": summary.week_mean_sleep_loss_min,
        "sleep_loss_change_min": summary.sleep_loss_change_min,
        "flags": [[flag.kind, flag.label, flag.detail] for flag in summary.flags],
        "ferritin": _latest(summary.ferritin),
        "tsat": _latest(summary.tsat),
        "severity_before": summary.severity_before,
        "sleep_loss_before_min": summary.sleep_loss_before_min,
    }


def summary_from_json(data: Mapping[str, Any]) -> ReviewSummary:
    return ReviewSummary(
        last_entry=None if data["last_entry"] is None else date.fromisoformat(data["last_entry"]),
        nights_last_28=data["nights_last_28"],
        week_start=date.fromisoformat(data["week_start"]),
        week_mean_severity=data["week_mean_severity"],
        severity_change=data["severity_change"],
        week_mean_sleep_loss_min=data["week_mean_sleep_loss_min"],
        sleep_loss_change_min=data["sleep_loss_change_min"],
        flags=[Flag(kind, label, detail) for kind, label, detail in data["flags"]],
        ferritin=_latest_from(data["ferritin"]),
        tsat=_latest_from(data["tsat"]),
        severity_before=data["severity_before"],
        sleep_loss_before_min=data["sleep_loss_before_min"],
    )


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _latest(latest: Latest | None) -> list[str] | None:
    return None if latest is None else [str(latest.value), latest.drawn.isoformat()]


def _latest_from(data: Iterable[str] | None) -> Latest | None:
    if data is None:
        return None
    value, drawn = data
    return Latest(Decimal(value), date.fromisoformat(drawn))

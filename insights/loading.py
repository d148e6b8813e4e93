"""The only place insights/ touches the database: nights, treatments, lab results and
assessments in, one query each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pandas as pd
from django.db.models import Q

from diary.models import ENTRY_FIELDS, Assessment, LabResult, Night, Treatment, User
from insights.frames import nights_frame

# What nights_frame reads: the entered fields less the free text and the scale it ignores.
NIGHT_ROW_FIELDS = tuple(name for name in ENTRY_FIELDS if name not in ("notes", "day_mood"))


def _dated(queryset: Any, start: date | None, end: date | None) -> Any:
    if start is not None:
        queryset = queryset.filter(night__gte=start)
    if end is not None:
        queryset = queryset.filter(night__lte=end)
    return queryset


def load_nights(patient: User, start: date | None = None, end: date | None = None) -> pd.DataFrame:
    """The patient's nights frame, computed with their current zone and sleep need."""
    rows = _dated(Night.objects.filter(patient=patient), start, end).values(*NIGHT_ROW_FIELDS)
    return nights_frame(rows, patient.timezone, patient.sleep_need_min)


def load_nights_in(
    patient: User, periods: Sequence[tuple[date, date | None]] | None
) -> pd.DataFrame:
    """The patient's nights within any of `periods` (first, last; both included, None: no
    end) with one query; every night when periods is None."""
    queryset = Night.objects.filter(patient=patient)
    if periods is not None:
        within = Q(pk__in=[])
        for first, last in periods:
            within |= Q(night__gte=first) if last is None else Q(night__range=(first, last))
        queryset = queryset.filter(within)
    rows = queryset.values(*NIGHT_ROW_FIELDS)
    return nights_frame(rows, patient.timezone, patient.sleep_need_min)


def load_nights_of(patients: Iterable[User]) -> dict[int, pd.DataFrame]:
    """Nights frames of many patients with one query, whatever their number."""
    by_id = {patient.pk: patient for patient in patients}
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    queryset = Night.objects.filter(patient_id__in=by_id).order_by("patient_id", "night")
    for row in queryset.values("patient_id", *NIGHT_ROW_FIELDS):
        rows[row.pop("patient_id")].append(row)
    return {
        pk: nights_frame(rows[pk], patient.timezone, patient.sleep_need_min)
        for pk, patient in by_id.items()
    }


def load_treatments(patient: User) -> list[Treatment]:
    """The patient's treatments, courses and sessions, oldest first."""
    return list(Treatment.objects.filter(patient=patient).order_by("started", "pk"))


def load_treatments_of(patients: Iterable[User]) -> dict[int, list[Treatment]]:
    """Treatments of many patients with one query, whatever their number; every patient has a
    list, empty when they recorded none."""
    by_patient: dict[int, list[Treatment]] = {patient.pk: [] for patient in patients}
    queryset = Treatment.objects.filter(patient_id__in=by_patient)
    for treatment in queryset.order_by("patient_id", "started", "pk"):
        by_patient[treatment.patient_id].append(treatment)
    return by_patient


def load_labs(patient: User) -> list[LabResult]:
    """The patient's lab results, oldest first, with who entered each (one query)."""
    queryset = LabResult.objects.filter(patient=patient).select_related("entered_by_user")
    return list(queryset.order_by("drawn", "pk"))


def load_assessments(patient: User) -> list[Assessment]:
    """The patient's assessments, oldest first, with who entered each (one query)."""
    queryset = Assessment.objects.filter(patient=patient).select_related("entered_by_user")
    return list(queryset.order_by("assessed", "pk"))


def load_labs_of(patients: Iterable[User]) -> dict[int, list[LabResult]]:
    """Lab results of many patients, oldest first, with one query; every patient has a list."""
    by_patient: dict[int, list[LabResult]] = {patient.pk: [] for patient in patients}
    queryset = LabResult.objects.filter(patient_id__in=by_patient)
    for lab in queryset.order_by("patient_id", "drawn", "pk"):
        by_patient[lab.patient_id].append(lab)
    return by_patient


def load_assessments_of(patients: Iterable[User]) -> dict[int, list[Assessment]]:
    """Assessments of many patients, oldest first, with one query; every patient has a list."""
    by_patient: dict[int, list[Assessment]] = {patient.pk: [] for patient in patients}
    queryset = Assessment.objects.filter(patient_id__in=by_patient)
    for assessment in queryset.order_by("patient_id", "assessed", "pk"):
        by_patient[assessment.patient_id].append(assessment)
    return by_patient

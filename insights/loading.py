"""Where insights/ reads the diary: nights, treatments, lab results and assessments in, one
query each (the review snapshots, insights.snapshots, are read and written there)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, time
from itertools import groupby
from operator import itemgetter
from typing import Any

import pandas as pd
from django.db.models import CharField, ExpressionWrapper, F, Q, TimeField
from django.db.models.functions import Cast
from django.utils.dateparse import parse_time

from diary.fields import SEPARATOR, ChoiceSetField
from diary.metrics import SleepTimes, compute_metrics, zone
from diary.models import ENTRY_FIELDS, Assessment, LabResult, Night, Treatment, User
from insights.frames import SPREAD_AREAS, nights_frame
from insights.review_frames import review_frame

# What nights_frame reads: the entered fields less the free text and the scale it ignores.
NIGHT_ROW_FIELDS = tuple(name for name in ENTRY_FIELDS if name not in ("notes", "day_mood"))


def _dated(queryset: Any, start: date | None, end: date | None) -> Any:
    if start is not None:
        queryset = queryset.filter(night__gte=start)
    if end is not None:
        queryset = queryset.filter(night__lte=end)
    return queryset


# The set fields (diary.fields.ChoiceSetField) and the clock times of NIGHT_ROW_FIELDS, which
# night_rows reads as text.
_SET_FIELDS = tuple(
    field
    for name in NIGHT_ROW_FIELDS
    if isinstance(field := Night._meta.get_field(name), ChoiceSetField)
)
NIGHT_SET_FIELDS = tuple(field.name for field in _SET_FIELDS)
NIGHT_CLOCK_FIELDS = tuple(
    name for name in NIGHT_ROW_FIELDS if isinstance(Night._meta.get_field(name), TimeField)
)


def night_rows(queryset: Any) -> list[dict[str, Any]]:
    """The NIGHT_ROW_FIELDS of the nights in `queryset` as mappings for nights_frame: what
    `values()` gives, except that each set is a tuple shared by the rows that hold it.

    Reading ten years of nights, converting each value was most of the time, and the values
    recur. So the clock times are read as text (HH:MM:SS on every database) and parsed as
    Django parses them, once per distinct text (a day has 1,440 minutes), and the sets as
    stored (`;`-joined) and converted by their field once per distinct combination."""
    clock_texts = {f"{name}_text": Cast(name, CharField()) for name in NIGHT_CLOCK_FIELDS}
    set_texts = {
        f"{name}_text": ExpressionWrapper(F(name), output_field=CharField())
        for name in NIGHT_SET_FIELDS
    }
    converted = NIGHT_CLOCK_FIELDS + NIGHT_SET_FIELDS
    plain = tuple(name for name in NIGHT_ROW_FIELDS if name not in converted)
    first_clock, first_set = len(plain), len(plain) + len(NIGHT_CLOCK_FIELDS)
    clocks: dict[str | None, time | None] = {None: None}
    # The stored texts of a row's sets -> the sets by name; one look-up a row.
    sets_of: dict[tuple[str | None, ...], dict[str, tuple[str, ...]]] = {}
    rows = []
    queryset = queryset.annotate(**clock_texts, **set_texts)
    for values in queryset.values_list(*plain, *clock_texts, *set_texts):
        row = dict(zip(plain, values, strict=False))
        for name, text in zip(NIGHT_CLOCK_FIELDS, values[first_clock:first_set], strict=True):
            clock = clocks.get(text)
            if clock is None and text is not None:
                clock = clocks[text] = parse_time(text)
            row[name] = clock
        texts = values[first_set:]
        sets = sets_of.get(texts)
        if sets is None:
            sets = sets_of[texts] = {
                field.name: tuple(field.to_python(text))
                for field, text in zip(_SET_FIELDS, texts, strict=True)
            }
        row.update(sets)
        rows.append(row)
    return rows


def load_nights(patient: User, start: date | None = None, end: date | None = None) -> pd.DataFrame:
    """The patient's nights frame, computed with their current zone and sleep need."""
    rows = night_rows(_dated(Night.objects.filter(patient=patient), start, end))
    return nights_frame(rows, patient.timezone, patient.sleep_need)


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
    return nights_frame(night_rows(queryset), patient.timezone, patient.sleep_need)


# What the review figures read of every night, and of the nights whose sleep loss they compare.
REVIEW_NIGHT_FIELDS = ("night", "severity", "onset")
# Rows fetched at a time when streaming.
CHUNK = 2000
SLEEP_TIME_FIELDS = (
    "night",
    "in_bed",
    "lights_out",
    "sleep_latency_min",
    "waso_min",
    "final_wake",
    "out_of_bed",
)


def review_frames_of(
    patients: Iterable[User], compared_from: Mapping[int, date]
) -> Iterator[tuple[int, pd.DataFrame]]:
    """Slim nights frames (insights.review_frames) of many patients, one (id, frame) pair each,
    with two queries whatever their number: the sleep times of the nights from each patient's
    `compared_from` day on, whose sleep loss the summary compares, and four columns of every
    night. Read as a stream and yielded a patient at a time: 1,000 patients' years of nights
    in memory at once would take hundreds of megabytes."""
    by_id = {patient.pk: patient for patient in patients}
    if not by_id:
        return
    losses: dict[int, dict[date, int]] = defaultdict(dict)
    recent = Night.objects.filter(patient_id__in=by_id, night__gte=min(compared_from.values()))
    for row in recent.values("patient_id", *SLEEP_TIME_FIELDS).iterator(chunk_size=CHUNK):
        patient = by_id[row.pop("patient_id")]
        if row["night"] >= compared_from[patient.pk]:
            # compute_metrics is the one definition of sleep loss (domain.md section 3).
            metrics = compute_metrics(SleepTimes(**row), zone(patient.timezone), patient.sleep_need)
            losses[patient.pk][row["night"]] = metrics.sleep_loss_min
    without_nights = set(by_id)
    queryset = Night.objects.filter(patient_id__in=by_id).order_by("patient_id", "night")
    # The areas as stored (`;`-joined words): the field's converter sorts every set into the
    # vocabulary's order, a third of the time here, and only arms or trunk matter.
    stored_areas = ExpressionWrapper(F("areas"), output_field=CharField())
    rows = queryset.values("patient_id", *REVIEW_NIGHT_FIELDS, stored_areas=stored_areas)
    for pk, group in groupby(rows.iterator(chunk_size=CHUNK), key=itemgetter("patient_id")):
        without_nights.discard(pk)
        nights = [
            {**row, "spread": not SPREAD_AREAS.isdisjoint(row["stored_areas"].split(SEPARATOR))}
            for row in group
        ]
        yield pk, review_frame(nights, losses.pop(pk, {}))
    for pk in without_nights:
        yield pk, review_frame([], {})


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

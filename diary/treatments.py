"""Treatments (domain.md section 9), read, judged and changed one way for the pages, the API
and the trends: clean_treatment parses and validates (the form's strict fields, the model's
rules), and the actions below are the only writes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from diary.catalogue import normalised_name
from diary.choices import Schedule
from diary.formatting import sentence_date
from diary.forms import TreatmentForm
from diary.models import TREATMENT_FIELDS, Treatment, User

# Sessions of one kind and name less than this many days apart form one series.
SERIES_GAP_DAYS = 15


class InvalidTreatment(ValidationError):
    """Field-level errors; `form` is the bound form, to show them with what was typed."""

    def __init__(self, form: TreatmentForm) -> None:
        super().__init__(form.errors.as_data())
        self.form = form


def clean_treatment(
    *, patient: User, values: Mapping[str, Any], instance: Treatment | None = None
) -> Treatment:
    """The treatment `values` describe, validated and not yet saved (`instance` is updated in
    memory). Raises InvalidTreatment with every problem, field by field."""
    form = TreatmentForm(values, patient=patient, instance=instance)
    if not form.is_valid():
        raise InvalidTreatment(form)
    return form.instance


def treatment_values(treatment: Treatment) -> dict[str, Any]:
    """What is stored, as clean_treatment takes it: the starting point of a partial change."""
    return {name: getattr(treatment, name) for name in TREATMENT_FIELDS}


def save_treatment(treatment: Treatment) -> Treatment:
    treatment.save()
    return treatment


def delete_treatment(treatment: Treatment) -> None:
    treatment.delete()


def stop_course(course: Treatment, *, stopped: date) -> Treatment:
    """The course's last day is `stopped`."""
    values = {**treatment_values(course), "stopped": stopped}
    return save_treatment(clean_treatment(patient=course.patient, values=values, instance=course))


@transaction.atomic
def change_dose(
    course: Treatment, *, starts: date, dose: Decimal | str | None, dose_unit: str
) -> Treatment:
    """A dose change is a new course (section 9): the old one stops the day before the new one
    starts, in one step; the new course keeps the kind, name, usual time and any planned stop.
    Nothing is written unless both are valid; every problem is raised at once, the new
    course's start reported on `started`."""
    problems = _dose_change_problems(course, starts=starts)
    new_values = {
        **treatment_values(course),
        "dose": dose,
        "dose_unit": dose_unit,
        "started": starts,
        "stopped": course.stopped if course.stopped and course.stopped >= starts else None,
        "notes": "",
    }
    try:
        new_course = clean_treatment(patient=course.patient, values=new_values)
    except InvalidTreatment as invalid:
        for field, errors in invalid.error_dict.items():
            problems.setdefault(field, []).extend(errors)
    if problems:
        raise ValidationError(problems)
    try:
        stop_course(course, stopped=starts - timedelta(days=1))
    except InvalidTreatment as invalid:
        # The stored course itself no longer passes (e.g. it is a session): say so, store nothing.
        raise ValidationError({"started": invalid.messages}, code="cannot_stop") from None
    return save_treatment(new_course)


def _dose_change_problems(course: Treatment, *, starts: date) -> dict[str, list[ValidationError]]:
    """A new dose starts after the course's first day (the old course keeps at least one day),
    and no later than the day after its last: later, it is a new course, not a change."""
    if starts <= course.started:
        return {
            "started": [
                ValidationError(
                    _(
                        "A new dose starts after the course's first day (%(started)s). To "
                        "correct the dose from the start, edit the course instead."
                    ),
                    code="starts_before_course",
                    params={"started": sentence_date(course.started)},
                )
            ]
        }
    if course.stopped is not None and starts > course.stopped + timedelta(days=1):
        return {
            "started": [
                ValidationError(
                    _(
                        "This course stopped on %(stopped)s; a new dose starts on the day after "
                        "at the latest. Add a new course instead."
                    ),
                    code="starts_after_course",
                    params={"stopped": sentence_date(course.stopped)},
                )
            ]
        }
    return {}


def log_session(like: Treatment, *, on: date) -> Treatment:
    """Another session of the same kind, name and dose, on `on` (e.g. today)."""
    values = {**treatment_values(like), "started": on, "stopped": None, "notes": ""}
    return save_treatment(clean_treatment(patient=like.patient, values=values))


@dataclass(frozen=True)
class Series:
    """Sessions of one kind and name, each less than SERIES_GAP_DAYS after the one before."""

    sessions: tuple[Treatment, ...]

    @property
    def id(self) -> int:
        """A series is identified by its first session's id."""
        return self.first.pk

    @property
    def first(self) -> Treatment:
        return self.sessions[0]

    @property
    def last(self) -> Treatment:
        return self.sessions[-1]

    @property
    def kind(self) -> str:
        return self.first.kind

    @property
    def name(self) -> str:
        return self.first.name


def session_series(treatments: Iterable[Treatment]) -> list[Series]:
    """The sessions grouped into series (section 9), ordered by first date, then id."""
    sessions = sorted(
        (t for t in treatments if t.schedule == Schedule.SESSION),
        key=lambda t: (t.kind, normalised_name(t.name), t.started, t.pk),
    )
    series: list[list[Treatment]] = []
    for session in sessions:
        if series:
            previous = series[-1][-1]
            same = (previous.kind, normalised_name(previous.name)) == (
                session.kind,
                normalised_name(session.name),
            )
            if same and (session.started - previous.started).days < SERIES_GAP_DAYS:
                series[-1].append(session)
                continue
        series.append([session])
    return sorted((Series(tuple(group)) for group in series), key=lambda s: (s.first.started, s.id))


@dataclass(frozen=True)
class Overview:
    """A patient's treatments as the page lists them."""

    ongoing: list[Treatment]  # courses without a stop, or stopping today or later; newest first
    past: list[Treatment]  # courses that stopped before today; latest stop first
    series: list[Series]  # session series; the one with the latest session first


def overview(treatments: Iterable[Treatment], *, today: date) -> Overview:
    treatments = list(treatments)
    courses = [t for t in treatments if t.is_course]
    ongoing = [c for c in courses if c.is_ongoing(today)]
    past = [c for c in courses if not c.is_ongoing(today)]
    return Overview(
        ongoing=sorted(ongoing, key=lambda c: (c.started, c.pk), reverse=True),
        past=sorted(past, key=lambda c: (c.stopped or c.started, c.started, c.pk), reverse=True),
        series=sorted(
            session_series(treatments), key=lambda s: (s.last.started, s.id), reverse=True
        ),
    )

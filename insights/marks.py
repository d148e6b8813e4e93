"""What the trend charts mark (domain.md section 7): each course's start and stop and each
session, labelled, so a change in the curve can be read against what was done. Pure: plain
treatment objects in, plain marks out; the charts draw them and the page lists them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext

from diary import formatting
from diary.formatting import sentence_date

if TYPE_CHECKING:  # the charts import this module; they must not need the models loaded
    from diary.models import Treatment


@dataclass(frozen=True)
class Mark:
    """A course (start, and stop unless ongoing) or a series of sessions (their dates)."""

    label: str
    start: date
    stop: date | None  # a course's last day; None while it runs, and for sessions
    sessions: tuple[date, ...] = ()

    @property
    def is_course(self) -> bool:
        return not self.sessions

    @property
    def last(self) -> date:
        return self.sessions[-1] if self.sessions else (self.stop or self.start)


def dose_text(dose: Decimal | None, unit: str) -> str:
    """0.250 mg as "0.25 mg", with the active language's decimal separator ("0,25 mg")."""
    if dose is None:
        return ""
    return f"{formatting.lab_value(dose)} {unit.replace('_per_24h', '/24 h')}"


def treatment_labels(treatments: Iterable[Treatment]) -> dict[int, str]:
    """Each course's and each series' label, by its treatment_id (a series: its first
    session's id), as the before/after table names them."""
    from diary.treatments import session_series

    treatments = list(treatments)
    labels = {t.pk: _course_label(t) for t in treatments if t.is_course}
    labels.update({series.id: series.first.shown_name for series in session_series(treatments)})
    return labels


def _course_label(course: Treatment) -> str:
    dose = dose_text(course.dose, course.dose_unit)
    return f"{course.shown_name} {dose}" if dose else course.shown_name


def treatment_marks(treatments: Iterable[Treatment]) -> list[Mark]:
    """One mark per course and per session series, ordered by start."""
    from diary.treatments import session_series

    treatments = list(treatments)
    marks = [Mark(_course_label(t), t.started, t.stopped) for t in treatments if t.is_course]
    marks += [
        Mark(
            label=series.first.shown_name,
            start=series.first.started,
            stop=None,
            sessions=tuple(session.started for session in series.sessions),
        )
        for series in session_series(treatments)
    ]
    return sorted(marks, key=lambda mark: (mark.start, mark.label))


def within_range(marks: Sequence[Mark], first: date, last: date) -> list[Mark]:
    """The marks whose span (a course while it runs, a series from first to last session)
    meets the range."""
    return [mark for mark in marks if mark.start <= last and _end(mark) >= first]


def _end(mark: Mark) -> date:
    return date.max if mark.is_course and mark.stop is None else mark.last


def describe_marks(marks: Sequence[Mark]) -> str:
    """The marks in words, for the charts' text alternatives."""
    if not marks:
        return ""
    parts = []
    for mark in marks:
        if mark.sessions:
            dates = ", ".join(sentence_date(day) for day in mark.sessions)
            parts.append(gettext("%(label)s on %(dates)s") % {"label": mark.label, "dates": dates})
        elif mark.stop is None:
            parts.append(
                gettext("%(label)s from %(start)s")
                % {"label": mark.label, "start": sentence_date(mark.start)}
            )
        else:
            parts.append(
                gettext("%(label)s from %(start)s to %(stop)s")
                % {
                    "label": mark.label,
                    "start": sentence_date(mark.start),
                    "stop": sentence_date(mark.stop),
                }
            )
    return gettext("Treatments marked: %(list)s.") % {"list": "; ".join(parts)}

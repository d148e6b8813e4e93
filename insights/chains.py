"""Dopaminergic treatments as domain.md section 8 counts them: courses of a dopamine agonist or
levodopa joined by dose changes or switches with no day between them are one treatment (a
chain), started at its first start. Pure: Treatment objects in, no queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from diary.models import Treatment

# "Ongoing or stopped within the last 14 days": stopped 14 days before today still counts.
STOPPED_WITHIN_DAYS = 14
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Chain:
    started: date
    stopped: date | None  # None while any of its courses is ongoing
    courses: tuple[Treatment, ...]

    def is_current(self, today: date) -> bool:
        """Ongoing, or its last day was at most 14 days before the patient's today."""
        return self.stopped is None or (today - self.stopped).days <= STOPPED_WITHIN_DAYS

    def last_day(self, today: date) -> date:
        """The last night on treatment: its stop, or today while ongoing."""
        return today if self.stopped is None else min(self.stopped, today)

    @property
    def names(self) -> list[str]:
        """Each medicine once, in the order first taken (pramipexole, then ropinirole)."""
        return list(dict.fromkeys(course.name for course in self.courses))


def dopaminergic_chains(treatments: Iterable[Treatment]) -> list[Chain]:
    """The patient's dopaminergic courses joined into chains, oldest first.

    A course joins the chain before it when it starts no later than the day after the chain's
    last day: a dose change or a switch (next.started == stopped + 1 day) or an overlap (an
    add-on taken alongside). An ongoing course keeps its chain open to every later course.
    """
    courses = sorted(
        (t for t in treatments if t.is_dopaminergic),
        key=lambda t: (t.started, t.stopped or date.max, t.pk or 0),
    )
    groups: list[list[Treatment]] = []
    ends: list[date | None] = []
    for course in courses:
        if groups and (ends[-1] is None or course.started <= ends[-1] + ONE_DAY):
            groups[-1].append(course)
            end = ends[-1]
            ends[-1] = None if end is None or course.stopped is None else max(end, course.stopped)
            continue
        groups.append([course])
        ends.append(course.stopped)
    return [
        Chain(group[0].started, end, tuple(group)) for group, end in zip(groups, ends, strict=True)
    ]

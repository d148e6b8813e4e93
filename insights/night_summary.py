"""What the nights of a range say beyond the trend charts: how many nights had each body area,
sensation, relief and possible trigger, and severity on nights with a trigger against nights
without it. Pure: it reads the nights frame (insights/frames.py), never the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd
from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from diary.choices import Area, Factor, Relief, Sensation
from diary.metrics import round_half_up
from insights.frames import SPREAD_AREAS

# A comparison of severity with and without a trigger needs this many nights on each side:
# with fewer, one bad night decides it and the two means say nothing.
MIN_NIGHTS_EACH_SIDE = 3


@dataclass(frozen=True)
class Count:
    """Nights with one word of a set; `first` is the earliest such night (None when none)."""

    key: str
    label: str | Promise  # the choice's lazy label, turned into text only when rendered
    nights: int
    first: date | None


@dataclass(frozen=True)
class Trigger:
    """Nights with a possible trigger, and mean severity (2 decimals, half up) on the nights
    with it and on the other nights of the range; both means are None unless each side has
    MIN_NIGHTS_EACH_SIDE nights. A plain comparison: it says nothing about cause."""

    key: str
    label: str | Promise  # the choice's lazy label, turned into text only when rendered
    nights: int
    nights_without: int
    mean_with: Decimal | None
    mean_without: Decimal | None

    @property
    def compared(self) -> bool:
        return self.mean_with is not None


@dataclass(frozen=True)
class NightSummary:
    nights: int  # the nights of the range, which every count is out of
    areas: list[Count]  # all four, in domain.md order, zeros included
    first_spread: date | None  # the first night with arms or trunk
    sensations: list[Count]
    relief: list[Count]
    triggers: list[Trigger]

    # What the tables list: only the words logged at least once, so they stay short.
    @property
    def sensations_logged(self) -> list[Count]:
        return [count for count in self.sensations if count.nights]

    @property
    def relief_logged(self) -> list[Count]:
        return [count for count in self.relief if count.nights]

    @property
    def triggers_logged(self) -> list[Trigger]:
        return [trigger for trigger in self.triggers if trigger.nights]

    @property
    def compared(self) -> list[Trigger]:
        return [trigger for trigger in self.triggers if trigger.compared]


def _days(nights: pd.DataFrame) -> list[date]:
    return [stamp.date() for stamp in nights["night"]]


def _counts(days: list[date], sets: pd.Series, vocabulary: type[TextChoices]) -> list[Count]:
    counts = []
    for word in vocabulary:
        with_it = [day for day, words in zip(days, sets, strict=True) if word.value in words]
        counts.append(Count(word.value, word.label, len(with_it), min(with_it, default=None)))
    return counts


def _mean(values: list[int]) -> Decimal:
    return round_half_up(sum(values) / len(values), 2)


def _trigger(word: Factor, severities: list[int], factors: pd.Series) -> Trigger:
    pairs = list(zip(severities, factors, strict=True))
    with_it = [severity for severity, words in pairs if word.value in words]
    without = [severity for severity, words in pairs if word.value not in words]
    enough = min(len(with_it), len(without)) >= MIN_NIGHTS_EACH_SIDE
    return Trigger(
        key=word.value,
        label=word.label,
        nights=len(with_it),
        nights_without=len(without),
        mean_with=_mean(with_it) if enough else None,
        mean_without=_mean(without) if enough else None,
    )


def night_summary(nights: pd.DataFrame) -> NightSummary:
    """The summary of `nights`, a nights frame already cut to the range shown."""
    days = _days(nights)
    areas = _counts(days, nights["areas"], Area)
    spread = [area.first for area in areas if area.key in SPREAD_AREAS and area.first]
    severities = [int(severity) for severity in nights["severity"]]
    return NightSummary(
        nights=len(days),
        areas=areas,
        first_spread=min(spread, default=None),
        sensations=_counts(days, nights["sensations"], Sensation),
        relief=_counts(days, nights["relief"], Relief),
        triggers=[_trigger(word, severities, nights["factors"]) for word in Factor],
    )


def trigger_line(summary: NightSummary) -> str:
    """The triggers logged in one line, for the report: nights with each and, where there are
    enough nights on both sides, mean severity with vs without (a comparison, not a cause)."""
    parts = []
    for trigger in summary.triggers_logged:
        text = f"{trigger.label} {trigger.nights}"
        if trigger.compared:
            text += " " + str(
                _("(severity %(with_it)s vs %(without)s)")
                % {"with_it": trigger.mean_with, "without": trigger.mean_without}
            )
        parts.append(text)
    return "; ".join(parts)

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

from diary import formatting
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


# Each function below walks the nights once, word by word of each night's set, rather than
# once per word of the vocabulary: ten years of nights took tens of ms the other way.


def _days(nights: pd.DataFrame) -> list[date]:
    days: list[date] = nights["night"].to_numpy().astype("datetime64[D]").tolist()
    return days


def _counts(days: list[date], sets: pd.Series, vocabulary: type[TextChoices]) -> list[Count]:
    nights: dict[str, int] = {}
    first: dict[str, date] = {}
    for day, words in zip(days, sets.tolist(), strict=True):
        for word in set(words):
            nights[word] = nights.get(word, 0) + 1
            if word not in first or day < first[word]:
                first[word] = day
    return [
        Count(word.value, word.label, nights.get(word.value, 0), first.get(word.value))
        for word in vocabulary
    ]


def _mean(total: int, count: int) -> Decimal:
    return round_half_up(total / count, 2)


def _triggers(severities: list[int], factors: pd.Series) -> list[Trigger]:
    nights: dict[str, int] = {}
    totals: dict[str, int] = {}
    for severity, words in zip(severities, factors.tolist(), strict=True):
        for word in set(words):
            nights[word] = nights.get(word, 0) + 1
            totals[word] = totals.get(word, 0) + severity
    everything = sum(severities)
    triggers = []
    for word in Factor:
        with_it, total_with = nights.get(word.value, 0), totals.get(word.value, 0)
        without = len(severities) - with_it
        enough = min(with_it, without) >= MIN_NIGHTS_EACH_SIDE
        triggers.append(
            Trigger(
                key=word.value,
                label=word.label,
                nights=with_it,
                nights_without=without,
                mean_with=_mean(total_with, with_it) if enough else None,
                mean_without=_mean(everything - total_with, without) if enough else None,
            )
        )
    return triggers


def night_summary(nights: pd.DataFrame) -> NightSummary:
    """The summary of `nights`, a nights frame already cut to the range shown."""
    days = _days(nights)
    areas = _counts(days, nights["areas"], Area)
    spread = [area.first for area in areas if area.key in SPREAD_AREAS and area.first]
    return NightSummary(
        nights=len(days),
        areas=areas,
        first_spread=min(spread, default=None),
        sensations=_counts(days, nights["sensations"], Sensation),
        relief=_counts(days, nights["relief"], Relief),
        triggers=_triggers(nights["severity"].astype(int).tolist(), nights["factors"]),
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
                % {
                    "with_it": formatting.number(trigger.mean_with),
                    "without": formatting.number(trigger.mean_without),
                }
            )
        parts.append(text)
    return "; ".join(parts)

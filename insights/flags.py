"""Clinical review flags of domain.md section 8 that need no treatment or lab data.

They point a clinician at a patient to review; they are never a diagnosis. Each takes one
patient's nights frame (insights.frames.nights_frame) and the patient's today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from django.utils.translation import gettext_lazy as _

from diary.metrics import offset_to_clock, round_half_up
from insights.weekly import within

GAP_NIGHTS = 7
BASELINE_NIGHTS = 28
RECENT_NIGHTS = 14
# A median of fewer onsets than this says too little to compare.
MIN_ONSETS = 5
AUGMENTATION_MIN = 240
AUGMENTATION_WITH_SIGNS_MIN = 120
SEVERITY_RISE = 2.0
# Float means such as 4.3 - 2.3 land a hair under 2; thresholds compare at this precision.
PRECISION = 9

# Ordered by how urgently a clinician should look.
WEIGHT = {"augmentation": 3, "worsening": 2, "gap": 1}


@dataclass(frozen=True)
class Flag:
    kind: str
    label: str
    detail: str


def last_full_week(today: date) -> date:
    """Monday of the latest Monday–Sunday week whose Sunday night has begun before today."""
    return today - timedelta(days=today.weekday() + 7)


def gap_flag(nights: pd.DataFrame, today: date) -> Flag | None:
    """No entry for the last 7 nights or more (last night included)."""
    if nights.empty:
        return Flag("gap", str(_("No entries yet")), "")
    last = nights["night"].max().date()
    missing = (today - timedelta(days=1) - last).days
    if missing < GAP_NIGHTS:
        return None
    return Flag(
        "gap",
        str(_("No entry for %(n)d nights") % {"n": missing}),
        str(_("Last entry: night of %(night)s") % {"night": last.isoformat()}),
    )


def worsening_flag(nights: pd.DataFrame, today: date) -> Flag | None:
    """Mean severity of the last full week >= 2 points above that of the 4 weeks before."""
    monday = last_full_week(today)
    week = within(nights, monday, monday + timedelta(days=6))
    before = within(nights, monday - timedelta(weeks=4), monday - timedelta(days=1))
    if week.empty or before.empty:
        return None
    now, then = week["severity"].mean(), before["severity"].mean()
    if round(now - then, PRECISION) < SEVERITY_RISE:
        return None
    return Flag(
        "worsening",
        str(_("Worsening")),
        str(
            _(
                "Mean severity %(now)s in the week of %(week)s, up from %(then)s over the "
                "4 weeks before"
            )
            % {
                "now": round_half_up(now, 1),
                "then": round_half_up(then, 1),
                "week": monday.isoformat(),
            }
        ),
    )


def augmentation_flag(nights: pd.DataFrame) -> Flag | None:
    """Median onset of the last 14 nights >= 4 h earlier than baseline (the first 28 nights),
    or 2–4 h earlier with spread to arms/trunk or mean severity >= 2 points above baseline.

    Baseline and recent nights never overlap, so at least 42 logged nights are needed.
    "Spread" means a recent night with arms or trunk when no baseline night had them.
    """
    if len(nights) < BASELINE_NIGHTS + RECENT_NIGHTS:
        return None
    baseline, recent = nights.head(BASELINE_NIGHTS), nights.tail(RECENT_NIGHTS)
    base_onsets = baseline["onset_offset_min"].dropna()
    recent_onsets = recent["onset_offset_min"].dropna()
    if len(base_onsets) < MIN_ONSETS or len(recent_onsets) < MIN_ONSETS:
        return None
    earlier = round(base_onsets.median() - recent_onsets.median(), PRECISION)
    spread = bool(recent["spread"].any() and not baseline["spread"].any())
    severity_rise = round(recent["severity"].mean() - baseline["severity"].mean(), PRECISION)
    signs = []
    if spread:
        signs.append(str(_("new symptoms in arms or trunk")))
    if severity_rise >= SEVERITY_RISE:
        signs.append(str(_("severity up %(n)s points") % {"n": round_half_up(severity_rise, 1)}))
    if earlier < AUGMENTATION_MIN and not (earlier >= AUGMENTATION_WITH_SIGNS_MIN and signs):
        return None
    # The text states the gap between the two clock times it shows, so they add up.
    recent_min = int(round_half_up(recent_onsets.median()))
    base_min = int(round_half_up(base_onsets.median()))
    detail = _(
        "Median onset %(recent)s over the last 14 nights, %(hours)s h %(minutes)02d min earlier "
        "than the baseline %(baseline)s"
    ) % {
        "recent": offset_to_clock(recent_min),
        "baseline": offset_to_clock(base_min),
        "hours": (base_min - recent_min) // 60,
        "minutes": (base_min - recent_min) % 60,
    }
    return Flag("augmentation", str(_("Possible augmentation")), "; ".join([detail, *signs]))


def review_flags(nights: pd.DataFrame, today: date) -> list[Flag]:
    """Every flag that fires, most urgent first."""
    found = [augmentation_flag(nights), worsening_flag(nights, today), gap_flag(nights, today)]
    return [flag for flag in found if flag is not None]

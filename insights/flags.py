"""Clinical review flags of domain.md section 8 computed from nights, treatments, lab results
and assessments.

They point a clinician at a patient to review; they are never a diagnosis. Each takes one
patient's nights frame (insights.frames.nights_frame) or their lab results or assessments
(model objects, already loaded, oldest first: no queries here), and the patient's today.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd
from django.utils.translation import gettext_lazy as _

from diary import catalogue, formatting
from diary.formatting import sentence_date
from diary.metrics import offset_to_clock, round_half_up
from diary.models.labs import irls_band
from insights.chains import Chain, dopaminergic_chains
from insights.weekly import within

if TYPE_CHECKING:
    from diary.models import Assessment, LabResult, Treatment

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

# AASM 2024: iron therapy when ferritin <= 75 ng/mL or TSAT < 20 %; IV iron may be considered
# up to a ferritin of 100 ng/mL.
IRON_THERAPY_FERRITIN = Decimal(75)
IV_IRON_FERRITIN = Decimal(100)
IRON_THERAPY_TSAT = Decimal(20)
# "Within 365 days": on or after today - 365 days (a draw a year ago today still counts).
LAB_DAYS = 365
IRLS_RISE = 5

# The one place a flag's weight is set: the dashboard sorts patients by the sum of theirs.
# Iron studies due weighs nothing: shown, never sorted on.
WEIGHT = {
    "augmentation": 3,
    "worsening": 2,
    "iron": 2,
    "irls_worse": 2,
    "gap": 1,
    "onset_earlier": 1,
    "iron_studies_due": 0,
}


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
        str(_("Last entry: night of %(night)s") % {"night": sentence_date(last)}),
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
                "Mean severity %(now)s/10 in the week of %(week)s, up from %(then)s/10 over "
                "the 4 weeks before"
            )
            % {
                # Written as insights.comparisons writes the same two means.
                "now": formatting.decimal(now),
                "then": formatting.decimal(then),
                "week": sentence_date(monday),
            }
        ),
    )


@dataclass(frozen=True)
class OnsetShift:
    """Recent onsets earlier than baseline by enough to flag, with the numbers that show it."""

    baseline_min: int  # median onset_offset_min, rounded half up to the minute
    recent_min: int
    recent_nights: int
    baseline_nights: int
    signs: tuple[str, ...]

    def describe(self) -> dict[str, object]:
        # The text states the gap between the two clock times it shows, so they add up.
        earlier = self.baseline_min - self.recent_min
        return {
            "recent": offset_to_clock(self.recent_min),
            "baseline": offset_to_clock(self.baseline_min),
            "n": self.recent_nights,
            "baseline_n": self.baseline_nights,
            "hours": earlier // 60,
            "minutes": earlier % 60,
        }


def onset_shift(baseline: pd.DataFrame, recent: pd.DataFrame) -> OnsetShift | None:
    """The section 8 test: recent median onset >= 4 h earlier than baseline, or 2-4 h earlier
    with spread (a recent night with arms or trunk when no baseline night had them) or a
    recent mean severity >= 2 points above the baseline mean. Each needs >= 5 onsets."""
    base_onsets = baseline["onset_offset_min"].dropna()
    recent_onsets = recent["onset_offset_min"].dropna()
    if len(base_onsets) < MIN_ONSETS or len(recent_onsets) < MIN_ONSETS:
        return None
    earlier = round(base_onsets.median() - recent_onsets.median(), PRECISION)
    if earlier < AUGMENTATION_WITH_SIGNS_MIN:
        return None
    signs = []
    spread_nights = int(recent["spread"].sum())
    if spread_nights and not baseline["spread"].any():
        signs.append(
            str(_("arms or trunk on %(n)d of these nights, on none before") % {"n": spread_nights})
        )
    now, then = recent["severity"].mean(), baseline["severity"].mean()
    rise = round(now - then, PRECISION)
    if rise >= SEVERITY_RISE:
        signs.append(
            str(
                _("mean severity %(now)s, up %(rise)s points from %(then)s")
                % {
                    "now": formatting.decimal(now),
                    "rise": formatting.decimal(rise),
                    "then": formatting.decimal(then),
                }
            )
        )
    if earlier < AUGMENTATION_MIN and not signs:
        return None
    return OnsetShift(
        baseline_min=int(round_half_up(base_onsets.median())),
        recent_min=int(round_half_up(recent_onsets.median())),
        recent_nights=len(recent),
        baseline_nights=len(baseline),
        signs=tuple(signs),
    )


def _chain_shift(nights: pd.DataFrame, chain: Chain, today: date) -> OnsetShift | None:
    """Baseline: the logged nights among the 28 before the chain started. Recent: the last 14
    logged nights on treatment, from its start to its stop (or today while ongoing)."""
    baseline = within(
        nights, chain.started - timedelta(days=BASELINE_NIGHTS), chain.started - timedelta(days=1)
    )
    recent = within(nights, chain.started, chain.last_day(today)).tail(RECENT_NIGHTS)
    return onset_shift(baseline, recent)


def augmentation_flag(
    nights: pd.DataFrame, treatments: Iterable[Treatment], today: date
) -> Flag | None:
    """Possible augmentation, only while a dopaminergic chain is ongoing or stopped within the
    last 14 days. Should two chains be current (one stopped days ago, the next begun after a
    break), each is tested against its own baseline and the latest that meets the test is named.
    """
    for chain in reversed(dopaminergic_chains(treatments)):
        if not chain.is_current(today):
            continue
        shift = _chain_shift(nights, chain, today)
        if shift is None:
            continue
        detail = _(
            "Median onset %(recent)s over the last %(n)d nights on %(names)s (since "
            "%(started)s), %(hours)s h %(minutes)02d min earlier than %(baseline)s over the "
            "%(baseline_n)d nights logged in the 28 before it started"
        ) % {
            **shift.describe(),
            "names": ", ".join(catalogue.shown_name(name) for name in chain.names),
            "started": sentence_date(chain.started),
        }
        return Flag(
            "augmentation", str(_("Possible augmentation")), "; ".join([detail, *shift.signs])
        )
    return None


def onset_earlier_flag(nights: pd.DataFrame, treatments: Iterable[Treatment]) -> Flag | None:
    """Without any dopaminergic course recorded: the first 28 logged nights against the last
    14. They never overlap, so 42 logged nights are needed. A change to review, worded so."""
    if any(t.is_dopaminergic for t in treatments):
        return None
    if len(nights) < BASELINE_NIGHTS + RECENT_NIGHTS:
        return None
    shift = onset_shift(nights.head(BASELINE_NIGHTS), nights.tail(RECENT_NIGHTS))
    if shift is None:
        return None
    detail = (
        _(
            "Median onset %(recent)s over the last %(n)d nights, %(hours)s h %(minutes)02d "
            "min earlier than %(baseline)s over the first %(baseline_n)d logged nights: a "
            "change to review"
        )
        % shift.describe()
    )
    return Flag("onset_earlier", str(_("Onset moving earlier")), "; ".join([detail, *shift.signs]))


def within_lab_window(day: date, today: date) -> bool:
    """Within the last 365 days: drawn or assessed on or after today - 365 days."""
    return day >= today - timedelta(days=LAB_DAYS)


def _last(entries: Iterable[LabResult]) -> LabResult | None:
    # Oldest first, ties in the order given (the loaders order by date then pk): the last wins.
    found = sorted(entries, key=lambda lab: lab.drawn)
    return found[-1] if found else None


def lab_numbers(lab: LabResult) -> str:
    """ "Ferritin 62.0 ng/mL, TSAT 18.0 % on 2026-10-01": what an iron flag or line names."""
    parts = []
    if lab.ferritin_ng_ml is not None:
        parts.append(
            str(_("ferritin %(value)s ng/mL") % {"value": formatting.number(lab.ferritin_ng_ml)})
        )
    if lab.tsat_pct is not None:
        parts.append(str(_("TSAT %(value)s %%") % {"value": formatting.number(lab.tsat_pct)}))
    text = str(
        _("%(values)s on %(drawn)s")
        % {"values": ", ".join(parts), "drawn": sentence_date(lab.drawn)}
    )
    return text[:1].upper() + text[1:]


def read_high_reasons(lab: LabResult) -> list[str]:
    """Why a result may read high: an infection raises ferritin, an iron tablet serum iron."""
    reasons = []
    if lab.recent_illness:
        reasons.append(str(_("fever or infection in the 4 weeks before")))
    if not lab.iron_free_24h:
        reasons.append(str(_("iron tablet in the 24 h before")))
    return reasons


def iron_flag(labs: Sequence[LabResult], today: date) -> Flag | None:
    """From the latest result of the last 365 days with a ferritin or a TSAT: ferritin <= 75 or
    TSAT < 20 % is below the threshold for iron therapy; else ferritin above 75 and at most
    100, IV iron may be considered. A result drawn during an illness or within 24 h of an iron
    tablet "may read high": said on either flag, and raised on its own when the numbers look
    fine, since a high-reading ferritin can hide a deficiency."""
    lab = _last(
        lab
        for lab in labs
        if within_lab_window(lab.drawn, today)
        and (lab.ferritin_ng_ml is not None or lab.tsat_pct is not None)
    )
    if lab is None:
        return None
    ferritin, tsat = lab.ferritin_ng_ml, lab.tsat_pct
    reasons = read_high_reasons(lab)
    if (ferritin is not None and ferritin <= IRON_THERAPY_FERRITIN) or (
        tsat is not None and tsat < IRON_THERAPY_TSAT
    ):
        label = _("Iron below the threshold for iron therapy")
    elif ferritin is not None and ferritin <= IV_IRON_FERRITIN:
        label = _("Iron: IV iron may be considered")
    elif reasons:
        label = _("Iron results may read high")
    else:
        return None
    detail = lab_numbers(lab)
    if reasons:
        detail += str(_("; may read high: %(why)s") % {"why": ", ".join(reasons)})
    return Flag("iron", str(label), detail)


def iron_studies_due_flag(labs: Sequence[LabResult], today: date) -> Flag | None:
    """No ferritin in the last 365 days."""
    with_ferritin = [lab for lab in labs if lab.ferritin_ng_ml is not None]
    last = _last(with_ferritin)
    if last is not None and within_lab_window(last.drawn, today):
        return None
    detail = (
        _("No ferritin in the last 365 days")
        if last is None
        else _("Last ferritin %(value)s ng/mL on %(drawn)s, more than 365 days ago")
        % {"value": formatting.number(last.ferritin_ng_ml), "drawn": sentence_date(last.drawn)}
    )
    return Flag("iron_studies_due", str(_("Iron studies due")), str(detail))


def irls_worse_flag(assessments: Sequence[Assessment], today: date) -> Flag | None:
    """The latest IRLS total >= 5 points above the one before it, both within 365 days."""
    scored = sorted(
        (
            a
            for a in assessments
            if a.irls_total is not None and within_lab_window(a.assessed, today)
        ),
        key=lambda a: a.assessed,
    )
    if len(scored) < 2:
        return None
    before, last = scored[-2], scored[-1]
    assert before.irls_total is not None and last.irls_total is not None  # filtered above
    rise = last.irls_total - before.irls_total
    if rise < IRLS_RISE:
        return None
    return Flag(
        "irls_worse",
        str(_("IRLS worse")),
        str(
            _(
                "IRLS %(now)d (%(band)s) on %(day)s, up %(rise)d from %(then)d "
                "(%(then_band)s) on %(then_day)s"
            )
            % {
                "now": last.irls_total,
                "band": irls_band(last.irls_total),
                "day": sentence_date(last.assessed),
                "rise": rise,
                "then": before.irls_total,
                "then_band": irls_band(before.irls_total),
                "then_day": sentence_date(before.assessed),
            }
        ),
    )


def review_flags(
    nights: pd.DataFrame,
    today: date,
    treatments: Sequence[Treatment],
    *,
    labs: Sequence[LabResult],
    assessments: Sequence[Assessment],
) -> list[Flag]:
    """Every flag that fires, weightiest first (iron studies due, weighing 0, last)."""
    found = [
        augmentation_flag(nights, treatments, today),
        worsening_flag(nights, today),
        iron_flag(labs, today),
        irls_worse_flag(assessments, today),
        gap_flag(nights, today),
        onset_earlier_flag(nights, treatments),
        iron_studies_due_flag(labs, today),
    ]
    return sorted((flag for flag in found if flag is not None), key=lambda f: -WEIGHT[f.kind])

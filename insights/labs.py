"""Lab results and assessments as the review page and the report show them (domain.md
section 10): the latest value of a number, each IRLS total with its change from the one
before, and the one-line summaries of the PDF. Pure: model objects, oldest first, in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from diary.formatting import sentence_date
from insights.flags import (
    IRON_THERAPY_FERRITIN,
    IRON_THERAPY_TSAT,
    IV_IRON_FERRITIN,
    lab_numbers,
    read_high_reasons,
)

if TYPE_CHECKING:
    from diary.models import Assessment, LabResult


@dataclass(frozen=True)
class Latest:
    value: Decimal
    drawn: date


def latest_value(labs: Sequence[LabResult], field: str) -> Latest | None:
    """The latest result that has `field` (ferritin_ng_ml, tsat_pct, ...), with its date."""
    dated = [(lab.drawn, getattr(lab, field)) for lab in labs if getattr(lab, field) is not None]
    if not dated:
        return None
    drawn, value = sorted(dated, key=lambda pair: pair[0])[-1]
    return Latest(value, drawn)


@dataclass(frozen=True)
class LabRow:
    """One result for the table, with where its iron numbers stand against AASM 2024."""

    lab: LabResult
    ferritin_low: bool  # <= 75 ng/mL: iron therapy
    ferritin_borderline: bool  # above 75, at most 100: IV iron may be considered
    tsat_low: bool  # < 20 %
    may_read_high: list[str]


def lab_rows(labs: Sequence[LabResult]) -> list[LabRow]:
    """Newest first, as a clinician reads a results table."""
    rows = []
    for lab in reversed(labs):
        ferritin, tsat = lab.ferritin_ng_ml, lab.tsat_pct
        rows.append(
            LabRow(
                lab=lab,
                ferritin_low=ferritin is not None and ferritin <= IRON_THERAPY_FERRITIN,
                ferritin_borderline=ferritin is not None
                and IRON_THERAPY_FERRITIN < ferritin <= IV_IRON_FERRITIN,
                tsat_low=tsat is not None and tsat < IRON_THERAPY_TSAT,
                may_read_high=read_high_reasons(lab),
            )
        )
    return rows


@dataclass(frozen=True)
class AssessmentRow:
    assessment: Assessment
    irls_change: int | None  # from the previous IRLS total, whenever it was


def assessment_rows(assessments: Sequence[Assessment]) -> list[AssessmentRow]:
    """Newest first; each IRLS total with its change from the previous total recorded."""
    rows = []
    previous: int | None = None
    for assessment in assessments:
        total = assessment.irls_total
        change = None if total is None or previous is None else total - previous
        rows.append(AssessmentRow(assessment, change))
        if total is not None:
            previous = total
    return rows[::-1]


def labs_line(labs: Sequence[LabResult]) -> str:
    """The latest result with a ferritin or TSAT, its date and draw conditions, for the PDF."""
    iron = [lab for lab in labs if lab.ferritin_ng_ml is not None or lab.tsat_pct is not None]
    if not iron:
        return _("none recorded")
    lab = sorted(iron, key=lambda entry: entry.drawn)[-1]
    reasons = read_high_reasons(lab)
    conditions = (
        _("may read high: %(why)s") % {"why": ", ".join(reasons)}
        if reasons
        else _("no iron in the 24 h before, no recent illness")
    )
    return f"{lab_numbers(lab)} ({conditions})"


def assessments_line(assessments: Sequence[Assessment]) -> str:
    """The latest IRLS total with its band and change, and the latest CGI scores, for the PDF."""
    rows = assessment_rows(assessments)
    parts = []
    irls = next((row for row in rows if row.assessment.irls_total is not None), None)
    if irls is not None:
        change = (
            ""
            if irls.irls_change is None
            else _(", %(change)+d from the previous") % {"change": irls.irls_change}
        )
        parts.append(
            _("IRLS %(total)d (%(band)s%(change)s) on %(day)s")
            % {
                "total": irls.assessment.irls_total,
                "band": irls.assessment.irls_band,
                "change": change,
                "day": sentence_date(irls.assessment.assessed),
            }
        )
    names = (
        ("cgi_severity", pgettext("abbreviation", "CGI-S")),
        ("cgi_improvement", pgettext("abbreviation", "CGI-I")),
    )
    for field, name in names:
        row = next((row for row in rows if getattr(row.assessment, field) is not None), None)
        if row is not None:
            day = sentence_date(row.assessment.assessed)
            parts.append(f"{name} {getattr(row.assessment, field)} ({day})")
    return "; ".join(parts) or _("none recorded")

"""What a Trends page shows for one patient and one range, assembled without HTTP or ORM."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from diary import formatting

if TYPE_CHECKING:
    from diary.models import Treatment

from insights.charts import RenderedChart, render_all
from insights.comparisons import Comparison, Comparisons, compare, compared_from
from insights.marks import Mark, treatment_labels, treatment_marks, within_range
from insights.night_summary import NightSummary, night_summary
from insights.response import ResponseRow, format_row, response_rows, treatment_spans
from insights.weekly import shown_weekly, weekly_table, weeks_back, within

# Range choices of the Trends page: weeks back from the current week; None is everything.
RANGES: dict[str, int | None] = {"4": 4, "12": 12, "26": 26, "52": 52, "all": None}
DEFAULT_RANGE = "12"
SUNDAY = timedelta(days=6)  # from a week_start (Monday)


@dataclass(frozen=True)
class Trends:
    range_key: str
    start: date | None
    charts: list[RenderedChart]
    weeks: list[dict[str, str | None]]  # the weekly table as shown (weekly.shown_weekly)
    comparisons: Comparisons  # the last full week against the 4 before: summary and captions
    nights_logged: int
    marks: list[Mark]  # the treatments the charts mark, listed beside them
    before_after: list[dict[str, Any]]  # section 11 rows, with `label` and `overlap_labels`
    night_summary: NightSummary  # areas, sensations, relief and triggers over the range

    @property
    def summaries(self) -> list[Comparison]:
        return self.comparisons.all

    @property
    def has_data(self) -> bool:
        return self.nights_logged > 0


def range_start(range_key: str, today: date) -> date | None:
    weeks = RANGES[range_key]
    return None if weeks is None else weeks_back(weeks, today)


def load_from(range_key: str, today: date, treatments: Sequence[Treatment] = ()) -> date | None:
    """The first night to load for a range, so one query serves the charts, the summaries and
    every row of the before/after table (back to 28 nights before the earliest treatment)."""
    start = range_start(range_key, today)
    if start is None:
        return None
    first = min(start, compared_from(today))
    spans = treatment_spans(treatments)
    return min(first, spans[0].before_from) if spans else first


Period = tuple[date, date | None]  # first and last night, both included; None: no end


def periods_needed(
    range_key: str, today: date, treatments: Sequence[Treatment] = ()
) -> list[Period] | None:
    """The nights a page reads, as few periods as they merge into; None for every night.

    The range and the comparisons' five weeks (insights.comparisons), and each treatment's
    before and after windows (the before/after table): with a long treatment history,
    reading every night back to the first treatment (load_from) meant reading years of
    nights to show twelve weeks."""
    start = range_start(range_key, today)
    if start is None:
        return None
    wanted: list[Period] = [(min(start, compared_from(today)), None)]
    wanted += [(span.before_from, span.after_to) for span in treatment_spans(treatments)]
    merged: list[Period] = []
    for first, last in sorted(wanted, key=lambda period: period[0]):
        if merged:
            previous_first, previous_last = merged[-1]
            if previous_last is None or first <= previous_last + timedelta(days=1):
                end = None if previous_last is None or last is None else max(previous_last, last)
                merged[-1] = (previous_first, end)
                continue
        merged.append((first, last))
    return merged


def build_trends(
    nights: pd.DataFrame,
    range_key: str,
    today: date,
    treatments: Sequence[Treatment] = (),
) -> Trends:
    """The page for one range. `nights` must hold the nights of the range, the summaries and
    (with treatments) the before/after windows: see periods_needed (or load_from)."""
    marks = treatment_marks(treatments)
    start = range_start(range_key, today)
    table = weekly_table(nights, start=start)
    shown: list[Mark] = []
    if len(table):
        first = table["week_start"].iloc[0].date()
        shown = within_range(marks, first, table["week_start"].iloc[-1].date() + SUNDAY)
    shown_nights = within(nights, start, None)
    # Drawn in the dark theme's colours; app.css gives their text and axes the page's colours,
    # so one cached chart reads on the dark page, the light page and paper.
    comparisons = compare(nights, today)
    charts = render_all(table, shown_nights, marks=shown, comparisons=comparisons)
    return Trends(
        range_key=range_key,
        start=start,
        charts=charts if len(table) else [],
        weeks=shown_weekly(table),
        comparisons=comparisons,
        nights_logged=int(table["nights_logged"].sum()) if len(table) else 0,
        marks=shown,
        before_after=before_after_table(nights, treatments),
        night_summary=night_summary(shown_nights),
    )


def before_after_table(
    nights: pd.DataFrame, treatments: Sequence[Treatment]
) -> list[dict[str, Any]]:
    """The section 11 rows as output values, each with the treatment's `label` and the labels
    of the treatments it overlaps, for a page that names them rather than by id."""
    if not treatments:
        return []
    labels = treatment_labels(treatments)
    rows = []
    for row in response_rows(nights, treatments):
        values = format_row(row)
        rows.append(
            {
                **values,
                "label": labels[row.span.treatment_id],
                "overlap_labels": [labels[other] for other in row.overlaps],
                "shown": shown_durations(row, values),
            }
        )
    return rows


def shown_durations(row: ResponseRow, values: dict[str, Any]) -> dict[str, str]:
    """A row's durations as every page writes them (diary.formatting), from the exact figures:
    the output's tenths of a minute rounded again could land a minute off. Changes are the
    exact change rounded, as section 11 has them. `values` is the row's format_row output,
    whose scores are written here in the page's language."""
    shown = {}
    for metric in ("mean_total_sleep_min", "mean_sleep_loss_min"):
        shown[f"before_{metric}"] = formatting.hours_minutes(getattr(row.before, metric))
        shown[f"after_{metric}"] = formatting.hours_minutes(getattr(row.after, metric))
        shown[f"change_{metric}"] = formatting.signed_hours_minutes(row.change(metric))
    shown["change_median_onset"] = formatting.signed_hours_minutes(row.change("median_onset"))
    # The scores as the page's language writes them (the output's Decimals stay machine text).
    shown["change_mean_severity"] = formatting.signed(values["change_mean_severity"], 2)
    shown["change_symptomatic_pct"] = formatting.signed(values["change_symptomatic_pct"], 0)
    shown["change_mean_day_fatigue"] = formatting.signed(values["change_mean_day_fatigue"], 1)
    shown["severity_range_low"] = formatting.decimal(values["severity_range_low"], 2)
    shown["severity_range_high"] = formatting.decimal(values["severity_range_high"], 2)
    return shown

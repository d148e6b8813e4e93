"""The one-page printable report for a clinician, drawn with matplotlib into a PDF."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from diary import formatting
from diary.choices import Paper
from diary.formatting import sentence_date
from insights.charts import CHARTS, style
from insights.charts.marks import draw_marks
from insights.columns import OUTPUT_COLUMNS
from insights.flags import Flag
from insights.marks import Mark, within_range
from insights.night_summary import NightSummary, trigger_line
from insights.weekly import shown_weekly

# Inches, portrait, for each diary.choices.Paper: A4 is 595 x 842 pt, US Letter 612 x 792 pt.
PAGE_IN: dict[str, tuple[float, float]] = {Paper.A4: (8.27, 11.69), Paper.LETTER: (8.5, 11.0)}
TABLE_WEEKS = 10
# The charts' text on paper: each chart is a page wide there, not a phone's width as on screen.
CHART_FONT_SIZE = 9.0
# The before/after rows that fit on the page: the latest treatments.
BEFORE_AFTER_ROWS = 4
# One per insights.columns.OUTPUT_COLUMNS, in that order: the Trends page's weekly table's
# abbreviations (its legend spells them out).
TABLE_HEADERS = (
    gettext_lazy("Week"),
    gettext_lazy("Nights"),
    gettext_lazy("Sympt."),
    gettext_lazy("Sev. /10"),
    gettext_lazy("Max /10"),
    gettext_lazy("Onset"),
    # Translators: total sleep time, as sleep diaries abbreviate it (German TST, Spanish TTS).
    pgettext_lazy("abbreviation", "TST"),
    # Translators: sleep efficiency, abbreviated (German SE, Spanish ES).
    pgettext_lazy("abbreviation", "SE"),
    gettext_lazy("Loss"),
    gettext_lazy("Lat."),
    gettext_lazy("Fatig. /10"),
)


def report_pdf(
    *,
    patient_name: str,
    table: pd.DataFrame,
    nights: pd.DataFrame,
    flags: list[Flag],
    generated: date,
    labs: str = "",
    assessments: str = "",
    context: str = "",
    triggers: NightSummary | None = None,
    marks: Sequence[Mark] = (),
    before_after: Sequence[Mapping[str, Any]] = (),
    paper: str = Paper.A4,
    range_label: str = "",
    child: str = "",
) -> bytes:
    """The page: who and when, the flags, treatments, latest labs, assessments and triggers
    (labs_line, assessments_line, the range's night summary); the three charts with the
    treatments marked; the latest before/after rows that fit; the last weeks' table."""
    weeks = shown_weekly(table)  # as the Trends page's table writes them
    # The table's week starts stay ISO (its column is a week's Monday); the sentence is not.
    first = sentence_date(date.fromisoformat(weeks[0]["week_start"] or "")) if weeks else "–"
    last = sentence_date(nights["night"].max().date()) if len(nights) else "–"
    with style.rendering("report", font_size=CHART_FONT_SIZE):
        fig = Figure(figsize=PAGE_IN[paper], facecolor="white", layout="constrained")
        grid = fig.add_gridspec(nrows=6, height_ratios=[1.5, 1.6, 1.6, 1.6, 1.0, 2.0])
        header = fig.add_subplot(grid[0])
        header.axis("off")
        header.text(0, 1.0, patient_name, fontsize=16, weight="bold", va="top")
        header.text(
            0,
            0.78,
            # A child's age first, where a clinician looks for it; the range is the one on the
            # review page the report was asked from.
            "".join(f"{part} · " for part in (child, range_label) if part)
            + _("Nights %(first)s to %(last)s · printed %(today)s")
            % {"first": first, "last": last, "today": sentence_date(generated)},
            fontsize=9,
            va="top",
        )
        flag_text = "; ".join(f"{f.label}: {f.detail}" if f.detail else f.label for f in flags)
        trigger_text = trigger_line(triggers) if triggers is not None else ""
        lines = [
            _("Clinical context: %(line)s") % {"line": context or _("none given")},
            _("Review flags: %(flags)s") % {"flags": flag_text or _("none")},
            _("Treatments: %(list)s") % {"list": _treatments_text(marks) or _("none recorded")},
            _("Latest labs: %(line)s") % {"line": labs or _("none recorded")},
            _("Assessments: %(line)s") % {"line": assessments or _("none recorded")},
            _("Possible triggers, nights (mean severity with vs without; not a cause): %(line)s")
            % {"line": trigger_text or _("none logged")},
        ]
        # One text: matplotlib wraps each line on its own and stacks them without overlap.
        header.text(0, 0.5, "\n".join(lines), fontsize=7.5, va="top", wrap=True, linespacing=1.4)
        shown = _marks_in_table(marks, table)
        for row, chart in enumerate(CHARTS.values(), start=1):
            ax = fig.add_subplot(grid[row])
            style.style_axes(ax, style.theme("print"))
            chart.draw(ax, table, nights, "print")
            if shown:
                draw_marks(ax, shown, "print")
            # Above the legend row that each chart places just over its axes.
            ax.set_title(str(chart.TITLE), fontsize=10, loc="left", pad=16, weight="bold")
        _before_after_table(fig.add_subplot(grid[4]), list(before_after)[-BEFORE_AFTER_ROWS:])
        _weekly_table(fig.add_subplot(grid[5]), weeks[-TABLE_WEEKS:])
        buffer = io.BytesIO()
        title = _("RLS Diary report: %(name)s") % {"name": patient_name}
        with PdfPages(buffer, metadata={"Title": title}) as pdf:
            pdf.savefig(fig)
    return buffer.getvalue()


def _weekly_table(ax: Axes, weeks: list[dict]) -> None:
    ax.axis("off")
    if not weeks:
        ax.text(0.5, 0.5, _("No nights logged"), ha="center", va="center")
        return
    cells = [
        ["–" if week[column] is None else str(week[column]) for column in OUTPUT_COLUMNS]
        for week in reversed(weeks)
    ]
    headers = [str(header) for header in TABLE_HEADERS]
    table = ax.table(cellText=cells, colLabels=headers, loc="upper center", cellLoc="right")
    table.auto_set_font_size(False)
    table.set_fontsize(7)
    # Durations read "10 h 11 min": columns as wide as their text, not equal shares.
    table.auto_set_column_width(list(range(len(TABLE_HEADERS))))
    table.scale(1, 1.1)


def _marks_in_table(marks: Sequence[Mark], table: pd.DataFrame) -> list[Mark]:
    if table.empty:
        return []
    first = table["week_start"].iloc[0].date()
    return within_range(marks, first, table["week_start"].iloc[-1].date() + timedelta(days=6))


def _treatments_text(marks: Sequence[Mark]) -> str:
    parts = []
    for mark in marks:
        if mark.sessions:
            parts.append(
                _("%(label)s, %(n)s sessions %(first)s to %(last)s")
                % {
                    "label": mark.label,
                    "n": len(mark.sessions),
                    "first": sentence_date(mark.start),
                    "last": sentence_date(mark.last),
                }
                if len(mark.sessions) > 1
                else _("%(label)s on %(day)s")
                % {"label": mark.label, "day": sentence_date(mark.start)}
            )
        elif mark.stop is None:
            parts.append(
                _("%(label)s since %(start)s")
                % {"label": mark.label, "start": sentence_date(mark.start)}
            )
        else:
            parts.append(
                _("%(label)s %(start)s to %(stop)s")
                % {
                    "label": mark.label,
                    "start": sentence_date(mark.start),
                    "stop": sentence_date(mark.stop),
                }
            )
    return "; ".join(parts)


def before_after_cells(rows: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    """The PDF's before/after rows, written by diary.formatting as the web table writes them:
    a change signed with a real minus (+0.28, −1.45), the range to two places."""

    def text(value: Any) -> str:
        # Scores are Decimals, onsets "HH:MM": only a number takes the language's separator.
        if value is None:
            return formatting.MISSING
        return formatting.number(value) if isinstance(value, Decimal) else str(value)

    cells = []
    for row in rows:
        if row["enough"]:
            low = formatting.decimal(row["severity_range_low"], 2)
            high = formatting.decimal(row["severity_range_high"], 2)
            verdict = (
                _("%(low)s to %(high)s clear")
                if row["clear"]
                else _("%(low)s to %(high)s not clear")
            ) % {"low": low, "high": high}
            change = formatting.signed(row["change_mean_severity"], 2)
        else:
            verdict, change = _("not enough nights"), ""
        cells.append(
            [
                str(row["label"])[:28],
                str(row["start"]),
                f"{row['before_nights_logged']} / {row['after_nights_logged']}",
                f"{text(row['before_mean_severity'])} → {text(row['after_mean_severity'])}",
                change,
                verdict,
                f"{text(row['before_median_onset'])} → {text(row['after_median_onset'])}",
            ]
        )
    return cells


def _before_after_table(ax: Axes, rows: list[Mapping[str, Any]]) -> None:
    ax.axis("off")
    if not rows:
        return
    ax.set_title(
        # xgettext:no-python-format
        _("Before and after (severity 0-10; rough 95 % range, optimistic)"),
        fontsize=9,
        loc="left",
        weight="bold",
    )

    cells = before_after_cells(rows)
    headers = (
        _("Treatment"),
        _("Start"),
        _("Nights b/a"),
        _("Severity"),
        _("Change"),
        _("Severity range"),
        _("Onset"),
    )
    table = ax.table(cellText=cells, colLabels=headers, loc="upper center", cellLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(7)
    table.auto_set_column_width(list(range(len(headers))))

"""The one-page printable report for a clinician, drawn with matplotlib into a PDF."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from django.utils.translation import gettext as _
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from insights.charts import CHARTS, style
from insights.columns import OUTPUT_COLUMNS
from insights.flags import Flag
from insights.weekly import format_weekly

# The common part of A4 (8.27 x 11.69 in) and US Letter (8.5 x 11 in): fits either paper.
PAGE_IN = (8.27, 11.0)
TABLE_WEEKS = 12
# One per insights.columns.OUTPUT_COLUMNS, in that order.
TABLE_HEADERS = (
    "Week",
    "Nights",
    "Sympt.",
    "Sev.",
    "Max",
    "Onset",
    "TST",
    "SE %",
    "Loss",
    "Lat.",
    "Fatig.",
)


def report_pdf(
    *,
    patient_name: str,
    table: pd.DataFrame,
    nights: pd.DataFrame,
    flags: list[Flag],
    generated: date,
) -> bytes:
    weeks = format_weekly(table)
    first = weeks[0]["week_start"] if weeks else "–"
    last = nights["night"].max().date().isoformat() if len(nights) else "–"
    with style.rendering("report"):
        fig = Figure(figsize=PAGE_IN, facecolor="white", layout="constrained")
        grid = fig.add_gridspec(nrows=5, height_ratios=[0.55, 2, 2, 2, 2.6])
        header = fig.add_subplot(grid[0])
        header.axis("off")
        header.text(0, 0.95, patient_name, fontsize=16, weight="bold", va="top")
        header.text(
            0,
            0.35,
            _("Nights %(first)s to %(last)s · printed %(today)s")
            % {"first": first, "last": last, "today": generated.isoformat()},
            fontsize=9,
            va="top",
        )
        flag_text = "; ".join(f"{f.label}: {f.detail}" if f.detail else f.label for f in flags)
        header.text(
            0,
            -0.1,
            _("Review flags: %(flags)s") % {"flags": flag_text or _("none")},
            fontsize=8,
            va="top",
            wrap=True,
        )
        for row, chart in enumerate(CHARTS.values(), start=1):
            ax = fig.add_subplot(grid[row])
            style.style_axes(ax, style.theme("print"))
            chart.draw(ax, table, nights, "print")
            # Above the legend row that each chart places just over its axes.
            ax.set_title(str(chart.TITLE), fontsize=10, loc="left", pad=16, weight="bold")
        _weekly_table(fig.add_subplot(grid[4]), weeks[-TABLE_WEEKS:])
        buffer = io.BytesIO()
        with PdfPages(buffer, metadata={"Title": f"RLS Diary report: {patient_name}"}) as pdf:
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
    table = ax.table(cellText=cells, colLabels=TABLE_HEADERS, loc="upper center", cellLoc="right")
    table.auto_set_font_size(False)
    table.set_fontsize(7)
    table.scale(1, 1.1)

"""Weekly mean severity with its min-max range, and symptomatic nights per week."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from diary import formatting
from insights.charts import common, style, ticks
from insights.marks import Mark

KEY = "severity"
TITLE = _("Symptom severity by week")

# A little below 0 so a symptom-free week's line is not hidden under the axis.
SEVERITY_LIMITS = (-0.3, 10.3)
# The bar axis runs to two weeks' worth of nights, so bars stay in the lower half under the
# severity line, scaled so both axes put 0 at the same height.
NIGHTS_SCALE = 14 / (SEVERITY_LIMITS[1] - SEVERITY_LIMITS[0])
SEVERITY_TICKS = (0, 2, 4, 6, 8, 10)
NIGHTS_TICKS = (0, 2, 4, 6)


def render(
    table: pd.DataFrame,
    nights: pd.DataFrame,
    theme: str = "dark",
    marks: Sequence[Mark] = (),
    *,
    description: str | None = None,
) -> str:
    """SVG of the weekly table's severity; `nights` supplies each week's lowest severity."""
    return style.render_svg(
        KEY, TITLE, draw, describe, table, nights, theme, marks, description=description
    )


def draw(ax: Axes, table: pd.DataFrame, nights: pd.DataFrame, theme: str) -> None:
    """Draw the chart on a styled axes; the SVG and the PDF report both go through here."""
    look = style.theme(theme)
    ticks.without_axis_ticks(ax)
    ax.set_ylim(*SEVERITY_LIMITS)
    ticks.y_ticks(ax, SEVERITY_TICKS, [str(tick) for tick in SEVERITY_TICKS], look)
    ticks.ylabel(ax, gettext("Severity (0 to 10)"), look, widest="10")
    common.week_axis(ax, table, look)
    logged = table[table["nights_logged"] > 0] if not table.empty else table
    if logged.empty:
        style.message(ax, gettext("No nights logged"), theme)
    else:
        _draw(ax, table, logged, nights, theme)


def _draw(
    ax: Axes, table: pd.DataFrame, logged: pd.DataFrame, nights: pd.DataFrame, theme: str
) -> None:
    look = style.theme(theme)
    # The bars share the severity axis, scaled: a second axes (twinx) would cost as much
    # again to build and draw as the chart's own.
    x_logged = common.mid_week_x(logged)
    common.bars(
        ax,
        x_logged,
        logged["symptomatic_nights"].to_numpy(dtype="float64") / NIGHTS_SCALE,
        common.BAR_WIDTH_DAYS,
        color=style.SYMPTOMATIC,
        alpha=0.45,
    )
    ticks.y_ticks(
        ax,
        [nights / NIGHTS_SCALE for nights in NIGHTS_TICKS],
        [str(nights) for nights in NIGHTS_TICKS],
        look,
        side="right",
        grid=False,
    )
    ticks.ylabel(ax, gettext("Nights a week"), look, widest="6", side="right")

    low = common.weekly_min(logged, nights, "severity").to_numpy()
    common.whiskers(
        ax,
        x_logged,
        low,
        logged["max_severity"].to_numpy(),
        color=style.SEVERITY,
        alpha=0.45,
        linewidth=common.line_width(len(table)),
    )
    # Plotting every week, NaN included, is what breaks the line across empty weeks.
    x = common.mid_week_x(table)
    mean = table["mean_severity"].to_numpy()
    ax.plot(x, mean, color=style.SEVERITY, linewidth=1.8)
    alone = common.isolated(mean)
    ax.plot(x[alone], mean[alone], "o", color=style.SEVERITY, markersize=4)
    style.legend(
        ax,
        [
            Line2D([], [], color=style.SEVERITY, linewidth=1.8, label=gettext("Mean severity")),
            Line2D([], [], color=style.SEVERITY, alpha=0.45, linewidth=5, label=gettext("Range")),
            Patch(color=style.SYMPTOMATIC, alpha=0.45, label=gettext("Symptomatic nights")),
        ],
        theme,
    )


def _score(value: float) -> str:
    return f"{formatting.decimal(value)}/10"


def describe(table: pd.DataFrame, nights: pd.DataFrame) -> str:
    """One or two sentences saying what the chart shows, for its text alternative. Its numbers
    are the weekly table's cells, written as the table writes them."""
    logged = int(table["nights_logged"].sum()) if not table.empty else 0
    if logged == 0:
        return gettext("No nights were logged in this period.")
    start, end = common.span_text(table)
    counts = gettext(
        "From {start} to {end}, symptoms on {symptomatic} of {logged} logged nights."
    ).format(
        start=start, end=end, symptomatic=int(table["symptomatic_nights"].sum()), logged=logged
    )
    trend = gettext("Weekly mean severity: {spread}.").format(
        spread=common.spread_text(table, "mean_severity", _score)
    )
    return f"{counts} {trend}"

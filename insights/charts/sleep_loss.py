"""Weekly total sleep loss (bars) and mean total sleep a night (line), in hours."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from diary import formatting
from insights.charts import common, style, ticks
from insights.marks import Mark

KEY = "sleep_loss"
TITLE = _("Sleep loss and total sleep by week")


def render(
    table: pd.DataFrame,
    nights: pd.DataFrame,
    theme: str = "dark",
    marks: Sequence[Mark] = (),
    *,
    description: str | None = None,
) -> str:
    """SVG of the weekly table's sleep loss and total sleep; `nights` is only for the text."""
    return style.render_svg(
        KEY, TITLE, draw, describe, table, nights, theme, marks, description=description
    )


def draw(ax: Axes, table: pd.DataFrame, nights: pd.DataFrame, theme: str) -> None:
    """Draw the chart on a styled axes; the SVG and the PDF report both go through here."""
    look = style.theme(theme)
    ticks.without_axis_ticks(ax)
    # Before the legend, which starts where this title leaves the plot.
    ticks.ylabel(ax, gettext("Total sleep (h a night)"), look, widest="10")
    common.week_axis(ax, table, look)
    logged = table[table["nights_logged"] > 0] if not table.empty else table
    top = 10.0
    if logged.empty:
        style.message(ax, gettext("No nights logged"), theme)
    else:
        top = _draw(ax, table, logged, theme)
    ax.set_ylim(0, top)
    hours = _round_ticks(top, bins=5)
    ticks.y_ticks(ax, hours, [_tick_text(value) for value in hours], look)


def _round_ticks(top: float, bins: int) -> list[float]:
    return [float(tick) for tick in MaxNLocator(nbins=bins, integer=True).tick_values(0, top)
            if 0 <= tick <= top]  # fmt: skip


def _tick_text(value: float) -> str:
    return str(int(value)) if value == int(value) else formatting.number(value)


def _draw(ax: Axes, table: pd.DataFrame, logged: pd.DataFrame, theme: str) -> float:
    """Draws the data; returns the top of the total sleep axis."""
    look = style.theme(theme)
    x = common.mid_week_x(table)
    sleep_h = table["mean_total_sleep_min"].to_numpy() / 60
    top = float(max(10, math.ceil(float(pd.Series(sleep_h).max()) + 1)))

    # The bars share the total sleep axis, scaled to their own range: a second axes (twinx)
    # would cost as much again to build and draw as the chart's own. Headroom above the
    # tallest bar keeps it clear of the legend; a week without loss still gets a readable
    # 0-1 h scale.
    loss_h = logged["total_sleep_loss_min"].to_numpy() / 60
    loss_top = max(1.0, float(loss_h.max()) * 1.15)
    scale = top / loss_top
    common.bars(
        ax,
        common.mid_week_x(logged),
        loss_h * scale,
        common.BAR_WIDTH_DAYS,
        color=style.SLEEP_LOSS,
        alpha=0.55,
    )
    loss_ticks = _round_ticks(loss_top, bins=4)
    ticks.y_ticks(
        ax,
        [tick * scale for tick in loss_ticks],
        [_tick_text(tick) for tick in loss_ticks],
        look,
        side="right",
        grid=False,
    )
    widest = max((_tick_text(tick) for tick in loss_ticks), key=len)
    ticks.ylabel(ax, gettext("Sleep loss (h a week)"), look, widest=widest, side="right")

    ax.plot(x, sleep_h, color=style.TOTAL_SLEEP, linewidth=1.8)
    alone = common.isolated(sleep_h)
    ax.plot(x[alone], sleep_h[alone], "o", color=style.TOTAL_SLEEP, markersize=4)
    style.legend(
        ax,
        [
            Line2D(
                [], [], color=style.TOTAL_SLEEP, linewidth=1.8, label=gettext("Mean total sleep")
            ),
            Patch(color=style.SLEEP_LOSS, alpha=0.55, label=gettext("Sleep loss")),
        ],
        theme,
    )
    return top


def describe(table: pd.DataFrame, nights: pd.DataFrame) -> str:
    """One or two sentences saying what the chart shows, for its text alternative. Its numbers
    are the weekly table's cells, written as the table writes them."""
    logged = table[table["nights_logged"] > 0] if not table.empty else table
    if logged.empty:
        return gettext("No nights were logged in this period.")
    start, end = common.span_text(table)
    return gettext(
        "From {start} to {end}, mean total sleep a night: {sleep}; sleep loss a week: {loss}."
    ).format(
        start=start,
        end=end,
        sleep=common.spread_text(logged, "mean_total_sleep_min", formatting.hours_minutes),
        loss=common.spread_text(logged, "total_sleep_loss_min", formatting.hours_minutes),
    )

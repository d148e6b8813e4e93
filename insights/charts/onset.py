"""Time of symptom onset for each night, with the weekly median, on a 06:00-anchored clock."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from diary.metrics import MINUTES_PER_DAY, offset_to_clock, round_half_up
from insights.charts import common, style, ticks
from insights.marks import Mark

KEY = "onset"
TITLE = _("Time of symptom onset")

# Offsets from 06:00 on the night's date: 06:00 (0) at the bottom and 06:00 next morning
# (1440) at the top, so later is up and an earlier onset, the warning sign, sits lower.
CLOCK_TICKS = (0, 360, 720, 900, 1080, 1260, MINUTES_PER_DAY)


def render(
    table: pd.DataFrame,
    nights: pd.DataFrame,
    theme: str = "dark",
    marks: Sequence[Mark] = (),
    *,
    description: str | None = None,
) -> str:
    """SVG of each night's onset (dots) and the weekly median onset (line)."""
    return style.render_svg(
        KEY, TITLE, draw, describe, table, nights, theme, marks, description=description
    )


def draw(ax: Axes, table: pd.DataFrame, nights: pd.DataFrame, theme: str) -> None:
    """Draw the chart on a styled axes; the SVG and the PDF report both go through here."""
    look = style.theme(theme)
    ticks.without_axis_ticks(ax)
    ax.set_ylim(0, MINUTES_PER_DAY)
    ticks.y_ticks(ax, CLOCK_TICKS, [offset_to_clock(tick) for tick in CLOCK_TICKS], look)
    ticks.ylabel(ax, gettext("Onset time (earlier ↓)"), look, widest="00:00")
    common.week_axis(ax, table, look)
    onsets = common.within_table(table, nights).dropna(subset=["onset_offset_min"])
    if onsets.empty:
        style.message(ax, gettext("No symptom onset times recorded"), theme)
    else:
        _draw(ax, table, onsets, theme)


def _draw(ax: Axes, table: pd.DataFrame, onsets: pd.DataFrame, theme: str) -> None:
    # Dots shrink as nights add up, so years of data stay a cloud rather than a smear.
    size = float(np.clip(60 / np.sqrt(len(onsets)), 1.5, 4.5))
    common.dots(
        ax,
        common.night_x(onsets),
        onsets["onset_offset_min"].to_numpy(),
        size,
        color=style.ONSET,
        alpha=0.75,
    )
    x = common.mid_week_x(table)
    median = table["median_onset_offset_min"].to_numpy()
    ax.plot(x, median, color=style.MEDIAN, linewidth=1.8)
    alone = common.isolated(median)
    ax.plot(x[alone], median[alone], "o", color=style.MEDIAN, markersize=4)
    style.legend(
        ax,
        [
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                color=style.ONSET,
                alpha=0.75,
                label=gettext("Onset on a night"),
            ),
            Line2D([], [], color=style.MEDIAN, linewidth=1.8, label=gettext("Weekly median")),
        ],
        theme,
    )


def _clock(offset_min: float) -> str:
    return offset_to_clock(int(round_half_up(offset_min)))


def describe(table: pd.DataFrame, nights: pd.DataFrame) -> str:
    """One or two sentences saying what the chart shows, for its text alternative."""
    if table.empty:
        return gettext("No nights were logged in this period.")
    start, end = common.span_text(table)
    onsets = common.within_table(table, nights)["onset_offset_min"].dropna()
    if onsets.empty:
        return gettext("No symptom onset times were recorded from {start} to {end}.").format(
            start=start, end=end
        )
    count = ngettext(
        "Onset times of {count} night from {start} to {end}.",
        "Onset times of {count} nights from {start} to {end}.",
        len(onsets),
    ).format(count=len(onsets), start=start, end=end)
    trend = gettext("Weekly median onset: {spread}.").format(
        spread=common.spread_text(table, "median_onset_offset_min", _clock, clock=True)
    )
    return f"{count} {trend}"

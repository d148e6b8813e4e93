"""Ferritin over time, with the AASM 2024 thresholds (75 and 100 ng/mL) drawn across it.

Not one of the weekly Trends charts: it reads the patient's lab results, not the nights, so it
has its own render(labs, theme) -> SVG and describe(labs) -> text alternative."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from diary import formatting
from diary.formatting import sentence_date
from insights.charts import style, ticks
from insights.flags import IRON_THERAPY_FERRITIN, IV_IRON_FERRITIN

if TYPE_CHECKING:
    from diary.models import LabResult

KEY = "ferritin"
TITLE = _("Ferritin over time")
# Fewer points than this make no line worth drawing; the table says it all.
MIN_RESULTS = 2
# Lower than the Trends charts' plot, with no legend above; narrower, since it sits in the
# labs card, whose padding leaves it about 330 px of a 390 px phone (12 pt text at 12.5 px).
PLOT_HEIGHT_PT = 120.0
FIGURE_WIDTH_IN = 4.4


def with_ferritin(labs: Sequence[LabResult]) -> list[LabResult]:
    return sorted(
        (lab for lab in labs if lab.ferritin_ng_ml is not None), key=lambda lab: lab.drawn
    )


def render(labs: Sequence[LabResult], theme: str = "dark") -> str:
    """The chart's SVG, or "" with fewer than two ferritin results."""
    points = with_ferritin(labs)
    if len(points) < MIN_RESULTS:
        return ""
    with style.rendering(KEY):
        fig, ax = style.new_figure(theme)
        fig.set_figwidth(FIGURE_WIDTH_IN)
        draw(ax, points, theme)
        style.fit_margins(fig, ax, plot_height=PLOT_HEIGHT_PT)
        return style.to_svg(fig, KEY, str(TITLE), describe(points))


def draw(ax: Axes, points: Sequence[LabResult], theme: str) -> None:
    look = style.theme(theme)
    x = pd.to_datetime([lab.drawn for lab in points])
    y = [float(lab.ferritin_ng_ml or 0) for lab in points]
    ax.plot(x, y, "o-", color=style.SEVERITY, linewidth=1.8, markersize=4)
    for threshold in (IRON_THERAPY_FERRITIN, IV_IRON_FERRITIN):
        ax.axhline(float(threshold), color=look.muted, linestyle="--", linewidth=0.9)
        ax.annotate(
            f"{threshold} ng/mL",
            (0, float(threshold)),
            xycoords=("axes fraction", "data"),
            xytext=(2, 2),
            textcoords="offset points",
            color=look.text,
            fontsize=style.font_size(),
        )
    top = max(120.0, max(y) * 1.15)
    ax.set_ylim(0, top)
    levels = [int(tick) for tick in MaxNLocator(nbins=4, integer=True).tick_values(0, top)
              if tick <= top]  # fmt: skip
    ticks.without_axis_ticks(ax)
    ticks.y_ticks(ax, levels, [str(level) for level in levels], look)
    ticks.ylabel(ax, gettext("Ferritin (ng/mL)"), look, widest=str(levels[-1]))
    ticks.date_ticks(ax, look)


def describe(labs: Sequence[LabResult]) -> str:
    points = with_ferritin(labs)
    if not points:
        return gettext("No ferritin results.")
    values = ", ".join(
        gettext("{value} on {day}").format(
            value=formatting.number(lab.ferritin_ng_ml), day=sentence_date(lab.drawn)
        )
        for lab in points
    )
    return gettext(
        "Ferritin in ng/mL: {values}. Thresholds: 75 (iron therapy at or below) and 100 "
        "(IV iron may be considered at or below)."
    ).format(values=values)

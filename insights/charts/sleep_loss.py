"""Weekly total sleep loss (bars) and mean total sleep a night (line), in hours."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from diary.metrics import round_half_up
from insights.charts import common, style
from insights.marks import Mark

KEY = "sleep_loss"
TITLE = _("Sleep loss and total sleep by week")


def render(
    table: pd.DataFrame,
    nights: pd.DataFrame,
    theme: str = "dark",
    marks: Sequence[Mark] = (),
) -> str:
    """SVG of the weekly table's sleep loss and total sleep; `nights` is only for the text."""
    return style.render_svg(KEY, TITLE, draw, describe, table, nights, theme, marks)


def draw(ax: Axes, table: pd.DataFrame, nights: pd.DataFrame, theme: str) -> None:
    """Draw the chart on a styled axes; the SVG and the PDF report both go through here."""
    ax.set_ylabel(gettext("Total sleep (h a night)"))
    style.date_axis(ax)
    common.set_week_limits(ax, table)
    logged = table[table["nights_logged"] > 0] if not table.empty else table
    if logged.empty:
        ax.set_ylim(0, 10)
        style.message(ax, gettext("No nights logged"), theme)
    else:
        _draw(ax, table, logged, theme)


def _draw(ax: Axes, table: pd.DataFrame, logged: pd.DataFrame, theme: str) -> None:
    bars = style.twin(ax, theme)
    loss_h = logged["total_sleep_loss_min"].to_numpy() / 60
    common.bars(
        bars,
        common.mid_week_x(logged),
        loss_h,
        common.BAR_WIDTH_DAYS,
        color=style.SLEEP_LOSS,
        alpha=0.55,
    )
    # Headroom above the tallest bar keeps it clear of the legend; a week without loss
    # still gets a readable 0-1 h axis.
    bars.set_ylim(0, max(1.0, float(loss_h.max()) * 1.15))
    bars.set_ylabel(gettext("Sleep loss (h a week)"))

    x = common.mid_week_x(table)
    sleep_h = table["mean_total_sleep_min"].to_numpy() / 60
    ax.plot(x, sleep_h, color=style.TOTAL_SLEEP, linewidth=1.8)
    alone = common.isolated(sleep_h)
    ax.plot(x[alone], sleep_h[alone], "o", color=style.TOTAL_SLEEP, markersize=4)
    ax.set_ylim(0, max(10, math.ceil(float(pd.Series(sleep_h).max()) + 1)))
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


def _hours(minutes: float) -> str:
    return str(round_half_up(minutes / 60, 1))


def describe(table: pd.DataFrame, nights: pd.DataFrame) -> str:
    """One or two sentences saying what the chart shows, for its text alternative."""
    logged = table[table["nights_logged"] > 0] if not table.empty else table
    if logged.empty:
        return gettext("No nights were logged in this period.")
    start, end = common.span_text(table)
    ends = common.ends(table, "mean_total_sleep_min")
    if ends is None:
        week = logged.iloc[0]
        return gettext(
            "In the week of {week}, {loss} h of sleep lost and {sleep} h of sleep a night "
            "on average."
        ).format(
            week=common.date_text(week["week_start"]),
            loss=_hours(week["total_sleep_loss_min"]),
            sleep=_hours(week["mean_total_sleep_min"]),
        )
    first, last = ends
    return ngettext(
        "From {start} to {end}: sleep loss averaged {first_loss} h a week in the first week "
        "with entries and {last_loss} h in the last; total sleep {first_sleep} h a night "
        "then {last_sleep} h.",
        "From {start} to {end}: sleep loss averaged {first_loss} h a week in the first "
        "{count} weeks with entries and {last_loss} h in the last {count}; total sleep "
        "{first_sleep} h a night then {last_sleep} h.",
        len(first),
    ).format(
        start=start,
        end=end,
        count=len(first),
        first_loss=_hours(first["total_sleep_loss_min"].mean()),
        last_loss=_hours(last["total_sleep_loss_min"].mean()),
        first_sleep=_hours(common.per_night_mean(first, "mean_total_sleep_min")),
        last_sleep=_hours(common.per_night_mean(last, "mean_total_sleep_min")),
    )

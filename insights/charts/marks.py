"""Treatment marks drawn on any trend chart: a faint band while a course runs, a dashed line
at its start and a dotted one at its stop, a thin line at each session, each labelled."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from matplotlib.axes import Axes
from matplotlib.dates import date2num
from matplotlib.transforms import blended_transform_factory

from insights.charts import style
from insights.marks import Mark

LABEL_SIZE = style.FONT_SIZE - 2


def _x(day: date) -> float:
    # A night is drawn from its evening; a treatment date marks the start of that day.
    return float(date2num(datetime.combine(day, time(0, 0))))


def draw_marks(ax: Axes, marks: Sequence[Mark], theme_name: str) -> None:
    """Draw the marks over the chart's x range; labels sit at the top, inside the plot.

    Each kind of line is one collection, not one artist per line: ten years of sessions would
    otherwise cost a drawn artist each, in every chart."""
    look = style.theme(theme_name)
    left, right = ax.get_xlim()
    full_height = blended_transform_factory(ax.transData, ax.transAxes)
    courses = [mark for mark in marks if mark.is_course]
    bands = [
        (_x(m.start), (right if m.stop is None else _x(m.stop + timedelta(days=1))) - _x(m.start))
        for m in courses
    ]
    line: dict[str, Any] = {
        "color": look.muted,
        "linewidth": 1,
        "transform": full_height,
        "zorder": 1,
    }
    if bands:
        ax.broken_barh(
            bands, (0, 1), transform=full_height, color=look.muted, alpha=0.12, linewidth=0
        )
        ax.vlines([_x(m.start) for m in courses], 0, 1, linestyles="dashed", **line)
    stops = [_x(m.stop + timedelta(days=1)) for m in courses if m.stop is not None]
    if stops:
        ax.vlines(stops, 0, 1, linestyles="dotted", **line)
    sessions = [_x(day) for mark in marks for day in mark.sessions]
    if sessions:
        ax.vlines(sessions, 0, 1, linestyles="solid", **line)
    for mark in marks:
        ax.text(
            max(_x(mark.start), left),
            0.98,
            f" {mark.label}",
            transform=full_height,
            rotation=90,
            ha="left",
            va="top",
            fontsize=LABEL_SIZE,
            color=look.text,
            clip_on=True,
            # Inside the plot: the layout need not measure it (that costs a text layout each).
            in_layout=False,
        )
    ax.set_xlim(left, right)  # the bands must not widen the range to a course's far end

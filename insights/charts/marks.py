"""Treatment marks drawn on any trend chart: a faint band while a course runs, a dashed line
at its start and a dotted one at its stop, a thin line at each session, each labelled."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

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
    """Draw the marks over the chart's x range; labels sit at the top, inside the plot."""
    look = style.theme(theme_name)
    left, right = ax.get_xlim()
    top = blended_transform_factory(ax.transData, ax.transAxes)
    for mark in marks:
        if mark.is_course:
            end = right if mark.stop is None else _x(mark.stop + timedelta(days=1))
            ax.axvspan(_x(mark.start), end, color=look.muted, alpha=0.12, linewidth=0, zorder=0)
            ax.axvline(_x(mark.start), color=look.muted, linewidth=1, linestyle="--", zorder=1)
            if mark.stop is not None:
                stop = _x(mark.stop + timedelta(days=1))
                ax.axvline(stop, color=look.muted, linewidth=1, linestyle=":", zorder=1)
        else:
            for session in mark.sessions:
                ax.axvline(_x(session), color=look.muted, linewidth=1, zorder=1)
        x = max(_x(mark.start), left)
        ax.text(
            x,
            0.98,
            f" {mark.label}",
            transform=top,
            rotation=90,
            ha="left",
            va="top",
            fontsize=LABEL_SIZE,
            color=look.text,
            clip_on=True,
        )
    ax.set_xlim(left, right)  # axvspan must not widen the range to a course's far end

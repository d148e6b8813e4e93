"""Treatment marks drawn on any trend chart: a faint band while a course runs, a dashed line
at its start and a dotted one at its stop, a thin line at each session, each labelled."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory

from insights.charts import common, style
from insights.charts.dates import day_x
from insights.marks import Mark

# A rotated label is one line of text wide: the next must start this many font sizes on.
LABEL_GAP_EM = 1.4


def _x(day: date) -> float:
    # A night is drawn from its evening; a treatment date marks the start of that day.
    return day_x(day)


def draw_marks(ax: Axes, marks: Sequence[Mark], theme_name: str) -> None:
    """Draw the marks over the chart's x range; labels sit at the top, inside the plot.

    Each kind of line is one path, not one artist per line: ten years of sessions would
    otherwise cost a drawn artist each, in every chart. A label that would touch the one
    before it is left out (years of treatments would print a smudge of overlapping text); the
    list beside the charts and the text alternative name every treatment."""
    look = style.theme(theme_name)
    left, right = ax.get_xlim()
    courses = [mark for mark in marks if mark.is_course]
    line: dict[str, Any] = {"edgecolor": look.muted, "linewidth": 1, "zorder": 1}
    common.full_height_bands(
        ax,
        [
            (
                _x(m.start),
                (right if m.stop is None else _x(m.stop + timedelta(days=1))) - _x(m.start),
            )
            for m in courses
        ],
        facecolor=look.muted,
        alpha=0.12,
    )
    common.full_height_lines(ax, [_x(m.start) for m in courses], linestyle="dashed", **line)
    stops = [_x(m.stop + timedelta(days=1)) for m in courses if m.stop is not None]
    common.full_height_lines(ax, stops, linestyle="dotted", **line)
    sessions = [_x(day) for mark in marks for day in mark.sessions]
    common.full_height_lines(ax, sessions, linestyle="solid", **line)
    full_height = blended_transform_factory(ax.transData, ax.transAxes)
    points_per_day = _axes_width_points(ax) / max(right - left, 1e-9)
    # The same size as every other text of the chart: 12 px or more on a phone.
    size = style.font_size()
    last_label: float | None = None
    for mark in marks:
        x = max(_x(mark.start), left)
        if last_label is not None and (x - last_label) * points_per_day < LABEL_GAP_EM * size:
            continue
        last_label = x
        ax.text(
            x,
            0.98,
            f" {mark.label}",
            transform=full_height,
            rotation=90,
            ha="left",
            va="top",
            fontsize=size,
            color=look.text,
            clip_on=True,
            # Inside the plot: the layout need not measure it (that costs a text layout each).
            in_layout=False,
        )
    ax.set_xlim(left, right)


def _axes_width_points(ax: Axes) -> float:
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    return float(ax.get_position().width * figure.get_figwidth() * 72)

"""Ticks, tick labels and grid lines drawn as a handful of plain artists.

matplotlib's own axis makes a Tick for each tick: two marks, a grid line and two labels (the
second, for the other side, hidden but still built and styled), and measures every label at
each draw to place the axis label. For a chart of 15 to 25 ticks that was most of the cost
of a cold chart. Here each axis is one line of markers (its tick marks), one collection (its
grid lines) and one text per label, at places fixed in points from the axes' edge, and
matplotlib's axes are left with no ticks at all.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Sequence
from typing import Literal

from matplotlib.axes import Axes
from matplotlib.dates import num2date
from matplotlib.lines import Line2D
from matplotlib.markers import TICKDOWN, TICKLEFT, TICKRIGHT, MarkerStyle
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.ticker import NullLocator
from matplotlib.transforms import ScaledTranslation, Transform, blended_transform_factory

from insights.charts.dates import MAX_TICKS, day_x, tick_dates, tick_labels
from insights.charts.style import LINE_HEIGHT, Theme, font_size

TICK_LENGTH = 3.5  # points, matplotlib's default major tick
TICK_WIDTH = 0.8
LABEL_PAD = 3.5  # points between a tick mark's end and its label
TEXT_GAP = TICK_LENGTH + LABEL_PAD
# Date labels are at most five characters a line ("15 Oct", "2026"): ticks this many font
# sizes apart leave a gap of about one font size between neighbours.
DATE_TICK_SPACING_EM = 4.0
# A side without an axis title still holds half of a date label centred on the last tick.
BARE_SIDE_EM = 2.0

# Points from each side of an axes to the outer edge of its axis title, as ylabel placed it,
# for style.fit_margins. Weak, so a figure's axes go with it.
_ROOM: weakref.WeakKeyDictionary[Axes, dict[str, float]] = weakref.WeakKeyDictionary()


def side_room(ax: Axes, side: Literal["left", "right"]) -> float:
    """Points of margin a side of the axes needs: its tick labels and axis title, if any."""
    size = font_size()
    return max(_ROOM.get(ax, {}).get(side, 0.0), BARE_SIDE_EM * size)


def _width_pt(ax: Axes) -> float:
    figure = ax.get_figure(root=True)
    assert figure is not None
    return float(ax.get_position().width * figure.get_figwidth() * 72)


def without_axis_ticks(ax: Axes) -> None:
    """No matplotlib ticks on either axis: the functions below draw them."""
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(NullLocator())
        axis.set_minor_locator(NullLocator())


def _offset(ax: Axes, transform: Transform, dx: float, dy: float) -> Transform:
    return transform + ScaledTranslation(dx / 72, dy / 72, ax.figure.dpi_scale_trans)


def y_ticks(
    ax: Axes,
    values: Sequence[float],
    labels: Sequence[str],
    look: Theme,
    side: Literal["left", "right"] = "left",
    grid: bool = True,
) -> None:
    """Tick marks and labels at data heights `values` on one side, and (by default) a faint
    grid line across the plot at each."""
    along = blended_transform_factory(ax.transAxes, ax.transData)
    edge = 0.0 if side == "left" else 1.0
    ax.spines[side].set_visible(True)
    ax.add_line(
        Line2D(
            [edge] * len(values),
            list(values),
            linestyle="none",
            marker=MarkerStyle(TICKLEFT if side == "left" else TICKRIGHT),
            markersize=TICK_LENGTH,
            markeredgewidth=TICK_WIDTH,
            color=look.muted,
            transform=along,
            clip_on=False,
        )
    )
    if grid and values:
        # One path of segments, where hlines would build and draw a collection.
        heights = [float(value) for value in values]
        vertices = [point for y in heights for point in ((0.0, y), (1.0, y))]
        codes = [Path.MOVETO, Path.LINETO] * len(heights)
        grid_lines = PathPatch(
            Path(vertices, codes), fill=False, edgecolor=look.muted, alpha=0.3, linewidth=0.6
        )
        grid_lines.set_transform(along)
        grid_lines.set_zorder(0.5)
        ax.add_artist(grid_lines)
    shift = _offset(ax, along, -TEXT_GAP if side == "left" else TEXT_GAP, 0)
    for value, label in zip(values, labels, strict=True):
        ax.text(
            edge,
            value,
            label,
            transform=shift,
            ha="right" if side == "left" else "left",
            va="center_baseline",
            color=look.text,
            fontsize=font_size(),
            clip_on=False,
        )


def date_ticks(ax: Axes, look: Theme) -> None:
    """Round dates (insights.charts.dates) along the bottom, over the x range as set now, as
    many as fit the axes' width at the text size."""
    low, high = sorted(ax.get_xlim())
    most = min(MAX_TICKS, max(2, math.floor(_width_pt(ax) / (DATE_TICK_SPACING_EM * font_size()))))
    days = [
        day for day in tick_dates(num2date(low).date(), num2date(high).date(), most)
        if low <= day_x(day) <= high
    ]  # fmt: skip
    x = [day_x(day) for day in days]
    across = blended_transform_factory(ax.transData, ax.transAxes)
    ax.add_line(
        Line2D(
            x,
            [0.0] * len(x),
            linestyle="none",
            marker=MarkerStyle(TICKDOWN),
            markersize=TICK_LENGTH,
            markeredgewidth=TICK_WIDTH,
            color=look.muted,
            transform=across,
            clip_on=False,
        )
    )
    shift = _offset(ax, across, 0, -TEXT_GAP)
    for value, label in zip(x, tick_labels(days), strict=True):
        ax.text(
            value,
            0,
            label,
            transform=shift,
            ha="center",
            va="top",
            color=look.text,
            fontsize=font_size(),
            clip_on=False,
        )


def ylabel(
    ax: Axes, text: str, look: Theme, widest: str, side: Literal["left", "right"] = "left"
) -> None:
    """The axis title beside tick labels no wider than `widest`, reading upwards."""
    size = font_size()
    room = TEXT_GAP + sum(size * (0.64 if char.isdigit() else 0.36) for char in widest) + 4
    _ROOM.setdefault(ax, {})[side] = room + LINE_HEIGHT * size + 2
    edge = 0.0 if side == "left" else 1.0
    ax.text(
        edge,
        0.5,
        text,
        transform=_offset(ax, ax.transAxes, -room if side == "left" else room, 0),
        rotation=90,
        rotation_mode="anchor",
        ha="center",
        va="bottom" if side == "left" else "top",
        color=look.text,
        fontsize=size,
        clip_on=False,
    )

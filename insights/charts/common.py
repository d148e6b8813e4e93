"""Helpers the chart modules share: x positions, data ranges and period figures for text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext
from matplotlib.axes import Axes
from matplotlib.dates import date2num
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.transforms import blended_transform_factory

from diary.formatting import sentence_date
from insights.charts import ticks
from insights.charts.style import Theme
from insights.weekly import WEEK, week_start_of

# Weekly values sit mid-week (Thursday noon) so a bar or point spans its own Monday-Sunday.
MID_WEEK = pd.Timedelta(days=3.5)
BAR_WIDTH_DAYS = 5.0


def mid_week_x(table: pd.DataFrame) -> np.ndarray:
    return date2num((table["week_start"] + MID_WEEK).to_numpy())


def night_x(nights: pd.DataFrame) -> np.ndarray:
    # A night is drawn at the middle of its evening-to-morning span.
    return date2num((nights["night"] + pd.Timedelta(hours=12)).to_numpy())


def within_table(table: pd.DataFrame, nights: pd.DataFrame) -> pd.DataFrame:
    """The nights that fall in the table's weeks, so a filtered table and its nights agree."""
    if table.empty:
        return nights.iloc[0:0]
    first, last = table["week_start"].iloc[0], table["week_start"].iloc[-1] + WEEK
    return nights[(nights["night"] >= first) & (nights["night"] < last)]


def weekly_min(table: pd.DataFrame, nights: pd.DataFrame, column: str) -> pd.Series:
    """Per-week minimum of a nights column, aligned with the table's rows (NaN when empty)."""
    nights = within_table(table, nights)
    minimum = nights.groupby(week_start_of(nights["night"]))[column].min()
    return minimum.reindex(table["week_start"]).astype("float64").reset_index(drop=True)


def week_axis(ax: Axes, table: pd.DataFrame, look: Theme) -> None:
    """The table's weeks as the x range, with date ticks; no ticks at all without weeks."""
    if table.empty:
        return  # a date axis with no dates would label an arbitrary day in 1970
    # Pad by half a week so the first and last bars are whole, even for a single week.
    first = table["week_start"].iloc[0] - pd.Timedelta(days=3)
    last = table["week_start"].iloc[-1] + WEEK + pd.Timedelta(days=3)
    ax.set_xlim(date2num(first.to_datetime64()), date2num(last.to_datetime64()))
    ticks.date_ticks(ax, look)


def isolated(values: np.ndarray) -> np.ndarray:
    """True where a value has no neighbour on either side, so a line alone would not show it."""
    present = ~np.isnan(values)
    before = np.concatenate(([False], present[:-1]))
    after = np.concatenate((present[1:], [False]))
    return present & ~before & ~after


def line_width(n_weeks: int) -> float:
    # Range whiskers fill most of a week when there are few weeks, a hairline over years.
    return float(np.clip(360 / max(n_weeks, 1), 0.8, 6.0))


def extremes(table: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series] | None:
    """The weeks with the lowest and the highest `column` (the earliest week on a tie), for a
    caption whose numbers are the weekly table's; None when no week has a value."""
    weeks = table[table[column].notna()]
    if weeks.empty:
        return None
    values = weeks[column].to_numpy()
    return weeks.iloc[int(values.argmin())], weeks.iloc[int(values.argmax())]


def spread_text(
    table: pd.DataFrame, column: str, show: Callable[[float], str], *, clock: bool = False
) -> str:
    """How far a weekly column ranged, written as the weekly table writes it: "lowest 2.0 (week
    of 2025-10-06), highest 5.0 (week of 2025-01-06)", or the one value when every week shows it.
    The table must have a value in `column`."""
    low, high = extremes(table, column) or (None, None)
    assert low is not None and high is not None
    if show(low[column]) == show(high[column]):
        weeks = int(table[column].notna().sum())
        if weeks == 1:
            return gettext("{value} (week of {week})").format(
                value=show(low[column]), week=date_text(low["week_start"])
            )
        return gettext("{value} in each of the {weeks} weeks").format(
            value=show(low[column]), weeks=weeks
        )
    # Lowest and highest, not "from ... to": the weeks can come in either order in time.
    if clock:
        spread = gettext("earliest {low} (week of {low_week}), latest {high} (week of {high_week})")
    else:
        spread = gettext("lowest {low} (week of {low_week}), highest {high} (week of {high_week})")
    return spread.format(
        low=show(low[column]),
        low_week=date_text(low["week_start"]),
        high=show(high[column]),
        high_week=date_text(high["week_start"]),
    )


def date_text(value: pd.Timestamp) -> str:
    return sentence_date(value.date())


def span_text(table: pd.DataFrame) -> tuple[str, str]:
    """First Monday and last Sunday of the table, as a sentence writes them."""
    first = table["week_start"].iloc[0]
    last = table["week_start"].iloc[-1] + pd.Timedelta(days=6)
    return date_text(first), date_text(last)


# Bars, whiskers and dots are each drawn as ONE compound path rather than one artist per
# item: over ten years (520 weeks, 3650 nights) separate artists take most of a second to
# draw and write ~100 bytes of SVG each, a single <path> a fraction of both.


def _compound(vertices: np.ndarray, codes: np.ndarray) -> Path:
    path = Path(vertices, codes)
    # Simplification would merge or drop the zero-length segments that draw dots.
    path.should_simplify = False
    return path


def bars(ax: Axes, x: np.ndarray, heights: np.ndarray, width: float, **style: Any) -> None:
    """Bars from 0 centred on x; NaN heights draw nothing."""
    keep = ~np.isnan(heights)
    x, heights = x[keep], heights[keep]
    left, right = x - width / 2, x + width / 2
    zero = np.zeros_like(heights)
    corners = np.stack(
        [
            np.column_stack([left, zero]),
            np.column_stack([left, heights]),
            np.column_stack([right, heights]),
            np.column_stack([right, zero]),
            np.column_stack([left, zero]),
        ],
        axis=1,
    ).reshape(-1, 2)
    one = [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]
    codes = np.tile(np.array(one, dtype=Path.code_type), len(x))
    _add(ax, PathPatch(_compound(corners, codes), linewidth=0, **style))


def whiskers(ax: Axes, x: np.ndarray, low: np.ndarray, high: np.ndarray, **style: Any) -> None:
    """Vertical segments from low to high at each x; rows with a NaN draw nothing."""
    keep = ~(np.isnan(low) | np.isnan(high))
    _segments(ax, x[keep], low[keep], high[keep], capstyle="butt", **style)


def dots(ax: Axes, x: np.ndarray, y: np.ndarray, diameter: float, **style: Any) -> None:
    """Round dots `diameter` points across: zero-length segments with round caps."""
    keep = ~np.isnan(y)
    _segments(ax, x[keep], y[keep], y[keep], capstyle="round", linewidth=diameter, **style)


def full_height_lines(ax: Axes, x: list[float], **style: Any) -> None:
    """Vertical lines at data x across the whole plot height, as one path."""
    if not x:
        return
    full_height = blended_transform_factory(ax.transData, ax.transAxes)
    xs = np.asarray(x, dtype="float64")
    vertices = np.stack(
        [np.column_stack([xs, np.zeros_like(xs)]), np.column_stack([xs, np.ones_like(xs)])],
        axis=1,
    ).reshape(-1, 2)
    codes = np.tile(np.array([Path.MOVETO, Path.LINETO], dtype=Path.code_type), len(xs))
    _add(ax, PathPatch(_compound(vertices, codes), fill=False, transform=full_height, **style))


def full_height_bands(ax: Axes, spans: list[tuple[float, float]], **style: Any) -> None:
    """Bands (data x start, width) across the whole plot height, as one path."""
    if not spans:
        return
    full_height = blended_transform_factory(ax.transData, ax.transAxes)
    left = np.array([start for start, _ in spans], dtype="float64")
    right = left + np.array([width for _, width in spans], dtype="float64")
    zero, one = np.zeros_like(left), np.ones_like(left)
    corners = np.stack(
        [
            np.column_stack([left, zero]),
            np.column_stack([left, one]),
            np.column_stack([right, one]),
            np.column_stack([right, zero]),
            np.column_stack([left, zero]),
        ],
        axis=1,
    ).reshape(-1, 2)
    one_band = [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]
    codes = np.tile(np.array(one_band, dtype=Path.code_type), len(spans))
    _add(ax, PathPatch(_compound(corners, codes), linewidth=0, transform=full_height, **style))


def _segments(ax: Axes, x: np.ndarray, start: np.ndarray, end: np.ndarray, **style: Any) -> None:
    if len(x) == 0:
        return
    vertices = np.stack([np.column_stack([x, start]), np.column_stack([x, end])], axis=1).reshape(
        -1, 2
    )
    codes = np.tile(np.array([Path.MOVETO, Path.LINETO], dtype=Path.code_type), len(x))
    _add(ax, PathPatch(_compound(vertices, codes), fill=False, **style))


def _add(ax: Axes, patch: PathPatch) -> None:
    # add_artist, not add_patch: add_patch walks every curve of the path to grow the data
    # limits (tens of ms for years of data), and every chart sets its limits itself.
    ax.add_artist(patch)

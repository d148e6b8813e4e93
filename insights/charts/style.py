"""The one look shared by every chart: themes, series colours, figure setup and SVG output.

Series colours are mid-luminance (relative luminance about 0.22-0.27), so each keeps a
contrast of at least 3:1, the WCAG level for graphics, against white paper, a light page
and a dark page alike; only text, axes and grid change with the theme. Figures have a
transparent background except for print, so the page colour shows through.
"""

from __future__ import annotations

import functools
import io
import pickle
import re
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from xml.sax.saxutils import escape

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path
from matplotlib.transforms import ScaledTranslation

from insights.marks import Mark, describe_marks

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType  # matplotlib >= 3.10; only annotations use it

ThemeName = Literal["dark", "light", "print"]


@dataclass(frozen=True)
class Theme:
    text: str
    muted: str  # axes, ticks and grid: quieter than the data
    background: str  # "none" keeps the page's own background


THEMES: dict[str, Theme] = {
    "dark": Theme(text="#E8E8E8", muted="#8A8F98", background="none"),
    "light": Theme(text="#1F2328", muted="#6E7781", background="none"),
    "print": Theme(text="#000000", muted="#555555", background="#FFFFFF"),
}

SEVERITY = "#D9622B"
SYMPTOMATIC = "#5A8FD0"
SLEEP_LOSS = "#B86FA0"
TOTAL_SLEEP = "#1F9E89"
ONSET = "#5A8FD0"
MEDIAN = "#D9622B"
SERIES_COLOURS = (SEVERITY, SYMPTOMATIC, SLEEP_LOSS, TOTAL_SLEEP, ONSET, MEDIAN)

# One geometry for every screen (README: Chart sizing). A phone shows a chart about 345 CSS px
# wide, so a figure 331 pt wide is drawn at slightly more than 1:1 and 12 pt text is 12.5 px;
# a desktop shows charts two to a row at up to 1.45 times that (about 17 px text).
FIGURE_WIDTH_IN = 4.6
# The plot area's height; the figure adds its margins (fit_margins) to it.
PLOT_HEIGHT_PT = 150.0
FONT_SIZE = 12.0
# The initial margins, in points, until fit_margins sets each chart's own.
MARGINS_PT = {"left": 40.0, "right": 34.0, "bottom": 38.0, "top": 22.0}
LINE_HEIGHT = 1.2  # of the font size, one line of tick labels

# Chosen with svg.fonttype "none": text stays <text> that the browser sets in the page's
# sans-serif, which keeps the SVG small and lets screen readers and search read it.
_RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": FONT_SIZE,
    "axes.unicode_minus": False,
}

# rcParams are process-global, read both when artists are made and while saving, and
# rc_context restores them on exit; two threads of one server overlapping there would leave
# each other's values behind. Rendering is CPU-bound under the GIL, so serialising costs
# nothing measurable.
_RENDER_LOCK = threading.RLock()


@contextmanager
def rendering(key: str, font_size: float = FONT_SIZE) -> Iterator[None]:
    """Wrap a whole chart render: the shared rc settings and a per-chart SVG hash salt.

    The salt is per chart so inline charts on one page never share an element id, and
    constant so the same data always gives the same SVG bytes (cacheable, diffable). Every
    text of a chart is `font_size` points (font_size() reads it back): the screen's charts
    are drawn near 1:1, the PDF report shrinks its own to fit a page.
    """
    rc = {**_RC, "font.size": font_size, "svg.hashsalt": f"rlsdiary-{key}"}
    with _RENDER_LOCK, mpl.rc_context(rc):
        yield


def font_size() -> float:
    """The text size of the chart being drawn (see rendering)."""
    return float(mpl.rcParams["font.size"])


def render_svg(
    key: str,
    title: object,
    draw: Callable[[Axes, pd.DataFrame, pd.DataFrame, str], None],
    describe: Callable[[pd.DataFrame, pd.DataFrame], str],
    table: pd.DataFrame,
    nights: pd.DataFrame,
    theme_name: str,
    marks: Sequence[Mark] = (),
    *,
    description: str | None = None,
) -> str:
    """A chart module's whole render: one styled figure, its drawing, the treatments marked
    over it (section 7), and the SVG with its text alternative: `describe`'s, unless the
    caller passes the `description` it already made (the marks are added here either way)."""
    if description is None:
        description = describe(table, nights)
    if marks and not table.empty:
        description = f"{description} {describe_marks(marks)}"
    with rendering(key):
        return to_svg(
            draw_figure(draw, table, nights, theme_name, marks), key, str(title), description
        )


def draw_figure(
    draw: Callable[[Axes, pd.DataFrame, pd.DataFrame, str], None],
    table: pd.DataFrame,
    nights: pd.DataFrame,
    theme_name: str,
    marks: Sequence[Mark] = (),
) -> Figure:
    """The figure render_svg writes out: the drawing, its margins, the treatments. Call it
    inside rendering()."""
    from insights.charts.marks import draw_marks  # it draws with this module's look

    fig, ax = new_figure(theme_name)
    draw(ax, table, nights, theme_name)
    fit_margins(fig, ax)  # before the marks, which space their labels by the plot's width
    if marks and not table.empty:
        draw_marks(ax, marks, theme_name)
    return fig


def theme(name: str) -> Theme:
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown chart theme {name!r}; use one of {sorted(THEMES)}") from None


def new_figure(theme_name: str) -> tuple[Figure, Axes]:
    """A figure with one styled axes, without pyplot (no global figure manager or GUI)."""
    fig = pickle.loads(_blank_figure(theme_name))
    return fig, fig.axes[0]


@functools.cache
def _blank_figure(theme_name: str) -> bytes:
    # Building an Axes builds and styles its axes' first ticks, spines and patch: a few ms a
    # chart. Unpickling a copy of one built once costs a quarter of that, and gives the same
    # figure (its artists are plain Python objects).
    look = theme(theme_name)
    # Fixed margins rather than constrained layout, which draws every figure twice to measure
    # it: room for the y labels on both sides, the date axis below and the legend above.
    fig = Figure(figsize=(FIGURE_WIDTH_IN, 3.0), facecolor=look.background)
    _set_margins(fig, **MARGINS_PT)
    style_axes(fig.add_subplot(), look)
    return pickle.dumps(fig)


def style_axes(ax: Axes, look: Theme, side: Literal["left", "right"] = "left") -> None:
    ax.set_facecolor("none")
    for name, spine in ax.spines.items():
        spine.set_color(look.muted)
        spine.set_visible(name in (side, "bottom"))
    ax.tick_params(colors=look.muted, labelcolor=look.text, labelsize=FONT_SIZE)
    ax.yaxis.label.set_color(look.text)
    ax.xaxis.label.set_color(look.text)
    ax.title.set_color(look.text)
    # Tick marks, labels and grid lines come from insights.charts.ticks.
    ax.set_axisbelow(True)


def _set_margins(
    fig: Figure,
    *,
    left: float,
    right: float,
    bottom: float,
    top: float,
    plot_height: float = PLOT_HEIGHT_PT,
) -> None:
    """Margins in points around a plot `plot_height` points high: the figure's height follows."""
    width_pt = fig.get_figwidth() * 72
    height_pt = plot_height + bottom + top
    fig.set_size_inches(fig.get_figwidth(), height_pt / 72)
    fig.subplots_adjust(
        left=left / width_pt,
        right=1 - right / width_pt,
        bottom=bottom / height_pt,
        top=1 - top / height_pt,
    )


def fit_margins(fig: Figure, ax: Axes, plot_height: float = PLOT_HEIGHT_PT) -> None:
    """Each chart's own margins: as wide as its y labels need on each side (ticks.side_room),
    the date labels' two lines below, and the legend's rows above, wrapped to the width.

    Estimated from the texts' lengths rather than measured: measuring draws the figure twice,
    which is what the fixed margins replaced (README: Performance)."""
    from insights.charts import ticks  # it imports this module's sizes

    size = font_size()
    left, right = ticks.side_room(ax, "left"), ticks.side_room(ax, "right")
    bottom = ticks.TEXT_GAP + 2 * LINE_HEIGHT * size + 4
    top = size  # half a tick label stands above the top tick
    rows = _LEGEND_ROWS.get(ax, 0)
    if rows:
        top = rows * size * _LEGEND_ROW_EM + size * 0.6
    _set_margins(fig, left=left, right=right, bottom=bottom, top=top, plot_height=plot_height)


# The legend's spacing, in font sizes: a handle, the gap to its label, between columns, and
# the height of a row. Tighter than matplotlib's defaults (2.0, 0.8, 2.0) so that two columns
# fit a phone's width.
_HANDLE_EM = 1.5
_HANDLE_GAP_EM = 0.8
_COLUMN_GAP_EM = 1.2
_LEGEND_ROW_EM = 1.5
_EDGE_PT = 2.0  # between the legend and the figure's edges
# Rows of each axes' legend, for fit_margins. Weak, so a figure's axes go with it.
_LEGEND_ROWS: weakref.WeakKeyDictionary[Axes, int] = weakref.WeakKeyDictionary()


def _text_width(text: str, size: float) -> float:
    # From the font's metrics, without a renderer: a fraction of a millisecond.
    properties = FontProperties(family=mpl.rcParams["font.family"], size=size)
    return float(text_to_path.get_text_width_height_descent(text, properties, ismath=False)[0])


def legend_columns(labels: Sequence[str], room_pt: float, size: float) -> int:
    """The most columns (each filled before the next, as matplotlib's legend does) whose
    width fits in room_pt points; at least one."""
    widths = [(_HANDLE_EM + _HANDLE_GAP_EM) * size + _text_width(label, size) for label in labels]
    for columns in range(len(labels), 1, -1):
        per_column = -(-len(labels) // columns)
        column_widths = [
            max(widths[start : start + per_column]) for start in range(0, len(widths), per_column)
        ]
        if sum(column_widths) + _COLUMN_GAP_EM * size * (len(column_widths) - 1) <= room_pt:
            return columns
    return 1


def legend(ax: Axes, handles: list, theme_name: str) -> None:
    """The chart's key above the plot, from the left axis title's outer edge to the figure's
    right edge, in as many rows as it needs there. Call it after the left axis title
    (ticks.ylabel), which sets that edge."""
    from insights.charts import ticks  # it imports this module's sizes

    look = theme(theme_name)
    size = font_size()
    figure = ax.get_figure(root=True)
    assert figure is not None
    left_room = ticks.side_room(ax, "left")
    # Less the legend's own padding (0.4 font sizes a side) and half a font size to spare:
    # a browser without DejaVu Sans sets the text in another sans-serif, maybe wider.
    room = figure.get_figwidth() * 72 - 2 * _EDGE_PT - 1.3 * size
    columns = legend_columns([str(handle.get_label()) for handle in handles], room, size)
    _LEGEND_ROWS[ax] = -(-len(handles) // columns)
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        bbox_transform=ax.transAxes
        + ScaledTranslation(-(left_room - _EDGE_PT) / 72, 0, figure.dpi_scale_trans),
        ncols=columns,
        frameon=False,
        fontsize=size,
        labelcolor=look.text,
        borderaxespad=0,
        handlelength=_HANDLE_EM,
        handletextpad=_HANDLE_GAP_EM,
        columnspacing=_COLUMN_GAP_EM,
    )


def message(ax: Axes, text: str, theme_name: str) -> None:
    """A note in the middle of the plot, for a chart without data to draw."""
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        color=theme(theme_name).text,
        fontsize=font_size(),
    )


_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
# matplotlib's one style sheet, "*{stroke-linejoin: round; stroke-linecap: butt}".
_STYLE_SHEET = re.compile(r"\s*<defs>\s*<style[^>]*>(?P<rules>[^<]*)</style>\s*</defs>")
_STYLE_RULE = re.compile(r"\A\*\s*\{(?P<declarations>[^}]*)\}\Z")
_STYLE_ATTRIBUTE = re.compile(r' style="(?P<declarations>[^"]*)"')
_PATH_DATA = re.compile(r'(?<= d=")[^"]*')
# A lookbehind and a plain replacement: re.sub then never expands a template per match, which
# took a third of the time of writing a ten-year chart.
_NUMBER_TAIL = re.compile(r"(?<=\.\d)\d+")
_SPACE = re.compile(r"\s+")


def _shorten(path_data: re.Match[str]) -> str:
    # matplotlib writes 6 decimals and a line per vertex ("L 1.234567 2.345678 \n"); a tenth
    # of a point is finer than any screen or printer resolves at this size and roughly halves
    # a big chart's bytes. Plain replaces join the lines (a regex for them cost more than the
    # rest of the shortening); the regex is kept for any other run of spaces.
    data = _NUMBER_TAIL.sub("", path_data.group()).replace(" \n", " ").replace("\n", " ")
    return (_SPACE.sub(" ", data) if "  " in data else data).strip()


def _attributes(declarations: str) -> str:
    """CSS declarations ("fill: #fff; stroke-width: 0.8") as SVG presentation attributes
    (' fill="#fff" stroke-width="0.8"'). matplotlib writes only properties that have one
    (fill, stroke, opacity, font-size, text-anchor...), and values already escaped for a
    double-quoted attribute."""
    pairs = (part.split(":", 1) for part in declarations.split(";") if part.strip())
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def without_inline_css(svg: str) -> str:
    """The same drawing with no style attribute and no <style> element, so that it shows under
    a Content-Security-Policy without 'unsafe-inline' for styles.

    The style sheet's one rule applies to every element; as attributes on the root they are
    inherited instead, which gives the same result (an element's own attribute still wins).
    """
    sheet = _STYLE_SHEET.search(svg)
    inherited = ""
    if sheet is not None:
        rule = _STYLE_RULE.match(sheet.group("rules").strip())
        if rule is None:  # a matplotlib that writes another sheet: fail loudly, never silently
            raise ValueError(f"unexpected SVG style sheet {sheet.group('rules')!r}")
        inherited = _attributes(rule.group("declarations"))
        svg = svg[: sheet.start()] + svg[sheet.end() :]
    svg = _STYLE_ATTRIBUTE.sub(lambda match: _attributes(match.group("declarations")), svg)
    head_end = svg.index(">")
    return svg[:head_end] + inherited + svg[head_end:]


def to_svg(fig: Figure, key: str, title: str, description: str) -> str:
    """The figure as an <svg> element string, deterministic for the same input.

    Call inside rendering(key). The XML prolog and doctype are dropped so the string can be
    placed inline in HTML (it is still well-formed XML), and its CSS becomes attributes (see
    without_inline_css); <title> and <desc> are added for screen readers and as the tooltip.
    """
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = _METADATA.sub("", _PROLOG.sub("", buffer.getvalue(), count=1), count=1)
    svg = without_inline_css(_PATH_DATA.sub(_shorten, svg))
    head_end = svg.index(">") + 1
    accessible = (
        f'<title id="chart-{key}-title">{escape(title)}</title>'
        f'<desc id="chart-{key}-desc">{escape(description)}</desc>'
    )
    opening = svg[: head_end - 1] + (
        f' role="img" aria-labelledby="chart-{key}-title chart-{key}-desc">'
    )
    return opening + accessible + svg[head_end:]

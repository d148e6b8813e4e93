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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from xml.sax.saxutils import escape

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

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

FIGSIZE_IN = (7.2, 3.4)
MARGINS = {"left": 0.095, "right": 0.905, "bottom": 0.13, "top": 0.87}
FONT_SIZE = 9.0

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
def rendering(key: str) -> Iterator[None]:
    """Wrap a whole chart render: the shared rc settings and a per-chart SVG hash salt.

    The salt is per chart so inline charts on one page never share an element id, and
    constant so the same data always gives the same SVG bytes (cacheable, diffable).
    """
    with _RENDER_LOCK, mpl.rc_context({**_RC, "svg.hashsalt": f"rlsdiary-{key}"}):
        yield


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
    from insights.charts.marks import draw_marks  # it draws with this module's look

    if description is None:
        description = describe(table, nights)
    with rendering(key):
        fig, ax = new_figure(theme_name)
        draw(ax, table, nights, theme_name)
        if marks and not table.empty:
            draw_marks(ax, marks, theme_name)
            description = f"{description} {describe_marks(marks)}"
        return to_svg(fig, key, str(title), description)


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
    fig = Figure(figsize=FIGSIZE_IN, facecolor=look.background)
    fig.subplots_adjust(**MARGINS)
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


def legend(ax: Axes, handles: list, theme_name: str) -> None:
    look = theme(theme_name)
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        ncols=len(handles),
        frameon=False,
        fontsize=FONT_SIZE,
        labelcolor=look.text,
        borderaxespad=0,
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
        fontsize=FONT_SIZE + 1,
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

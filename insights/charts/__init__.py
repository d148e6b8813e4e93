"""The Trends charts. Each module has KEY, TITLE, render(table, nights, theme) -> SVG string
and describe(table, nights) -> text alternative, so one template renders any of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

import pandas as pd
from django.utils.functional import Promise

from insights.charts import onset, severity, sleep_loss
from insights.marks import Mark, describe_marks

if TYPE_CHECKING:
    # Only a type: the charts draw without Django's apps loaded (the comparisons read flags,
    # which read the models).
    from insights.comparisons import Comparisons

# Page order: how bad, what it costs in sleep, and the augmentation warning sign.
CHARTS: dict[str, ModuleType] = {
    severity.KEY: severity,
    sleep_loss.KEY: sleep_loss,
    onset.KEY: onset,
}
# The comparisons (insights.comparisons) each chart's caption states, in words the Trends
# summary uses too.
COMPARED: dict[str, tuple[str, ...]] = {
    severity.KEY: ("severity",),
    sleep_loss.KEY: ("total_sleep", "sleep_loss"),
    onset.KEY: ("onset",),
}


@dataclass(frozen=True)
class RenderedChart:
    key: str
    title: Promise
    svg: str
    description: str


def render_chart(
    key: str,
    table: pd.DataFrame,
    nights: pd.DataFrame,
    theme: str = "dark",
    marks: Sequence[Mark] = (),
    comparisons: Comparisons | None = None,
) -> RenderedChart:
    """One chart by key, with its title and text alternative (the treatment marks included,
    and the last full week against the 4 before when `comparisons` are given). KeyError for
    an unknown key."""
    chart = CHARTS[key]
    # Described once: the SVG's <desc> is the same text, and a ten-year description costs
    # a few ms.
    described = chart.describe(table, nights)
    if comparisons is not None and not table.empty:
        described = f"{described} {caption(comparisons, COMPARED[key])}"
    description = described
    if marks and not table.empty:
        description = f"{described} {describe_marks(marks)}"
    return RenderedChart(
        key=key,
        title=chart.TITLE,
        svg=chart.render(table, nights, theme, marks, description=described),
        description=description,
    )


def caption(comparisons: Comparisons, keys: Sequence[str]) -> str:
    """The comparison sentence of a caption: the summary's own lines for these measures."""
    lines = "; ".join(str(comparisons.by_key[key].text) for key in keys)
    return f"{comparisons.period_text}: {lines}."


def render_all(
    table: pd.DataFrame,
    nights: pd.DataFrame,
    theme: str = "dark",
    marks: Sequence[Mark] = (),
    comparisons: Comparisons | None = None,
) -> list[RenderedChart]:
    return [render_chart(key, table, nights, theme, marks, comparisons) for key in CHARTS]

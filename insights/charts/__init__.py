"""The Trends charts. Each module has KEY, TITLE, render(table, nights, theme) -> SVG string
and describe(table, nights) -> text alternative, so one template renders any of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

import pandas as pd
from django.utils.functional import Promise

from insights.charts import onset, severity, sleep_loss
from insights.marks import Mark, describe_marks

# Page order: how bad, what it costs in sleep, and the augmentation warning sign.
CHARTS: dict[str, ModuleType] = {
    severity.KEY: severity,
    sleep_loss.KEY: sleep_loss,
    onset.KEY: onset,
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
) -> RenderedChart:
    """One chart by key, with its title and text alternative (the treatment marks included).
    KeyError for an unknown key."""
    chart = CHARTS[key]
    # Described once: the SVG's <desc> is the same text, and a ten-year description costs
    # a few ms.
    described = chart.describe(table, nights)
    description = described
    if marks and not table.empty:
        description = f"{described} {describe_marks(marks)}"
    return RenderedChart(
        key=key,
        title=chart.TITLE,
        svg=chart.render(table, nights, theme, marks, description=described),
        description=description,
    )


def render_all(
    table: pd.DataFrame, nights: pd.DataFrame, theme: str = "dark", marks: Sequence[Mark] = ()
) -> list[RenderedChart]:
    return [render_chart(key, table, nights, theme, marks) for key in CHARTS]

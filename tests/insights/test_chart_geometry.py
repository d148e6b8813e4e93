"""The charts' one geometry (README: Chart sizing): phone-wide figures with 12 pt text, whose
texts stay inside the figure and clear of each other at that size, in every language (German
axis titles and legends are longer; README, "Insights in other languages")."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest
from django.conf import settings
from django.utils import translation
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import BboxBase

from diary.models import LabResult
from insights.charts import CHARTS, ferritin, style
from insights.charts.dates import tick_dates
from insights.frames import nights_frame
from insights.marks import Mark
from insights.weekly import weekly_table
from tests.sample_nights import plausible_rows

SVG = "{http://www.w3.org/2000/svg}"
# A phone leaves a chart about 345 CSS px of its 390: a figure no wider than this is drawn
# at least 1:1 there.
PHONE_WIDTH_PT = 340
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _frames(days: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = plausible_rows(date(2026, 11, 29) - timedelta(days=days), days, seed=5)
    nights = nights_frame(rows, "Europe/London", 480)
    return weekly_table(nights), nights


def _marks(table: pd.DataFrame) -> list[Mark]:
    start = table["week_start"].iloc[0].date()
    return [
        Mark(label="Pramipexole 0.125 mg", start=start + timedelta(days=20), stop=None),
        Mark(label="Gabapentin", start=start + timedelta(days=22), stop=None),
        Mark(label="IV iron", start=start + timedelta(days=45), stop=None, sessions=(
            start + timedelta(days=45),)),
    ]  # fmt: skip


def _points(svg: str, attribute: str) -> float:
    root = ET.fromstring(svg)
    value = root.get(attribute, "")
    assert value.endswith("pt")
    return float(value.removesuffix("pt"))


def _laid_out(fig: Figure) -> BboxBase:
    # At 72 dpi a pixel is a point; drawing once places every text as the SVG has it.
    fig.set_dpi(72)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return fig.bbox


def _unclipped_texts(fig: Figure) -> list[Text]:
    ax = fig.axes[0]
    legend = ax.get_legend()
    texts = [text for text in ax.texts if not text.get_clip_on()]
    return texts + (list(legend.get_texts()) if legend is not None else [])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("days", [28, 84, 365, 3650])
@pytest.mark.parametrize("key", list(CHARTS))
def test_each_chart_is_phone_wide_with_every_text_at_least_12_points(
    key: str, days: int, language: str
) -> None:
    table, nights = _frames(days)

    with translation.override(language):
        svg = CHARTS[key].render(table, nights, "dark", _marks(table))

    assert _points(svg, "width") <= PHONE_WIDTH_PT
    sizes = [float(text.get("font-size", "").removesuffix("px"))
             for text in ET.fromstring(svg).iter(f"{SVG}text")]  # fmt: skip
    assert sizes and min(sizes) >= 12


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("days", [28, 84, 365, 3650])
@pytest.mark.parametrize("key", list(CHARTS))
def test_no_text_runs_off_the_figure_or_into_another(key: str, days: int, language: str) -> None:
    table, nights = _frames(days)
    with translation.override(language), style.rendering(key):
        fig = style.draw_figure(CHARTS[key].draw, table, nights, "dark", _marks(table))
        figure_box = _laid_out(fig)
        boxes = {text.get_text(): text.get_window_extent() for text in _unclipped_texts(fig)}

    assert len(boxes) > 10  # tick labels, axis titles and the legend
    for text, box in boxes.items():
        assert figure_box.x0 - 0.5 <= box.x0 and box.x1 <= figure_box.x1 + 0.5, text
        assert figure_box.y0 - 0.5 <= box.y0 and box.y1 <= figure_box.y1 + 0.5, text
    for (one, a), (other, b) in itertools.combinations(boxes.items(), 2):
        assert not a.overlaps(b), f"{one!r} runs into {other!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_ferritin_chart_fits_the_labs_card_on_a_phone(language: str) -> None:
    labs = [
        LabResult(drawn=date(2026, 1, 5) + timedelta(days=60 * i), ferritin_ng_ml=Decimal(value))
        for i, value in enumerate(("42", "88", "140", "120"))
    ]

    with translation.override(language):
        svg = ferritin.render(labs, "dark")

    assert _points(svg, "width") < PHONE_WIDTH_PT - 10  # the card's padding
    sizes = [float(text.get("font-size", "").removesuffix("px"))
             for text in ET.fromstring(svg).iter(f"{SVG}text")]  # fmt: skip
    assert min(sizes) >= 12


def test_a_legend_wraps_to_as_many_columns_as_fit() -> None:
    labels = ["Mean severity", "Range", "Symptomatic nights"]
    with style.rendering("legend"):
        assert style.legend_columns(labels, 1000, 12) == 3
        # Two columns: "Mean severity" over "Range", then "Symptomatic nights".
        assert style.legend_columns(labels, 300, 12) == 2
        assert style.legend_columns(labels, 100, 12) == 1


def test_a_narrow_plot_gets_fewer_date_ticks() -> None:
    first, last = date(2026, 8, 31), date(2026, 11, 22)

    assert len(tick_dates(first, last)) == 6  # the 1st and 15th of each month
    assert tick_dates(first, last, most=4) == [date(2026, 9, 1), date(2026, 10, 1),
                                               date(2026, 11, 1)]  # fmt: skip


def test_the_pdf_report_keeps_its_smaller_text() -> None:
    # Paper is read at arm's length: the report draws the charts at its own size.
    from insights.report import CHART_FONT_SIZE

    with style.rendering("report", font_size=CHART_FONT_SIZE):
        assert style.font_size() == CHART_FONT_SIZE
    with style.rendering("severity"):
        assert style.font_size() == style.FONT_SIZE == 12

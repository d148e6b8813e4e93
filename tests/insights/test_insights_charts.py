"""Every chart renders valid, deterministic SVG with a text alternative, whatever the data."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from matplotlib.figure import Figure

from diary.models import LabResult
from insights.charts import CHARTS, ferritin, render_all, render_chart, style
from insights.frames import nights_frame
from insights.marks import Mark
from insights.weekly import weekly_table
from tests.sample_nights import night_row, plausible_rows

SVG = "{http://www.w3.org/2000/svg}"


def _frames(rows: list[dict[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    nights = nights_frame(rows, "Europe/London", 480)
    return weekly_table(nights), nights


def _long_gap() -> list[dict[str, Any]]:
    # Two weeks in January, nothing for eight months, two weeks in October.
    january = [night_row(date(2025, 1, 6) + timedelta(days=i), severity=5) for i in range(14)]
    october = [night_row(date(2025, 10, 6) + timedelta(days=i), severity=2) for i in range(14)]
    return january + october


SCENARIOS = {
    "normal": lambda: plausible_rows(date(2025, 1, 1), 120, seed=3),
    "one night": lambda: [night_row(date(2026, 5, 5), severity=4, onset=time(21, 30))],
    "long gap": _long_gap,
    "no onsets": lambda: [night_row(date(2026, 2, 1) + timedelta(days=i)) for i in range(30)],
    "nothing logged": list,
}


@pytest.mark.parametrize("theme", sorted(style.THEMES))
@pytest.mark.parametrize("scenario", list(SCENARIOS))
@pytest.mark.parametrize("key", list(CHARTS))
def test_each_chart_renders_valid_svg_with_a_title_and_description(
    key: str, scenario: str, theme: str
) -> None:
    table, nights = _frames(SCENARIOS[scenario]())
    chart = CHARTS[key]

    svg = chart.render(table, nights, theme)

    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert title.text == str(chart.TITLE)
    assert desc.text == chart.describe(table, nights)
    assert root.get("role") == "img"
    assert not svg.startswith("<?xml")
    assert svg == chart.render(table, nights, theme), "same data must give the same bytes"


@pytest.mark.parametrize("theme", sorted(style.THEMES))
@pytest.mark.parametrize("key", list(CHARTS))
def test_charts_carry_no_inline_css_that_the_content_security_policy_would_refuse(
    key: str, theme: str
) -> None:
    table, nights = _frames(SCENARIOS["normal"]())

    svg = CHARTS[key].render(table, nights, theme)

    assert "style=" not in svg and "<style" not in svg
    root = ET.fromstring(svg)
    # matplotlib's one style rule, now inherited from the root.
    assert (root.get("stroke-linejoin"), root.get("stroke-linecap")) == ("round", "butt")
    texts = list(root.iter(f"{SVG}text"))
    # (matplotlib leaves out a black fill, the default.)
    ink = style.theme(theme).text.lower()
    assert texts and all(t.get("fill", "#000000") == ink for t in texts)
    assert all(t.get("font-size") == f"{style.FONT_SIZE:g}px" for t in texts)


def test_the_ferritin_chart_carries_no_inline_css_either() -> None:
    labs = [
        LabResult(drawn=date(2026, month, 1), ferritin_ng_ml=Decimal(value))
        for month, value in ((3, "40"), (6, "80"), (9, "120"))
    ]

    svg = ferritin.render(labs)

    assert svg and "style=" not in svg and "<style" not in svg


def test_the_page_style_sheet_recolours_the_dark_theme_text_and_axes() -> None:
    # Charts are drawn once in the dark theme's colours; app.css maps those to the page's.
    css = (Path(__file__).resolve().parents[2] / "static/css/app.css").read_text()
    for colour, variable in (
        (style.THEMES["dark"].text, "--text"),
        (style.THEMES["dark"].muted, "--muted"),
    ):
        for paint in ("fill", "stroke"):
            rule = f'.chart svg [{paint}="{colour.lower()}"] {{ {paint}: var({variable}); }}'
            assert rule in css


def test_charts_keep_text_as_text() -> None:
    table, nights = _frames(SCENARIOS["normal"]())

    svg = CHARTS["severity"].render(table, nights)

    assert "<text" in svg
    assert "Severity (0 to 10)" in svg


def test_the_onset_axis_is_a_clock_from_six_to_six_marked_earlier_down() -> None:
    table, nights = _frames(SCENARIOS["normal"]())

    svg = CHARTS["onset"].render(table, nights)

    texts = [element.text for element in ET.fromstring(svg).iter(f"{SVG}text")]
    for clock in ("06:00", "12:00", "18:00", "21:00", "00:00", "03:00"):
        assert clock in texts
    assert "Onset time (earlier ↓)" in texts


def _severity_line_runs(svg: str) -> int:
    # The mean-severity line is the only 1.8-wide stroke in the severity colour with more
    # than one point; each "M" in its path data starts a separate run of the line.
    runs = []
    for match in re.finditer(r'<path d="([^"]*)"([^>]*)>', svg):
        data, attributes = match.groups()
        if (
            f'stroke="{style.SEVERITY.lower()}"' in attributes
            and 'stroke-width="1.8"' in attributes
        ):
            runs.append(data.count("M"))
    return max(runs)


def test_a_long_gap_breaks_the_weekly_line_instead_of_drawing_zeros() -> None:
    table, nights = _frames(_long_gap())

    svg = CHARTS["severity"].render(table, nights)

    assert table["nights_logged"].eq(0).sum() > 30
    assert _severity_line_runs(svg) == 2


def test_the_text_alternatives_sum_up_the_trend() -> None:
    table, nights = _frames(_long_gap())

    # Weeks with entries: 2025-01-06, 01-13 at severity 5, 10-06, 10-13 at 2; every night
    # symptomatic without an onset. TST 450, loss 30 a night: 7 h 30 min a night, 210 min =
    # 3 h 30 min a week. The numbers are the weekly table's, as it writes them.
    assert CHARTS["severity"].describe(table, nights) == (
        "From 2025-01-06 to 2025-10-19, symptoms on 28 of 28 logged nights. Weekly mean "
        "severity: lowest 2.0/10 (week of 2025-10-06), highest 5.0/10 (week of 2025-01-06)."
    )
    assert CHARTS["sleep_loss"].describe(table, nights) == (
        "From 2025-01-06 to 2025-10-19, mean total sleep a night: 7 h 30 min in each of the 4 "
        "weeks; sleep loss a week: 3 h 30 min in each of the 4 weeks."
    )
    assert CHARTS["onset"].describe(table, nights) == (
        "No symptom onset times were recorded from 2025-01-06 to 2025-10-19."
    )


def test_the_onset_description_gives_the_earliest_and_latest_weekly_median() -> None:
    # Week of 2026-05-04: onsets 21:00, 23:00 -> median 22:00. Week of 05-11: 20:00, 20:30
    # -> 20:15.
    rows = [
        night_row(date(2026, 5, 4), severity=3, onset=time(21, 0)),
        night_row(date(2026, 5, 5), severity=3, onset=time(23, 0)),
        night_row(date(2026, 5, 11), severity=3, onset=time(20, 0)),
        night_row(date(2026, 5, 12), severity=3, onset=time(20, 30)),
    ]
    table, nights = _frames(rows)

    assert CHARTS["onset"].describe(table, nights) == (
        "Onset times of 4 nights from 2026-05-04 to 2026-05-17. Weekly median onset: earliest "
        "20:15 (week of 2026-05-11), latest 22:00 (week of 2026-05-04)."
    )


def test_a_chart_can_be_rendered_by_key_with_its_title() -> None:
    table, nights = _frames(SCENARIOS["one night"]())

    chart = render_chart("onset", table, nights, "light")

    assert str(chart.title) == "Time of symptom onset"
    assert chart.description == (
        "Onset times of 1 night from 2026-05-04 to 2026-05-10. Weekly median onset: 21:30 "
        "(week of 2026-05-04)."
    )
    assert [rendered.key for rendered in render_all(table, nights)] == list(CHARTS)


def test_it_refuses_an_unknown_theme() -> None:
    table, nights = _frames(SCENARIOS["one night"]())

    with pytest.raises(ValueError, match="unknown chart theme"):
        CHARTS["severity"].render(table, nights, "sepia")


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("background", ["#FFFFFF", "#121212", "#000000"])
def test_series_colours_read_on_white_paper_and_on_a_dark_page(background: str) -> None:
    for colour in style.SERIES_COLOURS:
        assert _contrast(colour, background) >= 3, colour


def test_rendering_never_imports_pyplot() -> None:
    # In a fresh interpreter, since anything else in this test run may have imported it.
    code = (
        "import sys\n"
        "from django.conf import settings\n"
        "settings.configure(USE_I18N=False)\n"
        "from datetime import date\n"
        "from insights.charts import render_all\n"
        "from insights.frames import nights_frame\n"
        "from tests.sample_nights import plausible_rows\n"
        "from insights.weekly import weekly_table\n"
        "nights = nights_frame(plausible_rows(date(2025, 1, 1), 60), 'UTC', 480)\n"
        "render_all(weekly_table(nights), nights)\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("key", list(CHARTS))
def test_each_chart_is_one_axes_drawn_once(key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Constrained layout (or a tight bounding box) would draw each figure twice to measure
    # it, and a twin axes would cost as much again as the chart's own (issue 14).
    table, nights = _frames(SCENARIOS["normal"]())
    drawn: list[int] = []
    draw = Figure.draw

    def counted(figure: Figure, renderer: Any) -> None:
        drawn.append(len(figure.axes))
        draw(figure, renderer)

    monkeypatch.setattr(Figure, "draw", counted)

    CHARTS[key].render(table, nights)

    assert drawn == [1]


def test_the_date_axis_says_the_year_once_and_months_by_name() -> None:
    table, nights = _frames(SCENARIOS["normal"]())  # 2025-01-01 to the end of April

    svg = CHARTS["severity"].render(table, nights)

    texts = [element.text for element in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "2025" in texts  # on 1 January
    assert {"Feb", "Mar", "Apr"} <= set(texts)


@pytest.mark.parametrize("key", list(CHARTS))
def test_a_rendered_charts_svg_carries_the_description_it_lists(key: str) -> None:
    table, nights = _frames(SCENARIOS["normal"]())
    marks = [Mark("pramipexole 0.125 mg", date(2025, 2, 3), None)]

    chart = render_chart(key, table, nights, marks=marks)

    desc = ET.fromstring(chart.svg).find(f"{SVG}desc")
    assert desc is not None and desc.text == chart.description
    assert chart.description.startswith(CHARTS[key].describe(table, nights))
    assert chart.svg == CHARTS[key].render(table, nights, "dark", marks)


def test_a_chart_described_already_is_not_described_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table, nights = _frames(SCENARIOS["normal"]())
    calls: list[str] = []
    describe = CHARTS["severity"].describe

    def counted(table: pd.DataFrame, nights: pd.DataFrame) -> str:
        calls.append("described")
        return describe(table, nights)

    monkeypatch.setattr(CHARTS["severity"], "describe", counted)

    render_chart("severity", table, nights)

    assert len(calls) == 1

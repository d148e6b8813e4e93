"""Chart text is readable where it is drawn (issue 15): measured in Chromium from the rendered
SVG, on a phone and on a desktop, on the patient's Trends page and the clinician's review."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from diary.management.commands.seed_demo import DEMO_CLINICIAN, DEMO_PASSWORD, DEMO_USERNAME
from diary.models import User
from tests.browser.pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each <text>'s size on screen: its font size in the SVG's units, scaled by everything between
# them and the screen (the viewBox fitted to the drawn width, any rotation taken out).
MEASURE = """() => [...document.querySelectorAll("figure.chart svg text")].map((text) => {
  const m = text.getScreenCTM();
  return {
    text: text.textContent,
    px: parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b),
  };
})"""
CHART_EDGES = """() => [...document.querySelectorAll("figure.chart svg")].map(
  (svg) => [svg.getBoundingClientRect().left, svg.getBoundingClientRect().right])"""

SIZES = [
    pytest.param(390, 844, "dark", id="phone"),
    pytest.param(1280, 900, "light", id="desktop"),
]


def _charts_read_well(page: Any, width: int, charts: int) -> list[str]:
    """Asserts what every chart page must show; returns the charts' texts."""
    assert page.locator("figure.chart svg").count() == charts
    texts = page.evaluate(MEASURE)
    assert texts
    smallest = min(texts, key=lambda text: text["px"])
    assert smallest["px"] >= 12, f"{smallest['text']!r} is drawn at {smallest['px']:.1f} px"
    # Sharp and sensible on a desktop too: not blown up past the page's own text.
    largest = max(texts, key=lambda text: text["px"])
    assert largest["px"] <= 18, f"{largest['text']!r} is drawn at {largest['px']:.1f} px"
    for left, right in page.evaluate(CHART_EDGES):
        assert left >= 0 and right <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    return [text["text"] for text in texts]


@pytest.mark.parametrize(("width", "height", "scheme"), SIZES)
def test_every_chart_text_on_the_trends_page_is_at_least_12_px(
    live_server: Any, open_page: Callable[..., Any], width: int, height: int, scheme: str
) -> None:
    call_command("seed_demo")
    page = open_page(width, height, color_scheme=scheme)
    log_in(page, live_server.url, DEMO_USERNAME, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/trends/")

    texts = _charts_read_well(page, width, charts=3)

    # The treatment marks' labels were among the texts measured.
    treatments = page.locator("table.marks th[scope=row]").all_inner_texts()
    assert treatments and any(f" {label}" in texts for label in treatments)


@pytest.mark.parametrize(("width", "height", "scheme"), SIZES)
def test_every_chart_text_on_the_review_page_is_at_least_12_px(
    live_server: Any, open_page: Callable[..., Any], width: int, height: int, scheme: str
) -> None:
    call_command("seed_demo")
    patient = User.objects.get(username=DEMO_USERNAME)
    page = open_page(width, height, color_scheme=scheme)
    log_in(page, live_server.url, DEMO_CLINICIAN, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/clinician/patients/{patient.pk}/?range=all")

    # The three trend charts and ferritin over time, whose threshold labels are measured too.
    texts = _charts_read_well(page, width, charts=4)
    assert "75 ng/mL" in texts

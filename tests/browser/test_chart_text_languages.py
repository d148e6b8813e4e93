"""German and Spanish chart text fits a 390 px phone (issue 16, "Languages"): the longer axis
titles, legends and month names are as readable as the English ones and none is cut off at
the chart's edge, on the patient's Trends page and the clinician's review page."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from diary.management.commands.seed_demo import DEMO_CLINICIAN, DEMO_PASSWORD, DEMO_USERNAME
from diary.models import User
from tests.browser.pages import log_in
from tests.browser.test_chart_text import _charts_read_well

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every <text> whose box leaves its chart's <svg> box: the text a screen would cut off.
CLIPPED = """() => [...document.querySelectorAll("figure.chart svg")].flatMap((svg) => {
  const chart = svg.getBoundingClientRect();
  return [...svg.querySelectorAll("text")].filter((text) => {
    const box = text.getBoundingClientRect();
    return box.width > 0 && (box.left < chart.left - 0.5 || box.right > chart.right + 0.5
      || box.top < chart.top - 0.5 || box.bottom > chart.bottom + 0.5);
  }).map((text) => text.textContent);
})"""

AXIS_TITLES = {
    "de": ("Schweregrad (0 bis 10)", "Nächte pro Woche", "Beginn (früher ↓)"),
    "es": ("Gravedad (0 a 10)", "Noches por semana", "Inicio (antes ↓)"),
}


@pytest.mark.parametrize("language", ["de", "es"])
def test_chart_text_in_another_language_fits_a_phone(
    live_server: Any, open_page: Callable[..., Any], language: str
) -> None:
    call_command("seed_demo")
    patient = User.objects.get(username=DEMO_USERNAME)
    page = open_page(390, 844)
    # Logged in first: the helper finds the form by its English words.
    log_in(page, live_server.url, DEMO_USERNAME, DEMO_PASSWORD)
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto(f"{live_server.url}/trends/")

    texts = _charts_read_well(page, 390, charts=3)
    assert all(title in texts for title in AXIS_TITLES[language]), texts
    assert page.evaluate(CLIPPED) == []

    clinician = open_page(390, 844)
    log_in(clinician, live_server.url, DEMO_CLINICIAN, DEMO_PASSWORD)
    clinician.set_extra_http_headers({"Accept-Language": language})
    clinician.goto(f"{live_server.url}/clinician/patients/{patient.pk}/?range=all")

    _charts_read_well(clinician, 390, charts=4)
    assert clinician.evaluate(CLIPPED) == []

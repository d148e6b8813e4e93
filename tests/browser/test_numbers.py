"""The numbers of one comparison read the same in a real Chromium, on a phone and on a desk:
the Trends summary, the chart caption and the weekly table's row (README, "Numbers on
screen")."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from diary.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERNAME
from tests.browser.pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_the_summary_caption_and_weekly_table_show_the_same_numbers(
    live_server: Any, open_page: Callable[..., Any], width: int, height: int
) -> None:
    call_command("seed_demo")
    page = open_page(width, height)
    log_in(page, live_server.url, DEMO_USERNAME, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/trends/")

    period = page.locator("#trend-period").inner_text()
    monday = re.search(r"\((\d{4}-\d\d-\d\d) to", period)
    assert monday, period
    lines = page.locator(".trend-summaries li").all_inner_texts()
    sleep = next(line for line in lines if line.startswith("Total sleep "))
    severity = next(line for line in lines if line.startswith("Severity "))
    week_sleep = re.match(r"Total sleep (\d+ h \d\d min|\d+ min) a night,", sleep)
    week_severity = re.match(r"Severity (\d+\.\d)/10,", severity)
    assert week_sleep and week_severity, lines

    row = page.locator("table.weeks tbody tr").filter(has=page.locator("th", has_text=monday[1]))
    cells = row.locator("td").all_inner_texts()
    assert cells[2].strip() == week_severity[1]
    assert cells[5].strip() == week_sleep[1]
    caption = page.locator("#chart-sleep_loss .chart-description").inner_text()
    assert sleep in caption
    assert severity in page.locator("#chart-severity .chart-description").inner_text()

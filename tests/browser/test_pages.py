"""The landing page, the welcome steps, the glossary, the API docs and printing, in a real
Chromium on a phone and on a desktop (issue 15, "Pages and states").

Set SCREENSHOTS_DIR to keep a screenshot of each page looked at (for a person to look at)."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from diary.management.commands.seed_demo import (
    DEMO_CLINICIAN,
    DEMO_PASSWORD,
    DEMO_USERNAME,
)
from diary.models import User
from tests.browser.pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The phone at night in the dark theme, the desk in daylight in the light one.
SIZES = [
    pytest.param((390, 844, "dark"), id="phone-dark"),
    pytest.param((1280, 900, "light"), id="desktop-light"),
]


def keep(page: Any, name: str, full_page: bool = True, paper: bool = False) -> None:
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)
        if paper:  # as Chromium prints it, page breaks and all
            page.pdf(path=str(Path(folder) / f"{name}.pdf"), format="A4")


def fits_sideways(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("size", SIZES)
def test_a_visitor_reads_the_landing_page_and_signs_up_through_to_the_welcome_steps(
    live_server: Any, open_page: Callable[..., Any], size: tuple[int, int, str]
) -> None:
    width, height, scheme = size
    page = open_page(width, height, timezone_id="Europe/Paris", color_scheme=scheme)

    page.goto(f"{live_server.url}/")

    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_role("heading", name="Sharing and privacy").is_visible()
    assert fits_sideways(page)
    keep(page, f"landing-{width}-{scheme}")
    page.locator("main").get_by_role("link", name="Sign up").click()
    page.wait_for_url("**/accounts/signup/")
    page.fill("#id_username", f"newcomer{width}")
    page.fill("#id_password1", "legs-that-wont-rest-7")
    page.fill("#id_password2", "legs-that-wont-rest-7")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/welcome/")

    steps = page.locator("ol.steps > li")
    assert steps.count() == 3
    assert all(steps.nth(i).is_visible() for i in range(3))
    assert fits_sideways(page)
    keep(page, f"welcome-{width}-{scheme}")
    page.get_by_role("link", name="Log your first night").click()
    page.wait_for_url("**/nights/log/")


@pytest.mark.parametrize("size", SIZES)
def test_a_link_to_a_glossary_entry_lands_on_it(
    live_server: Any, open_page: Callable[..., Any], size: tuple[int, int, str]
) -> None:
    width, height, scheme = size
    page = open_page(width, height, color_scheme=scheme)

    page.goto(f"{live_server.url}/glossary/#cgi")

    entry = page.locator("#cgi")
    assert entry.is_visible()
    assert page.evaluate(
        "(() => { const r = document.getElementById('cgi').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; })()"
    )
    assert fits_sideways(page)
    page.goto(f"{live_server.url}/glossary/")
    keep(page, f"glossary-{width}-{scheme}")


@pytest.mark.parametrize("size", SIZES)
def test_the_api_docs_open_under_an_introduction_in_the_apps_theme(
    live_server: Any, open_page: Callable[..., Any], size: tuple[int, int, str]
) -> None:
    width, height, scheme = size
    page = open_page(width, height, color_scheme=scheme)
    User.objects.create_user("reader", password="pages-test-pw-1", account_type="patient")
    log_in(page, live_server.url, "reader", "pages-test-pw-1")
    page.goto(f"{live_server.url}/settings/")

    page.get_by_role("link", name="API documentation").click()
    page.wait_for_url("**/api/docs/")

    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    assert page.get_by_role("heading", name="RLS Diary API", level=1).is_visible()
    page.locator(".opblock").first.wait_for()  # Swagger UI drew the endpoints
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(17, 20, 24)" if scheme == "dark" else "rgb(247, 247, 245)")
    keep(page, f"api-docs-{width}-{scheme}", full_page=False)


def slow_pages_allowed(page: Any) -> None:
    # A cold Trends page draws every chart; on a busy test machine that can take longer than
    # the 10 s the fixture allows (not a speed check: bench/ measures speed).
    page.set_default_navigation_timeout(60_000)


def printed(page: Any) -> None:
    page.emulate_media(media="print")


def check_printed_page(page: Any, name: str, range_label: str) -> None:
    header = page.locator("#print-header")
    assert header.is_visible()
    text = header.inner_text()
    assert name in text and range_label in text and "Printed" in text
    # Nothing to tap on paper.
    assert not page.locator("header.top").is_visible()
    assert not page.locator("nav.ranges").is_visible()
    assert page.locator("main button:visible, main .button:visible, main form:visible").count() == 0
    # No chart is cut by a page break.
    figures = page.locator("figure.chart")
    assert figures.count() >= 3
    breaks = page.eval_on_selector_all(
        "figure.chart", "els => els.map(el => getComputedStyle(el).breakInside)"
    )
    assert set(breaks) == {"avoid"}


@pytest.mark.parametrize("size", SIZES)
def test_the_trends_page_prints_with_a_header_and_without_buttons(
    live_server: Any, open_page: Callable[..., Any], size: tuple[int, int, str]
) -> None:
    width, height, scheme = size
    call_command("seed_demo")
    page = open_page(width, height, color_scheme=scheme)
    slow_pages_allowed(page)
    log_in(page, live_server.url, DEMO_USERNAME, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/trends/?range=26")
    # On screen: the header is for paper only, and the buttons are there.
    assert not page.locator("#print-header").is_visible()
    assert page.locator("nav.ranges").is_visible()

    printed(page)

    check_printed_page(page, DEMO_USERNAME, "Last 26 weeks")
    keep(page, f"print-trends-{width}-{scheme}", paper=True)


@pytest.mark.parametrize("size", SIZES)
def test_the_review_page_prints_with_a_header_and_without_buttons(
    live_server: Any, open_page: Callable[..., Any], size: tuple[int, int, str]
) -> None:
    width, height, scheme = size
    call_command("seed_demo")
    patient = User.objects.get(username=DEMO_USERNAME)
    page = open_page(width, height, color_scheme=scheme)
    slow_pages_allowed(page)
    log_in(page, live_server.url, DEMO_CLINICIAN, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/clinician/patients/{patient.pk}/?range=4")
    pdf_link = page.get_by_role("link", name="One-page report (PDF)")
    assert pdf_link.get_attribute("href").endswith("report.pdf?range=4")

    printed(page)

    check_printed_page(page, patient.display_name or DEMO_USERNAME, "Last 4 weeks")
    assert not pdf_link.is_visible()
    keep(page, f"print-review-{width}-{scheme}", paper=True)

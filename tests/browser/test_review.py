"""Sharing and reviewing in a real Chromium: a patient and a clinician, each in a browser."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from diary.choices import AccountType
from diary.management.commands.seed_demo import DEMO_CLINICIAN, DEMO_PASSWORD, DEMO_USERNAME
from diary.models import User
from tests.browser.pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desktop(open_page: Callable[..., Any]) -> Any:
    return open_page(1280, 900)


def test_a_patient_shares_a_clinician_reviews_and_revocation_shuts_the_door(
    live_server: Any, phone: Any, desktop: Any
) -> None:
    call_command("seed_demo")
    User.objects.create_user(
        "dr_who",
        password="tardis-blue-box-9",
        account_type=AccountType.CLINICIAN,
        clinician_verified=True,
    )
    base = live_server.url

    log_in(phone, base, DEMO_USERNAME, DEMO_PASSWORD)
    phone.goto(f"{base}/sharing/")
    phone.get_by_role("button", name="Create a share code").click()
    code = phone.locator("#share-code").inner_text()

    log_in(desktop, base, "dr_who", "tardis-blue-box-9")
    desktop.fill("#id_code", code)
    desktop.get_by_role("button", name="Add patient").click()
    desktop.wait_for_url("**/clinician/patients/*/")
    review_url = desktop.url
    # The three trend charts, and ferritin over time (the demo has three iron studies).
    assert desktop.locator("figure.chart svg").count() == 4
    assert desktop.locator("table.weeks tbody tr").count() >= 10

    phone.goto(f"{base}/sharing/")
    assert "dr_who" in phone.locator("main").inner_text()
    phone.get_by_role("link", name="Stop sharing with dr_who").click()
    phone.wait_for_url("**/revoke/")
    phone.get_by_role("button", name="Stop sharing").click()
    phone.wait_for_url("**/sharing/")

    response = desktop.goto(review_url)
    assert response.status == 404
    desktop.goto(f"{base}/clinician/")
    assert DEMO_USERNAME not in desktop.locator("main").inner_text()


def test_the_demo_patient_sees_three_charts_and_the_weekly_table(
    live_server: Any, phone: Any
) -> None:
    call_command("seed_demo")
    log_in(phone, live_server.url, DEMO_USERNAME, DEMO_PASSWORD)
    phone.goto(f"{live_server.url}/trends/")
    charts = phone.locator("figure.chart svg[role=img]")
    assert charts.count() == 3
    for i in range(3):
        assert charts.nth(i).bounding_box()["width"] > 300
    # The demo ends last night: on a Monday the current week has no entry yet, and the table
    # runs to the week of the last entry.
    today = User.objects.get(username=DEMO_USERNAME).today()
    assert phone.locator("table.weeks tbody tr").count() == (11 if today.weekday() == 0 else 12)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("link", name="All", exact=True).click()
    phone.wait_for_url("**range=all")
    assert phone.locator("table.weeks tbody tr").count() >= 16


def test_a_revoked_clinician_reloading_the_review_sees_the_apps_404_page(
    live_server: Any, screen: Any, phone: Any
) -> None:
    call_command("seed_demo")
    base = live_server.url
    log_in(screen, base, DEMO_CLINICIAN, DEMO_PASSWORD)
    screen.get_by_role("link", name=DEMO_USERNAME, exact=True).click()
    screen.wait_for_url("**/clinician/patients/*/")
    assert screen.locator("figure.chart svg").count() >= 3

    log_in(phone, base, DEMO_USERNAME, DEMO_PASSWORD)
    phone.goto(f"{base}/sharing/")
    phone.get_by_role("link", name=f"Stop sharing with {DEMO_CLINICIAN}").click()
    phone.get_by_role("button", name="Stop sharing").click()
    phone.wait_for_url("**/sharing/")

    response = screen.reload()

    assert response.status == 404
    # The app's own page, in its layout: the header and navigation, a heading, and a sentence
    # that says what happened and where to go.
    assert screen.locator("header.top nav").is_visible()
    assert screen.get_by_role("heading", level=1).inner_text() == "Page not found"
    sentence = screen.locator("main .error-page")
    assert "a patient may have stopped sharing" in sentence.inner_text()
    sentence.get_by_role("link", name="Go to your home page").click()
    screen.wait_for_url("**/clinician/")
    assert screen.evaluate("document.documentElement.scrollWidth") <= screen.viewport_size["width"]

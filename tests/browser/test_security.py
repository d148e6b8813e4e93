"""Under the Content-Security-Policy (no inline script or style; the open_page fixture fails a
test on any violation): the API docs, the charts' colours and the admin's verification of a
new clinician still work in a real Chromium."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from diary.choices import AccountType
from diary.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERNAME
from diary.models import Share, User
from tests.browser.pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-browser-1"


@pytest.fixture
def desktop(open_page: Callable[..., Any]) -> Any:
    return open_page(1280, 900)


def test_the_api_docs_load_and_open_an_operation(live_server: Any, desktop: Any) -> None:
    desktop.goto(f"{live_server.url}/api/docs/")

    # The page's own introduction names the API (Swagger's title block is hidden).
    desktop.locator("#api-title").get_by_text("RLS Diary API").wait_for()
    desktop.locator(".opblock-summary-path", has_text="/api/v1/profile/").first.click()
    desktop.get_by_role("button", name="Try it out").first.wait_for()


def test_chart_text_takes_the_light_page_colour(live_server: Any, phone: Any) -> None:
    call_command("seed_demo")
    log_in(phone, live_server.url, DEMO_USERNAME, DEMO_PASSWORD)
    phone.goto(f"{live_server.url}/trends/")
    label = "figure.chart svg text"

    def colours() -> tuple[str, str]:
        return (
            phone.evaluate(f"getComputedStyle(document.querySelector('{label}')).fill"),
            phone.evaluate("getComputedStyle(document.body).color"),
        )

    chart_dark, page_dark = colours()
    phone.get_by_role("button", name="Switch light/dark").click()
    chart_light, page_light = colours()

    assert chart_dark == page_dark and chart_light == page_light
    assert chart_light != chart_dark


def test_an_administrator_verifies_a_new_clinician_who_can_then_redeem(
    live_server: Any, phone: Any, desktop: Any
) -> None:
    base = live_server.url
    User.objects.create_superuser("site_admin", password=PASSWORD)
    User.objects.create_user("dr_new", password=PASSWORD, account_type=AccountType.CLINICIAN)
    patient = User.objects.create_user("pat", password=PASSWORD, account_type=AccountType.PATIENT)
    _pending, code = Share.create_for(patient)

    log_in(phone, base, "dr_new", PASSWORD)
    assert "waiting for verification" in phone.locator("#verification-notice").inner_text()
    phone.fill("#id_code", code)
    phone.get_by_role("button", name="Add patient").click()
    assert "waiting for verification" in phone.locator(".form-errors").inner_text()

    desktop.goto(f"{base}/admin/login/")
    desktop.fill("#id_username", "site_admin")
    desktop.fill("#id_password", PASSWORD)
    desktop.get_by_role("button", name="Log in").click()
    desktop.goto(
        f"{base}/admin/diary/user/?account_type__exact=clinician&clinician_verified__exact=0"
    )
    desktop.get_by_role("row", name="dr_new").get_by_role("checkbox").check()
    desktop.select_option("select[name=action]", "mark_verified")
    desktop.get_by_role("button", name="Go").click()
    desktop.get_by_text("1 clinician account marked verified.").wait_for()
    # The user's own admin page (date widgets and all) shows it too, under the same policy.
    new = User.objects.get(username="dr_new")
    desktop.goto(f"{base}/admin/diary/user/{new.pk}/change/")
    assert desktop.get_by_label("Clinician verified").is_checked()

    phone.goto(f"{base}/clinician/")
    assert phone.locator("#verification-notice").count() == 0
    phone.fill("#id_code", code)
    phone.get_by_role("button", name="Add patient").click()
    phone.wait_for_url(f"**/clinician/patients/{patient.pk}/")
    assert "pat (no name given) now shares their diary with you" in phone.inner_text("main")

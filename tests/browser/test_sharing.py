"""The sharing page in a real Chromium: a refresh after creating a code makes no second code and
does not show the first again; the Copy button copies it and says so."""

from typing import Any

import pytest

from diary.choices import AccountType
from diary.models import Share, User
from tests.browser.pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-browser-1"


def test_a_refresh_after_creating_a_code_neither_makes_another_nor_shows_it_again(
    live_server: Any, screen: Any
) -> None:
    base = live_server.url
    User.objects.create_user("pat", password=PASSWORD, account_type=AccountType.PATIENT)
    log_in(screen, base, "pat", PASSWORD)
    screen.goto(f"{base}/sharing/")
    screen.get_by_role("button", name="Create a share code").click()
    screen.wait_for_url(f"{base}/sharing/")
    code = screen.locator("#share-code").inner_text()
    assert code

    # A reload of a page that answered a POST would ask to send the form again; this one
    # answered a GET.
    screen.reload()

    assert screen.locator("#share-code").count() == 0
    assert code not in screen.locator("main").inner_text()
    assert Share.objects.count() == 1
    assert screen.locator(".share-list li").count() == 1  # the one code not used yet


def test_the_copy_button_copies_the_code_and_says_copied(live_server: Any, phone: Any) -> None:
    base = live_server.url
    User.objects.create_user("pat", password=PASSWORD, account_type=AccountType.PATIENT)
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    log_in(phone, base, "pat", PASSWORD)
    phone.goto(f"{base}/sharing/")
    phone.get_by_role("button", name="Create a share code").click()
    phone.wait_for_url(f"{base}/sharing/")
    code = phone.locator("#share-code").inner_text()

    phone.get_by_role("button", name="Copy the share code").click()

    # The clipboard answers asynchronously: wait for the status rather than read it at once.
    phone.get_by_text("Copied", exact=True).wait_for()
    assert phone.locator("#copy-status").get_attribute("aria-live") == "polite"
    assert phone.evaluate("navigator.clipboard.readText()") == code

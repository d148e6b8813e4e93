"""A forgotten password, reset in a real Chromium on a phone (390x844): the request, the mail
read from a real SMTP server on 127.0.0.1, the link followed, a new password set and used to log
in. And an address given at sign-up, confirmed from its mail."""

import re
from typing import Any

import pytest

from diary.models import User
from tests.browser.pages import PHONE
from tests.helpers import PASSWORD, logged_in
from tests.smtp_server import Inbox, smtp_server

__all__ = ["smtp_server"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS"),
]

NEW_PASSWORD = "fresh-legs-at-night-7"


def link_in(inbox: Inbox, path: str) -> str:
    match = re.search(rf"https?://\S+{path}\S+/", inbox.body())
    assert match, inbox.body()
    return match.group(0)


@pytest.fixture
def page(open_page: Any) -> Any:
    # No service worker: signed in at the end, the patient's page would install the offline
    # worker, whose caching requests could still hold the session table while the live server's
    # database is flushed after the test ("database table is locked", seen once in CI).
    return open_page(PHONE.width, PHONE.height, timezone_id="Europe/Paris", service_workers="block")


def test_a_patient_resets_a_forgotten_password_from_the_mail(
    live_server: Any, page: Any, alice: User, smtp_server: Inbox
) -> None:
    alice.email = "alice@example.org"
    alice.save()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.wait_for_url("**/accounts/password_reset/")
    page.get_by_label("E-mail address").fill("alice@example.org")
    page.get_by_role("button", name="Send the link").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()

    [message] = smtp_server.messages
    assert message["To"] == "alice@example.org"
    page.goto(link_in(smtp_server, "/accounts/reset/"))
    page.get_by_role("heading", name="Set a new password").wait_for()
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    page.get_by_role("heading", name="Password set").wait_for()

    page.get_by_role("link", name="Log in").last.click()
    page.wait_for_url("**/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/nights/")


def test_an_address_given_at_sign_up_is_confirmed_from_its_mail(
    live_server: Any, page: Any, smtp_server: Inbox
) -> None:
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("#id_username", "nora")
    page.fill("#id_email", "nora@example.org")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/welcome/")
    assert "We sent a link to nora@example.org" in page.locator(".messages").inner_text()

    page.goto(link_in(smtp_server, "/settings/email/confirm/"))
    page.get_by_role("button", name="Confirm address").click()
    page.wait_for_url("**/settings/")

    assert "nora@example.org is confirmed" in page.locator(".messages").inner_text()
    assert User.objects.get(username="nora").email == "nora@example.org"


def test_a_link_followed_signed_out_confirms_after_logging_in(
    live_server: Any, page: Any, alice: User, smtp_server: Inbox
) -> None:
    # Given in settings by another device, the mail read on a phone that is not signed in.
    logged_in(alice).post("/settings/email/", {"email": "alice@example.org", "password": PASSWORD})
    path = re.sub(r"^https?://[^/]+", "", link_in(smtp_server, "/settings/email/confirm/"))

    page.goto(f"{live_server.url}{path}")
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Confirm address").click()
    page.wait_for_url("**/settings/")

    alice.refresh_from_db()
    assert alice.email == "alice@example.org"

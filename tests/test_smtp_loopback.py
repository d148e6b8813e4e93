"""Mail sent the way production sends it: Django's SMTP backend, configured as EMAIL_URL says,
to a real SMTP server on 127.0.0.1 that asks for the user name and password."""

import re
from typing import Any

import pytest
from django.test import Client

from diary.models import User
from rlsdiary.email_url import mail_settings
from tests.helpers import PASSWORD, logged_in
from tests.smtp_server import PASSWORD as SMTP_PASSWORD
from tests.smtp_server import USER as SMTP_USER
from tests.smtp_server import Inbox, smtp_server

__all__ = ["smtp_server"]
# The loopback server takes a password over plain SMTP, which aiosmtpd warns about.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

NEW_PASSWORD = "fresh-legs-at-night-7"


def path_in(body: str, prefix: str) -> str:
    match = re.search(rf"https?://[^/\s]+({prefix}[^\s]+/)", body)
    assert match, body
    return match.group(1)


def test_the_smtp_settings_read_from_email_url_reach_the_server(
    smtp_server: Inbox, settings: Any
) -> None:
    port = settings.EMAIL_PORT
    url = f"smtp://diary%40example.org:p%40ss%3Aw%2Ford@127.0.0.1:{port}"
    parsed = mail_settings({"EMAIL_URL": url})
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = parsed.user, parsed.password
    from django.core.mail import send_mail

    send_mail("Hello", "Over the loopback.", None, ["alice@example.org"])

    assert smtp_server.logins == [(SMTP_USER, SMTP_PASSWORD)]
    [message] = smtp_server.messages
    assert message["To"] == "alice@example.org"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL


def test_an_address_is_confirmed_and_a_reset_sent_through_smtp(
    smtp_server: Inbox, alice: User
) -> None:
    client = logged_in(alice)
    client.post("/settings/email/", {"email": "alice@example.org", "password": PASSWORD})
    [confirmation] = smtp_server.messages
    assert confirmation["To"] == "alice@example.org"
    assert confirmation["Subject"] == "Confirm your e-mail address for RLS Diary"
    client.post(path_in(smtp_server.body(), "/settings/email/confirm/"))

    signed_out = Client()
    signed_out.post("/accounts/password_reset/", {"email": "alice@example.org"})
    reset = smtp_server.messages[-1]
    assert reset["Subject"] == "Reset your RLS Diary password"
    form = signed_out.get(path_in(smtp_server.body(), "/accounts/reset/"), follow=True)
    signed_out.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_a_wrong_smtp_password_leaves_the_address_waiting(
    smtp_server: Inbox, alice: User, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.EMAIL_HOST_PASSWORD = "not-the-password"

    response = logged_in(alice).post(
        "/settings/email/", {"email": "alice@example.org", "password": PASSWORD}, follow=True
    )

    assert "could not be sent" in response.content.decode()
    assert smtp_server.messages == []
    alice.refresh_from_db()
    assert alice.email_unconfirmed == "alice@example.org"
    # The log says what failed, never the password or the address.
    assert "could not be sent (SMTPAuthenticationError)" in caplog.text
    assert "not-the-password" not in caplog.text
    assert "alice@example.org" not in caplog.text

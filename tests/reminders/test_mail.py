"""The reminder mail: its link opens the log form on the night it is about, and it goes out
through a real SMTP server as production sends it."""

import io
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from diary.models import User
from diary.reminders import render_reminder
from tests.reminders.helpers import remind
from tests.smtp_server import Inbox, smtp_server

__all__ = ["smtp_server"]
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

AT_EIGHT_THIRTY = datetime(2026, 11, 30, 13, 30, tzinfo=UTC)  # in New York


def link_path(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/nights/log/\?night=[0-9-]+)", body)
    assert match, body
    return match.group(1)


def test_the_mails_link_opens_the_log_form_on_that_night(
    alice: User, alice_client: Client, settings: Any
) -> None:
    settings.SITE_URL = "https://diary.example.org"
    remind(alice)
    with time_machine.travel(AT_EIGHT_THIRTY, tick=False):
        call_command("send_reminders", stdout=io.StringIO())
    [message] = mail.outbox

    # Followed the next day, when the form would otherwise offer Monday night.
    with time_machine.travel(AT_EIGHT_THIRTY + timedelta(days=1), tick=False):
        response = alice_client.get(link_path(str(message.body)))

    assert response.status_code == 200
    assert response.context["form"].initial["night"] == date(2026, 11, 29)
    assert 'value="2026-11-29"' in response.content.decode()


def test_the_mail_links_to_the_reminder_settings(alice: User, settings: Any) -> None:
    settings.SITE_URL = "https://diary.example.org"
    alice.email = "alice@example.org"

    message = render_reminder(alice, date(2026, 11, 29))

    assert "https://diary.example.org/settings/reminders/" in message.body
    assert message.to == ["alice@example.org"]


def test_a_reminder_goes_out_through_smtp(smtp_server: Inbox, alice: User) -> None:
    remind(alice)

    with time_machine.travel(AT_EIGHT_THIRTY, tick=False):
        call_command("send_reminders", stdout=io.StringIO())

    [message] = smtp_server.messages
    assert message["To"] == "alice@example.org"
    assert message["Subject"] == "Log last night in your RLS Diary"
    assert "/nights/log/?night=2026-11-29" in smtp_server.body()


def test_the_reminder_is_sent_in_the_patients_chosen_language(alice: User) -> None:
    alice.language = "de"
    alice.save(update_fields=["language"])
    remind(alice)

    with time_machine.travel(AT_EIGHT_THIRTY, tick=False):
        call_command("send_reminders", stdout=io.StringIO())

    [message] = mail.outbox
    assert message.subject == "Tragen Sie die letzte Nacht in Ihr RLS-Tagebuch ein"
    assert "die Nacht von Sonntag, 29. November steht noch nicht" in message.body

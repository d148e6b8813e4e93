"""When a reminder is due (diary.reminders): at its time in the patient's zone, within the
window, only while last night is not logged, once a night, across daylight-saving changes."""

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from diary.drafts import save_draft
from diary.models import Channel, PushSubscription, Reminder, ReminderSent, User
from diary.push import new_vapid_keys
from diary.reminders import claim, due_night, due_reminders, send_due
from tests.factories import make_night
from tests.reminders.helpers import remind
from tests.smtp_server import free_port

# alice lives in New York: 08:30 on Monday 2026-11-30 is 13:30 UTC (EST, UTC-5).
AT_EIGHT_THIRTY = datetime(2026, 11, 30, 13, 30, tzinfo=UTC)
LAST_NIGHT = date(2026, 11, 29)
MINUTE = timedelta(minutes=1)


def run(now: datetime) -> None:
    with time_machine.travel(now, tick=False):
        call_command("send_reminders", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def three_hour_window(settings: Any) -> None:
    settings.REMINDER_WINDOW_HOURS = 3
    settings.SITE_URL = "https://diary.example.org"


@pytest.fixture
def reminder(alice: User) -> Reminder:
    return remind(alice)


def test_it_mails_the_reminder_at_its_time_when_last_night_is_not_logged(
    reminder: Reminder,
) -> None:
    run(AT_EIGHT_THIRTY)

    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "Log last night in your RLS Diary"
    assert "the night of Sunday 29 November is not in your diary yet" in message.body
    assert "https://diary.example.org/nights/log/?night=2026-11-29" in message.body
    assert ReminderSent.objects.get().night == LAST_NIGHT


def test_it_sends_nothing_a_minute_before_its_time(reminder: Reminder) -> None:
    run(AT_EIGHT_THIRTY - MINUTE)

    assert mail.outbox == []


def test_it_sends_nothing_when_last_night_is_logged(reminder: Reminder, alice: User) -> None:
    with time_machine.travel(AT_EIGHT_THIRTY, tick=False):
        make_night(alice, LAST_NIGHT)

    run(AT_EIGHT_THIRTY)

    assert mail.outbox == []


def test_a_draft_of_last_night_does_not_count_as_logged(reminder: Reminder, alice: User) -> None:
    with time_machine.travel(AT_EIGHT_THIRTY - timedelta(hours=12), tick=False):
        save_draft(patient=alice, values={"night": "2026-11-29", "severity": "0"})

    run(AT_EIGHT_THIRTY)

    assert len(mail.outbox) == 1


def test_an_older_night_logged_does_not_stop_the_reminder(reminder: Reminder, alice: User) -> None:
    with time_machine.travel(AT_EIGHT_THIRTY, tick=False):
        make_night(alice, LAST_NIGHT - timedelta(days=1))

    run(AT_EIGHT_THIRTY)

    assert len(mail.outbox) == 1


def test_it_sends_nothing_when_the_channel_is_off(reminder: Reminder) -> None:
    Reminder.objects.filter(pk=reminder.pk).update(channel=Channel.OFF)

    run(AT_EIGHT_THIRTY)

    assert mail.outbox == []


def test_it_mails_nothing_to_an_address_not_confirmed(reminder: Reminder, alice: User) -> None:
    alice.email, alice.email_unconfirmed = "", "alice@example.org"
    alice.save()

    run(AT_EIGHT_THIRTY)

    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_it_pushes_nothing_without_vapid_keys(alice: User, settings: Any) -> None:
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_vapid_keys()
    remind(alice, channel=Channel.PUSH)
    PushSubscription.objects.create(
        user=alice, endpoint="https://fcm.googleapis.com/fcm/send/alice", p256dh="k", auth="a"
    )
    assert [due.user for due in due_reminders(AT_EIGHT_THIRTY)] == [alice]  # due with keys

    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    assert due_reminders(AT_EIGHT_THIRTY) == []


def test_it_sends_nothing_to_an_inactive_account_or_a_clinician(
    alice: User, clinician: User
) -> None:
    remind(alice)
    remind(clinician)
    alice.is_active = False
    alice.save()

    run(AT_EIGHT_THIRTY)

    assert mail.outbox == []


@pytest.mark.parametrize(
    ("late", "sent"),
    [(timedelta(hours=3) - MINUTE, True), (timedelta(hours=3), False), (timedelta(hours=9), False)],
)
def test_a_reminder_not_sent_within_the_window_is_skipped(
    reminder: Reminder, late: timedelta, sent: bool
) -> None:
    run(AT_EIGHT_THIRTY + late)

    assert len(mail.outbox) == int(sent)


def test_a_late_evening_reminder_is_still_sent_just_after_midnight(alice: User) -> None:
    remind(alice, at="23:30")
    # 00:15 on Tuesday in New York: the reminder of Monday 23:30, about Sunday night.
    run(datetime(2026, 12, 1, 5, 15, tzinfo=UTC))

    [message] = mail.outbox
    assert "?night=2026-11-29" in message.body


def test_running_twice_sends_once_and_the_next_day_again(reminder: Reminder) -> None:
    run(AT_EIGHT_THIRTY)
    run(AT_EIGHT_THIRTY + timedelta(minutes=5))

    assert len(mail.outbox) == 1

    run(AT_EIGHT_THIRTY + timedelta(days=1))

    assert len(mail.outbox) == 2
    assert "?night=2026-11-30" in mail.outbox[1].body


def test_a_run_that_finds_the_night_claimed_by_another_sends_nothing(
    reminder: Reminder,
) -> None:
    [due] = due_reminders(AT_EIGHT_THIRTY)
    # Another run, at the same moment, claims it between this one's query and its claim.
    assert claim(due, AT_EIGHT_THIRTY) is not None

    assert claim(due, AT_EIGHT_THIRTY) is None
    assert send_due(AT_EIGHT_THIRTY)["sent"] == 0
    assert mail.outbox == []


@pytest.fixture
def smtp_down(settings: Any) -> Iterator[None]:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    yield
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_failed_send_is_released_and_retried_by_a_later_run_in_the_window(
    reminder: Reminder, smtp_down: None, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with time_machine.travel(AT_EIGHT_THIRTY, tick=False):
        counts = send_due(AT_EIGHT_THIRTY)

    assert counts["failed"] == 1
    assert not ReminderSent.objects.exists()
    assert "A reminder could not be sent (ConnectionRefusedError)" in caplog.text
    assert "alice" not in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run(AT_EIGHT_THIRTY + timedelta(minutes=5))

    assert len(mail.outbox) == 1


def test_the_command_prints_counts_only(reminder: Reminder) -> None:
    out = io.StringIO()
    with time_machine.travel(AT_EIGHT_THIRTY, tick=False):
        call_command("send_reminders", stdout=out)

    assert out.getvalue().strip() == "send_reminders: sent=1, failed=0, gone=0, raced=0"


# Daylight-saving changes: 08:30 local, on the day before and the day of each change, as the
# UTC instant it is that day (written out, not computed the way the code computes it).
EIGHT_THIRTY_AROUND_CHANGES = [
    ("Europe/Berlin", date(2026, 3, 28), datetime(2026, 3, 28, 7, 30, tzinfo=UTC)),  # CET
    ("Europe/Berlin", date(2026, 3, 29), datetime(2026, 3, 29, 6, 30, tzinfo=UTC)),  # CEST
    ("Europe/Berlin", date(2026, 10, 24), datetime(2026, 10, 24, 6, 30, tzinfo=UTC)),  # CEST
    ("Europe/Berlin", date(2026, 10, 25), datetime(2026, 10, 25, 7, 30, tzinfo=UTC)),  # CET
    ("America/New_York", date(2026, 3, 7), datetime(2026, 3, 7, 13, 30, tzinfo=UTC)),  # EST
    ("America/New_York", date(2026, 3, 8), datetime(2026, 3, 8, 12, 30, tzinfo=UTC)),  # EDT
    ("America/New_York", date(2026, 10, 31), datetime(2026, 10, 31, 12, 30, tzinfo=UTC)),  # EDT
    ("America/New_York", date(2026, 11, 1), datetime(2026, 11, 1, 13, 30, tzinfo=UTC)),  # EST
]


@pytest.mark.parametrize(("zone", "day", "instant"), EIGHT_THIRTY_AROUND_CHANGES)
def test_eight_thirty_is_eight_thirty_local_on_both_sides_of_a_change(
    alice: User, zone: str, day: date, instant: datetime
) -> None:
    alice.timezone = zone
    reminder = remind(alice)

    assert due_night(reminder, instant - MINUTE) is None
    assert due_night(reminder, instant) == day - timedelta(days=1)


def test_a_reminder_is_sent_at_eight_thirty_on_the_morning_clocks_went_forward(
    bob: User,
) -> None:
    remind(bob)  # Europe/Berlin

    run(datetime(2026, 3, 29, 6, 29, tzinfo=UTC))
    assert mail.outbox == []

    run(datetime(2026, 3, 29, 6, 30, tzinfo=UTC))
    assert "?night=2026-03-28" in mail.outbox[0].body


def test_a_time_skipped_by_spring_forward_is_sent_just_after_the_gap(bob: User) -> None:
    reminder = remind(bob, at="02:30")
    # On 2026-03-29 Berlin's clocks go from 02:00 to 03:00: 02:30 is read with fold=0, as
    # 02:30 CET, which is 03:30 CEST (01:30 UTC).
    assert due_night(reminder, datetime(2026, 3, 29, 1, 29, tzinfo=UTC)) is None
    assert due_night(reminder, datetime(2026, 3, 29, 1, 30, tzinfo=UTC)) == date(2026, 3, 28)


def test_a_time_repeated_by_fall_back_is_sent_at_the_first_and_only_once(bob: User) -> None:
    reminder = remind(bob, at="02:30")
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET, an hour later
    assert due_night(reminder, first - MINUTE) is None
    assert due_night(reminder, first) == date(2026, 10, 24)

    run(first)
    run(second)

    assert len(mail.outbox) == 1


def test_a_reminder_is_due_in_the_patients_own_zone(alice: User, bob: User) -> None:
    remind(alice)  # New York, 13:30 UTC
    remind(bob)  # Berlin, 07:30 UTC

    run(datetime(2026, 11, 30, 7, 30, tzinfo=UTC))

    assert [message.to for message in mail.outbox] == [["bob@example.org"]]

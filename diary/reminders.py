"""Reminders to log last night: when one is due, what it says, and sending it once.

A patient sets a wall-clock time in their own zone and a channel (diary.models.Reminder).
`send_due` (run by `manage.py send_reminders` every few minutes) sends a reminder when:

- its time has come today in the patient's zone, and not more than REMINDER_WINDOW_HOURS ago
  (a run after a long outage skips it rather than sending it hours late);
- last night, the night of the day before (domain.md section 2: the night that began that
  evening), is not logged yet; a draft of it does not count as logged, since the sleep part
  is still missing, which is what the reminder is for;
- the channel can reach the patient (a confirmed address for e-mail; push configured and a
  subscribed browser for push); and
- no reminder for that night was claimed yet (ReminderSent's unique constraint), so two runs,
  even at the same moment, send it once.

The time is read as zoneinfo reads a wall-clock time with fold=0 (as domain.md reads the
diary's times): on a spring-forward day a time that does not exist (02:30 in Berlin) falls
after the gap (03:30 local), and on a fall-back day a time that occurs twice means the first.
"""

import logging
import smtplib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import pgettext

from diary import push
from diary.choices import AccountType
from diary.languages import language_for
from diary.models import Channel, Night, Reminder, ReminderSent, User
from diary.wording import Wording

logger = logging.getLogger(__name__)

# Claims older than this are of no further use (a reminder is at most a day and a window
# late) and are deleted by each run.
KEEP_CLAIMS = timedelta(days=14)


def occurrence(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant (UTC) at which wall-clock `at` falls on `day` in `zone` (fold=0)."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def due_night(reminder: Reminder, now: datetime) -> date | None:
    """The night `reminder` is due for at `now`, if its time has come within the window."""
    zone = reminder.user.tzinfo
    window = timedelta(hours=settings.REMINDER_WINDOW_HOURS)
    today = now.astimezone(zone).date()
    # Yesterday's time too: a reminder at 23:30 is still within its window at 00:30.
    for day in (today, today - timedelta(days=1)):
        start = occurrence(day, reminder.time, zone)
        if start <= now < start + window:
            return day - timedelta(days=1)
    return None


@dataclass(frozen=True)
class Due:
    reminder: Reminder
    night: date

    @property
    def user(self) -> User:
        return self.reminder.user


def due_reminders(now: datetime) -> list[Due]:
    """Every reminder to send at `now`, not yet claimed."""
    reminders = (
        Reminder.objects.exclude(channel=Channel.OFF)
        .filter(user__is_active=True, user__account_type=AccountType.PATIENT)
        .select_related("user")
        # Who has a browser to push to, and the browsers to send to, in one query for all.
        .prefetch_related("user__push_subscriptions")
    )
    if not push.push_configured():
        reminders = reminders.exclude(channel=Channel.PUSH)
    candidates = [
        Due(reminder, night)
        for reminder in reminders
        if (night := due_night(reminder, now)) is not None and reachable(reminder)
    ]
    if not candidates:
        return []
    # Two queries for all of them, not two per patient.
    user_ids = {due.user.pk for due in candidates}
    nights = {due.night for due in candidates}
    logged = set(
        Night.objects.filter(patient_id__in=user_ids, night__in=nights).values_list(
            "patient_id", "night"
        )
    )
    claimed = set(
        ReminderSent.objects.filter(user_id__in=user_ids, night__in=nights).values_list(
            "user_id", "night"
        )
    )
    done = logged | claimed
    return [
        due
        for due in candidates
        if (due.user.pk, due.night) not in done
        and (due.reminder.channel != Channel.PUSH or due.user.push_subscriptions.all())
    ]


def reachable(reminder: Reminder) -> bool:
    if reminder.channel == Channel.EMAIL:
        return bool(reminder.user.email)
    return reminder.channel == Channel.PUSH


def night_path(night: date) -> str:
    """The log form, opened on `night`."""
    return f"{reverse('night-create')}?night={night.isoformat()}"


def _context(user: User, night: date) -> dict[str, Any]:
    return {
        "user": user,
        # The child's name in a diary a parent keeps, where the mail would say "your diary".
        "wording": Wording(user),
        "night": night,
        # The format is translated too: "Sunday 29 November", "Sonntag, 29. November".
        "night_words": date_format(
            night, pgettext("date format (Django's date filter) of a night in a reminder", "l j F")
        ),
        "url": settings.SITE_URL + night_path(night),
        "settings_url": f"{settings.SITE_URL}{reverse('reminders')}",
    }


def render_reminder(user: User, night: date) -> EmailMessage:
    """The reminder mail for `night`, in the active language."""
    context = _context(user, night)
    subject = render_to_string("reminders/reminder_subject.txt", context)
    body = render_to_string("reminders/reminder_email.txt", context)
    return EmailMessage(" ".join(subject.split()), body, None, [user.email])


def push_payload(user: User, night: date) -> dict[str, str]:
    """What the service worker (static/js/sw-push.js) shows, in the active language. The url is
    a path: the service worker opens it on its own origin, whatever SITE_URL says."""
    context = _context(user, night)
    return {
        "title": context["wording"].reminder_title,
        "body": context["wording"].reminder_missing(context["night_words"]),
        "url": night_path(night),
    }


def _send(due: Due) -> bool:
    """Sends one reminder; True if it went out. Raises on a failure worth retrying."""
    user = due.user
    with translation.override(language_for(user)):
        if due.reminder.channel == Channel.EMAIL:
            render_reminder(user, due.night).send()
            return True
        payload = push_payload(user, due.night)
    ttl = settings.REMINDER_WINDOW_HOURS * 3600
    delivered = False
    failure: push.PushFailed | None = None
    for subscription in list(user.push_subscriptions.all()):
        try:
            delivered |= push.send_push(subscription, payload, ttl=ttl)
        except push.PushFailed as error:
            failure = error
    if failure is not None and not delivered:
        raise failure
    return delivered


def claim(due: Due, now: datetime) -> ReminderSent | None:
    """The claim on (patient, night), or None when another run has it."""
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(
                user=due.user, night=due.night, channel=due.reminder.channel, claimed_at=now
            )
    except IntegrityError:
        return None


def send_due(now: datetime) -> Counter[str]:
    """Sends every reminder due at `now`; counts of "sent", "failed" (released for a retry
    within the window), "gone" (no browser left) and "raced" (another run claimed it)."""
    counts: Counter[str] = Counter()
    ReminderSent.objects.filter(claimed_at__lt=now - KEEP_CLAIMS).delete()
    for due in due_reminders(now):
        claimed = claim(due, now)
        if claimed is None:
            counts["raced"] += 1
            continue
        try:
            sent = _send(due)
        except (smtplib.SMTPException, OSError, push.PushFailed) as error:
            # Released: a later run within the window tries again. No address in the log.
            claimed.delete()
            counts["failed"] += 1
            logger.error("A reminder could not be sent (%s)", type(error).__name__)
            continue
        except BaseException:
            claimed.delete()
            raise
        if sent:
            counts["sent"] += 1
        else:
            # Every browser had unsubscribed: nothing to retry; the claim stays.
            counts["gone"] += 1
    return counts

"""Shared set-up for the reminder tests."""

from datetime import time

from diary.models import Channel, Reminder, User


def remind(user: User, at: str = "08:30", channel: str = Channel.EMAIL) -> Reminder:
    """A reminder for `user` (and a confirmed address when it goes by e-mail)."""
    if channel == Channel.EMAIL and not user.email:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    hour, minute = map(int, at.split(":"))
    return Reminder.objects.create(user=user, time=time(hour, minute), channel=channel)

"""A patient's daily reminder to log last night (diary.reminders), the reminders already sent,
and the browsers that may receive one as a web push notification (diary.push)."""

from datetime import time

from django.db import models
from django.utils.translation import gettext_lazy as _

from diary.models.accounts import User


class Channel(models.TextChoices):
    OFF = "off", _("Off")
    EMAIL = "email", _("E-mail")
    PUSH = "push", _("Notification in this browser")


class Reminder(models.Model):
    """One per patient who has set one; no row is the same as channel "off"."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="reminder"
    )
    # Wall-clock time in the patient's own zone (User.timezone), so 08:30 stays 08:30 local
    # across a daylight-saving change and when the patient moves zones.
    time = models.TimeField(_("reminder time"), default=time(8, 30))
    channel = models.CharField(
        _("send it by"), max_length=8, choices=Channel.choices, default=Channel.OFF
    )

    def __str__(self) -> str:
        return f"{self.time:%H:%M} {self.channel}"


class ReminderSent(models.Model):
    """A reminder for (user, night) claimed before it is sent: the unique constraint lets only
    one run of send_reminders send it, however many run at once. A failed send deletes the row
    again, so a later run within the window retries."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reminders_sent")
    night = models.DateField()
    channel = models.CharField(max_length=8, choices=Channel.choices)
    claimed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "night"], name="one_reminder_a_night"),
        ]

    def __str__(self) -> str:
        return f"{self.night} {self.channel}"


class PushSubscription(models.Model):
    """A browser's push subscription (the Push API's PushSubscription.toJSON()). The endpoint is
    the push service's URL for that browser; p256dh and auth are its keys, with which the
    payload is encrypted so that the push service cannot read it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        # The endpoint is a capability URL: not shown whole.
        return f"push subscription {self.pk}"

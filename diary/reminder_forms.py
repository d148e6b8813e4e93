"""The reminder settings form and the service that stores it (diary.reminders sends)."""

from datetime import time
from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from diary import push
from diary.fields import ClockField
from diary.forms import TimeInput
from diary.models import Channel, Reminder, User


class ReminderForm(forms.Form):
    time = ClockField(
        label=_("Time"),
        help_text=_("In your time zone, as on your clock, whatever the season."),
        widget=TimeInput(),
    )
    # Every channel is a choice, so that one that cannot reach the patient gets a message
    # saying why rather than "not one of the choices"; the page shows only those it can offer.
    channel = forms.ChoiceField(
        label=_("Send it by"), choices=Channel.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        reminder = Reminder.objects.filter(user=user).first() or Reminder(user=user)
        self.initial.setdefault("time", reminder.time)
        offered = {choice for choice, _label in self.offered_channels()}
        self.initial.setdefault(
            "channel", reminder.channel if reminder.channel in offered else Channel.OFF
        )

    def offered_channels(self) -> list[tuple[str, Any]]:
        """The channels this patient can use here (push still needs a browser that can)."""
        return [
            (value, label)
            for value, label in Channel.choices
            if value == Channel.OFF
            or (value == Channel.EMAIL and self.user.email)
            or (value == Channel.PUSH and push.push_configured())
        ]

    def clean_channel(self) -> str:
        channel: str = self.cleaned_data["channel"]
        if channel == Channel.EMAIL and not self.user.email:
            raise forms.ValidationError(
                _("You have no confirmed e-mail address. Add one in Settings first."),
                code="no_address",
            )
        if channel == Channel.PUSH and not push.push_configured():
            raise forms.ValidationError(
                _("Notifications are not available on this site."), code="no_push"
            )
        if channel == Channel.PUSH and not self.user.push_subscriptions.exists():
            raise forms.ValidationError(
                _("Allow notifications in this browser first."), code="no_subscription"
            )
        return channel


def save_reminder(*, user: User, at: time, channel: str) -> Reminder:
    """Stores the patient's reminder. Any other channel than push forgets their browsers'
    subscriptions: nothing is pushed to them any more, and a browser that asks again
    subscribes again."""
    with transaction.atomic():
        reminder = Reminder.objects.filter(user=user).first() or Reminder(user=user)
        reminder.time, reminder.channel = at, channel
        reminder.full_clean()
        reminder.save()
        if channel != Channel.PUSH:
            user.push_subscriptions.all().delete()
    return reminder

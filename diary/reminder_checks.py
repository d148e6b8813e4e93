"""`manage.py check --deploy` for reminders: the links in a reminder mail come from SITE_URL,
which the command cannot learn from a request; and web push needs both VAPID keys."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning


@register(Tags.security, deploy=True)
def reminder_links_reach_the_site(**_kwargs: Any) -> list[CheckMessage]:
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.hostname not in (None, "localhost", "127.0.0.1"):
        return []
    return [
        CheckWarning(
            f"Links in reminder mails point to {settings.SITE_URL}.",
            hint="Set SITE_URL to the site's https address, e.g. https://diary.example.org.",
            id="diary.W010",
        )
    ]


@register(deploy=True)
def both_vapid_keys_or_neither(**_kwargs: Any) -> list[CheckMessage]:
    if bool(settings.VAPID_PUBLIC_KEY) == bool(settings.VAPID_PRIVATE_KEY):
        return []
    return [
        CheckWarning(
            "Only one of VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY is set: web push is off.",
            hint="Set both (python manage.py vapid_keys prints a pair), or neither.",
            id="diary.W011",
        )
    ]

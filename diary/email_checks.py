"""`manage.py check --deploy`: a production site that prints its mail to the console would put
every password-reset link, which alone sets a new password, into the server's log."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning

from rlsdiary.email_url import CONSOLE


@register(Tags.security, deploy=True)
def mail_leaves_the_server(**_kwargs: Any) -> list[CheckMessage]:
    if settings.EMAIL_BACKEND != CONSOLE:
        return []
    return [
        CheckWarning(
            "Mail is printed to the console, password-reset links included.",
            hint="Set EMAIL_URL (e.g. smtp+tls://user:password@mail.example.org) or EMAIL_HOST.",
            id="diary.W001",
        )
    ]

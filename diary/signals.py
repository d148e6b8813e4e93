from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from diary.models import Night, Treatment, User
from diary.sessions import refresh_expiry


@receiver(post_save, sender=Night)
@receiver(post_delete, sender=Night)
@receiver(post_save, sender=Treatment)
@receiver(post_delete, sender=Treatment)
def mark_diary_changed(
    sender: type[Night | Treatment], instance: Night | Treatment, **kwargs: Any
) -> None:
    # Cached trends are keyed by this version; treatments are drawn on the charts too.
    instance.patient.bump_nights_version()


@receiver(user_logged_in)
def start_idle_timeout(
    sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    # A log-in outside a browser (no session) has nothing to time out.
    if request is not None and hasattr(request, "session"):
        refresh_expiry(request.session, user)

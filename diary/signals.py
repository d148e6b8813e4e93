from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from diary.models import Assessment, LabResult, Night, Treatment, User
from diary.sessions import refresh_expiry

Entry = Night | Treatment | LabResult | Assessment


@receiver(post_save, sender=Night)
@receiver(post_delete, sender=Night)
@receiver(post_save, sender=Treatment)
@receiver(post_delete, sender=Treatment)
@receiver(post_save, sender=LabResult)
@receiver(post_delete, sender=LabResult)
@receiver(post_save, sender=Assessment)
@receiver(post_delete, sender=Assessment)
def mark_diary_changed(sender: type[Entry], instance: Entry, **kwargs: Any) -> None:
    # Cached trends and the dashboard's review snapshots (insights.snapshots) are keyed by
    # this version; treatments are drawn on the charts, lab results and assessments flagged.
    User.bump_nights_version_of(instance.patient_id)


@receiver(user_logged_in)
def start_idle_timeout(
    sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    # A log-in outside a browser (no session) has nothing to time out.
    if request is not None and hasattr(request, "session"):
        refresh_expiry(request.session, user)

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from diary.models import Night, Treatment


@receiver(post_save, sender=Night)
@receiver(post_delete, sender=Night)
@receiver(post_save, sender=Treatment)
@receiver(post_delete, sender=Treatment)
def mark_diary_changed(
    sender: type[Night | Treatment], instance: Night | Treatment, **kwargs: Any
) -> None:
    # Cached trends are keyed by this version; treatments are drawn on the charts too.
    instance.patient.bump_nights_version()

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from diary.models import Night


@receiver(post_save, sender=Night)
@receiver(post_delete, sender=Night)
def mark_nights_changed(sender: type[Night], instance: Night, **kwargs: Any) -> None:
    instance.patient.bump_nights_version()

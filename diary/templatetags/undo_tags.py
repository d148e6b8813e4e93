"""The "previous versions" of an entry on its edit page (diary.undo), for the patient who
entered it; nothing for anyone else (a clinician editing their own lab result)."""

from typing import Any

from django import template
from django.utils import timezone

from diary import undo

register = template.Library()


@register.inclusion_tag("diary/includes/previous_versions.html", takes_context=True)
def previous_versions(context: dict[str, Any], kind: str, entry_id: int | None) -> dict[str, Any]:
    user = context.get("user")
    if entry_id is None or user is None or not getattr(user, "is_patient", False):
        return {"versions": []}
    versions = undo.previous_versions(
        patient=user, kind=undo.kind_of(kind), entry_id=entry_id, now=timezone.now()
    )
    return {
        "versions": versions,
        "kind": kind,
        "entry_id": entry_id,
        "kept_days": undo.KEPT.days,
        "csrf_token": context.get("csrf_token"),
    }

"""The page's part of offline logging (diary.offline): the words and settings offline.js reads."""

from typing import Any

from django import template
from django.utils import timezone

from diary.access import is_patient
from diary.offline import account_key

register = template.Library()


@register.inclusion_tag("includes/offline.html", takes_context=True)
def offline_block(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    if not is_patient(user):
        return {"patient": False}
    match = request.resolver_match
    return {
        "patient": True,
        "account": account_key(user),
        # When the page was made, in the patient's zone: a kept copy shows it ("as of ...").
        # Naive, so that the date filter does not move it back to the server's zone.
        "made_at": timezone.localtime(timezone=user.tzinfo).replace(tzinfo=None),
        "page": match.url_name if match else "",
        "next": request.get_full_path(),
    }

"""How lab results and assessments read on the pages (domain.md section 10)."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from diary.models import Assessment, LabResult, User

register = template.Library()


@register.filter
def entered_by_label(entry: LabResult | Assessment) -> str:
    """`you` for the patient's own entry, else the clinician's username, as section 10 keeps it,
    marked once their account is deleted."""
    who = entry.entered_by
    if who == "patient":
        # Translators: in the "Entered by" column of the lab results, the patient themselves.
        return _("you")
    if entry.author_deleted:
        if who:
            return _("%(username)s (account deleted)") % {"username": who}
        return _("a deleted account")
    return who


@register.filter
def draw_conditions(lab: LabResult) -> str:
    """The conditions that can make ferritin read high; "usual" when neither applies."""
    notes = []
    if not lab.iron_free_24h:
        notes.append(_("iron tablet in the 24 h before"))
    if lab.recent_illness:
        notes.append(_("fever or infection in the 4 weeks before"))
    # Translators: in the "Draw" column of the lab results: neither condition applied.
    return "; ".join(notes) or _("usual")


@register.inclusion_tag("diary/includes/clinician_entries.html")
def clinician_entries(patient: User, clinician: User) -> dict[str, Any]:
    """On the review page: the add buttons, and what this clinician entered for the patient with
    its edit and delete links (the only entries they may change)."""
    mine = {"patient": patient, "entered_by_user": clinician}
    return {
        "patient": patient,
        "labs": LabResult.objects.filter(**mine).order_by("-drawn", "-pk"),
        "assessments": Assessment.objects.filter(**mine).order_by("-assessed", "-pk"),
    }

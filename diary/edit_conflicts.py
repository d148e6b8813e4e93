"""Edit pages that do not lose a change made elsewhere (issue 13).

An edit form carries the version of the entry it was opened with (a hidden field, see
diary.versions). When the form comes back and the entry has changed since, nothing is saved:
the page shows again with what the user typed, a message, and what is saved now, and the form
now carries the new version, so that sending it again replaces the saved entry with it.
A form sent without a version (an older page) saves as before.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.forms import BaseForm, BoundField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diary.formatting import NIGHT_DATE, dated
from diary.versions import version_of

VERSION_FIELD = "version"

CHANGED_ELSEWHERE = {
    "night": gettext_lazy(
        "This night was changed elsewhere since you opened it: here is what is saved now; "
        "save again to replace it with yours."
    ),
    "treatment": gettext_lazy(
        "This treatment was changed elsewhere since you opened it: here is what is saved now; "
        "save again to replace it with yours."
    ),
    "labresult": gettext_lazy(
        "This lab result was changed elsewhere since you opened it: here is what is saved "
        "now; save again to replace it with yours."
    ),
    "assessment": gettext_lazy(
        "This assessment was changed elsewhere since you opened it: here is what is saved "
        "now; save again to replace it with yours."
    ),
}


@dataclass(frozen=True)
class EditConflict:
    """What the page says when the entry changed since the form was opened."""

    message: str
    saved: list[tuple[str, str]]  # each field's label and what is stored, as text


def is_stale(values: Mapping[str, Any], current: Any) -> bool:
    """The form was opened from another version than `current` (as stored, locked)."""
    sent = values.get(VERSION_FIELD)
    return sent is not None and sent != version_of(current)


def conflict(stored_form: BaseForm) -> EditConflict:
    """The conflict for an unbound form of the entry as it is stored now."""
    entry = getattr(stored_form, "instance", None)
    name = entry._meta.model_name if entry is not None else ""
    return EditConflict(
        message=str(CHANGED_ELSEWHERE.get(name, CHANGED_ELSEWHERE["night"])),
        saved=[(str(bound.label), shown(bound)) for bound in stored_form if not bound.is_hidden],
    )


def shown(bound: BoundField) -> str:
    """A field's stored value as the page would show it: a choice by its label, a time as
    HH:MM, nothing as a dash."""
    value = bound.value()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "" or value == []:
        return "—"
    choices = getattr(bound.field, "choices", None)
    if choices:
        labels = {str(key): str(label) for key, label in choices}
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(labels.get(str(item), str(item)) for item in values)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return dated(value, NIGHT_DATE)
    return str(value)

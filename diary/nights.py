"""One night of the diary, read, judged and saved one way (domain.md section 2).

`clean_night` is the only path by which a night is parsed and validated: the web page, the API
serializer and the CSV importer all call it, so the same bad input gets the same field-level
words everywhere. Parsing is the night form's strict fields (diary.forms.NightForm); the rules
are the model's own (field validators, the set vocabulary, Night.clean's cross-field rules).
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from diary.forms import DUPLICATE, BulkNightForm, NightForm, duplicate_error
from diary.models import ENTRY_FIELDS, Night, User


class InvalidNight(ValidationError):
    """The night's field-level errors; `form` is the bound form, to show them with what was
    typed still in place."""

    def __init__(self, form: NightForm) -> None:
        super().__init__(form.errors.as_data())
        self.form = form


def clean_night(
    *,
    patient: User,
    values: Mapping[str, Any],
    instance: Night | None = None,
    in_bulk: bool = False,
) -> Night:
    """The night `values` describe, validated and not yet saved (`instance` updated in memory).

    `values` maps ENTRY_FIELDS to what was sent: text (a form, a CSV cell), JSON values, or
    Python dates, times and lists; sets are lists of words; a missing required field is
    "required". Raises InvalidNight with every problem, field by field.

    `in_bulk=True` is for one of many nights judged at once (an import): the same rules, but no
    database query. Whether the patient has already logged the night is left to the caller, and
    the model's check constraints (which the field rules already cover) to the database at the
    insert: an importer does both for the whole file at once (one query, one bulk insert)
    instead of eight queries a night.
    """
    form_class = BulkNightForm if in_bulk else NightForm
    form = form_class(values, patient=patient, instance=instance, query_database=not in_bulk)
    if not form.is_valid():
        raise InvalidNight(form)
    night = form.instance
    night.__dict__.pop("metrics", None)  # derived from the old times, if it was ever read
    return night


def entry_values(night: Night) -> dict[str, Any]:
    """What is stored, as clean_night takes it: the starting point of a partial change."""
    return {name: getattr(night, name) for name in ENTRY_FIELDS}


def save_night(night: Night) -> Night:
    """Store a night that clean_night returned. A night logged meanwhile by another request
    (the unique constraint decides) is the same "already logged" error as clean_night's."""
    try:
        with transaction.atomic():
            night.save()
    except IntegrityError:
        raise ValidationError({"night": [duplicate_error(night.night)]}) from None
    return night


def is_duplicate_only(error: ValidationError) -> bool:
    """The night is already logged and nothing else is wrong (the API's 409)."""
    problems = error.error_dict if hasattr(error, "error_dict") else {}
    return list(problems) == ["night"] and all(
        problem.code == DUPLICATE for problem in problems["night"]
    )

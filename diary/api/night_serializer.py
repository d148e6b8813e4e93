"""A night in JSON, validated by the model exactly as the web form validates it.

Like a ModelForm, each field is first parsed on its own; then the model's own validation
(Night.full_clean: field validators, the set vocabulary and Night.clean's cross-field rules)
runs over a working copy, leaving out the fields that failed to parse. Both kinds of error come
back together, field by field, with the model's words, whichever way the night arrived: the
API, the web form or a CSV import (diary.importing uses this serializer row by row).
"""

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.fields import SkipField, empty, get_error_detail
from rest_framework.settings import api_settings

from diary.api.fields import (
    ChoiceSetListField,
    ClockField,
    DayField,
    EfficiencyField,
    FormChoiceField,
    ReadOnlyInt,
    WholeNumberField,
)
from diary.choices import Area, Factor, Relief, Sensation, SleepQuality
from diary.metrics import onset_offset_min
from diary.models import Night, User

NOTES_MAX_LENGTH = 2000
DUPLICATE_CODE = "duplicate"


class NightConflict(ValidationError):
    """The night is already logged: a 409, with the usual field-level body."""

    status_code = 409


def duplicate_message(night: Any) -> str:
    # The web form's words (diary.forms.NightForm.clean_night), without its HTML link.
    return _("You have already logged the night of %(night)s.") % {"night": night.isoformat()}


class NightSerializer(serializers.Serializer):
    night = DayField(help_text="The evening the night began, YYYY-MM-DD.")
    in_bed = ClockField()
    lights_out = ClockField()
    sleep_latency_min = WholeNumberField(0, 720)
    awakenings = WholeNumberField(0, 50)
    waso_min = WholeNumberField(0, 720)
    final_wake = ClockField()
    out_of_bed = ClockField()
    sleep_quality = FormChoiceField(choices=SleepQuality.choices)
    severity = FormChoiceField(choices=[(n, str(n)) for n in range(11)])
    onset = ClockField(required=False, allow_null=True, default=None)
    sensations = ChoiceSetListField(Sensation, required=False, default=list)
    areas = ChoiceSetListField(Area, required=False, default=list)
    relief = ChoiceSetListField(Relief, required=False, default=list)
    factors = ChoiceSetListField(Factor, required=False, default=list)
    notes = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        allow_null=True,
        # Kept exactly as sent, spaces and all, so a CSV round trip gives the same file.
        trim_whitespace=False,
        # The validator the web form's notes field uses, so the message is the same.
        validators=[MaxLengthValidator(NOTES_MAX_LENGTH)],
    )
    time_in_bed_min = ReadOnlyInt(source="metrics.time_in_bed_min")
    total_sleep_min = ReadOnlyInt(source="metrics.total_sleep_min")
    sleep_efficiency_pct = EfficiencyField(source="metrics.sleep_efficiency_pct")
    terminal_wake_min = ReadOnlyInt(source="metrics.terminal_wake_min")
    sleep_loss_min = ReadOnlyInt(source="metrics.sleep_loss_min")
    onset_offset_min = serializers.SerializerMethodField(
        help_text="Minutes from 06:00 on `night` to onset; null without an onset."
    )

    def get_onset_offset_min(self, night: Night) -> int | None:
        return None if night.onset is None else onset_offset_min(night.onset)

    @property
    def patient(self) -> User:
        return self.context["patient"]

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            message = self.error_messages["invalid"].format(datatype=type(data).__name__)
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]}, code="invalid")
        values, errors = self._parse_fields(data)
        working = self._working_copy(values, failed=errors)
        try:
            # As ModelForm._post_clean: the check constraints mirror these validators and the
            # unique one is checked below with the form's message; the patient is our own.
            working.full_clean(
                exclude={"patient", *errors}, validate_unique=False, validate_constraints=False
            )
        except DjangoValidationError as exc:
            for name, problems in exc.error_dict.items():
                key = api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name
                errors.setdefault(key, get_error_detail(DjangoValidationError(problems)))
        check_duplicate = self.context.get("check_duplicate", True)
        if "night" not in errors and check_duplicate and self._is_duplicate(working):
            errors["night"] = [
                serializers.ErrorDetail(duplicate_message(working.night), DUPLICATE_CODE)
            ]
        if errors:
            raise _error(errors)
        self._working = working
        return values

    def _parse_fields(self, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        values: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for field in self._writable_fields:
            try:
                value = field.run_validation(field.get_value(data))
            except ValidationError as exc:
                errors[field.field_name] = exc.detail
            except DjangoValidationError as exc:
                errors[field.field_name] = get_error_detail(exc)
            except SkipField:
                continue
            else:
                values[field.field_name] = value
        if "notes" in values and values["notes"] is None:
            values["notes"] = ""
        return values, errors

    def _working_copy(self, values: Mapping[str, Any], failed: Iterable[str]) -> Night:
        # A copy, so that a refused update leaves the stored instance untouched.
        working = copy.copy(self.instance) if self.instance else Night(patient=self.patient)
        working.__dict__.pop("metrics", None)  # a cached_property of the old times
        for name, value in values.items():
            setattr(working, name, value)
        for name in failed:
            # Unset, so Night.clean waits for this field rather than judging an old value.
            setattr(working, name, None)
        return working

    def _is_duplicate(self, working: Night) -> bool:
        others = Night.objects.filter(patient=self.patient, night=working.night)
        if working.pk is not None:
            others = others.exclude(pk=working.pk)
        return others.exists()

    def is_valid(self, *, raise_exception: bool = False) -> bool:
        # DRF re-raises a plain 400; a night that is only a duplicate deserves its 409.
        valid = super().is_valid()
        if not valid and raise_exception:
            raise _error(dict(self.errors))
        return valid

    def run_validation(self, data: Any = empty) -> Any:
        # The model has already judged the whole night in to_internal_value.
        is_empty, data = self.validate_empty_values(data)
        if is_empty:
            return data
        return self.to_internal_value(data)

    def create(self, validated_data: dict[str, Any]) -> Night:
        return self._save()

    def update(self, instance: Night, validated_data: dict[str, Any]) -> Night:
        return self._save()

    def _save(self) -> Night:
        working = self._working
        try:
            with transaction.atomic():
                working.save()
        except IntegrityError:
            # Another request logged the same night between our check and this insert.
            raise NightConflict(
                {"night": [duplicate_message(working.night)]}, code=DUPLICATE_CODE
            ) from None
        return working


def _error(errors: dict[str, Any]) -> ValidationError:
    only_duplicate = list(errors) == ["night"] and any(
        getattr(detail, "code", None) == DUPLICATE_CODE for detail in errors["night"]
    )
    return NightConflict(errors) if only_duplicate else ValidationError(errors)


class ClinicNightSerializer(NightSerializer):
    """A night in the clinic-wide list, led by its patient's username."""

    patient = serializers.CharField(source="patient.username", read_only=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {"patient": fields.pop("patient"), **fields}

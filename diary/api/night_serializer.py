"""A night in JSON, read and judged by diary.nights.clean_night like the web form and the CSV
import, so the same bad input gets the same field-level words whichever way it arrived.

The declared fields describe the JSON (output and the OpenAPI schema); parsing and validation
are clean_night's.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.fields import get_error_detail

from diary.api.fields import (
    ChoiceSetListField,
    ClockField,
    DayField,
    EfficiencyField,
    FormChoiceField,
    ReadOnlyInt,
    WholeNumberField,
)
from diary.api.judged import JudgedSerializer, field_errors
from diary.choices import Area, DayMood, Factor, Relief, Sensation, SleepQuality
from diary.metrics import onset_offset_min
from diary.models import Night
from diary.nights import InvalidNight, clean_night, entry_values, is_duplicate_only, save_night

NOTES_MAX_LENGTH = 2000


class NightConflict(ValidationError):
    """The night is already logged: a 409, with the usual field-level body."""

    status_code = 409


class NightSerializer(JudgedSerializer):
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
    day_fatigue = WholeNumberField(
        0,
        10,
        required=False,
        allow_null=True,
        default=None,
        help_text="How tired or sleepy the patient felt during the day of `night`: "
        "0 not at all, 10 exhausted; null when not given.",
    )
    day_mood = FormChoiceField(
        choices=DayMood.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="Mood during the day of `night`; null when not given.",
    )
    time_in_bed_min = ReadOnlyInt(source="metrics.time_in_bed_min")
    total_sleep_min = ReadOnlyInt(source="metrics.total_sleep_min")
    sleep_efficiency_pct = EfficiencyField(source="metrics.sleep_efficiency_pct")
    terminal_wake_min = ReadOnlyInt(source="metrics.terminal_wake_min")
    sleep_loss_min = ReadOnlyInt(source="metrics.sleep_loss_min")
    onset_offset_min = serializers.SerializerMethodField(
        help_text="Minutes from 06:00 on `night` to onset; null without an onset."
    )

    # Set by to_internal_value: the only problem is that the night is already logged.
    conflict = False
    entry: Night

    def get_onset_offset_min(self, night: Night) -> int | None:
        return None if night.onset is None else onset_offset_min(night.onset)

    def judge(self, data: Mapping[str, Any]) -> None:
        stored = entry_values(self.instance) if self.instance is not None else {}
        try:
            self.entry = clean_night(
                patient=self.diary_owner, values=self.merged(data, stored), instance=self.instance
            )
        except InvalidNight as invalid:
            self.conflict = is_duplicate_only(invalid)
            raise ValidationError(field_errors(invalid)) from None

    def is_valid(self, *, raise_exception: bool = False) -> bool:
        # DRF re-raises a plain 400; a night that is only a duplicate deserves its 409.
        valid = super().is_valid()
        if not valid and raise_exception:
            raise (NightConflict if self.conflict else ValidationError)(dict(self.errors))
        return valid

    def create(self, validated_data: dict[str, Any]) -> Night:
        return self._save()

    def update(self, instance: Night, validated_data: dict[str, Any]) -> Night:
        return self._save()

    def _save(self) -> Night:
        try:
            return save_night(self.entry)
        except DjangoValidationError as lost_race:
            # Another request logged the same night between the check and this insert.
            raise NightConflict(get_error_detail(lost_race)) from None


class ClinicNightSerializer(NightSerializer):
    """A night in the clinic-wide list, led by its patient's username."""

    patient = serializers.CharField(source="patient.username", read_only=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {"patient": fields.pop("patient"), **fields}

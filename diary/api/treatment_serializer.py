"""A treatment in JSON (domain.md section 9), read and judged by diary.treatments.clean_treatment
like the web form, so the same bad input gets the same field-level words whichever way it came.

The declared fields describe the JSON (output and the OpenAPI schema); parsing and validation
are clean_treatment's.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from diary.api.fields import ClockField, DayField
from diary.api.judged import JudgedSerializer, field_errors
from diary.choices import DoseUnit, DrugClass, Schedule, TreatmentKind
from diary.models import Treatment
from diary.models.treatments import MAX_DOSE
from diary.transfer.treatments_csv import plain_dose
from diary.treatments import InvalidTreatment, clean_treatment, save_treatment, treatment_values


@extend_schema_field(
    {
        "type": "number",
        "minimum": 0,
        "exclusiveMinimum": True,
        "maximum": int(MAX_DOSE),
        "nullable": True,
        "example": 0.25,
        "description": "More than 0, at most 100000, at most 3 decimals; per day for a course, "
        'per session for a session. A decimal string such as "0.25" is read too.',
    }
)
class DoseField(serializers.Field):
    """A dose out as a plain JSON number: 0.25, or 100 for a stored 100.000."""

    def to_representation(self, value: Decimal) -> int | Decimal:
        plain = Decimal(plain_dose(value))
        return int(plain) if plain == plain.to_integral_value() else plain


class EmptyAsNullChoiceField(serializers.ChoiceField):
    """A choice stored as "" when absent, written as null (section 6: a missing value)."""

    def to_representation(self, value: Any) -> Any:
        return None if value == "" else super().to_representation(value)


class TreatmentSerializer(JudgedSerializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=TreatmentKind.choices)
    schedule = serializers.ChoiceField(
        choices=Schedule.choices,
        required=False,
        help_text="Optional: medication and iron_oral are courses; iron_iv, ketamine_iv and "
        "cryotherapy sessions; other either (course when left out).",
    )
    name = serializers.CharField(
        max_length=80,
        required=False,
        allow_blank=True,
        help_text='A catalogue name (e.g. "pramipexole") or free text; required for medication.',
    )
    drug_class = serializers.ChoiceField(
        choices=DrugClass.choices, read_only=True, help_text="Derived from the name."
    )
    dose = DoseField(required=False, allow_null=True)
    dose_unit = EmptyAsNullChoiceField(
        choices=DoseUnit.choices,
        required=False,
        allow_null=True,
        help_text="Required with a dose, null without; mg_per_24h is a patch.",
    )
    dose_time = ClockField(
        required=False, allow_null=True, help_text="Courses: usual time of the last daily dose."
    )
    started = DayField(help_text="A course's first day; a session's date.")
    stopped = DayField(
        required=False,
        allow_null=True,
        help_text="Courses only: the last day taken; null while ongoing.",
    )
    notes = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, trim_whitespace=False, max_length=500
    )

    treatment: Treatment

    def judge(self, data: Mapping[str, Any]) -> None:
        stored = treatment_values(self.instance) if self.instance is not None else {}
        values = self.merged(data, stored)
        new_kind = self.instance is not None and data.get("kind", stored["kind"]) != stored["kind"]
        if values is not data and new_kind and "schedule" not in data:
            # A new kind without a schedule takes that kind's own, as a new treatment would.
            values = {**values, "schedule": ""}
        try:
            self.treatment = clean_treatment(
                patient=self.diary_owner, values=values, instance=self.instance
            )
        except InvalidTreatment as invalid:
            raise ValidationError(field_errors(invalid)) from None

    def create(self, validated_data: dict[str, Any]) -> Treatment:
        return save_treatment(self.treatment)

    def update(self, instance: Treatment, validated_data: dict[str, Any]) -> Treatment:
        return save_treatment(self.treatment)

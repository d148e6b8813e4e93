"""Serializer fields for the JSON of domain.md section 6.

Parse errors reuse the web form's own messages (django.forms), so the same bad input gets the
same words through the API and the form; range and cross-field rules are left to the model.
"""

from datetime import date, time
from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diary.transfer.csv_format import efficiency_decimal

CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@extend_schema_field(
    {"type": "string", "pattern": CLOCK_PATTERN, "example": "22:30", "description": "HH:MM"}
)
class ClockField(serializers.TimeField):
    """A local wall-clock time, HH:MM in and out; seconds are refused rather than dropped."""

    default_error_messages = {"invalid": forms.TimeField.default_error_messages["invalid"]}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", input_formats=["%H:%M"], **kwargs)

    def to_internal_value(self, value: Any) -> time:
        # strptime would take "7:5"; the contract (and CSV) is two digits each.
        if not isinstance(value, str) or len(value) != 5:
            self.fail("invalid")
        return super().to_internal_value(value)


class DayField(serializers.DateField):
    default_error_messages = {"invalid": forms.DateField.default_error_messages["invalid"]}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", input_formats=["%Y-%m-%d"], **kwargs)

    def to_internal_value(self, value: Any) -> date:
        # strptime would take "2026-1-5"; the contract (and CSV) is YYYY-MM-DD.
        if isinstance(value, str) and len(value) != 10:
            self.fail("invalid")
        return super().to_internal_value(value)


class WholeNumberField(serializers.IntegerField):
    """An integer whose range the model checks (with its own words); the range given here
    only describes it in the schema."""

    default_error_messages = {"invalid": forms.IntegerField.default_error_messages["invalid"]}

    def __init__(self, low: int, high: int, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", f"{low}–{high}")
        super().__init__(**kwargs)
        set_override(self, "field", {"type": "integer", "minimum": low, "maximum": high})

    def to_internal_value(self, data: Any) -> int:
        # Booleans are ints to Python; a client sending true meant something else.
        if isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


class FormChoiceField(serializers.ChoiceField):
    """A numeric scale (severity, sleep quality) refused in the web form's words."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or str(data) not in self.choice_strings_to_values:
            message = forms.ChoiceField.default_error_messages["invalid_choice"]
            raise serializers.ValidationError(message % {"value": data}, code="invalid_choice")
        return self.choice_strings_to_values[str(data)]


class ChoiceSetListField(serializers.ListField):
    """A set from a fixed vocabulary as a JSON array, written in the vocabulary's order.

    Unknown words pass through to the model field, whose validate() names them, so the API,
    the import and the model give one message.
    """

    def __init__(self, vocabulary: type[models.TextChoices], **kwargs: Any) -> None:
        self.vocabulary = vocabulary
        kwargs.setdefault("child", serializers.CharField(trim_whitespace=False))
        super().__init__(**kwargs)
        words = {"type": "string", "enum": list(vocabulary.values)}
        set_override(self, "field", {"type": "array", "items": words, "uniqueItems": True})


@extend_schema_field(
    {
        "type": "number",
        "format": "double",
        "nullable": True,
        "readOnly": True,
        "description": "100 × TST / TIB, 1 decimal rounded half up; null when TIB is 0.",
    }
)
class EfficiencyField(serializers.Field):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: float) -> Decimal | None:
        # The JSON encoder writes a Decimal as a number, keeping the one decimal.
        return efficiency_decimal(value)


@extend_schema_field(OpenApiTypes.INT)
class ReadOnlyInt(serializers.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

"""Serializer fields for the JSON of domain.md section 6: how values are written out and how the
OpenAPI schema describes them. Input is parsed and judged by diary.nights.clean_night and
diary.treatments.clean_treatment (the serializers hand the raw JSON to them), never here.
"""

from decimal import Decimal
from typing import Any

from django.db import models
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diary.transfer.csv_format import efficiency_decimal

CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


@extend_schema_field(
    {"type": "string", "pattern": CLOCK_PATTERN, "example": "22:30", "description": "HH:MM"}
)
class ClockField(serializers.TimeField):
    """A local wall-clock time, written HH:MM."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class DayField(serializers.DateField):
    """A date, written YYYY-MM-DD."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class WholeNumberField(serializers.IntegerField):
    """An integer; its range (the model's) is stated in the schema."""

    def __init__(self, low: int, high: int, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", f"{low}–{high}")
        super().__init__(**kwargs)
        set_override(self, "field", {"type": "integer", "minimum": low, "maximum": high})


class FormChoiceField(serializers.ChoiceField):
    """A numeric scale (severity, sleep quality, mood): its values listed in the schema."""


class ChoiceSetListField(serializers.ListField):
    """A set from a fixed vocabulary as a JSON array, in the vocabulary's order."""

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

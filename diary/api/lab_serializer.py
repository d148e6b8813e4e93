"""Lab results and assessments in JSON (domain.md sections 6 and 10), read and judged by
diary.labs.clean_lab / clean_assessment like the web forms, so the same bad input gets the same
field-level words whichever way it came.

The declared fields describe the JSON (output and the OpenAPI schema); parsing and validation
are the service's. Context: `patient` (whose record) and `by` (who writes).
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import set_override
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from diary.api.fields import DayField, WholeNumberField
from diary.api.judged import JudgedSerializer, field_errors
from diary.labs import (
    InvalidEntry,
    assessment_values,
    clean_assessment,
    clean_lab,
    lab_values,
    save_entry,
)
from diary.models import Assessment, LabResult, User
from diary.models.labs import computed_tsat

# Section 10's defaults. The form reads a missing checkbox as false, so a body that leaves
# them out gets these before the form sees it.
BOOLEAN_DEFAULTS: dict[str, bool] = {"iron_free_24h": True, "recent_illness": False}
NOT_A_BOOLEAN = _("Must be true or false.")


class OneDecimalField(serializers.Field):
    """A lab value as a JSON number with its one decimal (45.0 stays 45.0), or null."""

    def __init__(self, low: str, high: str, *, exclusive_low: bool = False, **kwargs: Any) -> None:
        kwargs["help_text"] = " ".join((kwargs.get("help_text", ""), "At most 1 decimal.")).strip()
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)
        schema: dict[str, Any] = {
            "type": "number",
            "nullable": True,
            "minimum": float(low),
            "maximum": float(high),
        }
        if exclusive_low:
            schema["exclusiveMinimum"] = True
        set_override(self, "field", schema)

    def to_representation(self, value: Decimal) -> Decimal:
        # The JSON encoder writes a Decimal as a number, keeping the stored decimal.
        return value


class EntrySerializer(JudgedSerializer):
    """Who writes (`by` in the context) is recorded on a new entry and logged by save_entry."""

    entry: LabResult | Assessment

    @property
    def author(self) -> User:
        by: User = self.context["by"]
        return by

    def create(self, validated_data: dict[str, Any]) -> LabResult | Assessment:
        save_entry(self.entry, by=self.author, created=True)
        return self.entry

    def update(self, instance: Any, validated_data: dict[str, Any]) -> LabResult | Assessment:
        save_entry(self.entry, by=self.author, created=False)
        return self.entry


class LabResultSerializer(EntrySerializer):
    """A lab result (section 10): at least one of the six numbers; entered_by is read-only."""

    id = serializers.IntegerField(read_only=True)
    drawn = DayField(help_text="Not before 2000-01-01, not in the future.")
    ferritin_ng_ml = OneDecimalField("0", "10000", help_text="ng/mL (= µg/L).")
    tsat_pct = OneDecimalField(
        "0",
        "100",
        help_text="Transferrin saturation; left out or null with serum iron and TIBC given, "
        "it is 100 × iron / TIBC, 1 decimal half up.",
    )
    serum_iron_ug_dl = OneDecimalField("0", "1000")
    tibc_ug_dl = OneDecimalField("0", "1500", exclusive_low=True)
    hemoglobin_g_dl = OneDecimalField("1", "25")
    crp_mg_l = OneDecimalField("0", "1000", help_text="C-reactive protein.")
    iron_free_24h = serializers.BooleanField(
        default=True,
        help_text="No iron tablet in the 24 h before the draw; true when left out.",
    )
    recent_illness = serializers.BooleanField(
        default=False,
        help_text="Fever or infection in the 4 weeks before; false when left out.",
    )
    entered_by = serializers.CharField(
        read_only=True, help_text='"patient", or the username of the clinician who entered it.'
    )

    def judge(self, data: Mapping[str, Any]) -> None:
        problems = {
            name: [str(NOT_A_BOOLEAN)]
            for name in BOOLEAN_DEFAULTS
            if name in data and not isinstance(data[name], bool)
        }
        values = self._values(data)
        try:
            self.entry = clean_lab(
                patient=self.diary_owner, values=values, by=self.author, instance=self.instance
            )
        except InvalidEntry as invalid:
            problems = {**field_errors(invalid), **problems}
        if problems:
            raise ValidationError(problems)

    def _values(self, data: Mapping[str, Any]) -> Mapping[str, Any]:
        if not (self.partial and isinstance(self.instance, LabResult)):
            return {**BOOLEAN_DEFAULTS, **data}
        stored = lab_values(self.instance)
        iron, tibc = stored["serum_iron_ug_dl"], stored["tibc_ug_dl"]
        worked_out = iron is not None and tibc and stored["tsat_pct"] == computed_tsat(iron, tibc)
        if worked_out and "tsat_pct" not in data and {"serum_iron_ug_dl", "tibc_ug_dl"} & set(data):
            # A TSAT that was worked out follows a new iron or TIBC, as on a new entry.
            stored["tsat_pct"] = None
        return {**stored, **data}


class AssessmentSerializer(EntrySerializer):
    """A clinician's assessment (section 10): at least one of the three scores."""

    id = serializers.IntegerField(read_only=True)
    assessed = DayField(help_text="Not before 2000-01-01, not in the future.")
    irls_total = WholeNumberField(
        0, 40, required=False, allow_null=True, help_text="The IRLS total only, 0–40."
    )
    cgi_severity = WholeNumberField(
        1, 7, required=False, allow_null=True, help_text="1 normal … 7 among the most ill."
    )
    cgi_improvement = WholeNumberField(
        1, 7, required=False, allow_null=True, help_text="1 very much improved … 7 very much worse."
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=1000, trim_whitespace=False
    )
    entered_by = serializers.CharField(
        read_only=True, help_text="The username of the clinician who entered it."
    )

    def judge(self, data: Mapping[str, Any]) -> None:
        stored = assessment_values(self.instance) if self.instance is not None else {}
        try:
            self.entry = clean_assessment(
                patient=self.diary_owner,
                values=self.merged(data, stored),
                by=self.author,
                instance=self.instance,
            )
        except InvalidEntry as invalid:
            raise ValidationError(field_errors(invalid)) from None

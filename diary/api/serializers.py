"""Serializers for everything but the night (see night_serializer.py)."""

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from diary.api.fields import DayField
from diary.models import Share, User
from insights.columns import OUTPUT_COLUMNS


class ProfileSerializer(serializers.ModelSerializer):
    # The model field's validators (validate_timezone, 240–720) come along, so the messages are
    # the settings page's.
    class Meta:
        model = User
        fields = ("username", "account_type", "timezone", "sleep_need_min")
        read_only_fields = ("username", "account_type")


class ShareSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(
        choices=["pending", "active", "expired", "revoked"], read_only=True
    )
    clinician = serializers.CharField(
        source="clinician.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Share
        fields = (
            "id",
            "status",
            "created_at",
            "expires_at",
            "clinician",
            "redeemed_at",
            "revoked_at",
        )
        read_only_fields = fields


class NewShareSerializer(ShareSerializer):
    code = serializers.CharField(
        read_only=True, help_text="Shown only in this answer: give it to your clinician."
    )

    class Meta(ShareSerializer.Meta):
        fields = (*ShareSerializer.Meta.fields, "code")
        read_only_fields = fields


class RedeemSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64, help_text="The patient's share code.")


class PatientSerializer(serializers.ModelSerializer):
    shared_since = serializers.DateTimeField(
        read_only=True, help_text="When this clinician redeemed the patient's code."
    )

    class Meta:
        model = User
        fields = ("id", "username", "shared_since")
        read_only_fields = fields


class WeekSerializer(serializers.Serializer):
    """A row of insights.weekly.format_weekly, already rounded; null for an empty value."""

    week_start = serializers.DateField(read_only=True)
    nights_logged = serializers.IntegerField(read_only=True)
    symptomatic_nights = serializers.IntegerField(read_only=True)
    mean_severity = serializers.DecimalField(
        max_digits=4, decimal_places=2, coerce_to_string=False, allow_null=True, read_only=True
    )
    max_severity = serializers.IntegerField(allow_null=True, read_only=True)
    median_onset = serializers.CharField(
        allow_null=True, read_only=True, help_text="HH:MM, or null with no onset that week."
    )
    mean_total_sleep_min = serializers.DecimalField(
        max_digits=6, decimal_places=1, coerce_to_string=False, allow_null=True, read_only=True
    )
    mean_sleep_efficiency_pct = serializers.DecimalField(
        max_digits=4, decimal_places=1, coerce_to_string=False, allow_null=True, read_only=True
    )
    total_sleep_loss_min = serializers.IntegerField(allow_null=True, read_only=True)
    mean_sleep_latency_min = serializers.DecimalField(
        max_digits=4, decimal_places=1, coerce_to_string=False, allow_null=True, read_only=True
    )

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        # format_weekly already rounded half up; re-quantizing would use DRF's rounding.
        return {name: instance[name] for name in OUTPUT_COLUMNS}


class DateRangeSerializer(serializers.Serializer):
    """The from=/to= query filters, both inclusive and optional."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # `from` is a Python keyword, so the fields are built here rather than declared.
        return {
            "from": DayField(required=False, help_text="First night, inclusive (YYYY-MM-DD)."),
            "to": DayField(required=False, help_text="Last night, inclusive (YYYY-MM-DD)."),
        }

    @property
    def bounds(self) -> tuple[date | None, date | None]:
        return self.validated_data.get("from"), self.validated_data.get("to")


class ImportProblemSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="File line, the header being line 1.")
    column = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ImportConflictSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    night = serializers.DateField()
    message = serializers.CharField()


class ImportRefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = ImportProblemSerializer(many=True)
    conflicts = ImportConflictSerializer(many=True)


class ImportDoneSerializer(serializers.Serializer):
    imported = serializers.IntegerField(help_text="Nights added.")
    detail = serializers.CharField()


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("A nights CSV (domain section 5), UTF-8."))

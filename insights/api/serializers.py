from typing import Any

from rest_framework import serializers

from insights.columns import OUTPUT_COLUMNS


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
    mean_day_fatigue = serializers.DecimalField(
        max_digits=3,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        read_only=True,
        help_text="Mean day_fatigue (0–10) over the week's entries that have one; "
        "null when none has.",
    )

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        # format_weekly already rounded half up; re-quantizing would use DRF's rounding.
        return {name: instance[name] for name in OUTPUT_COLUMNS}

from typing import Any

from rest_framework import serializers

from diary.choices import TreatmentKind
from insights.columns import OUTPUT_COLUMNS
from insights.response_columns import RESPONSE_COLUMNS


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


EMPTY = "null when the window has no nights"
CHANGE = "after - before from the exact values, rounded like the figure; null unless enough"


def _date(help_text: str, allow_null: bool = False) -> serializers.DateField:
    return serializers.DateField(read_only=True, allow_null=allow_null, help_text=help_text)


def _count(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(read_only=True, help_text=help_text)


def _whole(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(allow_null=True, read_only=True, help_text=help_text)


def _decimal(places: int, help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=6,
        decimal_places=places,
        coerce_to_string=False,
        allow_null=True,
        read_only=True,
        help_text=help_text,
    )


def _clock(help_text: str) -> serializers.CharField:
    return serializers.CharField(allow_null=True, read_only=True, help_text=help_text)


class ResponseRowSerializer(serializers.Serializer):
    """One course or session series with its nights before and after (domain.md section 11);
    every figure rounded half up from its exact value, null when empty."""

    treatment_id = serializers.IntegerField(
        read_only=True, help_text="The course, or the series' first session."
    )
    kind = serializers.ChoiceField(choices=TreatmentKind.choices, read_only=True)
    name = serializers.CharField(read_only=True)
    start = _date("The course's start, or the series' first session.")
    last = _date("The series' last session; null for a course.", allow_null=True)
    before_from = _date("start - 28")
    before_to = _date("start - 1")
    after_from = _date("course: start + 14; iron_iv series: last + 14; other series: last + 1")
    after_to = _date("course: min(start + 41, stopped); iron_iv: last + 41; other: last + 28")
    before_nights_logged = _count("Nights logged in the before window.")
    after_nights_logged = _count("Nights logged in the after window.")
    before_mean_severity = _decimal(2, EMPTY)
    after_mean_severity = _decimal(2, EMPTY)
    change_mean_severity = _decimal(2, CHANGE)
    before_symptomatic_pct = _whole(f"Whole percent of nights with severity >= 1; {EMPTY}")
    after_symptomatic_pct = _whole(f"Whole percent of nights with severity >= 1; {EMPTY}")
    change_symptomatic_pct = _whole(CHANGE)
    before_median_onset = _clock(f"HH:MM; {EMPTY} or no onset")
    after_median_onset = _clock(f"HH:MM; {EMPTY} or no onset")
    change_median_onset = _whole(
        "Signed minutes between the two rounded medians, positive = later; null unless enough"
    )
    before_mean_total_sleep_min = _decimal(1, EMPTY)
    after_mean_total_sleep_min = _decimal(1, EMPTY)
    change_mean_total_sleep_min = _decimal(1, CHANGE)
    before_mean_sleep_loss_min = _decimal(1, EMPTY)
    after_mean_sleep_loss_min = _decimal(1, EMPTY)
    change_mean_sleep_loss_min = _decimal(1, CHANGE)
    before_mean_day_fatigue = _decimal(1, f"{EMPTY} or none has a day fatigue")
    after_mean_day_fatigue = _decimal(1, f"{EMPTY} or none has a day fatigue")
    change_mean_day_fatigue = _decimal(1, CHANGE)
    severity_range_low = _decimal(2, "change_mean_severity - 1.96 standard errors")
    severity_range_high = _decimal(2, "change_mean_severity + 1.96 standard errors")
    clear = serializers.BooleanField(
        allow_null=True, read_only=True, help_text="The range excludes 0; null unless enough."
    )
    enough = serializers.BooleanField(
        read_only=True, help_text="Both windows have at least 14 logged nights."
    )
    overlaps = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="treatment_id of every other row starting, stopping or with a session "
        "from before_from to after_to.",
    )

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        # format_response already rounded half up; re-quantizing would use DRF's rounding.
        return {name: instance[name] for name in RESPONSE_COLUMNS}

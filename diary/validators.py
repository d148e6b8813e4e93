"""Validators defined once and used by the models, the web forms and the API alike."""

from collections.abc import Collection
from datetime import date, time
from functools import cache
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from diary.metrics import SleepTimes, elapsed_min, instants, zone

EARLIEST_NIGHT = date(2000, 1, 1)


def validate_timezone(name: str) -> None:
    if name not in _known_timezones():
        raise ValidationError(
            _("“%(name)s” is not a time zone name such as Europe/Berlin or America/New_York."),
            code="invalid_timezone",
            params={"name": name},
        )


@cache  # reading the zone database takes a while; it does not change while we run
def _known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(_known_timezones())]


def between(low: int, high: int) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]


# What a date in the future is told, by the model's rule and, for a date too far ahead to judge
# (diary.fields.LATEST_DAY), by the form's parsing alike.
FUTURE_NIGHT = _("That night is in the future. Log a night once it has begun.")
FUTURE_TREATMENT = _("That date is in the future. Record a treatment once it has begun.")
FUTURE_DATE = _("That date is in the future.")

validate_not_before_2000 = MinValueValidator(
    EARLIEST_NIGHT, message=_("Nights before 1 January 2000 can't be logged.")
)


# What a night with severity 0 (no symptoms) must leave empty besides the onset, with the
# message for each; factors (possible triggers) may still be given (domain.md section 2).
_SYMPTOM_SETS = {
    "sensations": _("Leave the sensations empty when severity is 0 (no symptoms)."),
    "areas": _("Leave the body areas empty when severity is 0 (no symptoms)."),
    "relief": _("Leave “What helped” empty when severity is 0 (no symptoms)."),
}


def night_errors(
    *,
    night: date | None,
    today: date,
    times: SleepTimes | None,
    severity: int | None,
    onset: time | None,
    sensations: Collection[str] | None,
    areas: Collection[str] | None,
    relief: Collection[str] | None,
    tz_name: str,
) -> dict[str, ValidationError]:
    """The rules that span fields (domain.md section 2), as field-level errors.

    A value that is None (it failed its own validation) is not judged here; the severity-0
    rules do not need a valid night.
    """
    errors: dict[str, ValidationError] = {}
    if night is not None and night > today:
        errors["night"] = ValidationError(FUTURE_NIGHT, code="future")
    if severity == 0:
        if onset is not None:
            errors["onset"] = ValidationError(
                _("Leave the onset empty when severity is 0 (no symptoms)."),
                code="onset_without_symptoms",
            )
        for name, given in (("sensations", sensations), ("areas", areas), ("relief", relief)):
            if given:
                errors[name] = ValidationError(
                    _SYMPTOM_SETS[name], code="symptoms_without_severity"
                )
    if times is not None:
        errors.update(_order_errors(times, tz_name))
    return errors


def _order_errors(times: SleepTimes, tz_name: str) -> dict[str, ValidationError]:
    at = instants(times, zone(tz_name))
    errors: dict[str, ValidationError] = {}
    if at.lights_out < at.in_bed:
        errors["lights_out"] = ValidationError(
            _("Lights out can't be before the time you got into bed."), code="order"
        )
    if at.final_wake < at.lights_out:
        errors["final_wake"] = ValidationError(
            _("The final awakening can't be before lights out."), code="order"
        )
    if at.out_of_bed < at.final_wake:
        errors["out_of_bed"] = ValidationError(
            _("Getting out of bed can't be before the final awakening."), code="order"
        )
    if not errors:
        window = elapsed_min(at.lights_out, at.final_wake)
        awake = times.sleep_latency_min + times.waso_min
        if awake > window:
            errors["waso_min"] = ValidationError(
                _(
                    "Minutes to fall asleep plus minutes awake (%(awake)s) can't be more than "
                    "the %(window)s minutes from lights out to the final awakening."
                ),
                code="too_much_awake",
                params={"awake": awake, "window": window},
            )
    return errors

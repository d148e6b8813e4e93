"""The evening part of a night, kept until the patient finishes the sleep part in the morning.

A table of its own rather than a flag on Night: weeks, flags, charts, exports, the API and the
clinicians' pages all read Night, so a draft cannot reach any of them, and no query of Night
needs a filter it could forget (README, "Drafts of a night").

Each field is a clone of the Night field of the same name (same validators, choices, labels and
help), and the check constraints are Night's own conditions under other names: one set of
rules for a value, wherever it is stored.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from diary.models.accounts import User
from diary.models.nights import ENTRY_FIELDS, Night
from diary.validators import night_errors

# What a patient knows before going to sleep: the symptoms, the triggers, the day just past
# (tiredness, mood) and notes. The sleep items (SLEEP_FIELDS) wait for the morning.
EVENING_FIELDS = (
    "severity",
    "onset",
    "sensations",
    "areas",
    "relief",
    "factors",
    "notes",
    "day_fatigue",
    "day_mood",
)
DRAFT_FIELDS = ("night", *EVENING_FIELDS)
SLEEP_FIELDS = tuple(name for name in ENTRY_FIELDS if name not in DRAFT_FIELDS)

# Night's constraints that concern only the fields a draft has.
_MIRRORED_CONSTRAINTS = (
    "night_not_before_2000",
    "severity_in_range",
    "onset_only_with_symptoms",
    "daytime_impact_in_range",
    "symptoms_only_with_severity",
)


def _night_field(name: str) -> models.Field:
    field: models.Field = Night._meta.get_field(name).clone()  # type: ignore[union-attr]
    return field


def _mirrored_constraints() -> list[models.BaseConstraint]:
    # Constraint names are unique across the database's models, hence the prefix.
    return [
        models.CheckConstraint(condition=constraint.condition, name=f"draft_{constraint.name}")
        for constraint in Night._meta.constraints
        if isinstance(constraint, models.CheckConstraint)
        and constraint.name in _MIRRORED_CONSTRAINTS
    ]


class NightDraft(models.Model):
    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="night_drafts")
    night = _night_field("night")
    severity = _night_field("severity")
    onset = _night_field("onset")
    sensations = _night_field("sensations")
    areas = _night_field("areas")
    relief = _night_field("relief")
    factors = _night_field("factors")
    notes = _night_field("notes")
    day_fatigue = _night_field("day_fatigue")
    day_mood = _night_field("day_mood")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-night"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "night"], name="one_draft_per_night"),
            *_mirrored_constraints(),
        ]

    def __str__(self) -> str:
        return f"{self.patient} – {self.night} (draft)"

    def get_absolute_url(self) -> str:
        """The log form, opened on this night with the evening part filled in."""
        return f"{reverse('night-create')}?night={self.night.isoformat()}"

    def clean(self) -> None:
        super().clean()
        if self.patient_id is None:
            return
        # Night.clean's rules, less the sleep items' order, which a draft does not have yet.
        errors = night_errors(
            night=self.night if isinstance(self.night, date) else None,
            today=self.patient.today(),
            times=None,
            severity=self.severity,
            onset=self.onset,
            sensations=self.sensations,
            areas=self.areas,
            relief=self.relief,
            tz_name=self.patient.timezone,
        )
        if errors:
            raise ValidationError(errors)

from collections.abc import Collection
from datetime import date
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from diary.choices import Area, DayMood, Factor, Relief, Sensation, SleepQuality
from diary.fields import ChoiceSetField
from diary.metrics import NightMetrics, SleepTimes, compute_metrics
from diary.models.accounts import User
from diary.models.history import EntryHistory
from diary.validators import between, night_errors, validate_not_before_2000

# The fields a patient enters, in the order of domain.md sections 2 and 5 (form, CSV, API).
ENTRY_FIELDS = (
    "night",
    "in_bed",
    "lights_out",
    "sleep_latency_min",
    "awakenings",
    "waso_min",
    "final_wake",
    "out_of_bed",
    "sleep_quality",
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


class Night(models.Model):
    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="nights")
    night = models.DateField(
        _("night of"),
        validators=[validate_not_before_2000],
        help_text=_("The evening the night began."),
    )
    in_bed = models.TimeField(_("got into bed"))
    lights_out = models.TimeField(_("lights out"))
    sleep_latency_min = models.PositiveSmallIntegerField(
        _("minutes to fall asleep"), validators=between(0, 720)
    )
    awakenings = models.PositiveSmallIntegerField(_("times woken"), validators=between(0, 50))
    waso_min = models.PositiveSmallIntegerField(
        _("minutes awake during the night"), validators=between(0, 720)
    )
    final_wake = models.TimeField(_("final awakening"))
    out_of_bed = models.TimeField(_("got out of bed"))
    sleep_quality = models.PositiveSmallIntegerField(
        _("sleep quality"), choices=SleepQuality.choices
    )
    severity = models.PositiveSmallIntegerField(
        _("RLS severity"),
        validators=between(0, 10),
        help_text=_("Worst symptoms that night: 0 none, 10 worst imaginable."),
    )
    onset = models.TimeField(
        _("symptoms started"),
        null=True,
        blank=True,
        help_text=_("Leave empty if you don't know."),
    )
    sensations = ChoiceSetField(_("sensations"), vocabulary=Sensation)
    areas = ChoiceSetField(_("body areas"), vocabulary=Area)
    relief = ChoiceSetField(_("what helped"), vocabulary=Relief)
    factors = ChoiceSetField(_("possible triggers"), vocabulary=Factor)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    # Daytime impact of the day of `night` (the day before the night): optional on every path,
    # and allowed with severity 0, since fatigue and mood have causes besides RLS.
    day_fatigue = models.PositiveSmallIntegerField(
        _("daytime tiredness"),
        null=True,
        blank=True,
        validators=between(0, 10),
        help_text=_(
            "How tired or sleepy you felt during the day before this night: "
            "0 not at all, 10 exhausted."
        ),
    )
    day_mood = models.PositiveSmallIntegerField(
        _("mood that day"), null=True, blank=True, choices=DayMood.choices
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = EntryHistory()  # kept versions: the 30-day "recently deleted" and previous versions

    # Not a field: whether validate_constraints asks the database (see there).
    query_constraints = True

    class Meta:
        ordering = ["-night"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "night"],
                name="one_entry_per_patient_per_night",
                violation_error_message=_("You have already logged this night."),
            ),
            models.CheckConstraint(
                condition=Q(night__gte=date(2000, 1, 1)), name="night_not_before_2000"
            ),
            models.CheckConstraint(
                condition=Q(sleep_latency_min__lte=720, waso_min__lte=720, awakenings__lte=50),
                name="sleep_counts_in_range",
            ),
            models.CheckConstraint(
                condition=Q(sleep_quality__gte=1, sleep_quality__lte=5),
                name="sleep_quality_in_range",
            ),
            models.CheckConstraint(condition=Q(severity__lte=10), name="severity_in_range"),
            models.CheckConstraint(
                condition=Q(onset__isnull=True) | Q(severity__gte=1),
                name="onset_only_with_symptoms",
            ),
            models.CheckConstraint(
                condition=(Q(day_fatigue__isnull=True) | Q(day_fatigue__lte=10))
                & (Q(day_mood__isnull=True) | Q(day_mood__gte=1, day_mood__lte=5)),
                name="daytime_impact_in_range",
            ),
            # Sets are stored `;`-joined, an empty set as "" (diary.fields.ChoiceSetField).
            models.CheckConstraint(
                condition=Q(severity__gte=1) | Q(sensations="", areas="", relief=""),
                name="symptoms_only_with_severity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patient} – {self.night}"

    def get_absolute_url(self) -> str:
        return reverse("night-edit", args=[self.night.isoformat()])

    @property
    def sleep_times(self) -> SleepTimes:
        return SleepTimes(
            night=self.night,
            in_bed=self.in_bed,
            lights_out=self.lights_out,
            sleep_latency_min=self.sleep_latency_min,
            waso_min=self.waso_min,
            final_wake=self.final_wake,
            out_of_bed=self.out_of_bed,
        )

    @cached_property
    def metrics(self) -> NightMetrics:
        """Derived from the stored times and the patient's current settings, never stored."""
        return compute_metrics(self.sleep_times, self.patient.tzinfo, self.patient.sleep_need)

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        # Django judges each CheckConstraint with a database query of its own: seven a night,
        # which were most of a 5 MB import's time. The field validators and clean() refuse the
        # same values with field-level words, and the database checks every constraint again
        # at the insert, so a night of an import (clean_night(in_bulk=True)) skips them.
        if self.query_constraints:
            super().validate_constraints(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        if self.patient_id is None:
            return
        errors = night_errors(
            night=self.night if isinstance(self.night, date) else None,
            today=self.patient.today(),
            times=self._complete_times(),
            severity=self.severity,
            onset=self.onset,
            sensations=self.sensations,
            areas=self.areas,
            relief=self.relief,
            tz_name=self.patient.timezone,
        )
        if errors:
            raise ValidationError(errors)

    def _complete_times(self) -> SleepTimes | None:
        # Fields that failed their own validation are left unset; the order rules then wait
        # until those are fixed rather than adding a second, confusing message.
        times = self.sleep_times
        if any(getattr(times, name) is None for name in times.__dataclass_fields__):
            return None
        return times

"""Treatments (domain.md section 9): courses taken regularly and dated sessions."""

from collections.abc import Collection
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from diary import catalogue
from diary.choices import DoseUnit, Schedule, TreatmentKind
from diary.models.accounts import User
from diary.models.history import EntryHistory
from diary.validators import FUTURE_TREATMENT, validate_not_before_2000

MAX_DOSE = Decimal(100000)

# The fields a patient enters, in the order of domain.md sections 5 and 9 (CSV, API, form);
# drug_class is derived from the name.
TREATMENT_FIELDS = (
    "kind",
    "schedule",
    "name",
    "dose",
    "dose_unit",
    "dose_time",
    "started",
    "stopped",
    "notes",
)


class Treatment(models.Model):
    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="treatments")
    # Translators: the kind of treatment (medication, oral iron, an infusion, cryotherapy...).
    kind = models.CharField(_("kind"), max_length=16, choices=TreatmentKind.choices)
    schedule = models.CharField(
        # Translators: whether a treatment is a course taken regularly or a dated session.
        _("schedule"),
        max_length=8,
        choices=Schedule.choices,
        blank=True,  # filled from the kind when not given (see clean)
        help_text=_("A course is taken regularly; a session is one dated event."),
    )
    name = models.CharField(
        _("name"),
        max_length=80,
        blank=True,
        help_text=_("The medicine or product, e.g. pramipexole or ferric carboxymaltose."),
    )
    dose = models.DecimalField(
        _("dose"),
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.001"), message=_("A dose must be more than 0.")),
            MaxValueValidator(MAX_DOSE),
        ],
        help_text=_("Per day for a course, per session for a session."),
    )
    dose_unit = models.CharField(
        _("dose unit"), max_length=12, choices=DoseUnit.choices, blank=True
    )
    dose_time = models.TimeField(
        _("usual time of the last dose"),
        null=True,
        blank=True,
        help_text=_("For a course: when you usually take the last dose of the day."),
    )
    started = models.DateField(
        # Translators: a form label: the day a course starts or a session takes place.
        _("started"),
        validators=[validate_not_before_2000],
        help_text=_("A session's date; a course's first day."),
    )
    stopped = models.DateField(
        # Translators: a form label: a course's last day.
        _("stopped"),
        null=True,
        blank=True,
        help_text=_("A course's last day; leave empty while you still take it."),
    )
    notes = models.TextField(_("notes"), max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = EntryHistory()  # kept versions: the 30-day "recently deleted" and previous versions

    class Meta:
        ordering = ["started", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(started__gte=date(2000, 1, 1)), name="treatment_not_before_2000"
            ),
            models.CheckConstraint(
                condition=Q(schedule__in=Schedule.values), name="treatment_schedule_known"
            ),
            models.CheckConstraint(
                condition=Q(stopped__isnull=True) | Q(stopped__gte=F("started")),
                name="treatment_stops_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(stopped__isnull=True) | Q(schedule=Schedule.COURSE),
                name="only_a_course_stops",
            ),
            models.CheckConstraint(
                condition=Q(dose__isnull=True, dose_unit="")
                | Q(dose__isnull=False) & ~Q(dose_unit=""),
                name="dose_and_unit_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patient} – {self.name or self.get_kind_display()} from {self.started}"

    @property
    def drug_class(self) -> str:
        return catalogue.drug_class(self.name)

    @property
    def shown_name(self) -> str:
        """The name as pages, charts and the PDF show it: a catalogue drug in the reader's
        spelling ("ferric_carboxymaltose" reads "ferric carboxymaltose", "Pramipexol" in
        German), any other name as typed; without a name, the kind ("Cryotherapy")."""
        if not self.name:
            return str(self.get_kind_display())
        if catalogue.normalised_name(self.name) in catalogue.CATALOGUE:
            return catalogue.shown_name(self.name)
        return self.name

    @property
    def is_course(self) -> bool:
        return self.schedule == Schedule.COURSE

    @property
    def is_dopaminergic(self) -> bool:
        return self.is_course and self.drug_class in catalogue.DOPAMINERGIC

    def is_ongoing(self, today: date) -> bool:
        return self.is_course and (self.stopped is None or self.stopped >= today)

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        # clean() fills an empty schedule from the kind; still empty, the kind was missing or
        # unknown, which its own field already says, so the schedule is not judged on its own.
        if not self.schedule:
            exclude = {*(exclude or ()), "schedule"}
        super().validate_constraints(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        if not self.schedule and self.kind:
            self.schedule = catalogue.default_schedule(self.kind)
        fixed = catalogue.FIXED_SCHEDULE.get(self.kind)
        if fixed is not None and self.schedule and self.schedule != fixed:
            # One sentence per schedule, not the stored word "course" or "session" put into
            # one: the noun's gender and article differ between languages.
            always = (
                _("%(kind)s is always a course.")
                if fixed == Schedule.COURSE
                else _("%(kind)s is always a session.")
            )
            errors["schedule"] = ValidationError(
                always,
                code="schedule_of_kind",
                params={"kind": self.get_kind_display()},
            )
        if self.kind == TreatmentKind.MEDICATION and not self.name:
            errors["name"] = ValidationError(
                _("Name the medication, e.g. pramipexole."), code="name_required"
            )
        if self.dose is not None and not self.dose_unit:
            errors["dose_unit"] = ValidationError(
                _("Give the unit of the dose."), code="unit_required"
            )
        if self.dose is None and self.dose_unit and "dose" not in errors:
            errors["dose_unit"] = ValidationError(
                _("Leave the unit empty without a dose."), code="unit_without_dose"
            )
        started = self.started if isinstance(self.started, date) else None
        if self.patient_id is not None and started and started > self.patient.today():
            errors["started"] = ValidationError(FUTURE_TREATMENT, code="future")
        if self.stopped is not None:
            if self.schedule == Schedule.SESSION:
                errors["stopped"] = ValidationError(
                    _("A session has no stop date; only a course stops."), code="session_stop"
                )
            elif isinstance(self.started, date) and self.stopped < self.started:
                errors["stopped"] = ValidationError(
                    _("A course can't stop before it started."), code="order"
                )
        if errors:
            raise ValidationError(errors)

"""Lab results and clinician assessments (domain.md section 10)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from diary.models.accounts import User
from diary.models.history import EntryHistory
from diary.validators import EARLIEST_NIGHT, FUTURE_DATE

# The fields entered, in the order of domain.md section 10 (CSV, API, form); entered_by is
# derived from `entered_by_user`.
LAB_FIELDS = (
    "drawn",
    "ferritin_ng_ml",
    "tsat_pct",
    "serum_iron_ug_dl",
    "tibc_ug_dl",
    "hemoglobin_g_dl",
    "crp_mg_l",
    "iron_free_24h",
    "recent_illness",
)
LAB_NUMBERS = LAB_FIELDS[1:7]
ASSESSMENT_FIELDS = ("assessed", "irls_total", "cgi_severity", "cgi_improvement", "note")
ASSESSMENT_SCORES = ASSESSMENT_FIELDS[1:4]

validate_not_before_2000 = MinValueValidator(
    EARLIEST_NIGHT, message=_("Dates before 1 January 2000 can't be recorded.")
)


def _between(low: str, high: str) -> list[Any]:
    return [MinValueValidator(Decimal(low)), MaxValueValidator(Decimal(high))]


class EnteredBy(models.Model):
    """Who entered an entry: the patient (entered_by_user is the patient) or a clinician who
    had an active share then. Kept after a revoke: the entry is part of the patient's history."""

    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    # The link goes when the author's account is deleted; the entry stays in the patient's
    # record, marked with the username copied here when it was written.
    entered_by_user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    entered_by_username = models.CharField(max_length=150, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.entered_by_user is not None and not self.entered_by_username:
            self.entered_by_username = self.entered_by_user.get_username()
        super().save(*args, **kwargs)

    @property
    def entered_by(self) -> str:
        """`patient`, or the clinician's username (section 10), kept after their account goes."""
        if self.entered_by_user_id is not None and self.entered_by_user_id == self.patient_id:
            return "patient"
        return self.entered_by_username

    @property
    def author_deleted(self) -> bool:
        """The account that entered this is gone (only a clinician's can be: a patient's
        entries go with the patient)."""
        return self.entered_by_user_id is None

    def is_entered_by(self, user: User) -> bool:
        return self.entered_by_user_id == user.pk

    def clean_date(self, name: str) -> dict[str, ValidationError]:
        day = getattr(self, name)
        if self.patient_id is not None and isinstance(day, date) and day > self.patient.today():
            return {name: ValidationError(FUTURE_DATE, code="future")}
        return {}


class LabResult(EnteredBy):
    # Translators: a form label: the day the blood sample was taken.
    drawn = models.DateField(_("drawn on"), validators=[validate_not_before_2000])
    ferritin_ng_ml = models.DecimalField(
        _("ferritin (ng/mL)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_between("0", "10000"),
    )
    tsat_pct = models.DecimalField(
        _("transferrin saturation (%)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_between("0", "100"),
        help_text=_("Left empty, it is worked out from serum iron and TIBC when both are given."),
    )
    # Section 10 fixes one decimal for the others; iron and TIBC are "decimal" (two places here).
    serum_iron_ug_dl = models.DecimalField(
        _("serum iron (µg/dL)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_between("0", "1000"),
    )
    tibc_ug_dl = models.DecimalField(
        _("TIBC (µg/dL)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.01"), message=_("TIBC must be more than 0.")),
            MaxValueValidator(Decimal(1500)),
        ],
    )
    hemoglobin_g_dl = models.DecimalField(
        _("haemoglobin (g/dL)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_between("1", "25"),
    )
    crp_mg_l = models.DecimalField(
        _("CRP (mg/L)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_between("0", "1000"),
    )
    iron_free_24h = models.BooleanField(
        _("no iron tablet in the 24 h before the draw"), default=True
    )
    recent_illness = models.BooleanField(
        _("fever or infection in the 4 weeks before"),
        default=False,
        help_text=_("Ferritin reads high during and after an infection."),
    )
    # Kept versions, the clinicians' entries included: the 30-day "recently deleted" (the patient
    # restores what they deleted) and previous versions.
    history = EntryHistory()

    class Meta:
        ordering = ["drawn", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(drawn__gte=EARLIEST_NIGHT), name="lab_not_before_2000"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patient} – lab of {self.drawn}"

    # Set by the form when a number failed to parse: "give at least one result" would then be
    # a second, wrong message about the same field.
    unreadable_results = False

    def clean(self) -> None:
        super().clean()
        errors = self.clean_date("drawn")
        if not self.unreadable_results and all(getattr(self, n) is None for n in LAB_NUMBERS):
            errors[NON_FIELD] = ValidationError(
                _("Give at least one result (ferritin, TSAT, iron, TIBC, haemoglobin or CRP)."),
                code="no_result",
            )
        tsat = None
        if self.tsat_pct is None and self.serum_iron_ug_dl is not None and self.tibc_ug_dl:
            tsat = computed_tsat(self.serum_iron_ug_dl, self.tibc_ug_dl)
            if tsat > 100:  # TSAT is 0-100 %: iron above TIBC is a typing error
                errors["serum_iron_ug_dl"] = ValidationError(
                    _(
                        "Serum iron can't be more than TIBC (the saturation worked out from "
                        "them would be %(tsat)s %%)."
                    ),
                    code="iron_above_tibc",
                    # In the reader's decimal mark ("105,3" in German; the API's stays "105.3").
                    params={"tsat": number_format(tsat)},
                )
        if errors:
            raise ValidationError(errors)
        if tsat is not None:
            self.tsat_pct = tsat


NON_FIELD = "__all__"


def computed_tsat(serum_iron: Decimal, tibc: Decimal) -> Decimal:
    """100 × serum iron / TIBC, 1 decimal half up (section 10), from the exact quotient."""
    return (Decimal(100) * serum_iron / tibc).quantize(Decimal("0.1"), ROUND_HALF_UP)


class Assessment(EnteredBy):
    assessed = models.DateField(_("assessed on"), validators=[validate_not_before_2000])
    irls_total = models.PositiveSmallIntegerField(
        _("IRLS total"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
        help_text=_("0–40; the total only."),
    )
    cgi_severity = models.PositiveSmallIntegerField(
        _("CGI severity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_("1 normal … 7 among the most extremely ill."),
    )
    cgi_improvement = models.PositiveSmallIntegerField(
        _("CGI improvement"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_("1 very much improved … 4 no change … 7 very much worse."),
    )
    # Translators: a form label: the clinician's free-text note on an assessment.
    note = models.TextField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["assessed", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assessed__gte=EARLIEST_NIGHT), name="assessment_not_before_2000"
            ),
            models.CheckConstraint(
                condition=Q(irls_total__lte=40)
                & (Q(cgi_severity__isnull=True) | Q(cgi_severity__gte=1, cgi_severity__lte=7))
                & (
                    Q(cgi_improvement__isnull=True)
                    | Q(cgi_improvement__gte=1, cgi_improvement__lte=7)
                ),
                name="assessment_scores_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patient} – assessment of {self.assessed}"

    @property
    def irls_band(self) -> str:
        return irls_band(self.irls_total)

    unreadable_scores = False  # set by the form, as LabResult.unreadable_results

    def clean(self) -> None:
        super().clean()
        errors = self.clean_date("assessed")
        if not self.unreadable_scores and all(
            getattr(self, name) is None for name in ASSESSMENT_SCORES
        ):
            errors[NON_FIELD] = ValidationError(
                _("Give at least one score (IRLS total, CGI severity or CGI improvement)."),
                code="no_score",
            )
        if errors:
            raise ValidationError(errors)


def irls_band(total: int | None) -> str:
    """Section 10's bands: 0 none, 1–10 mild, 11–20 moderate, 21–30 severe, 31–40 very severe."""
    if total is None:
        return ""
    # A context of their own: "mild" or "none" of the IRLS severity may take another form or
    # gender than the same word elsewhere in the app.
    if total == 0:
        return pgettext("IRLS severity band", "none")
    bands = (
        (10, pgettext_lazy("IRLS severity band", "mild")),
        (20, pgettext_lazy("IRLS severity band", "moderate")),
        (30, pgettext_lazy("IRLS severity band", "severe")),
    )
    for top, band in bands:
        if total <= top:
            return str(band)
    return pgettext("IRLS severity band", "very severe")

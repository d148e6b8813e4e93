from datetime import date
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diary.choices import AccountType, Condition, FamilyHistory, Paper
from diary.fields import ChoiceSetField
from diary.metrics import zone
from diary.validators import between, validate_timezone

DEFAULT_SLEEP_NEED_MIN = 480


class User(AbstractUser):
    account_type = models.CharField(
        _("account type"), max_length=16, choices=AccountType.choices, default=AccountType.PATIENT
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    sleep_need_min = models.PositiveSmallIntegerField(
        _("sleep need (minutes)"),
        default=DEFAULT_SLEEP_NEED_MIN,
        validators=between(240, 720),
        help_text=_("How much sleep you need to feel rested, 240–720 minutes."),
    )
    # Clinical context (domain.md section 10), the patient's to fill in, shown to clinicians.
    conditions = ChoiceSetField(
        _("conditions"),
        vocabulary=Condition,
        help_text=_("Conditions that can come with restless legs."),
    )
    family_history = models.CharField(
        _("restless legs in the family"),
        max_length=8,
        choices=FamilyHistory.choices,
        default=FamilyHistory.UNKNOWN,
    )
    report_paper = models.CharField(
        _("paper for printed reports"),
        max_length=8,
        choices=Paper.choices,
        default=Paper.A4,
        help_text=_("The one-page PDF report is laid out for this paper."),
    )
    # Bumped whenever any of this user's nights change, in the same transaction, so cached
    # charts are keyed by it and go stale exactly when the data does, in every process.
    nights_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(sleep_need_min__gte=240, sleep_need_min__lte=720),
                name="sleep_need_in_range",
            ),
        ]

    @property
    def is_patient(self) -> bool:
        return self.account_type == AccountType.PATIENT

    @property
    def is_clinician(self) -> bool:
        return self.account_type == AccountType.CLINICIAN

    @property
    def tzinfo(self) -> ZoneInfo:
        return zone(self.timezone)

    def today(self) -> date:
        return timezone.now().astimezone(self.tzinfo).date()

    def bump_nights_version(self) -> None:
        User.objects.filter(pk=self.pk).update(nights_version=F("nights_version") + 1)

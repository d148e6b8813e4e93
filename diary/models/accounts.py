from collections.abc import Iterator
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from diary.children import (
    CHILD_NAME_MAX_LENGTH,
    Child,
    check_child,
    child_of,
    default_sleep_need_min,
)
from diary.choices import AccountType, Condition, FamilyHistory, Paper
from diary.fields import ChoiceSetField
from diary.metrics import zone
from diary.models.tokens import ApiToken
from diary.validators import between, validate_timezone

# The display name is kept in AbstractUser.first_name (see User.display_name), 150 characters.
DISPLAY_NAME_MAX_LENGTH = 150


class User(AbstractUser):  # type: ignore[django-manager-missing]  # ApiToken: knox has no hints
    account_type = models.CharField(
        _("account type"), max_length=16, choices=AccountType.choices, default=AccountType.PATIENT
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    # Empty until the patient sets their own: then User.sleep_need is the default for them, 8
    # hours or, in a child's diary, the least the AASM calls adequate at the child's age.
    sleep_need_min = models.PositiveSmallIntegerField(
        _("sleep need (minutes)"),
        null=True,
        blank=True,
        default=None,
        validators=between(240, 720),
        help_text=_(
            "How much sleep is needed to feel rested, 240–720 minutes. Leave it empty for the "
            "default: 8 hours, or in a child's diary the least recommended for the child's age."
        ),
    )
    # A diary a parent keeps for a child (README, "A child's diary"); checked in clean().
    kept_for_child = models.BooleanField(
        _("I keep this diary for my child"),
        default=False,
        help_text=_(
            "The diary then speaks of the child by name, and clinicians see the child's age. "
            "From 1 January of the year the child turns 18 it is an adult's diary again."
        ),
    )
    child_first_name = models.CharField(
        _("child's first name"), max_length=CHILD_NAME_MAX_LENGTH, blank=True
    )
    child_birth_year = models.PositiveSmallIntegerField(
        _("child's year of birth"), null=True, blank=True
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
    # Anyone may tick "clinician" at sign-up: a site administrator verifies the account in the
    # admin before it can redeem share codes (settings.CLINICIAN_VERIFICATION).
    clinician_verified = models.BooleanField(
        _("clinician verified"),
        default=False,
        help_text=_(
            "Checked by a site administrator who has confirmed that this clinician is who they "
            "say; until then the account cannot redeem share codes. Patients ignore it."
        ),
    )
    # Bumped whenever any of this user's nights, treatments, lab results or assessments
    # change, in the same transaction, so cached charts and review figures are keyed by it and
    # go stale exactly when the data does, in every process.
    nights_version = models.PositiveIntegerField(default=0, editable=False)
    # Part of the session auth hash: "sign out everywhere" bumps it, and every session signed
    # in before then stops matching, without a scan of the session table.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # AbstractUser.email holds only a confirmed address, the one password resets go to; an
    # address given at sign-up or in settings waits here until its link is followed
    # (diary.email_addresses).
    email_unconfirmed = models.EmailField(_("e-mail address waiting for confirmation"), blank=True)
    # Blank follows the browser (Accept-Language, or the footer's choice before signing in);
    # diary.languages.language_for reads it, for pages and for mail sent with no request.
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(sleep_need_min__gte=240, sleep_need_min__lte=720)
                | Q(sleep_need_min__isnull=True),
                name="sleep_need_in_range",
            ),
            # A reset must go to one account only; an unconfirmed address may be anyone's.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="confirmed_email_unique_ignoring_case",
                violation_error_message=_("Another account has this e-mail address."),
            ),
        ]

    @property
    def is_patient(self) -> bool:
        return self.account_type == AccountType.PATIENT

    @property
    def is_clinician(self) -> bool:
        return self.account_type == AccountType.CLINICIAN

    @property
    def awaiting_verification(self) -> bool:
        """A clinician account that may not redeem share codes yet."""
        return self.is_clinician and not self.clinician_verified and settings.CLINICIAN_VERIFICATION

    @property
    def display_name(self) -> str:
        """The name the person gave, shown beside the username (empty if none)."""
        return self.get_full_name()

    @display_name.setter
    def display_name(self, name: str) -> None:
        # One box on the forms: the whole name is kept as typed, in first_name.
        self.first_name, self.last_name = name, ""

    @property
    def child(self) -> Child | None:
        """The child this diary is kept for, None for an adult's own (and once the child turns
        18 this year)."""
        return child_of(
            kept_for_child=self.kept_for_child,
            first_name=self.child_first_name,
            birth_year=self.child_birth_year,
            today=self.today(),
        )

    @property
    def sleep_need(self) -> int:
        """The sleep need sleep loss is measured against (domain.md section 3): the patient's
        own, or the default for them."""
        if self.sleep_need_min is not None:
            return self.sleep_need_min
        return default_sleep_need_min(self.child)

    def clean(self) -> None:
        super().clean()
        if not self.kept_for_child:
            # Unticked, the child's details go: nothing is kept that nobody can see or change.
            self.child_first_name, self.child_birth_year = "", None
        elif not self.is_patient:
            raise ValidationError(
                {"kept_for_child": _("Only a patient's diary can be kept for a child.")}
            )
        # In the patient's own year: at New Year a child's age moves at their midnight.
        check_child(
            kept_for_child=self.kept_for_child,
            first_name=self.child_first_name,
            birth_year=self.child_birth_year,
            today=self.today(),
        )

    @property
    def tzinfo(self) -> ZoneInfo:
        return zone(self.timezone)

    def today(self) -> date:
        return timezone.now().astimezone(self.tzinfo).date()

    def set_unusable_password(self) -> None:
        # Django marks only set_password() (in _password); the admin's "disable password-based
        # authentication" comes here instead, and must end the tokens just the same.
        super().set_unusable_password()
        self._password_dropped = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Django sets _password only when set_password() is called (never for the rehash of an
        # upgraded hasher), and set_unusable_password() above marks itself: every way of
        # changing or removing a password, the forms and the admin included, ends here, so this
        # is the one place that ends the API tokens too. Other browser sessions end through the
        # session auth hash, which covers the password.
        changed = getattr(self, "_password", None) is not None
        changed |= self.__dict__.pop("_password_dropped", False)
        changed &= not self._state.adding
        super().save(*args, **kwargs)
        if changed:
            ApiToken.objects.filter(user=self).delete()

    def get_session_auth_hash(self) -> str:
        return self._session_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        # Overridden with the one above, or a session made under an old key would survive
        # "sign out everywhere" by matching a fallback hash without the epoch.
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)

    def _session_hash(self, secret: str | bytes) -> str:
        # Epoch 0 gives Django's own hash, so the sessions open when this was deployed go on.
        value = self.password if not self.session_epoch else f"{self.password}:{self.session_epoch}"
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def bump_nights_version(self) -> None:
        User.bump_nights_version_of(self.pk)

    @staticmethod
    def bump_nights_version_of(pk: int) -> None:
        # By id: an entry's signal need not load its patient to bump their version.
        User.objects.filter(pk=pk).update(nights_version=F("nights_version") + 1)

"""A patient's decision to let one clinician read their diary, and the trail of that access."""

import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diary.models.accounts import User

CODE_LIFETIME = timedelta(days=7)
# No 0/O or 1/I/L: the code is read aloud or copied from paper in a clinic.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


class ShareQuerySet(models.QuerySet["Share"]):
    def active(self) -> "ShareQuerySet":
        return self.filter(clinician__isnull=False, revoked_at__isnull=True)

    def pending(self) -> "ShareQuerySet":
        return self.filter(
            clinician__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Share(models.Model):
    """Starts as a one-time code; becomes access when a clinician redeems it; ends when revoked.

    Only a hash of the code is stored, so a database leak does not hand out access.
    """

    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="shares_given")
    clinician = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="shares_received"
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    redeemed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "clinician"],
                condition=Q(clinician__isnull=False, revoked_at__isnull=True),
                name="one_active_share_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(clinician__isnull=True) | Q(redeemed_at__isnull=False),
                name="redeemed_share_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patient} → {self.clinician or 'pending code'} ({self.status})"

    @classmethod
    def create_for(cls, patient: User) -> tuple["Share", str]:
        """A new pending share and its code, which is shown once and never stored."""
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        now = timezone.now()
        share = cls.objects.create(
            patient=patient,
            code_hash=hash_code(code),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
        return share, "-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.clinician_id is not None:
            return "active"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class AccessEvent(models.Model):
    """One line of a patient's access log: what a clinician did with their diary, and when.

    Written only through diary.audit, which coalesces reads: `count` reads of one kind between
    `at` and `last_at`. The line outlives the clinician's account: the username is kept.
    """

    class Action(models.TextChoices):
        # Translators: each action follows the clinician's name in the patient's access log,
        # e.g. "dr_carol gained access".
        REDEEMED = "redeemed", _("gained access")
        REVOKED = "revoked", _("lost access")
        # Reads: the same kind within an hour is one line with a count (diary.audit).
        DASHBOARD = "dashboard", _("saw you on their dashboard")
        LISTED = "listed", _("saw you in their patient list through the API")
        VIEWED = "viewed", _("opened the review page")
        REPORT = "report", _("downloaded the report")
        EXPORT = "export", _("downloaded an export")
        NIGHTS = "nights", _("read your nights through the API")
        CLINIC_NIGHTS = (
            "clinic_nights",
            _("read your nights through the API, in their clinic-wide list"),
        )
        WEEKS = "weeks", _("read your weekly trends through the API")
        TREATMENTS = "treatments", _("read your treatments through the API")
        LABS = "labs", _("read your lab results")
        ASSESSMENTS = "assessments", _("read your assessments")
        RESPONSE = "response", _("read your before/after table through the API")
        # Writes: one line each.
        LAB_ADDED = "lab_added", _("added a lab result")
        LAB_CHANGED = "lab_changed", _("changed a lab result")
        LAB_DELETED = "lab_deleted", _("deleted a lab result")
        ASSESSMENT_ADDED = "assessment_added", _("added an assessment")
        ASSESSMENT_CHANGED = "assessment_changed", _("changed an assessment")
        ASSESSMENT_DELETED = "assessment_deleted", _("deleted an assessment")

    clinician = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Copied when the line is written, so the patient still sees who it was once the
    # clinician's account is deleted.
    clinician_username = models.CharField(max_length=150)
    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_events")
    action = models.CharField(max_length=24, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    last_at = models.DateTimeField(default=timezone.now)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            # diary.audit's look-up of a clinician's reads still open within the hour.
            models.Index(fields=["clinician", "action", "at"], name="accessevent_open_reads"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.who} {self.action} {self.patient}"

    @property
    def who(self) -> str:
        """The clinician's username, marked once their account is gone."""
        if self.clinician is not None:
            return self.clinician.get_username()
        return _("%(username)s (account deleted)") % {"username": self.clinician_username}

"""Creating, redeeming and revoking shares: one implementation for the web pages and the API."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diary.audit import record_event
from diary.models import AccessEvent, Share, User
from diary.models.sharing import hash_code

AWAITING_VERIFICATION = _(
    "Your clinician account is waiting for verification by the site's administrator."
)


@transaction.atomic
def redeem(clinician: User, code: str) -> Share:
    """Turn a patient's code into access for this clinician, or explain why not: a
    ValidationError on "code", or PermissionDenied for a clinician awaiting verification."""
    if not clinician.is_clinician:
        raise ValidationError(
            {"code": _("Only clinician accounts can redeem share codes.")}, code="not_clinician"
        )
    if clinician.awaiting_verification:
        # Before the code is even looked up: it stays usable, and says nothing about itself.
        raise PermissionDenied(AWAITING_VERIFICATION)
    share = Share.objects.select_for_update().filter(code_hash=hash_code(code)).first()
    if share is None:
        raise ValidationError(
            {"code": _("No share code matches. Check it with your patient.")}, code="unknown"
        )
    if share.status == "active" or share.redeemed_at is not None:
        raise ValidationError(
            {"code": _("This code has already been used. Ask your patient for a new one.")},
            code="used",
        )
    if share.status == "revoked":
        raise ValidationError(
            {"code": _("Your patient cancelled this code. Ask them for a new one.")},
            code="cancelled",
        )
    if share.status == "expired":
        raise ValidationError(
            {"code": _("This code has expired (codes last 7 days). Ask for a new one.")},
            code="expired",
        )
    share.clinician = clinician
    share.redeemed_at = timezone.now()
    try:
        # The one_active_share_per_pair constraint decides, so two codes from one patient
        # redeemed at the same moment cannot both pass a check made before the write.
        with transaction.atomic():
            share.save(update_fields=["clinician", "redeemed_at"])
    except IntegrityError:
        raise ValidationError(
            {"code": _("You already have access to this patient's diary.")}, code="duplicate"
        ) from None
    record_event(clinician=clinician, patient=share.patient, action=AccessEvent.Action.REDEEMED)
    return share


@transaction.atomic
def revoke(share: Share) -> None:
    """End access (or cancel a pending code). The clinician's next request is refused."""
    if share.revoked_at is not None:
        return
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    if share.clinician is not None:
        record_event(
            clinician=share.clinician, patient=share.patient, action=AccessEvent.Action.REVOKED
        )

"""The patient's access log (AccessEvent): the one way its lines are written.

No page, API endpoint or admin screen changes or deletes a line, so the log is append-only
through the app. Reads are coalesced: the same clinician reading the same kind of a patient's
data again within an hour of a line's first read adds to that line's count and end time, so a
clinician paging through 2,000 nights leaves one line, not twenty. Writes (lab results,
assessments) and gaining or losing access are one line each.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from diary.models import AccessEvent, User

Action = AccessEvent.Action

READ_WINDOW = timedelta(hours=1)
READS = frozenset(
    {
        Action.DASHBOARD,
        Action.LISTED,
        Action.VIEWED,
        Action.REPORT,
        Action.EXPORT,
        Action.NIGHTS,
        Action.CLINIC_NIGHTS,
        Action.WEEKS,
        Action.TREATMENTS,
        Action.LABS,
        Action.ASSESSMENTS,
        Action.RESPONSE,
    }
)


def record_reads(*, clinician: User, patients: Iterable[User], action: Action) -> None:
    """Log that `clinician` read this kind of each patient's data, now.

    At most three queries whatever the number of patients (the dashboard and the clinic-wide
    export read every sharing patient at once): the lines still open, one UPDATE of those, one
    INSERT of the rest. Two requests at the same moment may both open a line; a read is never
    lost, only split across two lines.
    """
    if action not in READS:
        raise ValueError(f"{action} is not a read")
    if not clinician.is_clinician:
        return  # a patient reading their own diary is not an access to log
    patient_ids = list(dict.fromkeys(patient.pk for patient in patients))
    if not patient_ids:
        return
    now = timezone.now()
    still_open = AccessEvent.objects.filter(
        clinician=clinician, action=action, patient_id__in=patient_ids, at__gt=now - READ_WINDOW
    )
    # Oldest first, so a patient's newest open line wins if a race left two.
    open_line = dict(still_open.order_by("at", "pk").values_list("patient_id", "pk"))
    if open_line:
        AccessEvent.objects.filter(pk__in=open_line.values()).update(
            count=F("count") + 1, last_at=now
        )
    new_lines = [pk for pk in patient_ids if pk not in open_line]
    if not new_lines:
        return
    try:
        with transaction.atomic():
            AccessEvent.objects.bulk_create(_line(clinician, pk, action, now) for pk in new_lines)
    except IntegrityError:
        # A patient deleted their account, and their log with it, after their data was read:
        # there is no log left to write to. Everyone else's line is still written.
        remaining = User.objects.filter(pk__in=new_lines).values_list("pk", flat=True)
        with transaction.atomic():
            AccessEvent.objects.bulk_create(_line(clinician, pk, action, now) for pk in remaining)


def record_event(*, clinician: User, patient: User, action: Action) -> None:
    """Log one thing a clinician did that is not a read: one line, never coalesced."""
    if action in READS:
        raise ValueError(f"{action} is a read: use record_reads")
    _line(clinician, patient.pk, action, timezone.now()).save()


def _line(clinician: User, patient_id: int, action: Action, now: datetime) -> AccessEvent:
    return AccessEvent(
        clinician=clinician,
        clinician_username=clinician.get_username(),
        patient_id=patient_id,
        action=action,
        at=now,
        last_at=now,
    )

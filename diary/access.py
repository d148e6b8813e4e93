"""Who may see whose diary. Every check answers 404 rather than revealing that a patient exists."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from diary.models import User


def patient_or_404(user: object) -> User:
    """The signed-in patient; clinicians have no diary of their own."""
    if not isinstance(user, User) or not user.is_patient:
        raise Http404
    return user


def clinician_or_404(user: object) -> User:
    if not isinstance(user, User) or not user.is_clinician:
        raise Http404
    return user


def shared_patients(clinician: User):  # -> QuerySet[User]
    """Patients with an active (redeemed, unrevoked) share to this clinician; checked on every
    request, so a revocation takes effect on the clinician's very next one."""
    return User.objects.filter(
        shares_given__clinician=clinician, shares_given__revoked_at__isnull=True
    )


def get_shared_patient(request: HttpRequest, patient_id: int | str) -> User:
    clinician = clinician_or_404(request.user)
    return get_object_or_404(shared_patients(clinician), pk=patient_id)

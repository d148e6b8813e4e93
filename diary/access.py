"""Who may see whose diary. Every check answers 404 rather than revealing that a patient exists."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from diary.models import Share, User


def patient_or_404(user: object) -> User:
    """The signed-in patient; clinicians have no diary of their own."""
    if not isinstance(user, User) or not user.is_patient:
        raise Http404
    return user


def clinician_or_404(user: object) -> User:
    if not isinstance(user, User) or not user.is_clinician:
        raise Http404
    return user


def shared_patients(clinician: User) -> QuerySet[User]:
    """Patients with an active share to this clinician (Share.objects.active, the one
    definition); checked on every request, so a revocation takes effect on the clinician's
    very next one."""
    shares = Share.objects.active().filter(clinician=clinician)
    return User.objects.filter(pk__in=shares.values("patient"))


def get_shared_patient(request: HttpRequest, patient_id: int | str) -> User:
    clinician = clinician_or_404(request.user)
    return get_object_or_404(shared_patients(clinician), pk=patient_id)

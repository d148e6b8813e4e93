"""Who may see what. Every check answers 404 rather than revealing that a patient exists.

The predicates `is_patient` and `is_clinician` are the one definition of an account's kind: the
web decorators below and the API permissions (diary.api.permissions) both use them.
"""

from collections.abc import Callable
from functools import update_wrapper
from typing import Concatenate, ParamSpec, TypeVar

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

from diary.models import Share, User

P = ParamSpec("P")


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user is signed in, as the decorators below guarantee."""

    user: User


class PatientRequest(AuthenticatedHttpRequest):
    """A request from a signed-in patient (see patient_required)."""


class ClinicianRequest(AuthenticatedHttpRequest):
    """A request from a signed-in clinician (see clinician_required)."""


R = TypeVar("R", bound=AuthenticatedHttpRequest)


def is_patient(user: object) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.is_patient


def is_clinician(user: object) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.is_clinician


def _guarded(
    view: Callable[Concatenate[R, P], HttpResponseBase], allowed: Callable[[object], bool]
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    def checked(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        # Signed in, but the wrong kind of account: the page does not exist for them.
        if not allowed(request.user):
            raise Http404
        return view(request, *args, **kwargs)  # type: ignore[arg-type]  # R: checked above

    update_wrapper(checked, view)
    return login_required(checked)


def patient_required(
    view: Callable[Concatenate[PatientRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Sends anonymous visitors to the log-in page and answers 404 to clinicians."""
    return _guarded(view, is_patient)


def clinician_required(
    view: Callable[Concatenate[ClinicianRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Sends anonymous visitors to the log-in page and answers 404 to patients."""
    return _guarded(view, is_clinician)


def shared_patients(clinician: User) -> QuerySet[User]:
    """Patients with an active share to this clinician (Share.objects.active, the one
    definition); checked on every request, so a revocation takes effect on the clinician's
    very next one."""
    shares = Share.objects.active().filter(clinician=clinician)
    return User.objects.filter(pk__in=shares.values("patient"))


def get_shared_patient(clinician: User, patient_id: int) -> User:
    """The patient if they share with this clinician now; 404 otherwise."""
    return get_object_or_404(shared_patients(clinician), pk=patient_id)

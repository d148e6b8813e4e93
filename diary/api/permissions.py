"""Who may call what. A signed-in user of the wrong kind gets 404: the page is not theirs.

Anonymous callers and bad tokens still get 401, before any of this runs. The account-kind
predicates are diary.access's, the same ones the web pages' decorators use.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from diary.access import is_clinician, is_patient
from diary.api.two_factor import SecondFactorInPlace
from diary.models import User


def signed_in_user(request: Request) -> User:
    """The user of a request that IsPatient or IsClinician let through."""
    user = request.user
    if not isinstance(user, User):  # never, past those permissions; typed for the checker
        raise NotAuthenticated
    return user


class IsPatient(BasePermission):
    message = _("Only patient accounts have a diary.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if not is_patient(request.user):
            raise NotFound(self.message)
        return True


class IsClinician(SecondFactorInPlace):
    message = _("Only clinician accounts see the diaries shared with them.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if not is_clinician(request.user):
            raise NotFound(getattr(view, "not_clinician_message", self.message))
        return super().has_permission(request, view)  # two-factor sign-in, when it applies

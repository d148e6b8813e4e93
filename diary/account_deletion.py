"""Deleting an account, by its owner, after proving who they are.

A patient's account takes everything about them with it, in one transaction: nights,
treatments (with their doses and sessions), lab results and assessments about them (whoever
entered them), shares, API tokens, two-factor devices and their access log; a clinician who
read them gets 404 on the very next request, since every read checks an active share.

A clinician's account goes alone: the patients' access logs keep the clinician's username
(AccessEvent.clinician_username) and the lab results and assessments they entered stay in the
patients' records, marked with it (EnteredBy.entered_by_username). Their shares go, which ends
their access; the patients' logs already say when it began.

Sessions are not searched for: a session names its user by id and by a hash of the password,
and neither matches any account once the row is gone (ids are never reused: AUTOINCREMENT on
SQLite, a sequence on PostgreSQL), so every other session is anonymous on its next request and
`manage.py housekeeping` removes it when it expires.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from diary import reauth, two_factor
from diary.models import User

WRONG_PASSWORD = _("That is not your password. Nothing was deleted.")


def check_identity(*, request: HttpRequest, user: User, password: str, code: str) -> None:
    """The password (a wrong one counts as a failed log-in, diary.reauth), and a current
    two-factor code when the account has it on; raises ValidationError naming the field that is
    wrong."""
    try:
        reauth.confirm_password(request=request, user=user, password=password)
    except ValidationError as error:
        wrong = error.code == "password_incorrect"
        raise ValidationError({"password": WRONG_PASSWORD if wrong else error.messages}) from None
    if two_factor.is_on(user):
        try:
            two_factor.verify_code(user=user, code=code)
        except ValidationError as error:
            raise ValidationError({"code": error.error_list}) from None


def delete_account(*, request: HttpRequest, user: User, password: str, code: str = "") -> None:
    """Deletes the account and everything that goes with it (see the module's docstring), all
    or nothing, once check_identity passes."""
    check_identity(request=request, user=user, password=password, code=code)
    with transaction.atomic():
        # Locked first, so that a write racing the deletion (a night saved from another tab)
        # either lands before and is deleted, or waits and fails on the missing user.
        User.objects.select_for_update().filter(pk=user.pk).first()
        user.delete()

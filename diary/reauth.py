"""Asking a signed-in user for their password again (changing it, a new API token, turning
two-factor sign-in on), so that a stolen session cannot do these alone.

These count as log-ins for django-axes: a wrong password is a failed log-in for that username
from this address, and while axes has that pair locked no password is checked at all. The
pages that ask also count every POST against the "login" limit (diary.limits.limit_attempts).
"""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from diary.models import User

WRONG_PASSWORD = _("That is not your password.")
LOCKED = _("Too many wrong passwords from here: wait 15 minutes, then try again.")


def confirm_password(*, request: HttpRequest, user: User, password: str) -> None:
    """Raises ValidationError (code "locked" or "password_incorrect") unless `password` is the
    user's and axes lets this username try from this address."""
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        raise ValidationError(LOCKED, code="locked")
    if not user.check_password(password):
        # The password is not sent; axes records the username and the address.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        raise ValidationError(WRONG_PASSWORD, code="password_incorrect")

"""Two-factor sign-in: an authenticator app (TOTP, RFC 6238) and one-time backup codes, both kept
by django-otp. An account has two-factor sign-in on when it has a *confirmed* app device; one
being set up (never proved with a code) counts nowhere.

Guessing is stopped by django-otp's throttle on each device (after each wrong code the next try
must wait twice as long), on the web and the API alike; the sign-in forms also count a wrong code
as a failed log-in for django-axes.
"""

import time
from base64 import b32encode
from datetime import timedelta
from enum import Enum
from typing import Any

import qrcode
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathFillImage

from diary import reauth, tokens
from diary.access import is_clinician
from diary.models import User

APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10
APP_CODE_DIGITS = 6

CODE_REQUIRED = _("Enter the 6-digit code from your authenticator app.")
WRONG_CODE = _("That code is not right, or was already used. Enter the current 6-digit code.")
TOO_MANY = _("Too many wrong codes: wait a minute, then enter the current code.")
ALREADY_ON = _("Two-factor sign-in is already on.")
SIGN_IN_EXPIRED = _("Signing in took too long, or the password changed: enter your password again.")

# Between the log-in's two steps the session holds who gave the right password (not signed in
# yet), never the password itself; the code must follow within PENDING_FOR.
PENDING_SESSION_KEY = "_two_factor_pending"
PENDING_FOR = timedelta(minutes=5)


class Missing(Enum):
    """What a clinician's request lacks before it may go on."""

    SETUP = _(
        "Two-factor sign-in is required for clinician accounts: set it up (Settings, Two-factor "
        "sign-in) before anything else."
    )
    CODE = _("Sign in again with your two-factor code to continue.")

    @property
    def message(self) -> str:
        return str(self.value)


# Selectors


def app_device(user: User) -> TOTPDevice | None:
    """The account's confirmed authenticator app: present exactly when two-factor sign-in is on."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
    )
    return device


def is_on(user: User) -> bool:
    return app_device(user) is not None


def backup_codes_left(user: User) -> int:
    count: int = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return count


def clinician_missing(user: object, *, verified: bool) -> Missing | None:
    """What a signed-in clinician must do before going on, or None (also for everyone else).

    verified: this request proved a code, by a session signed in with one or a token issued
    with one.
    """
    if not isinstance(user, User) or not is_clinician(user):
        return None
    if verified and not settings.OTP_REQUIRED_FOR_CLINICIANS:
        return None  # whether it is on or not, nothing is missing: spare the device query
    if is_on(user):
        return None if verified else Missing.CODE
    if settings.OTP_REQUIRED_FOR_CLINICIANS:
        return Missing.SETUP
    return None


def pending_sign_in(session: SessionBase) -> tuple[User, str] | None:
    """The account whose password the log-in's first step accepted, and the backend that did,
    while that is under PENDING_FOR ago and the account's password (and sign-outs) unchanged."""
    pending = session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict):
        return None
    if not 0 <= time.time() - pending["at"] < PENDING_FOR.total_seconds():
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None or not constant_time_compare(pending["hash"], user.get_session_auth_hash()):
        return None
    return user, str(pending["backend"])


def secret_text(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed in by hand: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The provisioning QR code as inline SVG: drawn here, so the secret goes to no other host."""
    image: Any = qrcode.make(device.config_url, image_factory=SvgPathFillImage)
    svg: str = image.to_string(encoding="unicode")
    return svg


# Services


def start_sign_in(*, session: SessionBase, user: User, backend: str) -> None:
    """After the right password of an account with two-factor on: the code step comes next."""
    session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": backend,
        # Bound to the password and the session epoch: a change ends the half-done sign-in.
        "hash": user.get_session_auth_hash(),
        "at": int(time.time()),
    }


def end_sign_in(*, session: SessionBase) -> None:
    session.pop(PENDING_SESSION_KEY, None)


def pending_app_device(*, user: User) -> TOTPDevice:
    """The app device being set up; kept between page loads, so a QR code already scanned stays
    good until it is confirmed."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    )
    if device is None:
        device = TOTPDevice(user=user, name=APP_DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


def turn_on(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirms the pending app device with a current code from it and makes fresh backup codes,
    which the caller shows once. Raises ValidationError when the code is not right.

    Every API token and session the account had is ended (diary.tokens.sign_out_everywhere):
    none was made with a code, and from now on each must be. A page that turns it on keeps
    its own session with update_session_auth_hash."""
    if is_on(user):
        raise ValidationError(ALREADY_ON, code="already_on")
    device = _check(pending_app_device(user=user), _app_code(code))
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    with transaction.atomic():
        device.confirmed = True
        device.full_clean()
        device.save()
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        StaticDevice.objects.filter(user=user).delete()
        backup = StaticDevice(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        backup.full_clean()
        backup.save()
        StaticToken.objects.bulk_create(StaticToken(device=backup, token=c) for c in codes)
        tokens.sign_out_everywhere(user=user)
    return device, codes


def turn_off(*, request: HttpRequest, user: User, password: str, code: str) -> None:
    """Removes the app and the backup codes, given the account's password (a wrong one is a
    failed log-in, diary.reauth) and a current code. Raises ValidationError naming the field
    that is wrong."""
    try:
        reauth.confirm_password(request=request, user=user, password=password)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from None
    try:
        verify_code(user=user, code=code)
    except ValidationError as error:
        raise ValidationError({"code": error.error_list}) from None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def verify_code(*, user: User, code: str) -> TOTPDevice | StaticDevice:
    """The device that accepts `code`: a current 6-digit app code, or an unused backup code (used
    up by this). Raises ValidationError (code "required", "invalid" or "throttled")."""
    code = "".join(code.split())  # apps show "123 456"
    if not code:
        raise ValidationError(CODE_REQUIRED, code="required")
    device: TOTPDevice | StaticDevice | None
    if len(code) == APP_CODE_DIGITS and code.isdigit():
        device = app_device(user)
    else:
        device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
        code = code.lower()
    if device is None:
        raise ValidationError(WRONG_CODE, code="invalid")
    return _check(device, code)


def count_failed_code(*, request: Any, username: str) -> None:
    """A wrong code after the right password is a failed log-in, as a wrong password is: sent
    as Django's signal, django-axes counts it towards the lock-out. The code is not sent."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def _app_code(code: str) -> str:
    code = "".join(code.split())
    if not code:
        raise ValidationError(CODE_REQUIRED, code="required")
    return code


def _check(device: Any, code: str) -> Any:
    """The device, as saved after taking `code`; or ValidationError."""
    # The row is locked so that two guesses at once cannot both pass the throttle; the outcome
    # is raised only after the commit, so that a wrong code's count is kept.
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, _details = locked.verify_is_allowed()
        accepted = allowed and locked.verify_token(code)
    if not allowed:
        raise ValidationError(TOO_MANY, code="throttled")
    if not accepted:
        raise ValidationError(WRONG_CODE, code="invalid")
    return locked

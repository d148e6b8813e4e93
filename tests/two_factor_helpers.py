"""Two-factor sign-in for the tests: a frozen clock, the app's current code, turning it on."""

from collections.abc import Iterator
from contextlib import contextmanager

import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from diary import two_factor
from diary.models import User

# Codes change every 30 seconds: the clock stands still unless a test moves it.
FROZEN = "2026-11-22 15:00:00+00:00"


def app_code(device: TOTPDevice) -> str:
    """What the authenticator app shows now, worked out from the device's key."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(app_code(device)) + 1) % 1_000_000:06d}"


def turn_on(user: User) -> tuple[TOTPDevice, list[str]]:
    """Two-factor sign-in on for `user`, as the set-up page does it. A code is accepted once:
    the caller moves the clock on by 30 seconds before signing in with the app's code."""
    device = two_factor.pending_app_device(user=user)
    return two_factor.turn_on(user=user, code=app_code(device))


@contextmanager
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(FROZEN, tick=False) as traveller:
        yield traveller

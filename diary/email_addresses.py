"""A person's e-mail address, optional, confirmed by a link before anything is sent to it but that
link: only a confirmed address (User.email) receives password resets.

A new address waits in User.email_unconfirmed; the mail to it holds a signed link (user, address,
time) that works for settings.EMAIL_CONFIRM_DAYS days, and only for the account it was made for,
signed in: someone who receives a mistyped address's link cannot make that account's resets come
to them. Following a link again once the address is confirmed is harmless.

Whether another account has an address is never told to the person typing it (it would let
anyone find out who uses the diary): sign-up and settings take any address and send the link;
only following the link, which needs the mailbox, says that the address is taken.
"""

import logging
import smtplib
from datetime import timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from diary.models import User

logger = logging.getLogger(__name__)

_SALT = "diary.email_addresses.confirm"


class Outcome(StrEnum):
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already-confirmed"  # the same link followed again
    EXPIRED = "expired"
    INVALID = "invalid"  # tampered with, or not a link we made
    OTHER_ACCOUNT = "other-account"  # made for another account than the one signed in
    REPLACED = "replaced"  # the address was changed or removed since the link was sent
    TAKEN = "taken"  # another account confirmed this address first


def normalized(address: str) -> str:
    # The domain is case-insensitive everywhere; the local part is kept as typed (RFC 5321
    # leaves it to the server), but addresses are compared ignoring case (the constraint).
    local, _at, domain = address.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if local else address.strip()


def set_address(*, user: User, address: str) -> bool:
    """Sets the address the person gave; "" removes both the confirmed and the waiting one.
    Returns True when a confirmation link should be sent (a new address waits)."""
    address = normalized(address)
    if not address:
        user.email = user.email_unconfirmed = ""
    elif address.lower() == user.email.lower():
        # The confirmed one typed again: nothing to confirm, any other waiting one is dropped.
        user.email_unconfirmed = ""
    else:
        # The confirmed address stays in use until the new one is confirmed.
        user.email_unconfirmed = address
    user.save(update_fields=["email", "email_unconfirmed"])
    return bool(user.email_unconfirmed)


def confirmation_token(user: User, address: str) -> str:
    return signing.TimestampSigner(salt=_SALT).sign_object({"user": user.pk, "address": address})


def confirmation_url(request: HttpRequest, user: User) -> str:
    token = confirmation_token(user, user.email_unconfirmed)
    return request.build_absolute_uri(reverse("email-confirm", kwargs={"token": token}))


def send_confirmation(*, request: HttpRequest, user: User) -> bool:
    """Mails the link to the waiting address; False (and a line in the log, without the address)
    when the mail server refused it or could not be reached, so the page can say to try again."""
    context: dict[str, Any] = {
        "user": user,
        "url": confirmation_url(request, user),
        "days": settings.EMAIL_CONFIRM_DAYS,
        "site": request.get_host(),
    }
    subject = render_to_string("registration/email_confirm_subject.txt", context)
    body = render_to_string("registration/email_confirm_email.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email_unconfirmed])
    except (smtplib.SMTPException, OSError) as error:
        logger.error("A confirmation mail could not be sent (%s)", type(error).__name__)
        return False
    return True


def read_link(*, user: User, token: str) -> Outcome | str:
    """The address a link would confirm for this user, or why it would not; changes nothing
    (the page that a link opens shows it before the person confirms)."""
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        payload = signer.unsign_object(token, max_age=timedelta(days=settings.EMAIL_CONFIRM_DAYS))
    except signing.SignatureExpired:
        return Outcome.EXPIRED
    except signing.BadSignature:
        return Outcome.INVALID
    if not isinstance(payload, dict) or payload.get("user") != user.pk:
        return Outcome.OTHER_ACCOUNT
    address = str(payload.get("address", ""))
    if address and address.lower() == user.email.lower() and not user.email_unconfirmed:
        return Outcome.ALREADY_CONFIRMED
    if not address or address != user.email_unconfirmed:
        return Outcome.REPLACED
    if User.objects.filter(email__iexact=address).exclude(pk=user.pk).exists():
        return Outcome.TAKEN
    return address


def confirm(*, user: User, token: str) -> Outcome:
    """Confirms the address the token was made for, if it is still the one waiting."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        address = read_link(user=user, token=token)
        if isinstance(address, Outcome):
            return address
        user.email, user.email_unconfirmed = address, ""
        try:
            with transaction.atomic():
                user.save(update_fields=["email", "email_unconfirmed"])
        except IntegrityError:
            # Another account confirmed it between the check and this save.
            return Outcome.TAKEN
    return Outcome.CONFIRMED

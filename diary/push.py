"""Web push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payloads (RFC 8291), through
pywebpush: the browsers that a patient allowed to show reminders, and sending to them.

A subscription is a browser's: its endpoint is the push service's URL for that browser, and
its keys encrypt the payload so that the push service cannot read it. The endpoint is a URL
the browser gives, so the server only posts to https URLs on a named host (no IP address, no
localhost): a patient cannot make the server post into its own network.
"""

import base64
import json
import logging
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from diary.models import PushSubscription, User

logger = logging.getLogger(__name__)

# Seconds a push service may take to answer, as EMAIL_TIMEOUT is for mail.
PUSH_TIMEOUT = 10
# Answers that mean the subscription is gone for good (expired, or the person blocked
# notifications): the row is deleted, as RFC 8030 section 7.3 asks.
GONE = (404, 410)


class PushFailed(Exception):
    """The push service did not take the message, for a reason that may pass (5xx, 429, no
    connection): worth retrying later."""


def push_configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def new_vapid_keys() -> tuple[str, str]:
    """A new key pair, (public, private), as VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY take them:
    base64url of the uncompressed P-256 point (what the browser's applicationServerKey is) and
    of the raw 32-byte private value."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64url(public), _b64url(key.private_numbers().private_value.to_bytes(32, "big"))


# The browsers' push services (Chrome, Firefox, Edge, Safari): the command posts to the endpoint
# a browser hands over, so only these hosts and their subdomains are taken, never a name that
# might point into the server's own network.
PUSH_SERVICES = (
    "fcm.googleapis.com",
    "push.services.mozilla.com",
    "notify.windows.com",
    "push.apple.com",
)


def validate_endpoint(endpoint: str) -> None:
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    known = any(host == service or host.endswith(f".{service}") for service in PUSH_SERVICES)
    if parts.scheme != "https" or not known:
        raise ValidationError(
            {"endpoint": _("This is not a push service's address.")}, code="invalid"
        )


def save_subscription(*, user: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Stores the browser's subscription for `user`. A browser has one endpoint whoever signs in
    on it: one that another account subscribed before moves to this one (the last person to
    allow reminders in that browser gets them)."""
    validate_endpoint(endpoint)
    subscription = PushSubscription(endpoint=endpoint, user=user, p256dh=p256dh, auth=auth)
    subscription.full_clean(validate_unique=False)  # the endpoint is taken over, not refused
    # A second save of the same new browser at the same moment finds the first one's row
    # (update_or_create retries the read) instead of failing on the unique endpoint.
    saved, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth}
    )
    return saved


def delete_subscription(*, user: User, endpoint: str) -> None:
    user.push_subscriptions.filter(endpoint=endpoint).delete()


def send_push(subscription: PushSubscription, payload: dict[str, Any], *, ttl: int) -> bool:
    """Sends `payload` (JSON) to one browser. True when the push service took it; False when the
    subscription is gone (it is deleted). Raises PushFailed when it may work later. `ttl` is how
    long, in seconds, the push service keeps it for a browser that is offline."""
    # Imported here, by send_reminders only: pywebpush loads aiohttp (0.7 s, tens of MB),
    # which no web worker needs.
    import requests
    from pywebpush import WebPushException, webpush

    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=json.dumps(payload),
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            # A new dict each time: pywebpush adds "aud" and "exp" to the one it is given.
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=ttl,
            timeout=PUSH_TIMEOUT,
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in GONE:
            subscription.delete()
            return False
        # The endpoint is a capability URL: never in the log.
        logger.error("A push reminder could not be sent (status %s)", status)
        raise PushFailed from error
    except requests.RequestException as error:
        logger.error("A push reminder could not be sent (%s)", type(error).__name__)
        raise PushFailed from error
    return True

"""Web push reminders built and signed as RFC 8291/8292 ask, checked at a push service on
127.0.0.1: the VAPID JWT verifies with the public key, the body decrypts with the browser's
key to the payload, and a subscription the service says is gone is deleted."""

import io
import json
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import http_ece
import pytest
import time_machine
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.core.management import call_command

from diary.models import Channel, PushSubscription, ReminderSent, User
from diary.push import new_vapid_keys
from diary.reminders import send_due
from tests.reminders.helpers import remind
from tests.reminders.push_service import Browser, PushService, b64url, push_service, unb64url

__all__ = ["push_service"]

AT_EIGHT_THIRTY = datetime(2026, 11, 30, 13, 30, tzinfo=UTC)  # in New York
SUBJECT = "mailto:operator@example.org"


@pytest.fixture(autouse=True)
def vapid(settings: Any) -> str:
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_vapid_keys()
    settings.VAPID_SUBJECT = SUBJECT
    settings.REMINDER_WINDOW_HOURS = 3
    return str(settings.VAPID_PUBLIC_KEY)


@pytest.fixture
def browser() -> Browser:
    return Browser()


@pytest.fixture
def subscribed(alice: User, push_service: PushService, browser: Browser) -> PushSubscription:
    remind(alice, channel=Channel.PUSH)
    # Stored directly: the endpoint page takes only https push services, and this one is
    # plain http on the loopback.
    return PushSubscription.objects.create(
        user=alice,
        endpoint=f"{push_service.origin}/push/alice-phone",
        p256dh=browser.p256dh,
        auth=b64url(browser.auth),
    )


def run(now: datetime = AT_EIGHT_THIRTY) -> str:
    out = io.StringIO()
    with time_machine.travel(now, tick=False):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


def jwt_claims(authorization: str, public_key: str) -> dict[str, Any]:
    """The claims of `vapid t=<jwt>,k=<key>` once its ES256 signature verifies with the key."""
    scheme, _space, params = authorization.partition(" ")
    assert scheme == "vapid"
    parts = dict(param.strip().split("=", 1) for param in params.split(","))
    assert parts["k"] == public_key
    header, claims, signature = parts["t"].split(".")
    assert json.loads(unb64url(header)) == {"typ": "JWT", "alg": "ES256"}
    raw = unb64url(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(public_key))
    # Raises InvalidSignature when it does not verify.
    key.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    parsed: dict[str, Any] = json.loads(unb64url(claims))
    return parsed


def test_a_push_reminder_is_signed_and_encrypted_for_the_browser(
    subscribed: PushSubscription, push_service: PushService, browser: Browser, vapid: str
) -> None:
    run()

    [pushed] = push_service.received
    assert pushed.path == "/push/alice-phone"
    claims = jwt_claims(pushed.headers["authorization"], vapid)
    assert claims["aud"] == push_service.origin
    assert claims["sub"] == SUBJECT
    assert claims["exp"] > AT_EIGHT_THIRTY.timestamp()
    assert claims["exp"] <= AT_EIGHT_THIRTY.timestamp() + 24 * 3600  # RFC 8292: at most a day
    assert pushed.headers["content-encoding"] == "aes128gcm"
    assert pushed.headers["ttl"] == str(3 * 3600)

    plain = http_ece.decrypt(
        pushed.body, private_key=browser.key, auth_secret=browser.auth, version="aes128gcm"
    )

    assert json.loads(plain) == {
        "title": "Log last night",
        "body": "The night of Sunday 29 November is not in your diary yet.",
        "url": "/nights/log/?night=2026-11-29",
    }
    assert ReminderSent.objects.get().night.isoformat() == "2026-11-29"


def test_the_payload_does_not_decrypt_with_another_browsers_key(
    subscribed: PushSubscription, push_service: PushService, browser: Browser
) -> None:
    run()
    other = Browser()
    [pushed] = push_service.received

    with pytest.raises(http_ece.ECEException, match="InvalidTag"):
        http_ece.decrypt(
            pushed.body,
            private_key=other.key,
            auth_secret=browser.auth,
            version="aes128gcm",
        )


def test_a_push_is_sent_once_however_often_the_command_runs(
    subscribed: PushSubscription, push_service: PushService
) -> None:
    run()
    run(AT_EIGHT_THIRTY + timedelta(minutes=5))

    assert len(push_service.received) == 1


def test_a_subscription_the_service_says_is_gone_is_deleted(
    subscribed: PushSubscription, push_service: PushService
) -> None:
    push_service.status = 410

    assert re.search(r"\bgone=1\b", run())

    assert not PushSubscription.objects.exists()
    # Nothing left to retry: the night's claim stays, and a later run sends nothing.
    assert ReminderSent.objects.count() == 1
    push_service.status = 201
    run(AT_EIGHT_THIRTY + timedelta(minutes=5))
    assert len(push_service.received) == 1


def test_a_push_service_error_releases_the_claim_for_a_retry(
    subscribed: PushSubscription, push_service: PushService, caplog: pytest.LogCaptureFixture
) -> None:
    push_service.status = 503

    with time_machine.travel(AT_EIGHT_THIRTY, tick=False):
        assert send_due(AT_EIGHT_THIRTY)["failed"] == 1

    assert PushSubscription.objects.exists()
    assert not ReminderSent.objects.exists()
    assert "alice-phone" not in caplog.text  # the endpoint is never logged

    push_service.status = 201
    run(AT_EIGHT_THIRTY + timedelta(minutes=5))

    assert len(push_service.received) == 2
    assert ReminderSent.objects.count() == 1


def test_nothing_is_pushed_when_last_night_is_logged(
    subscribed: PushSubscription, push_service: PushService, alice: User
) -> None:
    from tests.factories import make_night

    with time_machine.travel(AT_EIGHT_THIRTY, tick=False):
        make_night(alice, "2026-11-29")

    run()

    assert push_service.received == []


def test_a_token_signed_with_another_key_does_not_verify(vapid: str) -> None:
    # The check above can fail: the key in the header is ours, the signature is not.
    from py_vapid import Vapid02

    other = Vapid02()
    other.generate_keys()
    header = other.sign({"aud": "http://127.0.0.1", "sub": SUBJECT, "exp": int(time.time()) + 60})
    token = header["Authorization"].split("t=")[1].split(",")[0]

    with pytest.raises(InvalidSignature):
        jwt_claims(f"vapid t={token},k={vapid}", vapid)

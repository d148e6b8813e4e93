"""The reminders page (Settings → Reminders) and the endpoint its script saves the browser's
push subscription to: patients only, one's own, bad input refused field by field."""

import json
from typing import Any

import pytest
from django.test import Client

from diary.models import Channel, PushSubscription, Reminder, User
from diary.push import new_vapid_keys
from tests.helpers import logged_in, text
from tests.reminders.helpers import remind

PAGE = "/settings/reminders/"
PUSH = "/settings/reminders/push/"
ENDPOINT = "https://fcm.googleapis.com/send/alice-phone"


def subscription(endpoint: str = ENDPOINT, **keys: str) -> dict[str, Any]:
    return {"endpoint": endpoint, "keys": {"p256dh": "BPub-key", "auth": "secret", **keys}}


@pytest.fixture
def vapid(settings: Any) -> None:
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_vapid_keys()


@pytest.fixture
def no_vapid(settings: Any) -> None:
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""


def post_json(client: Client, body: Any, method: str = "post") -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(PUSH, data, content_type="application/json")


def test_settings_links_a_patient_to_reminders(alice_client: Client) -> None:
    assert 'href="/settings/reminders/"' in alice_client.get("/settings/").content.decode()


def test_settings_offers_a_clinician_no_reminders(clinician: User) -> None:
    assert "/settings/reminders/" not in logged_in(clinician).get("/settings/").content.decode()


def test_a_clinician_gets_no_reminders_page_nor_endpoint(clinician: User, vapid: None) -> None:
    client = logged_in(clinician)

    assert client.get(PAGE).status_code == 404
    assert post_json(client, subscription()).status_code == 404
    assert not PushSubscription.objects.exists()


def test_a_visitor_is_sent_to_log_in(client: Client, db: None) -> None:
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_without_an_address_or_keys_only_off_is_offered(
    alice_client: Client, no_vapid: None
) -> None:
    page = alice_client.get(PAGE).content.decode()

    assert 'value="off"' in page
    assert 'value="email"' not in page
    assert 'value="push"' not in page
    assert "push-subscribe.js" not in page
    assert "follow the link we send to it" in page


def test_a_confirmed_address_and_keys_offer_email_and_push_hidden_until_the_browser_can(
    alice: User, alice_client: Client, vapid: None, settings: Any
) -> None:
    alice.email = "alice@example.org"
    alice.save()

    page = alice_client.get(PAGE).content.decode()

    assert 'value="email"' in page
    assert 'data-push-option hidden><input type="radio" name="channel" value="push"' in page
    assert f'data-push-key="{settings.VAPID_PUBLIC_KEY}"' in page
    assert "push-subscribe.js" in page


def test_the_push_choice_stays_shown_while_it_is_the_one_chosen(
    alice: User, alice_client: Client, vapid: None
) -> None:
    # A browser that cannot subscribe hides the choice; one chosen elsewhere stays in sight,
    # so that some choice is always seen as chosen.
    assert post_json(alice_client, subscription()).status_code == 201
    remind(alice, channel=Channel.PUSH)

    page = alice_client.get(PAGE).content.decode()

    assert 'data-push-option><input type="radio" name="channel" value="push"' in page


def test_a_patient_saves_a_time_and_email(alice: User, alice_client: Client) -> None:
    alice.email = "alice@example.org"
    alice.save()

    response = alice_client.post(PAGE, {"time": "07:15", "channel": "email"}, follow=True)

    assert "Reminder saved." in text(response)
    reminder = Reminder.objects.get(user=alice)
    assert (f"{reminder.time:%H:%M}", reminder.channel) == ("07:15", Channel.EMAIL)
    assert 'value="07:15"' in response.content.decode()


def test_a_time_that_is_not_a_time_is_refused_and_kept(alice: User, alice_client: Client) -> None:
    response = alice_client.post(PAGE, {"time": "25:99", "channel": "off"})

    assert response.status_code == 400
    assert response.context["form"].errors["time"] == ["Enter a valid time."]
    assert 'value="25:99"' in response.content.decode()
    assert not Reminder.objects.exists()


def test_email_without_a_confirmed_address_is_refused(alice: User, alice_client: Client) -> None:
    alice.email_unconfirmed = "alice@example.org"
    alice.save()

    response = alice_client.post(PAGE, {"time": "08:30", "channel": "email"})

    assert response.status_code == 400
    assert response.context["form"].errors["channel"] == [
        "You have no confirmed e-mail address. Add one in Settings first."
    ]
    assert not Reminder.objects.exists()


def test_push_without_keys_is_refused(alice_client: Client, no_vapid: None) -> None:
    response = alice_client.post(PAGE, {"time": "08:30", "channel": "push"})

    assert response.status_code == 400
    assert "Notifications are not available on this site." in text(response)
    assert not Reminder.objects.exists()


def test_push_before_the_browser_subscribed_is_refused(alice_client: Client, vapid: None) -> None:
    response = alice_client.post(PAGE, {"time": "08:30", "channel": "push"})

    assert response.status_code == 400
    assert response.context["form"].errors["channel"] == [
        "Allow notifications in this browser first."
    ]
    assert not Reminder.objects.exists()


def test_push_is_saved_once_the_browser_subscribed(
    alice: User, alice_client: Client, vapid: None
) -> None:
    assert post_json(alice_client, subscription()).status_code == 201

    response = alice_client.post(PAGE, {"time": "08:30", "channel": "push"})

    assert response.status_code == 302
    assert Reminder.objects.get(user=alice).channel == Channel.PUSH
    stored = PushSubscription.objects.get()
    assert (stored.user, stored.endpoint, stored.p256dh, stored.auth) == (
        alice,
        ENDPOINT,
        "BPub-key",
        "secret",
    )


def test_turning_push_off_forgets_the_browsers(
    alice: User, alice_client: Client, vapid: None
) -> None:
    assert post_json(alice_client, subscription()).status_code == 201
    remind(alice, channel=Channel.PUSH)

    alice_client.post(PAGE, {"time": "08:30", "channel": "off"})

    assert Reminder.objects.get(user=alice).channel == Channel.OFF
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        [],
        {"endpoint": ENDPOINT},
        subscription(auth=""),
        subscription(endpoint="http://push.example.net/plain-http"),
        subscription(endpoint="https://127.0.0.1:8000/admin/"),
        subscription(endpoint="https://localhost/x"),
        # Names that could point into the server's own network: only the push services count.
        subscription(endpoint="https://169.254.169.254.nip.io/x"),
        subscription(endpoint="https://internal-db.corp/x"),
        subscription(endpoint="https://fcm.googleapis.com.evil.example/x"),
        subscription(endpoint="https://[::1]/x"),
        subscription(endpoint="not a url"),
    ],
)
def test_a_subscription_that_is_not_one_is_refused(
    alice_client: Client, vapid: None, body: Any
) -> None:
    response = post_json(alice_client, body)

    assert response.status_code == 400
    assert response.json()["errors"]
    assert not PushSubscription.objects.exists()


def test_the_endpoint_needs_the_csrf_token(alice: User, vapid: None) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    assert post_json(client, subscription()).status_code == 403
    assert not PushSubscription.objects.exists()


def test_a_visitor_cannot_subscribe(client: Client, db: None, vapid: None) -> None:
    assert post_json(client, subscription()).status_code == 302
    assert not PushSubscription.objects.exists()


def test_without_keys_the_endpoint_is_not_there(alice_client: Client, no_vapid: None) -> None:
    assert post_json(alice_client, subscription()).status_code == 404


def test_a_patient_deletes_only_their_own_subscription(
    alice_client: Client, bob_client: Client, vapid: None
) -> None:
    post_json(alice_client, subscription())

    assert post_json(bob_client, {"endpoint": ENDPOINT}, method="delete").status_code == 204
    assert PushSubscription.objects.filter(user__username="alice").exists()

    assert post_json(alice_client, {"endpoint": ENDPOINT}, method="delete").status_code == 204
    assert not PushSubscription.objects.exists()


def test_a_browser_subscribed_again_by_another_account_moves_to_it(
    alice_client: Client, bob: User, bob_client: Client, vapid: None
) -> None:
    assert post_json(alice_client, subscription()).status_code == 201

    post_json(bob_client, subscription(auth="bobs-secret"))

    stored = PushSubscription.objects.get()
    assert (stored.user, stored.auth) == (bob, "bobs-secret")

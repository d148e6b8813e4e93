"""The reminders page's script in a real Chromium: the push choice appears where the browser can
receive push, and choosing it subscribes the browser with the site's key and saves the
subscription before the form. The browser's push service (on the internet) is replaced by a
stub of PushManager; the server's side of a push is tested against a loopback push service in
tests/reminders/test_push.py."""

from typing import Any

import pytest

from diary.models import Channel, PushSubscription, Reminder, User
from diary.push import new_vapid_keys
from tests.browser.pages import PHONE, log_in
from tests.helpers import PASSWORD
from tests.reminders.push_service import b64url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the page script reaches of the Push API, stubbed: the service worker's registration and
# its PushManager, which records what it was asked in sessionStorage (the page is left when the
# form is sent). `permission` is what Notification.requestPermission answers.
STUB = """
(() => {
  const permission = %r;
  Notification.requestPermission = () => Promise.resolve(permission);
  const subscription = {
    toJSON: () => ({
      endpoint: "https://fcm.googleapis.com/send/alice-phone",
      keys: { p256dh: "BStubKey", auth: "stub-auth" },
    }),
  };
  const registration = {
    pushManager: {
      getSubscription: () => Promise.resolve(null),
      subscribe: (options) => {
        sessionStorage.setItem("subscribed", JSON.stringify({
          userVisibleOnly: options.userVisibleOnly,
          key: Array.from(options.applicationServerKey),
        }));
        return Promise.resolve(subscription);
      },
    },
  };
  Object.defineProperty(ServiceWorkerContainer.prototype, "ready", {
    get: () => Promise.resolve(registration),
  });
})();
"""


@pytest.fixture
def vapid(settings: Any) -> str:
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_vapid_keys()
    return str(settings.VAPID_PUBLIC_KEY)


def reminders_page(open_page: Any, base: str, permission: str) -> Any:
    page = open_page(PHONE.width, PHONE.height)
    page.add_init_script(STUB % permission)
    log_in(page, base, "alice", PASSWORD)
    page.goto(f"{base}/settings/reminders/")
    return page


def test_choosing_push_subscribes_this_browser_and_saves(
    live_server: Any, open_page: Any, alice: User, vapid: str
) -> None:
    page = reminders_page(open_page, live_server.url, "granted")

    page.get_by_label("Notification in this browser").check()
    page.get_by_role("button", name="Save reminder").click()
    page.get_by_text("Reminder saved.").wait_for()

    asked = page.evaluate("JSON.parse(sessionStorage.getItem('subscribed'))")
    assert asked["userVisibleOnly"] is True
    assert b64url(bytes(asked["key"])) == vapid
    assert Reminder.objects.get(user=alice).channel == Channel.PUSH
    stored = PushSubscription.objects.get()
    assert (stored.user, stored.endpoint) == (alice, "https://fcm.googleapis.com/send/alice-phone")


def test_a_browser_that_refuses_notifications_says_so_and_saves_nothing(
    live_server: Any, open_page: Any, alice: User, vapid: str
) -> None:
    page = reminders_page(open_page, live_server.url, "denied")

    page.get_by_label("Notification in this browser").check()
    page.get_by_role("button", name="Save reminder").click()

    status = page.locator("#push-status")
    status.get_by_text("This browser did not allow notifications").wait_for()
    assert not Reminder.objects.exists()
    assert not PushSubscription.objects.exists()


def test_without_keys_there_is_no_push_choice(
    live_server: Any, open_page: Any, alice: User, settings: Any
) -> None:
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    page = reminders_page(open_page, live_server.url, "granted")

    assert page.get_by_label("Notification in this browser").count() == 0
    assert page.get_by_label("Off").is_checked()

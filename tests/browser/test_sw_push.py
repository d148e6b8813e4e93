"""static/js/sw-push.js in a real Chromium: a push message delivered to a service worker that
runs it (DevTools' ServiceWorker.deliverPushMessage, as a push service would) shows the
payload's notification. The site's own /sw.js imports this file; here it is registered by
itself, with its folder as scope."""

import json
from typing import Any

import pytest

from diary.models import User
from tests.browser.pages import PHONE, log_in
from tests.helpers import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = {
    "title": "Log last night",
    "body": "The night of Sunday 29 November is not in your diary yet.",
    "url": "/nights/log/?night=2026-11-29",
}


def test_a_push_shows_the_payloads_notification(
    live_server: Any, open_page: Any, alice: User
) -> None:
    page = open_page(PHONE.width, PHONE.height)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    log_in(page, live_server.url, "alice", PASSWORD)
    cdp = page.context.new_cdp_session(page)
    registered: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated", lambda e: registered.extend(e["registrations"])
    )
    cdp.send("ServiceWorker.enable")
    page.evaluate(
        """async () => {
          await navigator.serviceWorker.register('/static/js/sw-push.js', {scope: '/static/js/'});
          const reg = await navigator.serviceWorker.getRegistration('/static/js/');
          const worker = reg.installing || reg.waiting || reg.active;
          if (worker.state !== 'activated') {
            await new Promise(done => worker.addEventListener('statechange', () => {
              if (worker.state === 'activated') done();
            }));
          }
        }"""
    )
    [registration_id] = {
        r["registrationId"] for r in registered if r["scopeURL"].endswith("/static/js/")
    }

    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server.url, "registrationId": registration_id, "data": json.dumps(PAYLOAD)},
    )

    shown = page.evaluate(
        """async () => {
          const reg = await navigator.serviceWorker.getRegistration('/static/js/');
          for (let i = 0; i < 50; i++) {
            const found = await reg.getNotifications();
            if (found.length) return found.map(n => ({title: n.title, body: n.body, data: n.data}));
            await new Promise(r => setTimeout(r, 100));
          }
          return [];
        }"""
    )
    assert shown == [
        {"title": PAYLOAD["title"], "body": PAYLOAD["body"], "data": {"url": PAYLOAD["url"]}}
    ]

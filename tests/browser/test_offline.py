"""Offline logging (issue 16), in a real Chromium with the service worker.

Offline is Playwright's `context.set_offline(True)`: in Chromium it also cuts the service
worker's own fetches (the first test shows it: the worker's network-first fetch fails and the
kept copy is served), so no route has to be aborted by hand.

The server's clock is not frozen: the browser's cookies are judged by the real clock, and the
log form offers last night by it."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from diary.models import Night, User
from tests.browser.pages import DESKTOP, PHONE, Viewport, log_in
from tests.factories import make_night

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-browser-1"


@pytest.fixture
def patient(alice: User) -> User:
    alice.set_password(PASSWORD)
    alice.save()
    return alice


@pytest.fixture
def other(bob: User) -> User:
    bob.set_password(PASSWORD)
    bob.save()
    return bob


def ready_offline(page: Any, base: str) -> None:
    """Signed in, with the worker installed and in control, and both pages kept."""
    page.goto(f"{base}/nights/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto(f"{base}/nights/log/")
    page.goto(f"{base}/nights/")
    page.goto(f"{base}/nights/log/")


def cache_names(page: Any) -> list[str]:
    names: list[str] = page.evaluate("caches.keys()")
    return names


def queued(page: Any) -> int:
    count: int = page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open("rlsdiary-offline", 1);
            open.onsuccess = () => {
              const request = open.result.transaction("queue").objectStore("queue").count();
              request.onsuccess = () => { resolve(request.result); open.result.close(); };
            };
          })"""
    )
    return count


def fill_night(page: Any) -> str:
    """A symptom-free night, the one the form offers; answers that night, YYYY-MM-DD."""
    night: str = page.input_value("#id_night")
    page.click("#no-symptoms")
    return night


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_night_logged_offline_waits_and_is_saved_when_the_connection_returns(
    live_server: Any, open_page: Callable[..., Any], patient: User, size: Viewport
) -> None:
    page = open_page(size.width, size.height)
    log_in(page, live_server.url, patient.username, PASSWORD)
    ready_offline(page, live_server.url)

    page.context.set_offline(True)
    page.goto(f"{live_server.url}/nights/log/")
    expect(page.locator("#offline-banner")).to_be_visible()
    night = fill_night(page)

    expect(page.locator("#offline-kept")).to_be_visible()
    expect(page.locator("#offline-queue .offline-entry[data-state=waiting]")).to_have_count(1)
    expect(page.locator("#offline-count [data-slot=count]")).to_have_text("1")
    assert not Night.objects.exists()

    page.context.set_offline(False)
    expect(page.locator("#offline-queue")).to_be_hidden(timeout=15_000)
    expect(page.locator("#offline-count")).to_be_hidden()
    saved = Night.objects.get()
    assert (saved.patient, saved.night.isoformat(), saved.severity) == (patient, night, 0)
    assert queued(page) == 0

"""Offline logging (issue 16), in a real Chromium with the service worker.

Offline is Playwright's `context.set_offline(True)`: in Chromium it also cuts the service
worker's own fetches (the first test shows it: the worker's network-first fetch fails and the
kept copy is served), so no route has to be aborted by hand.

The server's clock is not frozen: the browser's cookies are judged by the real clock, and the
log form offers last night by it."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
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


# How many nights the phone keeps (static/js/offline-queue.js's database), without making it.
COUNT_KEPT = """() => new Promise((resolve) => {
  const open = indexedDB.open("rlsdiary-offline", 1);
  // Cleared by a sign-out: no database; none is made here (offline.js makes it).
  open.onupgradeneeded = () => { open.transaction.abort(); resolve(0); };
  open.onerror = () => resolve(0);
  open.onsuccess = () => {
    const db = open.result;
    const request = db.transaction("queue").objectStore("queue").count();
    request.onsuccess = () => { resolve(request.result); db.close(); };
  };
})"""


def queued(page: Any) -> int:
    count: int = page.evaluate(COUNT_KEPT)
    return count


def wait_until_sent(page: Any) -> None:
    # offline.js marks the count once the page has sent what it could and shown what is left.
    page.wait_for_selector('#offline[data-kept="0"]', state="attached", timeout=15_000)
    assert queued(page) == 0


def fill_night(page: Any) -> str:
    """A symptom-free night, the one the form offers; answers that night, YYYY-MM-DD."""
    night: str = page.input_value("#id_night")
    page.click("#no-symptoms")
    return night


def signed_in_offline_ready(
    open_page: Callable[..., Any], base: str, patient: User, size: Viewport = PHONE
) -> Any:
    """A page of `patient`'s, signed in, the worker in control and both pages kept."""
    page = open_page(size.width, size.height)
    log_in(page, base, patient.username, PASSWORD)
    ready_offline(page, base)
    return page


def log_offline(page: Any, base: str) -> str:
    """Off the network, the log form from the phone's copy, a night saved; answers the night."""
    page.context.set_offline(True)
    page.goto(f"{base}/nights/log/")
    return fill_night(page)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_night_logged_offline_waits_and_is_saved_when_the_connection_returns(
    live_server: Any, open_page: Callable[..., Any], patient: User, size: Viewport
) -> None:
    page = signed_in_offline_ready(open_page, live_server.url, patient, size)

    page.context.set_offline(True)
    page.goto(f"{live_server.url}/nights/log/")
    expect(page.locator("#offline-banner")).to_be_visible()
    night = fill_night(page)

    expect(page.locator("#offline-kept")).to_be_visible()
    expect(page.locator("#save")).to_be_disabled()  # not kept twice by a second tap
    expect(page.locator("#offline-queue .offline-entry[data-state=waiting]")).to_have_count(1)
    expect(page.locator("#offline-queue-title")).to_have_text("Waiting to send")
    expect(page.locator("#offline-count [data-slot=count]")).to_have_text("1")
    assert not Night.objects.exists()

    page.context.set_offline(False)
    wait_until_sent(page)
    expect(page.locator("#offline-queue")).to_be_hidden()
    expect(page.locator("#offline-count")).to_be_hidden()
    saved = Night.objects.get()
    assert (saved.patient, saved.night.isoformat(), saved.severity) == (patient, night, 0)
    assert queued(page) == 0


def test_the_nights_list_opens_offline_marked_as_a_copy(
    live_server: Any, open_page: Callable[..., Any], patient: User
) -> None:
    make_night(patient, "2026-11-20")
    page = signed_in_offline_ready(open_page, live_server.url, patient)

    page.context.set_offline(True)
    page.goto(f"{live_server.url}/nights/")
    banner = page.locator("#offline-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("You are offline — showing the list as of")
    expect(page.locator('a[href="/nights/2026-11-20/"]').first).to_be_visible()
    # The static files came from the worker's cache too: the page has app.css's dark theme.
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == (
        "rgb(17, 20, 24)"
    )
    # Online, the same page is the server's, with no notice.
    page.context.set_offline(False)
    page.goto(f"{live_server.url}/nights/")
    expect(page.locator("#offline-banner")).to_be_hidden()


def test_only_the_form_and_the_list_are_kept(
    live_server: Any, open_page: Callable[..., Any], patient: User
) -> None:
    page = open_page(DESKTOP.width, DESKTOP.height)
    log_in(page, live_server.url, patient.username, PASSWORD)
    ready_offline(page, live_server.url)
    page.goto(f"{live_server.url}/settings/")
    page.goto(f"{live_server.url}/trends/")
    kept: list[str] = page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
              if (!name.startsWith("rlsdiary-pages-")) continue;
              for (const request of await (await caches.open(name)).keys()) {
                urls.push(new URL(request.url).pathname);
              }
            }
            return urls.sort();
          }"""
    )
    assert kept == ["/nights/", "/nights/log/"]
    page.context.set_offline(True)
    with pytest.raises(PlaywrightError):
        page.goto(f"{live_server.url}/settings/")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_night_logged_elsewhere_meanwhile_is_shown_as_a_conflict_and_not_dropped(
    live_server: Any, open_page: Callable[..., Any], patient: User, size: Viewport
) -> None:
    page = signed_in_offline_ready(open_page, live_server.url, patient, size)
    night = log_offline(page, live_server.url)
    expect(page.locator("#offline-kept")).to_be_visible()
    # Meanwhile, the same night is logged from the computer.
    make_night(patient, night, severity=4)

    page.context.set_offline(False)
    entry = page.locator(".offline-entry[data-state=conflict]")
    expect(entry).to_be_visible(timeout=15_000)
    expect(entry.locator("dl")).to_contain_text("Night of")
    # The night in the page's words, as the diary writes it everywhere, not as the form sent it.
    expect(entry.locator("dl")).to_contain_text(date.fromisoformat(night).strftime("%a %-d %b %Y"))
    # It waits for the patient now, not for a connection.
    expect(page.locator("#offline-queue-title")).to_have_text("Not saved: these nights need you")
    link = entry.get_by_role("link", name="Open the night as it is logged")
    assert link.get_attribute("href") == f"/nights/{night}/"
    expect(page.locator("#offline-count [data-slot=count]")).to_have_text("1")

    # Still there on the next page, until the patient chooses.
    page.goto(f"{live_server.url}/nights/")
    entry = page.locator(".offline-entry[data-state=conflict]")
    expect(entry).to_be_visible()
    assert queued(page) == 1
    assert Night.objects.get().severity == 4

    # "Open what I typed in the form": the form, filled in as it was typed, says the night is
    # logged and links to it.
    entry.get_by_role("link", name="Open what I typed in the form").click()
    page.wait_for_load_state()
    expect(page.locator("#id_night")).to_have_value(night)
    page.locator("#save").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Open that entry to change it.")).to_be_visible()

    page.goto(f"{live_server.url}/nights/")
    assert queued(page) == 0
    expect(page.locator("#offline-queue")).to_be_hidden()


def test_deleting_what_was_typed_is_the_patients_choice(
    live_server: Any, open_page: Callable[..., Any], patient: User
) -> None:
    page = signed_in_offline_ready(open_page, live_server.url, patient)
    night = log_offline(page, live_server.url)
    make_night(patient, night, severity=4)
    page.context.set_offline(False)
    entry = page.locator(".offline-entry[data-state=conflict]")
    expect(entry).to_be_visible(timeout=15_000)
    entry.get_by_role("button", name="Delete what I typed").click()
    expect(page.locator("#offline-queue")).to_be_hidden()
    assert queued(page) == 0


def test_a_session_ended_meanwhile_keeps_the_night_and_asks_to_sign_in(
    live_server: Any, open_page: Callable[..., Any], patient: User
) -> None:
    page = signed_in_offline_ready(open_page, live_server.url, patient)
    night = log_offline(page, live_server.url)
    expect(page.locator("#offline-kept")).to_be_visible()
    page.context.clear_cookies()  # the session ended while the phone was offline

    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    signin = page.locator(".offline-signin")
    expect(signin).to_be_visible(timeout=15_000)
    assert queued(page) == 1
    assert not Night.objects.exists()

    signin.get_by_role("link").click()
    page.fill("#id_username", patient.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    wait_until_sent(page)
    expect(page.locator("#offline-queue")).to_be_hidden()
    assert Night.objects.get(patient=patient).night.isoformat() == night


def test_sign_out_warns_of_nights_not_sent_and_then_clears_everything(
    live_server: Any, open_page: Callable[..., Any], patient: User
) -> None:
    page = signed_in_offline_ready(open_page, live_server.url, patient)
    night = log_offline(page, live_server.url)
    make_night(patient, night, severity=4)
    page.context.set_offline(False)
    expect(page.locator(".offline-entry[data-state=conflict]")).to_be_visible(timeout=15_000)

    page.get_by_role("button", name="Log out").click()
    warning = page.get_by_role("alertdialog")
    expect(warning).to_contain_text("Signing out deletes the nights kept on this phone")
    warning.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    assert queued(page) == 1

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("button", name="Sign out and delete them").click()
    page.wait_for_url("**/accounts/login/**")
    assert cache_names(page) == []
    assert queued(page) == 0
    page.context.set_offline(True)
    with pytest.raises(PlaywrightError):
        page.goto(f"{live_server.url}/nights/")


def test_a_second_patient_on_the_same_phone_never_sees_the_first_ones_list(
    live_server: Any, open_page: Callable[..., Any], patient: User, other: User
) -> None:
    make_night(patient, "2026-11-20")
    make_night(other, "2026-11-17")
    page = signed_in_offline_ready(open_page, live_server.url, patient)
    # Alice's session ends without a sign-out (the idle limit); Bob signs in on the same phone.
    page.context.clear_cookies()
    log_in(page, live_server.url, other.username, PASSWORD)
    page.wait_for_url("**/nights/")

    page.context.set_offline(True)
    page.goto(f"{live_server.url}/nights/")
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.locator('a[href="/nights/2026-11-17/"]').first).to_be_visible()
    expect(page.locator('a[href="/nights/2026-11-20/"]')).to_have_count(0)
    pages = [name for name in cache_names(page) if name.startswith("rlsdiary-pages-")]
    assert len(pages) == 1


def test_signed_out_nobodys_list_is_served_offline(
    live_server: Any, open_page: Callable[..., Any], patient: User
) -> None:
    page = signed_in_offline_ready(open_page, live_server.url, patient)
    # The session ends without a sign-out; the next visit to the list goes to the log-in page.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/nights/")
    page.wait_for_url("**/accounts/login/**")
    page.context.set_offline(True)
    with pytest.raises(PlaywrightError):
        page.goto(f"{live_server.url}/nights/")

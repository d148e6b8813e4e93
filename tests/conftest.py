import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.utils import translation

from diary import sharing
from diary.choices import AccountType
from diary.models import Night, Share, User
from tests.factories import NO_SYMPTOMS, VALID_NIGHT, form_data, night_json
from tests.factories import make_night as make_night_now
from tests.helpers import PASSWORD, logged_in, make_user, share_with

__all__ = ["NO_SYMPTOMS", "PASSWORD", "VALID_NIGHT", "form_data", "night_json"]

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# ORM calls made from that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


DATABASE_FIXTURES = ("db", "transactional_db", "live_server")


@pytest.fixture(autouse=True)
def empty_cache(request: pytest.FixtureRequest) -> Iterator[None]:
    # Cached pages are keyed by the patient's id and data version, which a later test's
    # database can repeat, and rate limits count per address: every test starts with empty
    # caches. They are tables of the test database (settings.CACHES), which a test that
    # commits (live server, transactional_db) leaves filled; a test without the database
    # cannot use them at all.
    uses_database = request.node.get_closest_marker("django_db") or any(
        name in request.fixturenames for name in DATABASE_FIXTURES
    )
    if not uses_database:
        yield
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        for cache in caches.all():
            cache.clear()
    yield
    with blocker.unblock():
        for cache in caches.all():
            cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(request: pytest.FixtureRequest, settings: Any) -> None:
    # Argon2 is deliberately slow; tests that are not about hashing skip it.
    if "real_hashing" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def alice(db: None) -> User:
    return make_user("alice", AccountType.PATIENT, timezone="America/New_York")


@pytest.fixture
def bob(db: None) -> User:
    return make_user("bob", AccountType.PATIENT, timezone="Europe/Berlin")


@pytest.fixture
def clinician(db: None) -> User:
    return make_user("dr_carol", AccountType.CLINICIAN, timezone="America/New_York")


@pytest.fixture
def alice_client(alice: User) -> Client:
    return logged_in(alice)


@pytest.fixture
def bob_client(bob: User) -> Client:
    return logged_in(bob)


@pytest.fixture
def clinician_client(clinician: User) -> Client:
    return logged_in(clinician)


@pytest.fixture
def make_night(db: None) -> Callable[..., Night]:
    return make_night_now


@pytest.fixture
def alice_shares(alice: User, clinician: User) -> Share:
    return share_with(alice, clinician)


@pytest.fixture
def revoked_clinician(db: None, alice: User) -> User:
    other = make_user("dr_rex", AccountType.CLINICIAN)
    sharing.revoke(share_with(alice, other))
    return other


@pytest.fixture
def revoked_client(revoked_clinician: User) -> Client:
    return logged_in(revoked_clinician)


@pytest.fixture
def lonely_clinician_client(db: None) -> Client:
    return logged_in(make_user("dr_nobody", AccountType.CLINICIAN))


BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        yield browser
        browser.close()


# Chromium logs every refusal as "Refused to ... violates the following Content Security Policy
# directive"; the event makes sure nothing is missed, e.g. a refusal inside a frame.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
  `Content Security Policy violation: ${event.effectiveDirective} refused ${event.blockedURI}`
  + ` at ${event.sourceFile}:${event.lineNumber}`
));
"""


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Opens pages, each in a browser context of its own (own cookies), closed after the test.

    Any Content-Security-Policy violation on any page fails the test (at teardown): the app
    must work under its own policy, with no inline script or style."""
    contexts: list[Any] = []
    violations: list[str] = []

    def note(message: Any) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{message.location.get('url')}: {message.text}")

    def open_(
        width: int,
        height: int,
        timezone_id: str | None = None,
        color_scheme: str = "dark",
        service_workers: str = "allow",
    ) -> Any:
        # Dark unless a test asks otherwise: the page follows the system's colour scheme, and
        # the diary's usual setting is a phone at night.
        context = browser.new_context(
            viewport={"width": width, "height": height},
            timezone_id=timezone_id,
            color_scheme=color_scheme,
            service_workers=service_workers,
        )
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", note)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert violations == [], "the pages broke their Content-Security-Policy"


@pytest.fixture
def phone(open_page: Callable[..., Any]) -> Any:
    """A page the size of a phone held upright."""
    return open_page(390, 844, timezone_id="Europe/Paris")


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    # A request with Accept-Language: de leaves German active in the test's thread (a server
    # activates each request's language anew; the test client does not undo it), and the
    # next test's numbers would then be written with a decimal comma (diary.formatting).
    yield
    translation.activate(settings.LANGUAGE_CODE)

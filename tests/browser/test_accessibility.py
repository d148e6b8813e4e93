"""axe-core on every page, in the dark and the light theme, at a phone's and a desktop's size:
0 violations (issue 15).

Pages are listed by their URL's name, with the seeded entries their URLs need. A named URL that
is neither listed here nor skipped with a reason fails
test_every_named_url_is_checked_or_skipped_with_a_reason, so a new page cannot go unchecked.

A failure lists every page, size and theme with what axe found there (rule, impact, the element
and what to fix), after visiting all of them; a page that cannot be reached (wrong status, a
step that no longer works) is listed too, and does not stop the others being checked."""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views import defaults
from django_otp.oath import TOTP
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from diary import email_addresses, tokens
from diary.choices import AccountType, Schedule
from diary.drafts import save_draft
from diary.forms import NightForm
from diary.management.commands.seed_demo import DEMO_CLINICIAN, DEMO_PASSWORD, DEMO_USERNAME
from diary.models import Assessment, LabResult, Share, Treatment, User
from insights.trends import RANGES
from tests.browser import axe
from tests.browser.pages import DESKTOP, PHONE, log_in
from tests.helpers import make_user, share_with
from tests.two_factor_helpers import turn_on

# Each page in both themes at a phone's size, where the app is mostly used and wide content
# scrolls; and at a desktop's in one theme, for what the wider layout changes. Colour contrast,
# the slow part of a check (two thirds of it on a long table), differs with the theme, not the
# width: the stylesheets change no colour with the width.
RUNS = [(PHONE, "dark"), (PHONE, "light"), (DESKTOP, "light")]


@dataclass(frozen=True)
class Seeded:
    """The demo patient's data (seed_demo: ten months of nights, treatments, labs, a share with
    the demo clinician, who entered assessments), and a little more that some pages show."""

    patient: User
    clinician: User
    last_night: date
    course: Treatment
    patient_lab: LabResult
    clinician_lab: LabResult
    assessment: Assessment
    share: Share
    draft_night: date


def seed() -> Seeded:
    call_command("seed_demo", stdout=StringIO())
    patient = User.objects.get(username=DEMO_USERNAME)
    clinician = User.objects.get(username=DEMO_CLINICIAN)
    # Seen on the sharing page (a code not used yet), the recently deleted page (a night) and
    # settings (an API token); the dashboard also lists a patient with no nights yet.
    Share.create_for(patient)
    patient.nights.earliest("night").delete()
    tokens.create_token(user=patient, name="Phone app")
    share_with(make_user("bob", AccountType.PATIENT), clinician)
    # A draft (the evening part, to finish in the morning) on a night long before the diary's
    # first, so it is neither logged nor in the future: the nights list, the log form's banner
    # and the discard page show it.
    draft = save_draft(
        patient=patient,
        values={
            "night": patient.nights.earliest("night").night - timedelta(days=30),
            "severity": 6,
            "onset": "21:15",
            "sensations": ["urge"],
        },
    )
    labs = LabResult.objects.filter(patient=patient)
    return Seeded(
        patient=patient,
        clinician=clinician,
        last_night=patient.nights.latest("night").night,
        course=Treatment.objects.filter(
            patient=patient, schedule=Schedule.COURSE, stopped__isnull=True
        ).earliest("started"),
        patient_lab=labs.filter(entered_by_user=patient).earliest("drawn"),
        clinician_lab=labs.filter(entered_by_user=clinician).earliest("drawn"),
        assessment=Assessment.objects.filter(patient=patient).latest("assessed"),
        share=Share.objects.active().get(patient=patient, clinician=clinician),
        draft_night=draft.night,
    )


def no_kwargs(_seeded: Seeded) -> dict[str, Any]:
    return {}


def error_page(status: int, seeded: Seeded) -> str:
    """The 400, 403 and 500 pages as Django serves them; no URL of the app leads to them on
    purpose, so the browser is handed them (with the app's static files) at a made-up URL."""
    if status == 400:
        return Client().get("/", HTTP_HOST="not-our-host.example").content.decode()
    request = RequestFactory().get("/")
    request.user = seeded.patient
    if status == 403:
        return defaults.permission_denied(request, PermissionDenied()).content.decode()
    return defaults.server_error(request).content.decode()


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str | None  # None: an error page, served by `served_status`
    kwargs: Callable[[Seeded], dict[str, Any]] = no_kwargs
    query: str = ""
    status: int = 200
    # Steps taken in the page before it is checked, e.g. sending a form to see its errors.
    then: Callable[[Any], None] | None = None
    # Parts left out of the check (CSS selectors): only another project's markup, see its Page.
    exclude: tuple[str, ...] = ()
    ready: str | None = None  # an element drawn by script, waited for
    # Done before the page is opened, with the browser page, the server's address and the data.
    arrange: Callable[[Any, str, Seeded], None] | None = None
    served_status: int | None = None
    path: str = field(default="")

    def url(self, seeded: Seeded) -> str:
        if self.url_name is None:
            return self.path or f"/__error_{self.served_status}__/"
        query = self.query.replace("{draft}", seeded.draft_night.isoformat())
        return reverse(self.url_name, kwargs=self.kwargs(seeded)) + query


def send_form(button: str) -> Callable[[Any], None]:
    """Presses the form's button as it is (left empty, or with the page's defaults)."""

    def steps(page: Any) -> None:
        page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_load_state()

    return steps


def fill_and_send(fields: dict[str, str], button: str) -> Callable[[Any], None]:
    def steps(page: Any) -> None:
        for selector, value in fields.items():
            page.fill(selector, value)
        send_form(button)(page)

    return steps


def with_two_factor_on(page: Any, base: str, seeded: Seeded) -> None:
    """Two-factor sign-in turned on, which ends every session: log in again with the app's
    next code (the one that turned it on is spent; the next is within the tolerance)."""
    device, _backup_codes = turn_on(seeded.patient)
    app = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    app.time = time.time() + device.step
    log_in(page, base, DEMO_USERNAME, DEMO_PASSWORD)
    page.fill("#id_otp_token", f"{app.token():0{device.digits}d}")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/nights/")


def night(seeded: Seeded) -> dict[str, Any]:
    return {"night": seeded.last_night}


def course(seeded: Seeded) -> dict[str, Any]:
    return {"treatment_id": seeded.course.pk}


def patient(seeded: Seeded) -> dict[str, Any]:
    return {"patient_id": seeded.patient.pk}


def with_addresses(_page: Any, _base: str, seeded: Seeded) -> None:
    User.objects.filter(pk=seeded.patient.pk).update(
        email="demo@example.org", email_unconfirmed="new@example.org"
    )


# A night kept on the phone while offline that met a night logged meanwhile, and one refused
# (static/js/offline-queue.js's entries), then the warning a sign-out gives: offline.js's states.
KEEP_ON_THE_PHONE = """({ typed, error }) => new Promise((resolve) => {
  const account = document.getElementById("offline").dataset.account;
  const open = indexedDB.open("rlsdiary-offline", 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
    open.result.createObjectStore("meta");
  };
  open.onsuccess = () => {
    const tx = open.result.transaction("queue", "readwrite");
    const entry = { account, night: "2026-11-20", fields: [], savedAt: 0 };
    tx.objectStore("queue").add({ ...entry, state: "conflict",
      answer: { typed, errors: [], logged: "/nights/2026-11-20/" } });
    tx.objectStore("queue").add({ ...entry, night: "2026-11-19", state: "refused",
      answer: { typed, errors: [error] } });
    tx.oncomplete = () => { open.result.close(); resolve(); };
  };
})"""


def with_nights_kept_offline(page: Any) -> None:
    # What the server answered when the nights were sent, in the page's language (the languages
    # test takes these steps in German and Spanish too): the form's labels and a refusal.
    with translation.override(getattr(page, "language", "en")):
        typed = [
            [str(NightForm.base_fields["night"].label), "2026-11-20"],
            [str(NightForm.base_fields["notes"].label), "21:40"],
        ]
        error = str(forms.IntegerField().error_messages["invalid"])
    page.wait_for_selector("#offline", state="attached")
    page.evaluate(KEEP_ON_THE_PHONE, {"typed": typed, "error": error})
    page.reload()
    page.wait_for_selector(".offline-entry[data-state=refused]")
    page.get_by_role("button", name="Log out").click()


def email_token(seeded: Seeded) -> dict[str, Any]:
    return {"token": email_addresses.confirmation_token(seeded.patient, "new@example.org")}


def reset_link(seeded: Seeded) -> dict[str, Any]:
    # Made when the page is visited: a log-in since would have spent it.
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(seeded.patient.pk)),
        "token": default_token_generator.make_token(seeded.patient),
    }


def as_child(_page: Any, _base: str, seeded: Seeded) -> None:
    """The demo diary kept for a 9-year-old (README, "A child's diary")."""
    User.objects.filter(pk=seeded.patient.pk).update(
        kept_for_child=True, child_first_name="Mia", child_birth_year=date.today().year - 9
    )


def tick_and_send(box: str, fields: dict[str, str], button: str) -> Callable[[Any], None]:
    def steps(page: Any) -> None:
        page.check(box)
        fill_and_send(fields, button)(page)

    return steps


PATIENT_PAGES = [
    Page("log form", "night-create"),
    Page(
        "log form refusing a night without severity", "night-create", then=send_form("Save night")
    ),
    Page("night edit", "night-edit", night),
    Page("night delete confirm", "night-delete", night),
    Page("nights list", "night-list"),
    Page("welcome steps", "welcome"),
    Page("log form finishing a draft", "night-create", query="?night={draft}"),
    Page("draft discard confirm", "night-draft-discard", lambda s: {"night": s.draft_night}),
    Page("nights list, page 2", "night-list", query="?page=2"),
    *(Page(f"trends, range {key}", "trends", query=f"?range={key}") for key in RANGES),
    Page("treatments", "treatments"),
    Page("treatment add", "treatment-add"),
    Page("treatment add refusing an empty form", "treatment-add", then=send_form("Save")),
    Page("treatment edit", "treatment-edit", course),
    Page("treatment change dose", "treatment-change-dose", course),
    Page("treatment stop", "treatment-stop", course),
    Page("treatment delete confirm", "treatment-delete", course),
    Page("labs", "labs"),
    Page("lab add", "lab-add"),
    Page("lab add refusing an empty form", "lab-add", then=send_form("Save")),
    Page("lab edit", "lab-edit", lambda s: {"lab_id": s.patient_lab.pk}),
    Page("lab delete confirm", "lab-delete", lambda s: {"lab_id": s.patient_lab.pk}),
    Page("sharing", "sharing"),
    Page("sharing, a code just made", "sharing", then=send_form("Create a share code")),
    Page("share revoke confirm", "share-revoke", lambda s: {"share_id": s.share.pk}),
    Page("settings", "settings"),
    Page("two-factor setup", "two-factor-setup"),
    Page("password change", "password_change"),
    Page("import", "night-import"),
    Page("recently deleted", "recently-deleted"),
    Page("delete account", "account-delete"),
    Page("e-mail address", "email-settings"),
    Page(
        "e-mail address refusing a wrong password",
        "email-settings",
        then=fill_and_send(
            {"#id_email": "demo@example.org", "#id_password": "not-the-password"},
            "Save e-mail address",
        ),
    ),
    Page("settings, an address confirmed and one waiting", "settings", arrange=with_addresses),
    Page("reminders, e-mail offered", "reminders"),
    Page(
        "reminders refusing an empty time",
        "reminders",
        then=fill_and_send({"#id_time": ""}, "Save reminder"),
    ),
    Page("e-mail confirm", "email-confirm", email_token),
    Page(
        "e-mail confirm refusing a link for an address changed since",
        "email-confirm",
        lambda s: {"token": email_addresses.confirmation_token(s.patient, "old@example.org")},
        status=400,
    ),
    Page("glossary", "glossary"),
    Page("404", None, path="/no-such-page/", status=404),
    Page("403", None, served_status=403, status=403),
    Page("400", None, served_status=400, status=400),
    Page("500", None, served_status=500, status=500),
    Page(
        "nights, two kept offline that need the patient, and the sign-out warning",
        "night-list",
        then=with_nights_kept_offline,
        ready="[role=alertdialog]",
    ),
    # From here on the diary is kept for a child.
    Page("log form in a child's diary", "night-create", arrange=as_child),
    Page(
        "settings refusing a child's year of birth in the future",
        "settings",
        then=fill_and_send({"#id_child_birth_year": "2999"}, "Save settings"),
    ),
    # Last: from here on the patient has two-factor sign-in on.
    Page("two-factor off", "two-factor-off", arrange=with_two_factor_on),
    Page("settings, two-factor on", "settings"),
]

CLINICIAN_PAGES = [
    Page("dashboard", "clinician-dashboard"),
    Page("clinician welcome steps", "welcome"),
    Page("review", "patient-review", patient),
    Page("assessment add", "assessment-add", patient),
    Page(
        "assessment add refusing an empty form", "assessment-add", patient, then=send_form("Save")
    ),
    Page(
        "assessment edit",
        "assessment-edit",
        lambda s: {"patient_id": s.patient.pk, "assessment_id": s.assessment.pk},
    ),
    Page(
        "assessment delete confirm",
        "assessment-delete",
        lambda s: {"patient_id": s.patient.pk, "assessment_id": s.assessment.pk},
    ),
    Page("clinician lab add", "clinician-lab-add", patient),
    Page(
        "clinician lab edit",
        "clinician-lab-edit",
        lambda s: {"patient_id": s.patient.pk, "lab_id": s.clinician_lab.pk},
    ),
    Page(
        "clinician lab delete confirm",
        "clinician-lab-delete",
        lambda s: {"patient_id": s.patient.pk, "lab_id": s.clinician_lab.pk},
    ),
    Page("redeem a code", "share-redeem"),
    Page(
        "redeem refusing a wrong code",
        "share-redeem",
        then=fill_and_send({"#id_code": "WRONG-CODE"}, "Add patient"),
    ),
    Page("clinician settings", "settings"),
    Page("dashboard with a child's diary", "clinician-dashboard", arrange=as_child),
    Page("review of a child's diary", "patient-review", patient),
    Page(
        "review of a patient not shared (404)",
        "patient-review",
        lambda s: {"patient_id": 999_999},
        status=404,
    ),
]

# Swagger UI (drf-spectacular-sidecar's copy) draws the operations inside #swagger-ui; its own
# markup breaks rules we cannot fix from here (nested buttons in its operation summaries, its
# colours in the light theme, heading order). Our page around it, with its heading, landmark
# and introduction, is checked.
SWAGGER_UI = "#swagger-ui"

SIGNED_OUT_PAGES = [
    Page("landing", "home"),
    Page("log in", "login"),
    Page(
        "log in refusing a wrong password",
        "login",
        then=fill_and_send({"#id_username": "nobody", "#id_password": "not-this-one"}, "Log in"),
    ),
    Page("sign up", "signup"),
    Page("sign up refusing an empty form", "signup", then=send_form("Sign up")),
    Page(
        "sign up refusing a child without a name",
        "signup",
        then=tick_and_send("#id_kept_for_child", {"#id_child_birth_year": "2017"}, "Sign up"),
    ),
    Page("password reset", "password_reset"),
    Page("password reset, mail sent", "password_reset_done"),
    Page("password reset, new password", "password_reset_confirm", reset_link),
    Page(
        "password reset refusing passwords that differ",
        "password_reset_confirm",
        reset_link,
        then=fill_and_send(
            {"#id_new_password1": "one-long-password", "#id_new_password2": "another-one"},
            "Set password",
        ),
    ),
    Page(
        "password reset, a link used or expired",
        "password_reset_confirm",
        lambda s: {**reset_link(s), "token": "used-already"},
    ),
    Page("password reset, done", "password_reset_complete"),
    Page("glossary, signed out", "glossary"),
    Page("API docs", "api-docs", exclude=(SWAGGER_UI,), ready=f"{SWAGGER_UI} .opblock"),
    Page("404, signed out", None, path="/no-such-page/", status=404),
]

# Named URLs that are not pages to check, each with the reason.
NOT_PAGES = {
    "nights-export": "a CSV download",
    "weeks-export": "a CSV download",
    "full-export": "a ZIP download",
    "patient-report": "a PDF download",
    "healthz": "the load balancer's plain-text health check",
    "logout": "POST only (the Log out button); LOGOUT_REDIRECT_URL then shows the log-in page",
    "share-create": "POST only; its result is 'sharing, a code just made'",
    "token-create": "POST only; answers with the settings page (checked) or redirects to it",
    "token-revoke": "POST only; redirects to settings",
    "sign-out-everywhere": "POST only; redirects to the log-in page",
    "treatment-log-session": "POST only; redirects to treatments",
    "restore-deleted": "POST only; redirects to the restored entry's page",
    "restore-version": "POST only; redirects to the entry's page",
    "push-subscription": "JSON, POST and DELETE only (the reminders page's script)",
    "password_change_done": "redirects to settings (the app's own password change view)",
    "settings-language": "POST only (Settings, Language); redirects to settings",
    "set_language": "POST only (the footer's language form); redirects back to the page",
    "manifest": "the web app manifest, JSON (tests/diary/test_offline.py)",
    "service-worker": "the service worker's JavaScript (tests/diary/test_offline.py)",
    "night-send": "JSON for offline.js's queue of nights kept on the phone; its states are "
    "checked on the nights list",
}
# Whole families of named URLs, by prefix.
NOT_PAGES_BY_PREFIX = {
    "admin:": "Django's admin, for the site's staff, in Django's own templates",
    "api-": "the JSON API (DRF renders JSON only, see the test of that below); "
    "its docs page, api-docs, is checked",
}
API_PAGES = {"api-docs"}


def named_urls(patterns: Iterable[URLPattern | URLResolver], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_urls(pattern.url_patterns, inner)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def skipped(name: str) -> bool:
    if name in NOT_PAGES:
        return True
    return name not in API_PAGES and any(name.startswith(p) for p in NOT_PAGES_BY_PREFIX)


def test_every_named_url_is_checked_or_skipped_with_a_reason() -> None:
    checked = {
        page.url_name
        for page in PATIENT_PAGES + CLINICIAN_PAGES + SIGNED_OUT_PAGES
        if page.url_name is not None
    }
    names = named_urls(get_resolver().url_patterns)

    unchecked = sorted(name for name in names - checked if not skipped(name))
    assert unchecked == [], (
        f"named URLs with no axe check: {', '.join(unchecked)}; add each to a page list in "
        "this file, or to NOT_PAGES with the reason"
    )
    assert sorted(checked - names) == [], "listed pages whose URL name no longer exists"
    assert sorted(set(NOT_PAGES) - names) == [], "NOT_PAGES names that no longer exist"
    assert sorted(checked & set(NOT_PAGES)) == [], "both checked and skipped"


def test_the_api_has_no_html_pages_of_its_own() -> None:
    # What lets NOT_PAGES_BY_PREFIX skip the API: DRF's browsable HTML API is off.
    assert settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] == [
        "rest_framework.renderers.JSONRenderer"
    ]


def serve(status: int, html: str) -> Callable[[Any], None]:
    def handler(route: Any) -> None:
        route.fulfill(status=status, body=html, content_type="text/html; charset=utf-8")

    return handler


def took_theme(page: Any, theme: str) -> bool:
    # theme.js hears of the system's change in an event, after emulate_media has returned.
    try:
        page.wait_for_function(
            "theme => document.documentElement.dataset.theme === theme", arg=theme, timeout=2_000
        )
    except PlaywrightTimeout:
        return False
    return True


def check_pages(page: Any, base: str, pages: list[Page], seeded: Seeded) -> list[str]:
    """Every page at every size in every theme; what was wrong, as readable paragraphs."""
    problems: list[str] = []
    findings: list[axe.Finding] = []
    for spec in pages:
        url = spec.url(seeded)
        if spec.arrange:
            spec.arrange(page, base, seeded)
        if spec.served_status is not None:
            page.route(
                f"{base}{url}", serve(spec.served_status, error_page(spec.served_status, seeded))
            )
        response = page.goto(f"{base}{url}")
        if response is None or response.status != spec.status:
            status = response.status if response else "nothing"
            problems.append(
                f"{spec.label} ({url}): answered {status}, expected {spec.status} "
                f"(now at {page.url}); not checked"
            )
            continue
        try:
            if spec.then:
                spec.then(page)
            if spec.ready:
                page.wait_for_selector(spec.ready)
        except Exception as error:  # a step that no longer fits the page: say which, go on
            problems.append(f"{spec.label} ({url}): could not get the page ready: {error}")
            continue
        for viewport, theme in RUNS:
            page.set_viewport_size({"width": viewport.width, "height": viewport.height})
            # Two frames: the new width laid out, and scripts that follow resizes have run.
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            where = f"{spec.label} ({page.url.removeprefix(base)})"
            run = f"{viewport.name} {theme}"
            page.emulate_media(color_scheme=theme)
            if not took_theme(page, theme):
                shown = page.evaluate("document.documentElement.dataset.theme")
                problems.append(f"{where} {run}: the page shows the {shown} theme, not {theme}")
            findings += axe.check(page, where, run, spec.exclude)
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > viewport.width:
                problems.append(
                    f"{where} {run}: the page scrolls sideways ({wide} px wide in {viewport.width})"
                )
    if findings:
        problems.append(axe.report(findings))
    return problems


@pytest.fixture
def seeded(transactional_db: None) -> Seeded:
    return seed()


def checked_as(
    open_page: Callable[..., Any], base: str, pages: list[Page], seeded: Seeded, user: str | None
) -> None:
    # One browser context (one session) for all of a user's pages: a log-in per page would
    # double the time. Each page is loaded once and checked at each size and theme of RUNS in
    # place: the theme follows the emulated system scheme (static/js/theme.js), as nothing
    # is picked with the toggle.
    page = open_page(PHONE.width, PHONE.height)
    if user is not None:
        log_in(page, base, user, DEMO_PASSWORD)
    problems = check_pages(page, base, pages, seeded)
    assert not problems, "\n\n".join(problems)


@pytest.mark.browser
def test_every_patient_page_has_no_axe_violations(
    live_server: Any, open_page: Callable[..., Any], seeded: Seeded
) -> None:
    checked_as(open_page, live_server.url, PATIENT_PAGES, seeded, DEMO_USERNAME)


@pytest.mark.browser
def test_every_clinician_page_has_no_axe_violations(
    live_server: Any, open_page: Callable[..., Any], seeded: Seeded
) -> None:
    checked_as(open_page, live_server.url, CLINICIAN_PAGES, seeded, DEMO_CLINICIAN)


@pytest.mark.browser
def test_every_signed_out_page_has_no_axe_violations(
    live_server: Any, open_page: Callable[..., Any], seeded: Seeded
) -> None:
    checked_as(open_page, live_server.url, SIGNED_OUT_PAGES, seeded, None)


@pytest.mark.browser
def test_a_table_wider_than_a_phone_scrolls_from_the_keyboard_and_a_desktop_one_takes_no_tab(
    live_server: Any, open_page: Callable[..., Any], seeded: Seeded
) -> None:
    page = open_page(PHONE.width, PHONE.height)
    log_in(page, live_server.url, DEMO_USERNAME, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/trends/?range=12")
    wrap = page.locator(".table-wrap").filter(has=page.locator("table.weeks"))

    region = page.get_by_role("region", name="Week by week, scrolls sideways")
    assert region.evaluate("el => el.classList.contains('table-wrap')")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=wrap.element_handle())

    page.set_viewport_size({"width": DESKTOP.width, "height": DESKTOP.height})
    page.wait_for_function("el => !el.hasAttribute('tabindex')", arg=wrap.element_handle())
    assert page.get_by_role("region", name="Week by week, scrolls sideways").count() == 0

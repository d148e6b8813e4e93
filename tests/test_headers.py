"""Security headers (issue 12): a Content-Security-Policy without inline script on every page,
Permissions-Policy, Referrer-Policy, and no-store on whatever a signed-in user or the API gets.
"""

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse
from rest_framework.test import APIClient

from diary import labs
from diary.management.commands.seed_demo import DEMO_CLINICIAN, DEMO_USERNAME
from diary.models import Night, Share, Treatment, User
from tests.helpers import logged_in, token_client
from tests.treatment_factories import make_treatment

FROZEN = "2026-11-22 15:00:00+00:00"


def _names_without_arguments() -> list[str]:
    """Every named URL of the project that reverses without arguments."""
    names = []
    for name in get_resolver().reverse_dict:
        if not isinstance(name, str):
            continue
        try:
            reverse(name)
        except NoReverseMatch:  # the pattern needs arguments
            continue
        names.append(name)
    return sorted(names)


NAMES = _names_without_arguments()
# Pages that only send each kind of account on to its own start page (Django's set_language
# changes nothing on a GET and sends the browser back).
ONLY_REDIRECTS = {"home", "set_language"}
# Pages that exist only for an account in a state none of the people below is in (404 for them):
# turning two-factor sign-in off needs it on.
NOT_FOR_THESE_PEOPLE = {"two-factor-off"}


def directives(response: Any) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.fixture(autouse=True)
def frozen_clock(db: None) -> Iterator[None]:
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def people(alice: User, clinician: User, alice_shares: Share) -> dict[str, Client]:
    return {"anonymous": Client(), "patient": logged_in(alice), "clinician": logged_in(clinician)}


@pytest.fixture
def alice_data(alice: User, clinician: User, make_night: Any) -> dict[str, Any]:
    night: Night = make_night(alice, "2026-11-20")
    treatment: Treatment = make_treatment(alice)
    lab = labs.clean_lab(
        patient=alice, values={"drawn": "2026-11-01", "ferritin_ng_ml": "42.5"}, by=clinician
    )
    labs.save_entry(lab, by=clinician, created=True)
    return {"night": night.night, "treatment": treatment.pk, "lab": lab.pk}


def test_the_project_has_many_named_pages_to_check() -> None:
    # A guard on the discovery above: an empty list would make the next test pass vacuously.
    assert {"home", "night-list", "clinician-dashboard", "api-docs", "login"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_named_page_carries_a_csp_without_inline_script(
    name: str, people: dict[str, Client]
) -> None:
    answers = {who: client.get(reverse(name)) for who, client in people.items()}

    # Some kind of account (or nobody) gets the page itself; POST-only ones answer 405.
    shown = (302,) if name in ONLY_REDIRECTS else (200, 405)
    if name in NOT_FOR_THESE_PEOPLE:
        shown = (404,)
    assert any(r.status_code in shown for r in answers.values()), {
        who: r.status_code for who, r in answers.items()
    }
    for who, response in answers.items():
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], who
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], who
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["img-src"] == ["'self'", "data:"]


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("patient", "/nights/{night}/"),
        ("patient", "/nights/{night}/delete/"),
        ("patient", "/treatments/{treatment}/edit/"),
        ("patient", "/labs/"),
        ("clinician", "/clinician/patients/{alice}/"),
        ("clinician", "/clinician/patients/{alice}/labs/{lab}/edit/"),
        ("clinician", "/clinician/patients/{alice}/report.pdf"),
        ("clinician", "/api/v1/patients/{alice}/nights/"),
        ("anonymous", "/api/docs/?script="),
        ("anonymous", "/api/schema/"),
        ("anonymous", "/admin/"),
    ],
)
def test_pages_with_arguments_carry_the_csp_too(
    who: str, path: str, people: dict[str, Client], alice: User, alice_data: dict[str, Any]
) -> None:
    response = people[who].get(path.format(alice=alice.pk, **alice_data), follow=True)

    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_a_refusal_carries_the_csp_too(bob_client: Client, alice_data: dict[str, Any]) -> None:
    response = bob_client.get(f"/nights/{alice_data['night']}/")

    assert response.status_code == 404
    assert directives(response)["script-src"] == ["'self'"]


@pytest.mark.parametrize("path", ["/accounts/login/", "/nights/", "/api/v1/profile/"])
def test_every_answer_asks_for_no_camera_microphone_or_location(
    path: str, alice_client: Client
) -> None:
    policy = alice_client.get(path)["Permissions-Policy"]

    features = dict(item.split("=") for item in policy.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


@pytest.mark.parametrize("path", ["/accounts/login/", "/nights/"])
def test_links_send_no_referrer_to_other_sites(path: str, alice_client: Client) -> None:
    assert alice_client.get(path)["Referrer-Policy"] == "same-origin"


def _no_store(response: Any) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("patient", "/nights/"),
        ("patient", "/nights/log/"),
        ("patient", "/trends/"),
        ("patient", "/settings/"),
        ("patient", "/sharing/"),
        ("patient", "/nights/export.csv"),
        ("patient", "/trends/weeks.csv"),
        ("clinician", "/clinician/"),
        ("clinician", "/clinician/patients/{alice}/"),
        ("clinician", "/clinician/patients/{alice}/report.pdf"),
    ],
)
def test_nothing_a_signed_in_user_sees_may_be_stored_by_a_cache(
    who: str, path: str, people: dict[str, Client], alice: User, alice_data: dict[str, Any]
) -> None:
    response = people[who].get(path.format(alice=alice.pk))

    assert response.status_code == 200
    assert _no_store(response), response.get("Cache-Control")


@pytest.mark.parametrize(
    "path", ["/api/v1/nights/", "/api/v1/profile/", "/api/v1/weeks/", "/api/v1/nights/?format=csv"]
)
def test_no_api_answer_may_be_stored_by_a_cache(path: str, alice: User) -> None:
    response = token_client(alice).get(path)

    assert response.status_code == 200
    assert _no_store(response), response.get("Cache-Control")


@pytest.mark.parametrize("path", ["/api/v1/nights/", "/api/v1/auth/token/"])
def test_api_refusals_are_not_stored_either(path: str) -> None:
    response = APIClient().get(path)

    assert response.status_code in (401, 405)
    assert _no_store(response)


def test_the_csv_download_keeps_its_own_header_exactly(alice_client: Client) -> None:
    assert alice_client.get("/nights/export.csv")["Cache-Control"] == "private, no-store"


def test_static_files_stay_cacheable_for_a_signed_in_user(settings: Any, alice: User) -> None:
    # WhiteNoise answers before the session is read; a fresh client loads the middleware
    # with these settings.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = logged_in(alice)

    response = client.get("/static/css/app.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Content-Security-Policy" not in response


def test_the_log_in_page_for_a_visitor_is_not_forced_private() -> None:
    # Only what belongs to someone is private; the middleware leaves a visitor's pages alone
    # (Django's log-in view marks itself never-cache on its own).
    response = Client().get("/accounts/signup/")

    assert "no-store" not in response.get("Cache-Control", "")


def test_the_api_docs_page_needs_no_inline_script(people: dict[str, Client]) -> None:
    page = people["anonymous"].get("/api/docs/").content.decode()
    script = people["anonymous"].get("/api/docs/?script=")

    assert "<script>" not in page and "<style>" not in page
    assert '<script src="/api/docs/?script="' in page
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()


INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
)


PAGES = [
    ("anonymous", "/accounts/login/"),
    ("anonymous", "/accounts/signup/"),
    ("anonymous", "/api/docs/"),
    ("patient", "/nights/log/"),
    ("patient", "/nights/"),
    ("patient", "/trends/?range=all"),
    ("patient", "/treatments/"),
    ("patient", "/treatments/add/"),
    ("patient", "/labs/"),
    ("patient", "/sharing/"),
    ("patient", "/settings/"),
    ("patient", "/nights/import/"),
    ("clinician", "/clinician/"),
    ("clinician", "/clinician/patients/{patient}/?range=all"),
    ("clinician", "/clinician/redeem/"),
]


def test_no_page_has_inline_script_style_or_event_handlers() -> None:
    # The demo has every chart, treatment marks and labs: the richest pages there are. One
    # test for all the pages, as seeding it takes seconds.
    call_command("seed_demo", stdout=io.StringIO())
    patient = User.objects.get(username=DEMO_USERNAME)
    clients = {
        "anonymous": Client(),
        "patient": logged_in(patient),
        "clinician": logged_in(User.objects.get(username=DEMO_CLINICIAN)),
    }
    found = {}
    for who, path in PAGES:
        response = clients[who].get(path.format(patient=patient.pk))
        assert response.status_code == 200, path
        found[path] = INLINE.findall(response.content.decode())

    assert found == {path: [] for _who, path in PAGES}


def test_a_browser_visiting_the_api_gets_json_not_an_html_page_with_inline_style(
    alice_client: Client,
) -> None:
    # DRF's browsable API would break the policy; /api/docs/ is the page for people.
    response = alice_client.get(
        "/api/v1/profile/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["username"] == "alice"

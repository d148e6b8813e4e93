"""The landing page, the welcome steps after sign-up, the glossary and the way to the API docs
(issue 15, "Pages and states")."""

import re

import pytest
from django.test import Client

from diary.models import User

GLOSSARY_IDS = [
    "tib",
    "tst",
    "se",
    "sol",
    "waso",
    "sleep-loss",
    "severity",
    "symptomatic",
    "onset",
    "irls",
    "cgi",
]


def signup_data(account_type: str = "patient") -> dict[str, str]:
    return {
        "username": "newcomer",
        "password1": "night-owl-legs-42",
        "password2": "night-owl-legs-42",
        "account_type": account_type,
        "timezone": "Europe/Berlin",
    }


def test_it_shows_a_signed_out_visitor_the_landing_page(client: Client, db: None) -> None:
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "restless legs" in page.lower()
    assert "For clinicians" in page and "Sharing and privacy" in page
    assert "access log" in page
    assert 'href="/accounts/signup/"' in page and 'href="/accounts/login/"' in page


def test_the_landing_page_holds_no_one_s_data(client: Client, alice: User, clinician: User) -> None:
    page = client.get("/").content.decode()

    assert "alice" not in page and clinician.username not in page


def test_it_still_sends_a_signed_in_patient_to_their_nights(alice_client: Client) -> None:
    response = alice_client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/nights/"


def test_it_still_sends_a_signed_in_clinician_to_their_patients(
    clinician_client: Client,
) -> None:
    response = clinician_client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/clinician/"


def test_a_new_patient_goes_from_sign_up_to_the_welcome_steps_once(
    client: Client, db: None
) -> None:
    response = client.post("/accounts/signup/", signup_data(), follow=True)

    assert response.redirect_chain == [("/welcome/", 302)]
    page = response.content.decode()
    assert len(re.findall(r"<li><h2>", page)) == 3
    assert 'href="/nights/log/"' in page and "Log your first night" in page
    # Signing in again later goes to the diary, not to the welcome again.
    client.logout()
    response = client.post(
        "/accounts/login/", {"username": "newcomer", "password": "night-owl-legs-42"}
    )
    assert response["Location"] == "/"
    assert client.get("/")["Location"] == "/nights/"


def test_a_new_clinician_gets_their_own_welcome_steps(client: Client, db: None) -> None:
    response = client.post("/accounts/signup/", signup_data("clinician"), follow=True)

    assert response.redirect_chain == [("/welcome/", 302)]
    page = response.content.decode()
    assert "Get a code from your patient" in page
    assert 'href="/clinician/"' in page
    assert "Log your first night" not in page
    # New clinician accounts wait for an administrator (CLINICIAN_VERIFICATION): say so.
    assert "verifies your clinician account" in page


def test_the_welcome_page_needs_a_sign_in(client: Client, db: None) -> None:
    assert client.get("/welcome/")["Location"].startswith("/accounts/login/")


def test_the_glossary_has_an_entry_for_every_id_other_pages_link_to(
    client: Client, db: None
) -> None:
    response = client.get("/glossary/")

    assert response.status_code == 200
    page = response.content.decode()
    ids = re.findall(r'<dt id="([^"]+)"', page)
    assert set(GLOSSARY_IDS) <= set(ids)
    assert len(ids) == len(set(ids))
    assert "100 × TST ÷ TIB" in page  # SE as domain.md section 3 defines it


@pytest.mark.parametrize("who", ["alice", "clinician"])
def test_the_settings_page_links_to_the_api_docs(
    who: str, alice_client: Client, clinician_client: Client
) -> None:
    client = alice_client if who == "alice" else clinician_client

    page = client.get("/settings/").content.decode()

    assert 'href="/api/docs/" id="api-docs-link"' in page


def test_the_api_docs_open_with_an_introduction_in_the_apps_theme(client: Client, db: None) -> None:
    response = client.get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Authorization: Token &lt;your token&gt;" in page
    assert "/api/v1/nights/import/" in page and "?format=csv" in page
    assert 'href="/glossary/"' in page
    assert "js/theme.js" in page and "css/app.css" in page
    assert '<section class="api-intro" aria-labelledby="api-title">' in page
    assert "<style" not in page  # refused by the CSP


def test_a_signed_in_reader_of_the_api_docs_is_pointed_at_the_token_settings(
    alice_client: Client,
) -> None:
    page = alice_client.get("/api/docs/").content.decode()

    assert 'href="/settings/#api-tokens"' in page

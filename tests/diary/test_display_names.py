"""Look-alike usernames (issue 12): a clinician sees each patient's username, the name the
patient gave and the day the share began, on redeeming (page and API) and on the dashboard,
so that "aIice" is not taken for "alice"."""

import html
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from diary.choices import AccountType
from diary.models import Share, User
from tests.helpers import logged_in, make_user, share_with, text, token_client

# 15:00 UTC is 10:00 in the clinician's New York.
FROZEN = "2026-11-22 15:00:00+00:00"


@pytest.fixture(autouse=True)
def frozen_clock(db: None) -> Iterator[None]:
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def named_alice(alice: User) -> User:
    alice.display_name = "Alice Martin"
    alice.save()
    return alice


@pytest.fixture
def look_alike(db: None) -> User:
    # A capital I where alice has a small l.
    return make_user("aIice", AccountType.PATIENT, first_name="Mallory Evans")


def _code(patient: User) -> str:
    _pending, code = Share.create_for(patient)
    return code


def test_a_patient_gives_a_name_at_sign_up(client: Client, db: None) -> None:
    client.post(
        "/accounts/signup/",
        {
            "username": "newpatient",
            "display_name": "  Nora Quist ",
            "password1": "night-owl-legs-42",
            "password2": "night-owl-legs-42",
            "account_type": "patient",
            "timezone": "UTC",
        },
    )

    assert User.objects.get(username="newpatient").display_name == "Nora Quist"


def test_the_name_is_optional_at_sign_up(client: Client, db: None) -> None:
    page = text(client.get("/accounts/signup/"))
    client.post(
        "/accounts/signup/",
        {
            "username": "newpatient",
            "password1": "night-owl-legs-42",
            "password2": "night-owl-legs-42",
            "account_type": "patient",
            "timezone": "UTC",
        },
    )

    assert "Your name (shown to clinicians you share with)" in page
    assert User.objects.get(username="newpatient").display_name == ""


def test_the_settings_page_changes_the_name_and_keeps_it_when_left_out(
    named_alice: User, alice_client: Client
) -> None:
    assert 'value="Alice Martin"' in text(alice_client.get("/settings/"))
    base = {"timezone": "America/New_York", "sleep_need_min": "480", "family_history": "unknown"}

    alice_client.post("/settings/", {**base, "display_name": "Alice M."})
    named_alice.refresh_from_db()
    assert named_alice.display_name == "Alice M."

    alice_client.post("/settings/", base)
    named_alice.refresh_from_db()
    assert named_alice.display_name == "Alice M."


def test_a_clinicians_settings_speak_to_a_clinician(clinician_client: Client) -> None:
    page = html.unescape(text(clinician_client.get("/settings/")))
    # Patients see a clinician by username only: the page must not promise otherwise.
    assert "shown to clinicians" not in page
    assert "patients who share with you see your username, not this name" in page
    # A clinician logs no times, so no sleep figures are recomputed.
    assert "recomputes sleep figures" not in page


def test_a_patients_settings_still_say_who_sees_the_name_and_what_is_recomputed(
    alice_client: Client,
) -> None:
    page = html.unescape(text(alice_client.get("/settings/")))
    assert "Your name (shown to clinicians you share with)" in page
    assert "recomputes sleep figures" in page


def test_a_name_too_long_is_refused_on_its_field_and_nothing_changes(
    named_alice: User, alice_client: Client
) -> None:
    response = alice_client.post(
        "/settings/",
        {"timezone": "Europe/Paris", "sleep_need_min": "480", "display_name": "x" * 151},
    )

    assert response.status_code == 400
    assert "at most 150 characters" in " ".join(response.context["form"].errors["display_name"])
    named_alice.refresh_from_db()
    assert (named_alice.display_name, named_alice.timezone) == ("Alice Martin", "America/New_York")


def test_the_profile_api_reads_and_changes_the_name(named_alice: User) -> None:
    api = token_client(named_alice)
    assert api.get("/api/v1/profile/").json()["display_name"] == "Alice Martin"

    response = api.patch("/api/v1/profile/", {"display_name": "Alice M."}, format="json")

    assert response.status_code == 200 and response.json()["display_name"] == "Alice M."
    named_alice.refresh_from_db()
    assert named_alice.display_name == "Alice M."


@pytest.mark.parametrize("bad", ["x" * 151, ["Alice"], None])
def test_the_profile_api_refuses_a_bad_name_on_its_field(named_alice: User, bad: Any) -> None:
    response = token_client(named_alice).patch(
        "/api/v1/profile/", {"display_name": bad}, format="json"
    )

    assert response.status_code == 400 and "display_name" in response.json()
    named_alice.refresh_from_db()
    assert named_alice.display_name == "Alice Martin"


def test_the_api_redeem_answer_names_the_patient_and_the_share_date(
    named_alice: User, clinician: User
) -> None:
    response = token_client(clinician).post(
        "/api/v1/shares/redeem/", {"code": _code(named_alice)}, format="json"
    )

    assert response.status_code == 201
    assert response.json() == {
        "id": named_alice.pk,
        "username": "alice",
        "display_name": "Alice Martin",
        "shared_since": "2026-11-22T15:00:00Z",
    }


def test_the_web_redeem_names_the_patient_and_the_share_date(
    named_alice: User, clinician_client: Client
) -> None:
    response = clinician_client.post(
        "/clinician/redeem/", {"code": _code(named_alice)}, follow=True
    )

    page = text(response)
    assert response.redirect_chain[-1][0] == f"/clinician/patients/{named_alice.pk}/"
    assert (
        "Alice Martin (username alice) now shares their diary with you, since 22 Nov 2026, 10:00."
        in page
    )


def test_the_web_redeem_says_when_no_name_was_given(
    look_alike: User, alice: User, clinician_client: Client
) -> None:
    response = clinician_client.post("/clinician/redeem/", {"code": _code(alice)}, follow=True)

    assert "alice (no name given) now shares their diary with you, since 22 Nov 2026" in text(
        response
    )


def test_the_patient_list_carries_each_display_name(
    named_alice: User, look_alike: User, clinician: User
) -> None:
    share_with(named_alice, clinician)
    share_with(look_alike, clinician)

    items = token_client(clinician).get("/api/v1/patients/").json()["results"]

    assert [(i["username"], i["display_name"], i["shared_since"]) for i in items] == [
        ("aIice", "Mallory Evans", "2026-11-22T15:00:00Z"),
        ("alice", "Alice Martin", "2026-11-22T15:00:00Z"),
    ]


def test_the_dashboard_tells_look_alike_usernames_apart(
    named_alice: User, look_alike: User, clinician: User
) -> None:
    share_with(named_alice, clinician)
    with time_machine.travel("2026-11-25 15:00:00+00:00", tick=False):
        share_with(look_alike, clinician)
        page = text(logged_in(clinician).get("/clinician/"))

    alice_row = page[page.index(">alice</a>") :].split("</th>")[0]
    mallory_row = page[page.index(">aIice</a>") :].split("</th>")[0]
    assert "Alice Martin" in alice_row and "since 22 Nov 2026" in alice_row
    assert "Mallory Evans" in mallory_row and "since 25 Nov 2026" in mallory_row


def test_the_review_page_shows_the_name_under_the_username(
    named_alice: User, clinician: User
) -> None:
    share_with(named_alice, clinician)

    page = text(logged_in(clinician).get(f"/clinician/patients/{named_alice.pk}/"))

    assert '<p class="patient-name">Alice Martin</p>' in page

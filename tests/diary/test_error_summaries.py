"""The error summary of the night form (templates/includes/form_errors.html) on the app's other
forms: every problem at the top, a field's as a link to it, one of the whole form as text."""

import time_machine
from django.test import Client

from diary.models import Share, User
from tests.form_markup import read_form_page
from tests.treatment_factories import treatment_form

FROZEN = "2026-11-22 15:00:00+00:00"


def check_summary(html: str) -> tuple[list[str], list[str]]:
    """The summary's links and items, after checking that each link reaches an element."""
    page = read_form_page(html)
    assert page.summary is not None and page.summary["tabindex"] == "-1"
    assert page.summary_heading == "There is a problem"
    hrefs = [link.href for link in page.summary_links]
    for href in hrefs:
        assert href[1:] in page.texts, f"{href} links to nothing"
    return hrefs, page.summary_items


@time_machine.travel(FROZEN, tick=False)
def test_a_refused_treatment_links_to_the_questions_left_unanswered(
    alice: User, alice_client: Client
) -> None:
    response = alice_client.post("/treatments/add/", treatment_form(kind="", started=""))
    assert response.status_code == 400
    hrefs, items = check_summary(response.content.decode())
    assert {"#id_kind", "#id_started"} <= set(hrefs)
    assert "Kind: This field is required." in items


@time_machine.travel(FROZEN, tick=False)
def test_a_lab_without_any_result_lists_that_as_a_problem_of_the_whole_form(
    alice: User, alice_client: Client
) -> None:
    response = alice_client.post("/labs/add/", {"drawn": "2026-11-01", "recent_illness": "on"})
    assert response.status_code == 400
    hrefs, items = check_summary(response.content.decode())
    assert hrefs == []
    assert any(item.startswith("Give at least one result") for item in items)


@time_machine.travel(FROZEN, tick=False)
def test_a_refused_assessment_links_to_its_day(
    alice: User, clinician_client: Client, alice_shares: Share
) -> None:
    url = f"/clinician/patients/{alice.pk}/assessments/add/"
    response = clinician_client.post(url, {"assessed": "", "irls_total": "24"})
    assert response.status_code == 400
    hrefs, _items = check_summary(response.content.decode())
    assert hrefs == ["#id_assessed"]


def test_refused_settings_link_to_the_time_zone(alice: User, alice_client: Client) -> None:
    response = alice_client.post("/settings/", {"timezone": "Nowhere/Land", "sleep_need_min": 420})
    assert response.status_code == 400
    hrefs, _items = check_summary(response.content.decode())
    assert hrefs == ["#id_timezone"]


def test_a_refused_sign_up_links_to_the_password_to_type_again(db: None, client: Client) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "username": "sleepless",
            "password1": "legs-that-wont-rest-7",
            "password2": "legs-that-wont-rest-8",
            "account_type": "patient",
            "timezone": "UTC",
        },
    )
    assert response.status_code == 400
    hrefs, _items = check_summary(response.content.decode())
    assert hrefs == ["#id_password2"]

"""Regressions found when the web form, the API and the CSV import came to share one validation
path (diary.nights.clean_night): every message is field-level, a field that failed to parse is
never judged by its stored value, and a duplicate is reported together with the rest."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from diary.models import Night, User
from tests.factories import form_data

HEADER = (
    "night,in_bed,lights_out,sleep_latency_min,awakenings,waso_min,final_wake,out_of_bed,"
    "sleep_quality,severity,onset,sensations,areas,relief,factors,notes"
)


def test_a_logged_night_with_an_order_error_is_one_400_listing_both(
    alice: User, alice_api: APIClient, night_json: Callable[..., dict[str, Any]]
) -> None:
    alice_api.post("/api/v1/nights/", night_json(), format="json")
    response = alice_api.post("/api/v1/nights/", night_json(lights_out="21:00"), format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"night", "lights_out"}
    assert alice.nights.count() == 1


@pytest.mark.parametrize("night", ["2026-02-30", None])
def test_a_bad_night_does_not_turn_the_severity_0_rules_into_constraint_names(
    alice_api: APIClient, night_json: Callable[..., dict[str, Any]], night: str | None
) -> None:
    body = night_json(
        night=night, severity=0, onset="21:15", sensations=["urge"], areas=[], relief=[]
    )
    response = alice_api.post("/api/v1/nights/", body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"night", "onset", "sensations"}
    assert "Constraint" not in str(errors)


def test_the_csv_import_reports_the_severity_0_rules_by_column_even_with_a_bad_night(
    alice_api: APIClient,
) -> None:
    row = "2026-02-30,22:30,23:00,30,2,20,06:30,07:00,3,0,21:15,urge,,,,"
    response = alice_api.post(
        "/api/v1/nights/import/", f"{HEADER}\n{row}\n".encode(), content_type="text/csv"
    )
    assert response.status_code == 400
    problems = response.json()["errors"]
    assert {problem["column"] for problem in problems} == {"night", "onset", "sensations"}
    assert "Constraint" not in str(problems)


def test_the_web_form_words_the_severity_0_rules_per_field_even_with_a_bad_night(
    alice_client: Client,
) -> None:
    data = form_data(
        night="2026-02-30", severity=0, onset="21:15", sensations=["urge"], areas=[], relief=[]
    )
    response = alice_client.post("/nights/log/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"night", "onset", "sensations"}


def test_a_field_that_fails_to_parse_is_not_judged_by_its_stored_value(
    alice: User,
    alice_api: APIClient,
    make_night: Callable[..., Night],
    night_json: Callable[..., dict[str, Any]],
) -> None:
    make_night(alice)  # in bed 22:30
    body = night_json(in_bed="bad", lights_out="21:00")
    response = alice_api.put("/api/v1/nights/2026-11-20/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"in_bed"}


def test_a_bad_severity_is_not_judged_against_a_stored_symptom_free_night(
    alice: User,
    alice_api: APIClient,
    make_night: Callable[..., Night],
    night_json: Callable[..., dict[str, Any]],
) -> None:
    make_night(alice, severity=0)
    response = alice_api.put(
        "/api/v1/nights/2026-11-20/", night_json(severity="abc"), format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"severity"}
    assert alice.nights.get().severity == 0


@pytest.mark.parametrize("value", [0, False, {}, "", "urge"])
def test_a_set_must_be_a_list(
    alice: User,
    alice_api: APIClient,
    make_night: Callable[..., Night],
    value: object,
) -> None:
    make_night(alice)
    response = alice_api.patch("/api/v1/nights/2026-11-20/", {"sensations": value}, format="json")
    assert response.status_code == 400
    assert response.json() == {"sensations": ["Enter a list of values."]}
    assert alice.nights.get().sensations == ["urge", "creeping"]


def test_an_empty_redeem_form_is_refused_with_a_field_message(clinician_client: Client) -> None:
    response = clinician_client.post("/clinician/redeem/", {})
    assert response.status_code == 400
    assert response.context["form"].errors == {"code": ["This field is required."]}


def test_the_redeem_page_shows_the_form(clinician_client: Client) -> None:
    response = clinician_client.get("/clinician/redeem/")
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()

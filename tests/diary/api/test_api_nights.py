"""Nights through the API: shapes, every validation rule with its 400 body, and the web form's
very words for the same bad input."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from diary.models import Night, Share, User
from tests.factories import form_data, night_values

NightJson = Callable[..., dict[str, Any]]


def test_a_posted_night_comes_back_with_its_derived_metrics(
    alice: User, alice_api: APIClient, night_json: NightJson
) -> None:
    response = alice_api.post("/api/v1/nights/", night_json(), format="json")
    assert response.status_code == 201
    assert response["Location"] == "/api/v1/nights/2026-11-20/"
    assert response.json() == {
        **night_json(),
        "time_in_bed_min": 510,
        "total_sleep_min": 400,
        "sleep_efficiency_pct": 78.4,
        "terminal_wake_min": 30,
        "sleep_loss_min": 80,
        "onset_offset_min": 915,
    }
    assert alice.nights.get().sensations == ["urge", "creeping"]


def test_sets_come_back_in_canonical_order_and_missing_values_as_null(
    alice_api: APIClient, night_json: NightJson
) -> None:
    body = night_json(sensations=["electric", "urge", "urge"], onset=None)
    for name in ("areas", "relief", "factors", "notes"):
        body.pop(name)
    night = alice_api.post("/api/v1/nights/", body, format="json").json()
    assert night["sensations"] == ["urge", "electric"]
    assert night["onset"] is None
    assert night["onset_offset_min"] is None
    assert night["areas"] == [] and night["notes"] == ""


def test_the_list_is_paginated_ordered_by_night_and_filtered_inclusively(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night], settings: Any
) -> None:
    for day in ("2026-11-18", "2026-11-20", "2026-11-19", "2026-11-21"):
        make_night(alice, day)
    page = alice_api.get("/api/v1/nights/?from=2026-11-19&to=2026-11-20").json()
    assert page["count"] == 2 and page["next"] is None and page["previous"] is None
    assert [n["night"] for n in page["results"]] == ["2026-11-19", "2026-11-20"]
    everything = alice_api.get("/api/v1/nights/").json()
    assert next(n["night"] for n in everything["results"]) == "2026-11-18"


def test_a_page_holds_100_nights_and_links_to_the_next(alice: User, alice_api: APIClient) -> None:
    from datetime import date, timedelta

    Night.objects.bulk_create(
        Night(patient=alice, **night_values(night=date(2026, 1, 1) + timedelta(days=i)))
        for i in range(101)
    )
    page = alice_api.get("/api/v1/nights/").json()
    assert page["count"] == 101 and len(page["results"]) == 100
    assert page["next"].endswith("/api/v1/nights/?page=2")


@pytest.mark.parametrize(
    ("query", "field"),
    [("from=2026-13-01", "from"), ("to=yesterday", "to"), ("from=2026-1-5", "from")],
)
def test_a_malformed_date_filter_is_a_400_naming_the_parameter(
    alice_api: APIClient, query: str, field: str
) -> None:
    for suffix in ("", "&format=csv"):
        response = alice_api.get(f"/api/v1/nights/?{query}{suffix}")
        assert response.status_code == 400
        assert response.json() == {field: ["Enter a valid date."]}


# A window from lights out to the final awakening long enough that a range error in the
# minutes does not also break the awake-minutes rule.
LONG_NIGHT = {
    "in_bed": "18:00",
    "lights_out": "18:00",
    "final_wake": "11:00",
    "out_of_bed": "11:30",
}

# Every rule of domain.md section 2: (overrides, field, message).
RULES: list[tuple[dict[str, Any], str, str]] = [
    (
        {"night": "2026-11-23"},
        "night",
        "That night is in the future. Log a night once it has begun.",
    ),
    ({"night": "1999-12-31"}, "night", "Nights before 1 January 2000 can't be logged."),
    ({"night": "20-11-2026"}, "night", "Enter a valid date."),
    ({"in_bed": "25:00"}, "in_bed", "Enter a valid time."),
    (
        {**LONG_NIGHT, "sleep_latency_min": 721},
        "sleep_latency_min",
        "Ensure this value is less than or equal to 720.",
    ),
    (
        {"sleep_latency_min": -1},
        "sleep_latency_min",
        "Ensure this value is greater than or equal to 0.",
    ),
    ({"sleep_latency_min": "ten"}, "sleep_latency_min", "Enter a whole number."),
    ({"awakenings": 51}, "awakenings", "Ensure this value is less than or equal to 50."),
    (
        {**LONG_NIGHT, "waso_min": 721},
        "waso_min",
        "Ensure this value is less than or equal to 720.",
    ),
    (
        {"sleep_quality": 6},
        "sleep_quality",
        "Select a valid choice. 6 is not one of the available choices.",
    ),
    (
        {"sleep_quality": 0},
        "sleep_quality",
        "Select a valid choice. 0 is not one of the available choices.",
    ),
    (
        {"severity": 11},
        "severity",
        "Select a valid choice. 11 is not one of the available choices.",
    ),
    (
        {"severity": 0, "onset": "21:15", "sensations": [], "areas": [], "relief": []},
        "onset",
        "Leave the onset empty when severity is 0 (no symptoms).",
    ),
    (
        {"lights_out": "22:00"},
        "lights_out",
        "Lights out can't be before the time you got into bed.",
    ),
    ({"final_wake": "22:50"}, "final_wake", "The final awakening can't be before lights out."),
    (
        {"out_of_bed": "06:00"},
        "out_of_bed",
        "Getting out of bed can't be before the final awakening.",
    ),
    (
        {"sleep_latency_min": 400, "waso_min": 60},
        "waso_min",
        "Minutes to fall asleep plus minutes awake (460) can't be more than the 450 minutes "
        "from lights out to the final awakening.",
    ),
    (
        {"notes": "x" * 2001},
        "notes",
        "Ensure this value has at most 2000 characters (it has 2001).",
    ),
    ({"notes": "a\x00b"}, "notes", "Null characters are not allowed."),
]
SET_RULE = (
    {"areas": ["left_leg", "tail"]},
    "areas",
    "Not one of the choices: tail. Choose from: left_leg, right_leg, arms, trunk.",
)


@pytest.mark.parametrize(("overrides", "field", "message"), [*RULES, SET_RULE])
def test_every_rule_is_a_400_with_its_field_level_message(
    alice: User,
    alice_api: APIClient,
    night_json: NightJson,
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    response = alice_api.post("/api/v1/nights/", night_json(**overrides), format="json")
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not alice.nights.exists()


@pytest.mark.parametrize(("overrides", "field", "message"), RULES)
def test_the_web_form_and_the_api_give_the_same_words_for_the_same_bad_input(
    alice_api: APIClient,
    alice_client: Client,
    night_json: NightJson,
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    form_errors = alice_client.post("/nights/log/", form_data(**overrides)).context["form"].errors
    api_errors = alice_api.post("/api/v1/nights/", night_json(**overrides), format="json").json()
    assert form_errors[field] == api_errors[field] == [message]


def test_several_problems_are_all_reported_at_once_like_the_form_does(
    alice_api: APIClient, alice_client: Client, night_json: NightJson
) -> None:
    bad = {"night": "2026-11-23", "in_bed": "nope", "awakenings": 60, "severity": 0}
    api_errors = alice_api.post("/api/v1/nights/", night_json(**bad), format="json").json()
    form_errors = alice_client.post("/nights/log/", form_data(**bad)).context["form"].errors
    assert set(api_errors) == {
        "night",
        "in_bed",
        "awakenings",
        "onset",
        "sensations",
        "areas",
        "relief",
    }
    assert {name: api_errors[name] for name in form_errors} == dict(form_errors)


def test_missing_required_fields_are_each_named(alice_api: APIClient) -> None:
    errors = alice_api.post("/api/v1/nights/", {}, format="json").json()
    required = {
        "night",
        "in_bed",
        "lights_out",
        "sleep_latency_min",
        "awakenings",
        "waso_min",
        "final_wake",
        "out_of_bed",
        "sleep_quality",
        "severity",
    }
    assert errors == {key: ["This field is required."] for key in required}


def test_a_body_that_is_not_an_object_is_a_400(alice_api: APIClient) -> None:
    response = alice_api.post("/api/v1/nights/", [1, 2], format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_a_second_entry_for_the_same_night_is_a_409_and_changes_nothing(
    alice: User, alice_api: APIClient, night_json: NightJson, alice_client: Client
) -> None:
    alice_api.post("/api/v1/nights/", night_json(), format="json")
    response = alice_api.post("/api/v1/nights/", night_json(severity=9), format="json")
    assert response.status_code == 409
    assert response.json() == {"night": ["You have already logged the night of 2026-11-20."]}
    assert alice.nights.get().severity == 5
    # The form says the same, followed by a link to the existing entry.
    form_error = alice_client.post("/nights/log/", form_data()).context["form"].errors["night"][0]
    assert form_error.startswith("You have already logged the night of 2026-11-20.")


def test_a_duplicate_with_other_problems_is_a_400_listing_them_all(
    alice_api: APIClient, night_json: NightJson
) -> None:
    alice_api.post("/api/v1/nights/", night_json(), format="json")
    response = alice_api.post("/api/v1/nights/", night_json(awakenings=99), format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"night", "awakenings"}


def test_a_night_is_yyyy_mm_dd(alice_api: APIClient, night_json: NightJson) -> None:
    for bad in ("2026-1-5", "2026-01-05T00:00", "05/01/2026", 20260105):
        response = alice_api.post("/api/v1/nights/", night_json(night=bad), format="json")
        assert response.status_code == 400, bad
        assert set(response.json()) == {"night"}, bad
    assert not Night.objects.exists()


def test_times_are_hh_mm_without_seconds(alice_api: APIClient, night_json: NightJson) -> None:
    for bad in ("22:30:00", "7:05", 2230, None):
        response = alice_api.post("/api/v1/nights/", night_json(in_bed=bad), format="json")
        assert response.status_code == 400, bad
        assert set(response.json()) == {"in_bed"}, bad


def test_a_night_is_read_changed_and_deleted_by_its_date(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-20")
    version = User.objects.get(pk=alice.pk).nights_version
    assert alice_api.get("/api/v1/nights/2026-11-20/").json()["severity"] == 5
    patched = alice_api.patch("/api/v1/nights/2026-11-20/", {"severity": 7}, format="json")
    assert patched.status_code == 200 and patched.json()["severity"] == 7
    assert User.objects.get(pk=alice.pk).nights_version > version
    assert alice_api.delete("/api/v1/nights/2026-11-20/").status_code == 204
    assert alice_api.get("/api/v1/nights/2026-11-20/").status_code == 404


def test_put_replaces_the_whole_night_and_may_move_it_to_a_free_date(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night], night_json: NightJson
) -> None:
    make_night(alice, "2026-11-20")
    body = night_json(
        night="2026-11-18", severity=0, onset=None, sensations=[], areas=[], relief=[]
    )
    del body["notes"], body["factors"]
    response = alice_api.put("/api/v1/nights/2026-11-20/", body, format="json")
    assert response.status_code == 200
    moved = alice.nights.get()
    assert (moved.night.isoformat(), moved.onset, moved.factors) == ("2026-11-18", None, [])


def test_moving_a_night_onto_another_logged_night_is_a_409_and_changes_nothing(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-20")
    make_night(alice, "2026-11-19", severity=2)
    response = alice_api.patch("/api/v1/nights/2026-11-19/", {"night": "2026-11-20"}, format="json")
    assert response.status_code == 409
    assert response.json() == {"night": ["You have already logged the night of 2026-11-20."]}
    assert sorted(n.isoformat() for n in alice.nights.values_list("night", flat=True)) == [
        "2026-11-19",
        "2026-11-20",
    ]


def test_a_refused_change_leaves_the_stored_night_as_it_was(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-20")
    response = alice_api.patch(
        "/api/v1/nights/2026-11-20/", {"out_of_bed": "05:00", "severity": 8}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "out_of_bed": ["Getting out of bed can't be before the final awakening."]
    }
    assert alice.nights.get().severity == 5


def test_patch_checks_the_merged_night_against_the_order_rules(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-20")
    response = alice_api.patch("/api/v1/nights/2026-11-20/", {"severity": 0}, format="json")
    assert response.json() == {
        "onset": ["Leave the onset empty when severity is 0 (no symptoms)."],
        "sensations": ["Leave the sensations empty when severity is 0 (no symptoms)."],
        "areas": ["Leave the body areas empty when severity is 0 (no symptoms)."],
        "relief": ["Leave “What helped” empty when severity is 0 (no symptoms)."],
    }


def test_derived_metrics_follow_the_patients_current_settings(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-20")
    alice_api.patch("/api/v1/profile/", {"sleep_need_min": 420}, format="json")
    assert alice_api.get("/api/v1/nights/2026-11-20/").json()["sleep_loss_min"] == 20


def test_a_night_across_the_spring_change_is_an_hour_shorter(
    alice: User, alice_api: APIClient, night_json: NightJson
) -> None:
    body = night_json(
        night="2026-03-07",
        in_bed="23:00",
        lights_out="23:00",
        final_wake="07:00",
        out_of_bed="07:00",
        sleep_latency_min=0,
        waso_min=0,
    )
    night = alice_api.post("/api/v1/nights/", body, format="json").json()
    assert night["time_in_bed_min"] == 420
    assert night["total_sleep_min"] == 420
    assert night["sleep_efficiency_pct"] == 100.0


def test_a_page_of_nights_takes_a_fixed_number_of_queries(
    alice: User,
    clinician: User,
    alice_api: APIClient,
    alice_shares: Share,
) -> None:
    from datetime import date, timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.helpers import token_client

    Night.objects.bulk_create(
        Night(patient=alice, **night_values(night=date(2026, 1, 1) + timedelta(days=i)))
        for i in range(60)
    )
    # A clinician's read also writes the access log: the lines still open, the new one.
    for client, url, most in (
        (alice_api, "/api/v1/nights/", 5),
        (token_client(clinician), f"/api/v1/patients/{alice.pk}/nights/", 5 + 2),
        (token_client(clinician), "/api/v1/patients/nights/", 5 + 2),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(url).json()["results"]) == 60
        # The rate limit's count is a fixed few queries of its own (diary.limits).
        counted = [
            q
            for q in queries
            if not re.search(r"rlsdiary_limits|pg_advisory_xact_lock|SAVEPOINT", q["sql"])
        ]
        assert len(counted) <= most, url

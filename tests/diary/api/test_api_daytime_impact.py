"""day_fatigue and day_mood through the API's JSON and the nights CSV (domain.md sections 5
and 6): null (an empty cell) when not given, optional on input, old files without the columns
still import, and the export-import-export round trip stays byte-identical."""

from collections.abc import Callable
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from rest_framework.test import APIClient

from diary.models import Night, Share, User
from diary.transfer.csv_format import NIGHT_COLUMNS
from tests.factories import NO_SYMPTOMS
from tests.helpers import make_user, token_client

OLD_HEADER = (
    "night,in_bed,lights_out,sleep_latency_min,awakenings,waso_min,final_wake,out_of_bed,"
    "sleep_quality,severity,onset,sensations,areas,relief,factors,notes"
)
OLD_ROW = "2026-11-20,22:30,23:00,30,2,20,06:30,07:00,3,5,21:15,urge,left_leg,walking,,"


def body(response: Any) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return response.getvalue().decode()


def post_csv(client: APIClient, text: str) -> Any:
    return client.post("/api/v1/nights/import/", text.encode(), content_type="text/csv")


# JSON


def test_a_posted_night_carries_both_and_reads_back_the_same(
    alice: User, alice_api: APIClient, night_json: Callable[..., dict[str, Any]]
) -> None:
    response = alice_api.post(
        "/api/v1/nights/", night_json(day_fatigue=6, day_mood=4), format="json"
    )
    assert response.status_code == 201
    assert (response.json()["day_fatigue"], response.json()["day_mood"]) == (6, 4)
    night = alice.nights.get()
    assert (night.day_fatigue, night.day_mood) == (6, 4)
    read = alice_api.get("/api/v1/nights/2026-11-20/").json()
    assert (read["day_fatigue"], read["day_mood"]) == (6, 4)


@pytest.mark.parametrize("sent", ["null", "left out"])
def test_a_night_without_them_is_null_in_json(
    alice: User, alice_api: APIClient, night_json: Callable[..., dict[str, Any]], sent: str
) -> None:
    payload = night_json()  # both null
    if sent == "left out":
        del payload["day_fatigue"], payload["day_mood"]
    response = alice_api.post("/api/v1/nights/", payload, format="json")
    assert response.status_code == 201
    assert (response.json()["day_fatigue"], response.json()["day_mood"]) == (None, None)
    listed = alice_api.get("/api/v1/nights/").json()["results"][0]
    assert (listed["day_fatigue"], listed["day_mood"]) == (None, None)


def test_the_json_keys_follow_notes_in_the_order_of_section_5(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, day_fatigue=0, day_mood=5)
    keys = list(alice_api.get("/api/v1/nights/2026-11-20/").json())
    assert keys[keys.index("notes") :][:3] == ["notes", "day_fatigue", "day_mood"]


def test_a_symptom_free_night_takes_them_through_the_api(
    alice: User, alice_api: APIClient, night_json: Callable[..., dict[str, Any]]
) -> None:
    payload = night_json(severity=0, **NO_SYMPTOMS, day_fatigue=9, day_mood=1)
    assert alice_api.post("/api/v1/nights/", payload, format="json").status_code == 201
    assert (alice.nights.get().day_fatigue, alice.nights.get().day_mood) == (9, 1)


def test_patch_changes_one_and_keeps_the_other_and_null_clears(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, day_fatigue=2, day_mood=3)
    url = "/api/v1/nights/2026-11-20/"
    response = alice_api.patch(url, {"day_fatigue": 10}, format="json")
    assert response.status_code == 200
    assert (response.json()["day_fatigue"], response.json()["day_mood"]) == (10, 3)
    response = alice_api.patch(url, {"day_mood": None}, format="json")
    assert (response.json()["day_fatigue"], response.json()["day_mood"]) == (10, None)
    night = alice.nights.get()
    assert (night.day_fatigue, night.day_mood) == (10, None)


def test_put_replaces_them_like_every_other_field(
    alice: User,
    alice_api: APIClient,
    make_night: Callable[..., Night],
    night_json: Callable[..., dict[str, Any]],
) -> None:
    make_night(alice, day_fatigue=2, day_mood=3)
    url = "/api/v1/nights/2026-11-20/"
    response = alice_api.put(url, night_json(day_fatigue=5, day_mood=None), format="json")
    assert response.status_code == 200
    night = alice.nights.get()
    assert (night.day_fatigue, night.day_mood) == (5, None)


BAD = [
    ("day_fatigue", 11, "11"),
    ("day_fatigue", -1, "-1"),
    ("day_fatigue", "x", "x"),
    ("day_fatigue", True, "True"),
    ("day_fatigue", 2.5, "2.5"),
    ("day_fatigue", [3], "[3]"),
    ("day_mood", 0, "0"),
    ("day_mood", 6, "6"),
    ("day_mood", False, "False"),
    ("day_mood", 2.5, "2.5"),
]


@pytest.mark.parametrize(("field", "value", "shown"), BAD)
@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_a_bad_value_is_a_field_level_400_and_changes_nothing(
    alice: User,
    alice_api: APIClient,
    make_night: Callable[..., Night],
    night_json: Callable[..., dict[str, Any]],
    method: str,
    field: str,
    value: Any,
    shown: str,
) -> None:
    make_night(alice, "2026-11-19", day_fatigue=4, day_mood=4)
    if method == "post":
        response = alice_api.post("/api/v1/nights/", night_json(**{field: value}), format="json")
    else:
        payload = {field: value} if method == "patch" else night_json(night="2026-11-19")
        payload[field] = value
        send = getattr(alice_api, method)
        response = send("/api/v1/nights/2026-11-19/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {
        field: [f"Select a valid choice. {shown} is not one of the available choices."]
    }
    night = alice.nights.get()
    assert (night.night.isoformat(), night.day_fatigue, night.day_mood) == ("2026-11-19", 4, 4)


def test_a_clinician_reads_them_in_the_shared_patients_nights(
    alice: User,
    alice_shares: Share,
    clinician_api: APIClient,
    make_night: Callable[..., Night],
) -> None:
    make_night(alice, day_fatigue=3, day_mood=2)
    night = clinician_api.get(f"/api/v1/patients/{alice.pk}/nights/").json()["results"][0]
    assert (night["day_fatigue"], night["day_mood"]) == (3, 2)
    clinic = clinician_api.get("/api/v1/patients/nights/").json()["results"][0]
    assert (clinic["patient"], clinic["day_fatigue"], clinic["day_mood"]) == ("alice", 3, 2)


def test_the_schema_describes_both_as_optional_nullable_integers(alice_api: APIClient) -> None:
    schema = alice_api.get("/api/schema/?format=json").json()["components"]["schemas"]
    night = schema["Night"]
    fatigue, mood = night["properties"]["day_fatigue"], night["properties"]["day_mood"]
    assert (fatigue["type"], fatigue["minimum"], fatigue["maximum"]) == ("integer", 0, 10)
    assert fatigue["nullable"] is True and mood["nullable"] is True
    mood_enum = mood["oneOf"][0]["$ref"].rsplit("/", 1)[1]
    assert schema[mood_enum]["enum"] == [1, 2, 3, 4, 5]
    assert not {"day_fatigue", "day_mood"} & set(night.get("required", []))
    week = schema["Week"]["properties"]
    assert list(week)[-1] == "mean_day_fatigue" and week["mean_day_fatigue"]["nullable"]


# CSV


def test_the_export_puts_them_after_notes_with_empty_cells_for_no_answer(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-19", notes="tired", day_fatigue=0, day_mood=5)
    make_night(alice, "2026-11-20", day_fatigue=None, day_mood=3)
    make_night(alice, "2026-11-21")
    lines = body(alice_api.get("/api/v1/nights/?format=csv")).splitlines()
    assert lines[0].split(",")[15:] == [
        "notes",
        "day_fatigue",
        "day_mood",
        "time_in_bed_min",
        "total_sleep_min",
        "sleep_efficiency_pct",
        "sleep_loss_min",
    ]
    assert lines[0].split(",") == list(NIGHT_COLUMNS)
    # notes, day_fatigue, day_mood, then TIB 510, TST 400, SE 78.4, loss 80.
    assert lines[1].split(",")[15:] == ["tired", "0", "5", "510", "400", "78.4", "80"]
    assert lines[2].split(",")[15:] == ["", "", "3", "510", "400", "78.4", "80"]
    assert lines[3].split(",")[15:] == ["", "", "", "510", "400", "78.4", "80"]


def test_the_clinic_export_carries_them_too(
    alice: User,
    alice_shares: Share,
    clinician_api: APIClient,
    make_night: Callable[..., Night],
) -> None:
    make_night(alice, day_fatigue=7, day_mood=1)
    lines = body(clinician_api.get("/api/v1/patients/nights/?format=csv")).splitlines()
    assert lines[0].startswith("patient,night,")
    assert lines[1].split(",")[16:19] == ["", "7", "1"]  # notes, day_fatigue, day_mood


def test_export_import_into_an_empty_account_and_export_again_is_byte_identical(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-17", day_fatigue=0, day_mood=1)
    make_night(alice, "2026-11-18", day_fatigue=10, day_mood=5)
    make_night(alice, "2026-11-19", day_fatigue=None, day_mood=3)
    make_night(alice, "2026-11-20", day_fatigue=4, day_mood=None)
    make_night(alice, "2026-11-21", severity=0, day_fatigue=6, day_mood=2)
    first = body(alice_api.get("/api/v1/nights/?format=csv"))
    # An empty account with the same settings: a new patient in alice's zone.
    twin = make_user("alice_twin", "patient", timezone=alice.timezone)
    twin_api = token_client(twin)
    assert post_csv(twin_api, first).status_code == 201
    assert body(twin_api.get("/api/v1/nights/?format=csv")) == first
    answers = ("night", "day_fatigue", "day_mood")
    assert list(twin.nights.order_by("night").values_list(*answers)) == list(
        alice.nights.order_by("night").values_list(*answers)
    )


def test_a_file_written_before_the_columns_existed_still_imports_with_them_empty(
    alice: User, alice_api: APIClient
) -> None:
    response = post_csv(alice_api, f"{OLD_HEADER}\n{OLD_ROW}\n")
    assert response.status_code == 201
    night = alice.nights.get()
    assert (night.severity, night.day_fatigue, night.day_mood) == (5, None, None)


@pytest.mark.parametrize(
    ("columns", "cells", "expected"),
    [
        ("day_fatigue", "8", (8, None)),
        ("day_mood", "2", (None, 2)),
        ("day_mood,day_fatigue", "2,8", (8, 2)),  # any order, as for every column
        ("day_fatigue,day_mood", ",", (None, None)),
    ],
)
def test_either_column_may_come_alone_or_in_any_order(
    alice: User, alice_api: APIClient, columns: str, cells: str, expected: tuple[Any, Any]
) -> None:
    response = post_csv(alice_api, f"{OLD_HEADER},{columns}\n{OLD_ROW},{cells}\n")
    assert response.status_code == 201
    night = alice.nights.get()
    assert (night.day_fatigue, night.day_mood) == expected


def test_header_errors_still_name_unknown_and_missing_columns_but_not_the_optional_ones(
    alice: User, alice_api: APIClient
) -> None:
    header = OLD_HEADER.replace(",notes", "") + ",day_fatique,day_mood"
    row = OLD_ROW[:-1] + ",3,4"  # one cell fewer (notes) and the two daytime cells
    response = post_csv(alice_api, f"{header}\n{row}\n")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"line": 1, "column": "day_fatique", "message": "Unknown column."},
        {"line": 1, "column": "notes", "message": "Missing column."},
    ]
    repeated = post_csv(alice_api, f"{OLD_HEADER},day_mood,day_mood\n{OLD_ROW},3,3\n")
    assert repeated.json()["errors"] == [
        {"line": 1, "column": "day_mood", "message": "This column appears more than once."}
    ]
    assert not alice.nights.exists()


def test_a_bad_cell_rejects_the_whole_file_by_line_and_column(
    alice: User, alice_api: APIClient
) -> None:
    second = OLD_ROW.replace("2026-11-20", "2026-11-21")
    text = f"{OLD_HEADER},day_fatigue,day_mood\n{OLD_ROW},3,4\n{second},11,0\n"
    response = post_csv(alice_api, text)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "line": 3,
            "column": "day_fatigue",
            "message": "Select a valid choice. 11 is not one of the available choices.",
        },
        {
            "line": 3,
            "column": "day_mood",
            "message": "Select a valid choice. 0 is not one of the available choices.",
        },
    ]
    assert not alice.nights.exists()

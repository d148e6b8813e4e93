"""CSV downloads (domain.md section 5): streamed, exact columns and cells, sensible names."""

import csv
import io
from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from diary.models import AccessEvent, Night, Share, User
from diary.transfer.csv_format import NIGHT_COLUMNS
from tests.factories import night_values
from tests.helpers import token_client

HEADER = (
    "night,in_bed,lights_out,sleep_latency_min,awakenings,waso_min,final_wake,out_of_bed,"
    "sleep_quality,severity,onset,sensations,areas,relief,factors,notes,day_fatigue,day_mood,"
    "time_in_bed_min,total_sleep_min,sleep_efficiency_pct,sleep_loss_min\n"
)
WEEK_HEADER = (
    "week_start,nights_logged,symptomatic_nights,mean_severity,max_severity,median_onset,"
    "mean_total_sleep_min,mean_sleep_efficiency_pct,total_sleep_loss_min,mean_sleep_latency_min,"
    "mean_day_fatigue\n"
)


def body(response: Any) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return response.getvalue().decode()  # joins response.streaming_content


def test_the_nights_csv_is_streamed_with_the_exact_header_rows_and_a_file_name(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    # Across midnight, with every kind of cell: sets, an empty onset, quoted notes, unicode.
    make_night(
        alice,
        "2026-11-20",
        notes='Woke at 3, "legs on fire"\nthen walked – ok ☺',
        day_fatigue=7,
        day_mood=2,
    )
    make_night(
        alice,
        "2026-11-21",
        severity=0,
        onset=None,
        sensations=[],
        areas=[],
        relief=[],
        factors=["caffeine", "stress", "alcohol"],
    )
    response = alice_api.get("/api/v1/nights/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="rlsdiary-nights-alice-2026-11-22.csv"'
    )
    assert body(response) == HEADER + (
        "2026-11-20,22:30,23:00,30,2,20,06:30,07:00,3,5,21:15,urge;creeping,left_leg;right_leg,"
        'walking,caffeine,"Woke at 3, ""legs on fire""\nthen walked – ok ☺",7,2,510,400,78.4,80\n'
        "2026-11-21,22:30,23:00,30,2,20,06:30,07:00,3,0,,,,,caffeine;alcohol;stress,,,,"
        "510,400,78.4,80\n"
    )


def test_the_csv_holds_every_matching_row_not_one_page(alice: User, alice_api: APIClient) -> None:

    Night.objects.bulk_create(
        Night(patient=alice, **night_values(night=date(2026, 1, 1) + timedelta(days=i)))
        for i in range(250)
    )
    lines = body(alice_api.get("/api/v1/nights/?format=csv&from=2026-01-11&to=2026-08-01"))
    rows = lines.splitlines()[1:]
    assert len(rows) == 203
    assert rows[0].startswith("2026-01-11,") and rows[-1].startswith("2026-08-01,")


def test_text_csv_in_the_accept_header_works_like_format_csv(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice)
    response = alice_api.get("/api/v1/nights/", HTTP_ACCEPT="text/csv")
    assert body(response).startswith(HEADER)


def test_other_endpoints_have_no_csv_form(alice_api: APIClient) -> None:
    assert alice_api.get("/api/v1/profile/?format=csv").status_code == 404


def test_the_weeks_csv_has_the_section_4_columns_and_empty_cells_for_empty_weeks(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-02", severity=3, onset=time(22, 0))
    make_night(alice, "2026-11-19", severity=4, onset=time(1, 30), sleep_latency_min=15)
    make_night(alice, "2026-11-20")
    response = alice_api.get("/api/v1/weeks/?format=csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="rlsdiary-weeks-alice-2026-11-22.csv"'
    )
    assert body(response) == WEEK_HEADER + (
        "2026-11-02,1,1,3.00,3,22:00,400.0,78.4,80,30.0,\n"
        "2026-11-09,0,0,,,,,,,,\n"
        "2026-11-16,2,2,4.50,5,23:23,407.5,79.9,145,22.5,\n"
    )


def test_the_weeks_json_carries_the_same_numbers(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-02", severity=3, onset=time(22, 0))
    make_night(alice, "2026-11-19", severity=4, onset=time(1, 30), sleep_latency_min=15)
    make_night(alice, "2026-11-20")
    weeks = alice_api.get("/api/v1/weeks/?from=2026-11-09").json()
    assert weeks["count"] == 1
    assert weeks["results"][0] == {
        "week_start": "2026-11-16",
        "nights_logged": 2,
        "symptomatic_nights": 2,
        "mean_severity": 4.5,
        "max_severity": 5,
        "median_onset": "23:23",
        "mean_total_sleep_min": 407.5,
        "mean_sleep_efficiency_pct": 79.9,
        "total_sleep_loss_min": 145,
        "mean_sleep_latency_min": 22.5,
        "mean_day_fatigue": None,
    }


def test_a_clinicians_download_is_the_same_file_and_is_logged_as_an_export(
    alice: User,
    clinician: User,
    alice_shares: Share,
    alice_api: APIClient,
    clinician_api: APIClient,
    make_night: Callable[..., Night],
) -> None:
    make_night(alice)
    own = body(alice_api.get("/api/v1/nights/?format=csv"))
    url = f"/api/v1/patients/{alice.pk}/nights/?format=csv"
    shared = clinician_api.get(url)
    assert body(shared) == own
    assert shared["Content-Disposition"].endswith('rlsdiary-nights-alice-2026-11-22.csv"')
    own_weeks = body(alice_api.get("/api/v1/weeks/?format=csv"))
    assert body(clinician_api.get(f"/api/v1/patients/{alice.pk}/weeks/?format=csv")) == own_weeks
    clinician_api.get(f"/api/v1/patients/{alice.pk}/nights/")  # JSON: a read, not an export
    alice_api.get("/api/v1/nights/?format=csv")  # her own download: not logged
    exports = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT)
    # Two downloads within the hour: one line of the log.
    assert [(e.clinician, e.patient, e.count) for e in exports] == [(clinician, alice, 2)]


def test_the_clinic_export_leads_each_row_with_the_patient_and_orders_by_username(
    alice: User,
    bob: User,
    clinician: User,
    alice_shares: Share,
    make_night: Callable[..., Night],
) -> None:
    from tests.helpers import share_with as share

    share(bob, clinician)
    # Berlin springs forward in the night of 2026-03-28, New York (alice, and the clinician)
    # not until 03-07: the 23:00-07:00 night is 7 real hours for bob only.
    make_night(
        bob,
        "2026-03-28",
        in_bed=time(23, 0),
        lights_out=time(23, 0),
        sleep_latency_min=0,
        waso_min=0,
        final_wake=time(7, 0),
        out_of_bed=time(7, 0),
    )
    make_night(alice, "2026-11-21")
    make_night(alice, "2026-11-20")
    response = token_client(clinician).get("/api/v1/patients/nights/?format=csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="rlsdiary-clinic-nights-dr_carol-2026-11-22.csv"'
    )
    lines = body(response).splitlines()
    assert lines[0] == "patient," + HEADER.strip()
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["alice", "2026-11-20"],
        ["alice", "2026-11-21"],
        ["bob", "2026-03-28"],
    ]
    # Each patient's own zone, not the clinician's.
    assert lines[3].endswith(",420,420,100.0,60")
    events = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT)
    assert sorted(e.patient.username for e in events) == ["alice", "bob"]


def test_the_clinic_export_runs_one_query_per_patient_never_one_per_row(
    alice: User, bob: User, clinician: User, alice_shares: Share
) -> None:
    from tests.helpers import share_with as share

    share(bob, clinician)
    for patient in (alice, bob):
        Night.objects.bulk_create(
            Night(patient=patient, **night_values(night=date(2025, 1, 1) + timedelta(days=i)))
            for i in range(300)
        )
    client = token_client(clinician)
    with CaptureQueriesContext(connection) as queries:
        lines = body(client.get("/api/v1/patients/nights/?format=csv")).splitlines()
    assert len(lines) == 601
    night_queries = [q for q in queries if 'FROM "diary_night"' in q["sql"]]
    assert len(night_queries) == 2


@pytest.mark.parametrize(
    ("night", "bed", "wake", "tail", "time_in_bed"),
    [
        # New York springs forward in the night of 2026-03-07: 8 wall-clock hours are 7.
        ("2026-03-07", time(23, 0), time(7, 0), ",420,420,100.0,60", 420),
        # ...and falls back in the night of 2026-10-31: 8 wall-clock hours are 9.
        ("2026-10-31", time(22, 0), time(6, 0), ",540,540,100.0,0", 540),
    ],
)
def test_a_night_across_a_clock_change_has_its_real_durations_in_the_csv_and_json(
    alice: User,
    alice_api: APIClient,
    make_night: Callable[..., Night],
    night: str,
    bed: time,
    wake: time,
    tail: str,
    time_in_bed: int,
) -> None:
    make_night(
        alice,
        night,
        in_bed=bed,
        lights_out=bed,
        sleep_latency_min=0,
        waso_min=0,
        final_wake=wake,
        out_of_bed=wake,
    )
    row = body(alice_api.get("/api/v1/nights/?format=csv")).splitlines()[1]
    assert row.endswith(tail)
    assert alice_api.get(f"/api/v1/nights/{night}/").json()["time_in_bed_min"] == time_in_bed


@pytest.mark.parametrize(
    "notes", ["a, b", 'say "hi"', "two\nlines", "crlf\r\nend", "lone\rreturn", " padded ", "ü☺"]
)
def test_notes_are_quoted_as_rfc_4180_says(
    alice: User, alice_api: APIClient, make_night: Callable[..., Night], notes: str
) -> None:
    make_night(alice, notes=notes)
    text = body(alice_api.get("/api/v1/nights/?format=csv"))
    parsed = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert parsed[1][15] == notes
    if notes.strip() == notes and not set(notes) & set(',"\r\n'):
        assert f",{notes}," in text


def test_the_csv_columns_are_those_of_section_5() -> None:
    assert ",".join(NIGHT_COLUMNS) + "\n" == HEADER

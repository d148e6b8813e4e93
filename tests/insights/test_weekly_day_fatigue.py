"""mean_day_fatigue (domain.md section 4): the mean day_fatigue over the week's entries that
have one, 1 decimal rounded half up from the exact value, empty when none has; the last weekly
column in the JSON, the CSV, the Trends page and the PDF report. Every number is worked out by
hand in the comments."""

import subprocess
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import time_machine
from django.http import StreamingHttpResponse
from django.test import Client

from diary.models import Night, Share, User
from insights.columns import OUTPUT_COLUMNS
from insights.frames import nights_frame
from insights.loading import load_nights
from insights.report import TABLE_HEADERS
from insights.weekly import format_weekly, weekly_table
from tests.helpers import token_client
from tests.sample_nights import night_row

FROZEN = "2026-11-22 15:00:00+00:00"


def fatigue_weeks(nights: Mapping[date, int | None]) -> list[dict[str, Any]]:
    """The formatted weeks of symptom-free nights with the given day_fatigue."""
    rows = [night_row(night, day_fatigue=fatigue) for night, fatigue in nights.items()]
    return format_weekly(weekly_table(nights_frame(rows, "UTC", 480)))


def test_it_is_the_last_weekly_column() -> None:
    assert OUTPUT_COLUMNS[-2:] == ("mean_sleep_latency_min", "mean_day_fatigue")
    assert len(TABLE_HEADERS) == len(OUTPUT_COLUMNS)


def test_the_mean_leaves_out_the_nights_without_an_answer() -> None:
    # Mon 2026-06-01 to Thu 06-04: 3, 4, empty, 6 -> (3 + 4 + 6) / 3 = 13/3 = 4.333.. -> 4.3,
    # not 13/4 = 3.25 (counting the empty night as 0).
    (week,) = fatigue_weeks(
        {date(2026, 6, 1): 3, date(2026, 6, 2): 4, date(2026, 6, 3): None, date(2026, 6, 4): 6}
    )
    assert week["nights_logged"] == 4
    assert week["mean_day_fatigue"] == Decimal("4.3")


def test_two_nights_4_and_5_give_4_5() -> None:
    # (4 + 5) / 2 = 4.5, already one decimal.
    (week,) = fatigue_weeks({date(2026, 6, 1): 4, date(2026, 6, 2): 5})
    assert week["mean_day_fatigue"] == Decimal("4.5")
    assert str(week["mean_day_fatigue"]) == "4.5"


def test_a_mean_halfway_between_two_decimals_rounds_up() -> None:
    # 4, 4, 4, 5 -> 17/4 = 4.25 -> 4.3 (round() and numpy would give 4.2: half to even).
    # 6, 7, 7, 7 -> 27/4 = 6.75 -> 6.8.
    answers = {1: 4, 2: 4, 3: 4, 4: 5, 8: 6, 9: 7, 10: 7, 11: 7}  # day of June -> fatigue
    weeks = fatigue_weeks({date(2026, 6, day): value for day, value in answers.items()})
    assert [week["mean_day_fatigue"] for week in weeks] == [Decimal("4.3"), Decimal("6.8")]


def test_eight_nights_span_two_weeks_each_with_its_own_mean() -> None:
    # Mon 2026-06-15 to Sun 06-21: 2, 2, 3, empty, 5, 8, 9 -> 29/6 = 4.833.. -> 4.8 over the
    # 6 answers of 7 nights. Mon 06-22 starts the next week: 10 alone -> 10.0.
    values = [2, 2, 3, None, 5, 8, 9, 10]
    weeks = fatigue_weeks({date(2026, 6, 15 + i): value for i, value in enumerate(values)})
    assert [(w["week_start"], w["nights_logged"], w["mean_day_fatigue"]) for w in weeks] == [
        ("2026-06-15", 7, Decimal("4.8")),
        ("2026-06-22", 1, Decimal("10.0")),
    ]


def test_fatigue_0_counts_as_a_value() -> None:
    # 0 and 3 -> 1.5; were 0 taken as empty, it would be 3.0.
    (week,) = fatigue_weeks({date(2026, 6, 1): 0, date(2026, 6, 2): 3})
    assert week["mean_day_fatigue"] == Decimal("1.5")


def test_a_week_without_entries_or_without_answers_has_none() -> None:
    # Week of 06-01: one night, no answer. Week of 06-08: nothing logged. Week of 06-15: 7.
    weeks = fatigue_weeks({date(2026, 6, 1): None, date(2026, 6, 15): 7})
    assert [(w["nights_logged"], w["mean_day_fatigue"]) for w in weeks] == [
        (1, None),
        (0, None),
        (1, Decimal("7.0")),
    ]


def test_the_raw_table_keeps_the_unrounded_mean_and_nan_for_none() -> None:
    rows = [night_row(date(2026, 6, 1), day_fatigue=1), night_row(date(2026, 6, 2))]
    rows += [night_row(date(2026, 6, 3), day_fatigue=2), night_row(date(2026, 6, 4), day_fatigue=2)]
    rows += [night_row(date(2026, 6, 15))]
    table = weekly_table(nights_frame(rows, "UTC", 480))
    # (1 + 2 + 2) / 3 = 1.666..; no answer in the week of 06-08 (empty) or 06-15.
    assert table["mean_day_fatigue"].tolist()[0] == 5 / 3
    assert np.isnan(table["mean_day_fatigue"].tolist()[1])
    assert np.isnan(table["mean_day_fatigue"].tolist()[2])


# Read from the database and shown everywhere the weeks are


def log_week(make_night: Callable[..., Night], patient: User) -> None:
    # Mon 2026-11-16 to Thu 11-19: 3, 4, empty, 6 -> 13/3 = 4.333.. -> 4.3.
    for night, fatigue in (("2026-11-16", 3), ("2026-11-17", 4), ("2026-11-18", None)):
        make_night(patient, night, day_fatigue=fatigue, day_mood=3)
    make_night(patient, "2026-11-19", day_fatigue=6)


@time_machine.travel(FROZEN, tick=False)
def test_the_loader_reads_day_fatigue_into_the_frame(
    alice: User, make_night: Callable[..., Night]
) -> None:
    log_week(make_night, alice)
    frame = load_nights(alice)
    assert frame["day_fatigue"].dtype == "float64"
    assert frame["day_fatigue"].tolist()[:2] == [3.0, 4.0]
    assert np.isnan(frame["day_fatigue"].tolist()[2])


@time_machine.travel(FROZEN, tick=False)
def test_the_weeks_json_and_csv_carry_it_for_the_patient_and_the_clinician(
    alice: User, alice_shares: Share, clinician: User, make_night: Callable[..., Night]
) -> None:
    log_week(make_night, alice)
    make_night(alice, "2026-11-02")  # a week with no answer, then an empty week
    for api, prefix in (
        (token_client(alice), "/api/v1"),
        (token_client(clinician), f"/api/v1/patients/{alice.pk}"),
    ):
        weeks = api.get(f"{prefix}/weeks/").json()["results"]
        assert [week["mean_day_fatigue"] for week in weeks] == [None, None, 4.3]
        assert list(weeks[-1])[-1] == "mean_day_fatigue"
        download = api.get(f"{prefix}/weeks/?format=csv")
        assert isinstance(download, StreamingHttpResponse)
        lines = download.getvalue().decode().splitlines()
        assert lines[0].endswith(",mean_sleep_latency_min,mean_day_fatigue")
        assert [line.rsplit(",", 1)[1] for line in lines[1:]] == ["", "", "4.3"]


@time_machine.travel(FROZEN, tick=False)
def test_the_trends_page_table_has_a_fatigue_column(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    log_week(make_night, alice)
    page = alice_client.get("/trends/").content.decode()
    assert "Mean daytime tiredness, 0–10" in page
    row = page.split('<th scope="row">2026-11-16</th>', 1)[1].split("</tr>", 1)[0]
    assert row.count("<td>") == len(OUTPUT_COLUMNS) - 1
    assert row.rstrip().endswith("<td>4.3</td>")


@time_machine.travel(FROZEN, tick=False)
def test_the_pdf_reports_weekly_table_has_it_too(
    alice: User,
    alice_shares: Share,
    clinician_client: Client,
    make_night: Callable[..., Night],
    tmp_path: Path,
) -> None:
    log_week(make_night, alice)
    response = clinician_client.get(f"/clinician/patients/{alice.pk}/report.pdf")
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    words = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    header = next(line for line in words.splitlines() if "Week" in line and "Lat." in line)
    assert header.split()[-2:] == ["Fatig.", "/10"]
    week = next(line for line in words.splitlines() if line.strip().startswith("2026-11-16"))
    assert week.split()[-1] == "4.3"

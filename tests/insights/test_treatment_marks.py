"""Treatments marked on the trend charts (domain.md section 7): each course's start and stop and
each session, labelled, with a text alternative and a table beside the charts."""

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import time_machine
from django.test import Client

from diary.models import Night, Treatment, User
from insights.charts import render_chart
from insights.frames import nights_frame
from insights.marks import Mark, describe_marks, treatment_marks, within_range
from insights.weekly import weekly_table
from tests.sample_nights import plausible_rows

FROZEN = "2026-11-22 15:00:00+00:00"
SVG = "{http://www.w3.org/2000/svg}"


def course(pk: int, name: str, started: date, stopped: date | None = None) -> Treatment:
    return Treatment(
        pk=pk,
        kind="medication",
        schedule="course",
        name=name,
        dose=Decimal("0.250"),
        dose_unit="mg",
        started=started,
        stopped=stopped,
    )


def session(pk: int, started: date) -> Treatment:
    return Treatment(
        pk=pk, kind="iron_iv", schedule="session", name="ferric_carboxymaltose", started=started
    )


def test_it_makes_one_mark_per_course_and_per_session_series_in_start_order() -> None:
    marks = treatment_marks(
        [
            session(3, date(2026, 10, 8)),
            course(1, "pramipexole", date(2026, 9, 1), date(2026, 9, 30)),
            session(2, date(2026, 10, 1)),  # 7 days before the other: one series
        ]
    )
    assert marks == [
        Mark("pramipexole 0.25 mg", date(2026, 9, 1), date(2026, 9, 30)),
        Mark(
            "ferric carboxymaltose",
            date(2026, 10, 1),
            None,
            (date(2026, 10, 1), date(2026, 10, 8)),
        ),
    ]


def test_only_marks_that_meet_the_range_are_kept() -> None:
    old = Mark("old", date(2026, 1, 1), date(2026, 1, 31))
    running = Mark("running", date(2025, 1, 1), None)
    later = Mark("later", date(2026, 12, 1), None, (date(2026, 12, 1),))
    kept = within_range([old, running, later], date(2026, 9, 1), date(2026, 11, 30))
    assert kept == [running]


def test_the_text_alternative_names_each_mark_with_its_dates() -> None:
    text = describe_marks(
        [
            Mark("pramipexole 0.25 mg", date(2026, 9, 1), None),
            Mark("gabapentin 300 mg", date(2026, 6, 1), date(2026, 8, 31)),
            Mark("cryotherapy", date(2026, 10, 1), None, (date(2026, 10, 1), date(2026, 10, 3))),
        ]
    )
    assert text == (
        "Treatments marked: pramipexole 0.25 mg from 2026-09-01; gabapentin 300 mg from "
        "2026-06-01 to 2026-08-31; cryotherapy on 2026-10-01, 2026-10-03."
    )


@time_machine.travel(FROZEN, tick=False)
def test_the_trends_page_marks_a_course_on_every_chart_and_lists_it(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    for i in range(21):
        make_night(alice, date(2026, 11, 1) + timedelta(days=i))
    Treatment.objects.create(
        patient=alice,
        kind="medication",
        schedule="course",
        name="pramipexole",
        dose=Decimal("0.125"),
        dose_unit="mg",
        started=date(2026, 11, 10),
    )
    page = alice_client.get("/trends/").content.decode()
    assert page.count("pramipexole 0.125 mg") >= 3 + 3 + 1  # SVG label, description, table
    assert "Treatments marked: pramipexole 0.125 mg from 2026-11-10." in page
    assert '<th scope="row">pramipexole 0.125 mg</th>' in page


@time_machine.travel(FROZEN, tick=False)
def test_a_new_treatment_shows_on_the_cached_page_at_once(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, date(2026, 11, 20))
    assert "Treatments marked" not in alice_client.get("/trends/").content.decode()
    Treatment.objects.create(
        patient=alice, kind="cryotherapy", schedule="session", started=date(2026, 11, 20)
    )
    page = alice_client.get("/trends/").content.decode()
    assert "Treatments marked: Cryotherapy on 2026-11-20." in page


def test_a_label_that_would_touch_the_one_before_is_left_out_but_the_text_names_both() -> None:
    rows = plausible_rows(date(2016, 1, 4), 3650, seed=2)
    nights = nights_frame(rows, "Europe/London", 480)
    table = weekly_table(nights)
    # Two days apart: under a point apart on a ten-year chart.
    marks = [
        Mark("pramipexole 0.125 mg", date(2020, 3, 2), date(2020, 3, 3)),
        Mark("gabapentin 300 mg", date(2020, 3, 4), None),
        Mark("ropinirole 1 mg", date(2023, 6, 1), None),  # far from both
    ]

    chart = render_chart("severity", table, nights, marks=marks)

    labels = [text.text for text in ET.fromstring(chart.svg).iter(f"{SVG}text")]
    assert " pramipexole 0.125 mg" in labels and " ropinirole 1 mg" in labels
    assert " gabapentin 300 mg" not in labels
    assert "gabapentin 300 mg from 2020-03-04" in chart.description

"""The before/after table (domain.md section 11) on the patient's Trends page and the
clinician's review page: figures side by side, the change, the rough severity range with its
words, "not enough nights", and the overlapping treatments named on the row."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import time_machine
from django.test import Client

from diary.models import Night, Share, Treatment, User

FROZEN = "2026-11-22 15:00:00+00:00"
START = date(2026, 9, 1)


def course(patient: User, name: str, started: date, **extra: object) -> Treatment:
    return Treatment.objects.create(
        patient=patient,
        kind="medication",
        schedule="course",
        name=name,
        dose=Decimal("0.25"),
        dose_unit="mg",
        started=started,
        **extra,
    )


def log_story(patient: User, make_night: Callable[..., Night]) -> None:
    # 28 nights before START at severity 6, then START+14..START+41 at severity 2 and 3
    # alternating: before mean 6.00, after mean 2.50, change -3.50; with no spread before, the
    # range is -3.50 ± 1.96 × sqrt(0 + 0.2593/28) = -3.50 ± 0.19 -> -3.69 to -3.31, clear.
    for i in range(1, 29):
        make_night(patient, START - timedelta(days=i), severity=6)
    for i in range(14, 42):
        make_night(patient, START + timedelta(days=i), severity=2 + i % 2)


@time_machine.travel(FROZEN, tick=False)
def test_the_trends_page_shows_a_clear_change_after_a_course(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    log_story(alice, make_night)
    course(alice, "pramipexole", START)
    page = alice_client.get("/trends/?range=all").content.decode()
    assert "Before and after each treatment" in page
    assert "<h3>pramipexole 0.25 mg</h3>" in page
    assert "before 2026-08-04 to 2026-08-31, after 2026-09-15 to 2026-10-12" in page
    assert "<td>6.00</td><td>2.50</td><td>−3.50</td>" in page
    assert "\u22123.69 to \u22123.31" in page  # a real minus sign, as every change
    assert "<strong>clear</strong>" in page
    assert "optimistic" in page


@time_machine.travel(FROZEN, tick=False)
def test_a_window_with_13_nights_says_not_enough_nights_and_shows_no_change(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    for i in range(1, 14):
        make_night(alice, START - timedelta(days=i), severity=6)
    for i in range(14, 42):
        make_night(alice, START + timedelta(days=i), severity=2)
    course(alice, "pramipexole", START)
    page = alice_client.get("/trends/?range=all").content.decode()
    assert "<strong>Not enough nights</strong>" in page
    assert "rough 95 % range" not in page
    assert "<td>13</td><td>28</td><td></td>" in page


@time_machine.travel(FROZEN, tick=False)
def test_an_overlapping_treatment_is_named_on_the_row(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    log_story(alice, make_night)
    course(alice, "pramipexole", START)
    Treatment.objects.create(
        patient=alice, kind="cryotherapy", schedule="session", started=START + timedelta(days=20)
    )
    page = alice_client.get("/trends/?range=all").content.decode()
    assert "given in these weeks: Cryotherapy." in page


@time_machine.travel(FROZEN, tick=False)
def test_the_clinician_review_page_shows_the_same_table(
    alice: User,
    clinician_client: Client,
    alice_shares: Share,
    make_night: Callable[..., Night],
) -> None:
    log_story(alice, make_night)
    course(alice, "pramipexole", START)
    page = clinician_client.get(f"/clinician/patients/{alice.pk}/?range=all").content.decode()
    assert "<h3>pramipexole 0.25 mg</h3>" in page
    assert "\u22123.69 to \u22123.31" in page  # a real minus sign, as every change


@time_machine.travel(FROZEN, tick=False)
def test_the_review_page_lists_every_treatment_ongoing_first(
    alice: User, clinician_client: Client, alice_shares: Share
) -> None:
    course(alice, "gabapentin", date(2025, 1, 1), stopped=date(2025, 6, 30))
    course(alice, "pramipexole", START)
    for day in (1, 8):
        Treatment.objects.create(
            patient=alice,
            kind="iron_iv",
            schedule="session",
            name="ferric_carboxymaltose",
            started=date(2026, 10, day),
        )
    page = clinician_client.get(f"/clinician/patients/{alice.pk}/").content.decode()
    listed = page[page.index('id="treatment-list"') :]
    assert listed.index("pramipexole") < listed.index("gabapentin") < listed.index("ferric")
    assert "since 2026-09-01" in listed
    assert "2025-01-01 – 2025-06-30" in listed
    assert "2 sessions: 2026-10-01, 2026-10-08" in listed


@time_machine.travel(FROZEN, tick=False)
def test_the_table_has_every_treatment_whatever_range_the_charts_show(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    log_story(alice, make_night)
    course(alice, "pramipexole", START)
    course(alice, "gabapentin", date(2024, 1, 1), stopped=date(2024, 3, 1))
    for range_key in ("12", "all"):
        page = alice_client.get(f"/trends/?range={range_key}").content.decode()
        assert "<h3>pramipexole 0.25 mg</h3>" in page
        assert "<h3>gabapentin 0.25 mg</h3>" in page

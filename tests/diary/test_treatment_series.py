"""diary.treatments: session series, change dose and the page's overview (domain.md section 9)."""

from collections.abc import Iterator
from datetime import date, time
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from diary.models import User
from diary.treatments import change_dose, overview, session_series
from tests.treatment_factories import make_session, make_treatment

# 15:00 UTC is 10:00 on 22 November in alice's New York.
FROZEN = "2026-11-22 15:00:00+00:00"


@pytest.fixture(autouse=True)
def frozen_clock(db: None) -> Iterator[None]:
    with time_machine.travel(FROZEN, tick=False):
        yield


def series_of(patient: User) -> list[list[int]]:
    """Each series as the ids of its sessions."""
    return [[s.pk for s in one.sessions] for one in session_series(patient.treatments.all())]


def test_it_joins_sessions_14_days_apart_into_one_series(alice: User) -> None:
    first = make_session(alice, "2026-11-01")
    second = make_session(alice, "2026-11-15")  # 14 days after: less than 15
    assert series_of(alice) == [[first.pk, second.pk]]


def test_it_starts_a_new_series_15_days_after_the_last_session(alice: User) -> None:
    first = make_session(alice, "2026-11-01")
    second = make_session(alice, "2026-11-16")  # 15 days after: not less than 15
    assert series_of(alice) == [[first.pk], [second.pk]]


def test_the_gap_is_counted_from_the_session_before_not_the_first(alice: User) -> None:
    # Ten cryotherapy sessions over three weeks are one series: each is close to the one before.
    ids = [
        make_session(alice, date(2026, 11, day), kind="cryotherapy", name="", dose=None).pk
        for day in (1, 3, 5, 8, 10, 12, 15, 17, 19, 21)
    ]
    assert series_of(alice) == [ids]


def test_sessions_with_different_names_are_different_series(alice: User) -> None:
    iron = make_session(alice, "2026-11-01", name="ferric_carboxymaltose")
    other_iron = make_session(alice, "2026-11-08", name="iron_sucrose")
    assert series_of(alice) == [[iron.pk], [other_iron.pk]]


def test_sessions_of_different_kinds_are_different_series(alice: User) -> None:
    cold = make_session(alice, "2026-11-01", kind="cryotherapy", name="", dose=None)
    ketamine = make_session(alice, "2026-11-02", kind="ketamine_iv", name="", dose=None)
    assert series_of(alice) == [[cold.pk], [ketamine.pk]]


def test_an_empty_name_equals_an_empty_name(alice: User) -> None:
    first = make_session(alice, "2026-11-01", kind="cryotherapy", name="", dose=None)
    second = make_session(alice, "2026-11-02", kind="cryotherapy", name="", dose=None)
    named = make_session(alice, "2026-11-03", kind="cryotherapy", name="whole body", dose=None)
    assert series_of(alice) == [[first.pk, second.pk], [named.pk]]


def test_names_are_compared_without_case_spaces_or_hyphens(alice: User) -> None:
    ids = [
        make_session(alice, date(2026, 11, day), name=name).pk
        for day, name in (
            (1, "ferric_carboxymaltose"),
            (5, "Ferric Carboxymaltose"),
            (9, "ferric-carboxymaltose"),
        )
    ]
    assert series_of(alice) == [ids]


def test_a_series_is_identified_by_its_first_session_and_listed_by_first_date(
    alice: User,
) -> None:
    # Stored out of order: the later series first.
    late = make_session(alice, "2026-11-20", kind="cryotherapy", name="", dose=None)
    early_second = make_session(alice, "2026-11-10")
    early_first = make_session(alice, "2026-11-03")
    found = session_series(alice.treatments.all())
    assert [one.id for one in found] == [early_first.pk, late.pk]
    assert [s.pk for s in found[0].sessions] == [early_first.pk, early_second.pk]
    assert (found[0].first.started, found[0].last.started) == (
        date(2026, 11, 3),
        date(2026, 11, 10),
    )


def test_courses_are_not_sessions(alice: User) -> None:
    make_treatment(alice)
    assert session_series(alice.treatments.all()) == []


def test_change_dose_stops_the_old_course_the_day_before_the_new_one_starts(
    alice: User,
) -> None:
    old = make_treatment(alice)  # 0.25 mg from 1 November, usual time 21:00
    new = change_dose(old, starts=date(2026, 11, 15), dose=Decimal("0.5"), dose_unit="mg")
    old.refresh_from_db()
    assert old.stopped == date(2026, 11, 14)
    assert (new.kind, new.name, new.dose_time) == ("medication", "pramipexole", time(21, 0))
    assert (new.dose, new.dose_unit, new.started, new.stopped) == (
        Decimal("0.5"),
        "mg",
        date(2026, 11, 15),
        None,
    )
    assert alice.treatments.count() == 2


def test_change_dose_keeps_a_planned_last_day_on_the_new_course(alice: User) -> None:
    old = make_treatment(alice, stopped=date(2026, 12, 31))
    new = change_dose(old, starts=date(2026, 11, 15), dose="0.125", dose_unit="mg")
    old.refresh_from_db()
    assert (old.stopped, new.stopped) == (date(2026, 11, 14), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("starts", "words"),
    [
        (date(2026, 11, 1), "after the course's first day"),  # the old course would keep no day
        (date(2026, 10, 20), "after the course's first day"),
        (date(2026, 11, 23), "in the future"),  # tomorrow in New York
    ],
)
def test_change_dose_refuses_a_start_the_course_cannot_stop_before_and_writes_nothing(
    alice: User, starts: date, words: str
) -> None:
    old = make_treatment(alice)
    with pytest.raises(ValidationError) as refused:
        change_dose(old, starts=starts, dose="0.5", dose_unit="mg")
    assert words in " ".join(refused.value.message_dict["started"])
    assert list(alice.treatments.values_list("stopped", flat=True)) == [None]


def test_change_dose_after_the_course_ended_is_refused(alice: User) -> None:
    old = make_treatment(alice, stopped=date(2026, 11, 10))
    with pytest.raises(ValidationError) as refused:
        change_dose(old, starts=date(2026, 11, 12), dose="0.5", dose_unit="mg")
    assert "stopped on 2026-11-10" in refused.value.message_dict["started"][0]
    old.refresh_from_db()
    assert old.stopped == date(2026, 11, 10)
    assert alice.treatments.count() == 1


def test_change_dose_the_day_after_the_course_ended_continues_it(alice: User) -> None:
    old = make_treatment(alice, stopped=date(2026, 11, 10))
    new = change_dose(old, starts=date(2026, 11, 11), dose="0.5", dose_unit="mg")
    old.refresh_from_db()
    assert (old.stopped, new.started, new.stopped) == (
        date(2026, 11, 10),
        date(2026, 11, 11),
        None,
    )


def test_change_dose_reports_every_problem_at_once_and_writes_nothing(alice: User) -> None:
    old = make_treatment(alice)
    with pytest.raises(ValidationError) as refused:
        change_dose(old, starts=date(2026, 11, 1), dose="0.5", dose_unit="")
    assert set(refused.value.message_dict) == {"started", "dose_unit"}
    old.refresh_from_db()
    assert old.stopped is None
    assert alice.treatments.count() == 1


def test_overview_lists_running_courses_then_past_ones_then_series_newest_first(
    alice: User,
) -> None:
    # Today is 22 November in New York: a course whose last day is today still runs.
    older = make_treatment(alice, started=date(2026, 10, 1))
    newer = make_treatment(alice, name="gabapentin", started=date(2026, 11, 10))
    last_day_today = make_treatment(alice, name="pregabalin", stopped=date(2026, 11, 22))
    ended_long_ago = make_treatment(alice, started=date(2026, 1, 1), stopped=date(2026, 3, 1))
    ended_yesterday = make_treatment(alice, name="ropinirole", stopped=date(2026, 11, 21))
    early = make_session(alice, "2026-09-01")
    late = make_session(alice, "2026-10-01")
    listed = overview(alice.treatments.all(), today=date(2026, 11, 22))
    assert listed.ongoing == [newer, last_day_today, older]
    assert listed.past == [ended_yesterday, ended_long_ago]
    assert [one.id for one in listed.series] == [late.pk, early.pk]

"""The clinician dashboard: every sharing patient in one row, most in need first, in a constant
number of queries."""

from collections.abc import Callable
from datetime import date, time, timedelta

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from diary.choices import AccountType
from diary.models import Night, User
from tests.factories import night_values
from tests.helpers import share_with, text

# Sunday 22 Nov 2026, 15:00 UTC: the last full week is 9-15 Nov.
FROZEN = "2026-11-22 15:00:00+00:00"


def patient_with_nights(name: str, severities: dict[date, int]) -> User:
    patient = User.objects.create_user(name, account_type=AccountType.PATIENT)
    Night.objects.bulk_create(
        Night(patient=patient, **night_values(night=night, severity=s, onset=None))
        for night, s in severities.items()
    )
    return patient


def steady(first: date, days: int, severity: int) -> dict[date, int]:
    return {first + timedelta(days=i): severity for i in range(days)}


@time_machine.travel(FROZEN, tick=False)
@pytest.mark.parametrize("patients", [1, 50])
def test_the_dashboard_needs_the_same_few_queries_for_1_or_50_patients(
    clinician: User,
    clinician_client: Client,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    patients: int,
) -> None:
    for i in range(patients):
        share_with(patient_with_nights(f"p{i:02d}", steady(date(2026, 10, 1), 52, 3)), clinician)
    # session, user, shares with their patients, all nights
    with django_assert_max_num_queries(4):
        response = clinician_client.get("/clinician/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == patients


@time_machine.travel(FROZEN, tick=False)
def test_patients_who_need_attention_come_first_with_their_flags(
    clinician: User, clinician_client: Client
) -> None:
    calm = patient_with_nights("calm", steady(date(2026, 10, 12), 41, 3))
    # 4 weeks before at 2, then the last full week at 6: worsening by 4.
    worse = patient_with_nights(
        "worse", {**steady(date(2026, 10, 12), 28, 2), **steady(date(2026, 11, 9), 13, 6)}
    )
    absent = patient_with_nights("absent", steady(date(2026, 10, 12), 20, 3))  # last 31 Oct
    for patient in (calm, worse, absent):
        share_with(patient, clinician)
    response = clinician_client.get("/clinician/")
    rows = response.context["rows"]
    assert [row.patient.username for row in rows] == ["worse", "absent", "calm"]
    worse_row = rows[0].summary
    assert worse_row.week_mean_severity == 6.0
    assert worse_row.severity_change == 4.0
    assert worse_row.nights_last_28 == 28  # every night from 25 Oct to 21 Nov
    page = text(response)
    assert "Worsening" in page and "No entry for 21 nights" in page
    assert "6.0 (+4.0)" in page  # a rise in severity reads as one


@time_machine.travel(FROZEN, tick=False)
def test_the_dashboard_lists_only_patients_sharing_with_this_clinician(
    alice: User, bob: User, clinician: User, clinician_client: Client
) -> None:
    share_with(alice, clinician)
    rows = clinician_client.get("/clinician/").context["rows"]
    assert [row.patient for row in rows] == [alice]


def test_a_patient_without_nights_shows_as_such(
    alice: User, clinician: User, clinician_client: Client
) -> None:
    share_with(alice, clinician)
    page = text(clinician_client.get("/clinician/"))
    assert "No entries yet" in page


@time_machine.travel(FROZEN, tick=False)
def test_the_review_page_shows_charts_flags_and_recent_notes(
    alice: User, clinician: User, clinician_client: Client, make_night: Callable[..., Night]
) -> None:
    share_with(alice, clinician)
    make_night(alice, "2026-11-20", notes="Worse after a long flight", onset=time(19, 0))
    page = text(clinician_client.get(f"/clinician/patients/{alice.pk}/"))
    assert page.count("<svg") == 3
    assert "Worse after a long flight" in page
    assert "Review flags" in page

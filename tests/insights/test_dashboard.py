"""The clinician dashboard: every sharing patient in one row, most in need first, in a constant
number of queries."""

from collections.abc import Callable
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from diary.choices import AccountType, Schedule, TreatmentKind
from diary.models import Assessment, LabResult, Night, Treatment, User
from diary.treatments import clean_treatment, save_treatment
from insights.flags import WEIGHT
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


def patient_with_onsets(name: str, onsets: dict[date, str]) -> User:
    """Nights of severity 4 whose symptoms began at the given clock time."""
    patient = User.objects.create_user(name, account_type=AccountType.PATIENT)
    Night.objects.bulk_create(
        Night(
            patient=patient, **night_values(night=night, severity=4, onset=time.fromisoformat(at))
        )
        for night, at in onsets.items()
    )
    return patient


def at(first: date, days: int, onset: str) -> dict[date, str]:
    return {first + timedelta(days=i): onset for i in range(days)}


def give(patient: User, name: str, started: date, stopped: date | None = None) -> Treatment:
    """A medication course, recorded the one way the app records treatments."""
    values = {
        "kind": TreatmentKind.MEDICATION,
        "name": name,
        "started": started,
        "stopped": stopped,
    }
    return save_treatment(clean_treatment(patient=patient, values=values))


def patients_with_everything(clinician: User, count: int) -> None:
    """`count` sharing patients, each with nights, two treatments, a lab result and two
    assessments."""
    for i in range(count):
        patient = patient_with_nights(f"p{i:02d}", steady(date(2026, 10, 1), 52, 3))
        share_with(patient, clinician)
        Treatment.objects.bulk_create(
            Treatment(
                patient=patient, kind=kind, schedule=schedule, name=name, started=date(2026, 10, 1)
            )
            for kind, schedule, name in (
                (TreatmentKind.MEDICATION, Schedule.COURSE, "pramipexole"),
                (TreatmentKind.IRON_IV, Schedule.SESSION, "ferric_carboxymaltose"),
            )
        )
        LabResult.objects.create(
            patient=patient,
            entered_by_user=clinician,
            drawn=date(2026, 10, 1),
            ferritin_ng_ml=Decimal("60.0"),
        )
        Assessment.objects.bulk_create(
            Assessment(patient=patient, entered_by_user=clinician, assessed=day, irls_total=total)
            for day, total in ((date(2026, 9, 1), 12), (date(2026, 11, 1), 20))
        )


# Session, user, the clinician's two-factor app (diary/two_factor_middleware.py), the shares
# with their patients and review snapshots, and the access log: the lines still open within
# the hour, then one UPDATE of them (a repeat within the hour, as here) or one INSERT of new
# lines, in a savepoint of its own (two more queries: FIRST_READ), so that a patient who has
# just deleted their account costs only their line (diary.audit).
CURRENT_QUERIES = 6
FIRST_READ = 2
# When snapshots are stale or missing, whatever their number: every night's four columns, the
# recent nights' sleep times, all treatments, lab results and assessments, one upsert in a
# savepoint (insights.snapshots.refresh).
STALE_QUERIES = CURRENT_QUERIES + 8


@time_machine.travel(FROZEN, tick=False)
@pytest.mark.parametrize("patients", [4, 12])
def test_the_dashboard_needs_the_same_queries_for_n_or_3n_patients_stale_or_current(
    clinician: User,
    clinician_client: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    patients: int,
) -> None:
    patients_with_everything(clinician, patients)
    with django_assert_num_queries(STALE_QUERIES + FIRST_READ):
        response = clinician_client.get("/clinician/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == patients
    kinds = [flag.kind for flag in response.context["rows"][0].summary.flags]
    assert "iron" in kinds and "irls_worse" in kinds  # the labs and assessments were read
    with django_assert_num_queries(CURRENT_QUERIES):
        again = clinician_client.get("/clinician/")
    assert again.context["rows"] == response.context["rows"]
    User.objects.filter(username__in=["p00", "p03"]).update(nights_version=99)
    with django_assert_num_queries(STALE_QUERIES):
        clinician_client.get("/clinician/")


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


@time_machine.travel(FROZEN, tick=False)
def test_the_dashboard_sorts_by_the_sum_of_the_flags_weights(
    clinician: User, clinician_client: Client
) -> None:
    assert WEIGHT == {
        "augmentation": 3,
        "worsening": 2,
        "iron": 2,
        "irls_worse": 2,
        "gap": 1,
        "onset_earlier": 1,
        "iron_studies_due": 0,
    }
    # Pramipexole from 1 Oct; onset 22:00 on 3 Sep - 7 Nov, 18:00 on 8-21 Nov: 4 h earlier than
    # the 28 nights before it started. Augmentation: 3.
    aug = patient_with_onsets(
        "aug", {**at(date(2026, 9, 3), 66, "22:00"), **at(date(2026, 11, 8), 14, "18:00")}
    )
    give(aug, "pramipexole", date(2026, 10, 1))
    # Severity 2 on 12 Oct - 8 Nov, 6 on 9-14 Nov, nothing since: worsening by 4 (2) and 7
    # nights missing (1): 3, the same sum as "aug", so the steeper severity rise goes first.
    slipping = patient_with_nights(
        "slipping", {**steady(date(2026, 10, 12), 28, 2), **steady(date(2026, 11, 9), 6, 6)}
    )
    # Worsening by 2 (4 over 9-15 Nov against 2): 2.
    worse = patient_with_nights(
        "worse", {**steady(date(2026, 10, 12), 28, 2), **steady(date(2026, 11, 9), 13, 4)}
    )
    # On gabapentin, the first 28 nights at 22:00 and the last 14 at 18:00: onset moving
    # earlier, 1. Tied with "absent" (gap, 1); no severity change either: by username.
    drift = patient_with_onsets(
        "drift", {**at(date(2026, 9, 3), 66, "22:00"), **at(date(2026, 11, 8), 14, "18:00")}
    )
    give(drift, "gabapentin", date(2026, 10, 1))
    absent = patient_with_nights("absent", steady(date(2026, 10, 12), 20, 3))  # last 31 Oct
    calm = patient_with_nights("calm", steady(date(2026, 10, 12), 41, 3))
    for patient in (calm, drift, absent, worse, slipping, aug):
        share_with(patient, clinician)
    response = clinician_client.get("/clinician/")
    rows = response.context["rows"]
    due = "iron_studies_due"  # no one has a ferritin; it weighs nothing, so it sorts last
    assert [(row.patient.username, [flag.kind for flag in row.summary.flags]) for row in rows] == [
        ("slipping", ["worsening", "gap", due]),
        ("aug", ["augmentation", due]),
        ("worse", ["worsening", due]),
        ("absent", ["gap", due]),
        ("drift", ["onset_earlier", due]),
        ("calm", [due]),
    ]
    page = text(response)
    assert "Possible augmentation" in page and "Onset moving earlier" in page
    review = text(clinician_client.get(f"/clinician/patients/{aug.pk}/"))
    assert "Possible augmentation" in review
    assert "on pramipexole (since 2026-10-01), 4 h 00 min earlier than 22:00" in review

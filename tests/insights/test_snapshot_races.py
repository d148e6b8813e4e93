"""Races around the dashboard's stored figures: a patient who leaves while their figures are
computed, and two refreshes of the same patients at once."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diary.audit import record_reads
from diary.choices import AccountType
from diary.models import AccessEvent, User
from insights.models import ReviewSnapshot
from insights.snapshots import refresh

TODAY = date(2026, 11, 22)


def _patients(*names: str) -> list[User]:
    return [User.objects.create_user(name, account_type=AccountType.PATIENT) for name in names]


@pytest.mark.django_db(transaction=True)
def test_figures_are_shown_and_the_others_stored_when_a_patient_left_meanwhile() -> None:
    alice, bob = _patients("alice", "bob")
    # bob deletes his account after the dashboard read him, before his figures are stored.
    User.objects.filter(pk=bob.pk).delete()

    figures = refresh([alice, bob], {alice.pk: TODAY, bob.pk: TODAY})

    assert set(figures) == {alice.pk, bob.pk}  # this page was read before he left
    assert list(ReviewSnapshot.objects.values_list("patient_id", flat=True)) == [alice.pk]


@pytest.mark.django_db(transaction=True)
def test_the_access_log_is_written_for_the_patients_still_there() -> None:
    alice, bob = _patients("alice", "bob")
    clinician = User.objects.create_user("dr", account_type=AccountType.CLINICIAN)
    User.objects.filter(pk=bob.pk).delete()

    record_reads(clinician=clinician, patients=[alice, bob], action=AccessEvent.Action.DASHBOARD)

    assert list(AccessEvent.objects.values_list("patient_id", flat=True)) == [alice.pk]


@pytest.mark.django_db
def test_figures_are_stored_in_the_order_of_the_patients_ids() -> None:
    # Two upserts that lock the same rows in opposite orders deadlock on PostgreSQL.
    patients = _patients("carol", "alice", "bob")
    given = sorted(patients, key=lambda p: p.pk, reverse=True)

    with CaptureQueriesContext(connection) as queries:
        refresh(given, dict.fromkeys((p.pk for p in patients), TODAY))

    [upsert] = [
        q["sql"] for q in queries if "insights_reviewsnapshot" in q["sql"] and "INSERT" in q["sql"]
    ]
    values = upsert[upsert.index("VALUES") :]
    stored = [int(pk) for pk in re.findall(r"\(\s*(\d+)\s*,", values)]
    assert stored == sorted(p.pk for p in patients)

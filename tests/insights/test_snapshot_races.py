"""Races around the dashboard's stored figures: a patient who leaves while their figures are
computed, and two refreshes of the same patients at once."""

from datetime import date
from typing import Any

import pytest

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
def test_figures_are_stored_in_the_order_of_the_patients_ids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two upserts that lock the same rows in opposite orders deadlock on PostgreSQL. The SQL
    # differs by database (VALUES on SQLite, UNNEST arrays on PostgreSQL), so the rows are
    # seen on their way to the real upsert.
    patients = _patients("carol", "alice", "bob")
    given = sorted(patients, key=lambda p: p.pk, reverse=True)
    stored: list[int] = []
    real_bulk_create = ReviewSnapshot.objects.bulk_create

    def watched(snapshots: list[ReviewSnapshot], **options: Any) -> list[ReviewSnapshot]:
        stored.extend(snapshot.patient_id for snapshot in snapshots)
        return real_bulk_create(snapshots, **options)

    monkeypatch.setattr(ReviewSnapshot.objects, "bulk_create", watched)

    refresh(given, dict.fromkeys((p.pk for p in patients), TODAY))

    assert stored == sorted(p.pk for p in patients)
    assert ReviewSnapshot.objects.count() == 3

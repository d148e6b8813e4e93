"""Bulk writes go in one query for a clinic's worth of rows, on SQLite too (diary/sqlite.py):
Django's default of 999 parameters would split the access log of 1,000 patients in eight, and
the review snapshots of every 111 patients."""

import sqlite3

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from pytest_django import DjangoAssertNumQueries

from diary.audit import record_reads
from diary.choices import AccountType
from diary.models import AccessEvent, User
from tests.helpers import logged_in, share_with
from tests.insights.test_dashboard import FIRST_READ, STALE_QUERIES


def patients(count: int) -> list[User]:
    password = make_password(None)
    User.objects.bulk_create(
        User(username=f"p{i:04d}", password=password, account_type=AccountType.PATIENT)
        for i in range(count)
    )
    return list(User.objects.filter(username__startswith="p"))


@pytest.mark.parametrize("count", [3, 1000])
def test_the_access_log_of_3_or_1000_patients_takes_the_same_queries(
    clinician: User, count: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    seen = patients(count)
    # The lines still open (none), one INSERT (in a savepoint: two more).
    with django_assert_num_queries(4):
        record_reads(clinician=clinician, patients=seen, action=AccessEvent.Action.DASHBOARD)
    # The lines still open, one UPDATE.
    with django_assert_num_queries(2):
        record_reads(clinician=clinician, patients=seen, action=AccessEvent.Action.DASHBOARD)
    assert AccessEvent.objects.filter(count=2).count() == count


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's limit")
def test_sqlite_batches_by_the_limit_its_library_reports(db: None) -> None:
    connection.ensure_connection()
    reported = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    assert connection.features.max_query_params == min(reported, 32766)


@pytest.mark.django_db
def test_a_dashboard_of_150_stale_patients_takes_the_queries_of_a_few(
    clinician: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # 150 snapshots of 9 columns are two upserts by Django's default of 999 parameters.
    for patient in patients(150):
        share_with(patient, clinician)
    client = logged_in(clinician)
    with django_assert_num_queries(STALE_QUERIES + FIRST_READ):
        assert len(client.get("/clinician/").context["rows"]) == 150

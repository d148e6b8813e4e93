"""Issue 12: the patient's access log on the web. Every page a clinician reads a patient's data
on is logged (reads of one kind within an hour as one line with a count), the patient sees it
on the sharing page, it outlives the clinician's account, and nobody changes it."""

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from diary.audit import READS, record_event, record_reads
from diary.models import AccessEvent, Share, User
from tests.factories import make_night
from tests.helpers import PASSWORD, logged_in, make_user, share_with, text

# 15:00 UTC: 10:00 in New York, alice's time zone.
FROZEN = datetime.fromisoformat("2026-11-22 15:00:00+00:00")


@pytest.fixture(autouse=True)
def clock(db: None) -> Iterator[time_machine.Traveller]:
    with time_machine.travel(FROZEN, tick=False) as traveller:
        yield traveller


def reads(patient: User) -> list[tuple[str, str, int]]:
    lines = AccessEvent.objects.filter(patient=patient, action__in=READS).order_by("pk")
    return [(line.who, line.action, line.count) for line in lines]


def test_the_review_page_and_the_report_count_their_reads(
    alice: User, alice_shares: Share, clinician_client: Client
) -> None:
    for page in ("", "?page=2", "?range=all"):
        assert clinician_client.get(f"/clinician/patients/{alice.pk}/{page}").status_code == 200
    assert clinician_client.get(f"/clinician/patients/{alice.pk}/report.pdf").status_code == 200
    assert reads(alice) == [("dr_carol", "viewed", 3), ("dr_carol", "report", 1)]


def test_the_dashboard_logs_each_patient_it_shows(
    alice: User, bob: User, clinician: User, clinician_client: Client, alice_shares: Share
) -> None:
    share_with(bob, clinician)
    outsider = make_user("dora", "patient")
    clinician_client.get("/clinician/")
    clinician_client.get("/clinician/")
    assert reads(alice) == [("dr_carol", "dashboard", 2)]
    assert reads(bob) == [("dr_carol", "dashboard", 2)]
    assert reads(outsider) == []


def dashboard_queries(patients: int) -> tuple[int, int]:
    """Queries of a first and a second dashboard within the hour, for a clinician with this
    many sharing patients, and check that every patient's log counted both."""
    clinician = make_user(f"dr_{patients}", "clinician")
    shared = [make_user(f"p{patients}_{i}", "patient") for i in range(patients)]
    for patient in shared:
        make_night(patient, "2026-11-20")
        share_with(patient, clinician)
    client = logged_in(clinician)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/clinician/").status_code == 200
        counts.append(len(queries))
    for patient in shared:
        assert reads(patient) == [(clinician.username, "dashboard", 2)]
    return counts[0], counts[1]


def test_the_dashboard_and_its_access_log_take_the_same_queries_for_1_or_20_patients(
    db: None,
) -> None:
    assert dashboard_queries(1) == dashboard_queries(20)


def test_a_patient_reading_their_own_pages_records_nothing(
    alice: User, alice_client: Client, clinician_client: Client, alice_shares: Share
) -> None:
    make_night(alice, "2026-11-20")
    for url in ("/nights/", "/trends/", "/trends/weeks.csv", "/nights/export.csv", "/labs/"):
        assert alice_client.get(url).status_code == 200
    assert reads(alice) == []
    clinician_client.get(f"/clinician/patients/{alice.pk}/")
    assert reads(alice) == [("dr_carol", "viewed", 1)]


def test_a_revoked_clinicians_404_records_nothing(
    alice: User, alice_client: Client, clinician_client: Client, alice_shares: Share
) -> None:
    assert clinician_client.get(f"/clinician/patients/{alice.pk}/").status_code == 200
    alice_client.post(f"/sharing/{alice_shares.pk}/revoke/")
    for page in ("", "report.pdf"):
        assert clinician_client.get(f"/clinician/patients/{alice.pk}/{page}").status_code == 404
    clinician_client.get("/clinician/")
    assert reads(alice) == [("dr_carol", "viewed", 1)]


def test_the_sharing_page_shows_who_read_what_how_often_and_when_in_her_time(
    alice: User, alice_client: Client, clinician: User, alice_shares: Share
) -> None:
    for minutes in (2, 30, 48):
        with time_machine.travel(FROZEN + timedelta(minutes=minutes), tick=False):
            record_reads(clinician=clinician, patients=[alice], action=AccessEvent.Action.NIGHTS)
    record_reads(clinician=clinician, patients=[alice], action=AccessEvent.Action.DASHBOARD)
    page = text(alice_client.get("/sharing/"))
    assert "22 Nov 2026, 10:02–10:48</td>" in page
    assert "read your nights through the API · 3 times" in page
    assert "saw you on their dashboard</td>" in page  # once: no count


def test_deleting_the_clinician_keeps_the_log_with_their_username(
    alice: User,
    alice_client: Client,
    clinician: User,
    clinician_client: Client,
    alice_shares: Share,
) -> None:
    clinician_client.get(f"/clinician/patients/{alice.pk}/")
    clinician_client.get(f"/clinician/patients/{alice.pk}/")
    clinician.delete()
    lines = AccessEvent.objects.filter(patient=alice).order_by("pk")
    assert [(line.clinician, line.clinician_username, line.action) for line in lines] == [
        (None, "dr_carol", "redeemed"),
        (None, "dr_carol", "viewed"),
    ]
    page = text(alice_client.get("/sharing/"))
    assert "<td>dr_carol (account deleted)</td>" in page
    assert "opened the review page · 2 times" in page


def test_the_log_shows_a_renamed_clinician_by_their_name_now() -> None:
    clinician = make_user("dr_old", "clinician")
    patient = make_user("pat", "patient")
    record_event(clinician=clinician, patient=patient, action=AccessEvent.Action.REDEEMED)
    clinician.username = "dr_new"
    clinician.save()
    assert AccessEvent.objects.select_related("clinician").get().who == "dr_new"


def test_a_read_and_a_write_go_through_their_own_function() -> None:
    clinician = make_user("dr_x", "clinician")
    patient = make_user("pat", "patient")
    with pytest.raises(ValueError):
        record_event(clinician=clinician, patient=patient, action=AccessEvent.Action.NIGHTS)
    with pytest.raises(ValueError):
        record_reads(clinician=clinician, patients=[patient], action=AccessEvent.Action.REDEEMED)
    assert not AccessEvent.objects.exists()


@pytest.fixture
def admin_client(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", PASSWORD))
    return client


def test_the_admin_shows_the_log_but_cannot_add_change_or_delete_a_line(
    alice: User, alice_shares: Share, admin_client: Client
) -> None:
    line = AccessEvent.objects.get(patient=alice)
    before = list(AccessEvent.objects.values())
    base = "/admin/diary/accessevent/"
    listed = text(admin_client.get(base))
    assert "dr_carol" in listed and "delete_selected" not in listed
    assert admin_client.get(f"{base}{line.pk}/change/").status_code == 200  # to read
    assert admin_client.get(f"{base}add/").status_code == 403
    changed = {"action": "viewed", "clinician_username": "someone", "count": 1}
    assert admin_client.post(f"{base}{line.pk}/change/", changed).status_code == 403
    assert admin_client.post(f"{base}{line.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [line.pk], "post": "yes"}
    admin_client.post(base, bulk)
    assert list(AccessEvent.objects.values()) == before


def test_the_admin_still_deletes_a_patient_and_their_log_goes_with_them(
    alice: User, alice_shares: Share, admin_client: Client
) -> None:
    response = admin_client.post(f"/admin/diary/user/{alice.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not AccessEvent.objects.exists()


MIGRATION = "access_log_counts_and_kept_usernames"


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_lines_with_the_clinicians_username() -> None:
    executor = MigrationExecutor(connection)
    mine = next(key for key in executor.loader.graph.nodes if key[1].endswith(MIGRATION))
    parents = executor.loader.graph.node_map[mine].parents
    before = [parent.key for parent in parents if parent.key[0] == "diary"]
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        OldUser, OldEvent = old.get_model("diary", "User"), old.get_model("diary", "AccessEvent")
        carol = OldUser.objects.create(username="dr_carol", account_type="clinician")
        pat = OldUser.objects.create(username="pat", account_type="patient")
        at = timezone.now() - timedelta(days=3)
        OldEvent.objects.create(clinician=carol, patient=pat, action="viewed", at=at)
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        line = AccessEvent.objects.get()
        assert (line.clinician_username, line.count, line.at, line.last_at) == (
            "dr_carol",
            1,
            at,
            at,
        )
    finally:
        MigrationExecutor(connection).migrate(latest)

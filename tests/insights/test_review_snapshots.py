"""The dashboard's review figures are kept per patient (insights.snapshots) and never shown
stale: any change to the patient's data, zone or date shows on the next dashboard."""

import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from diary import sharing
from diary.models import LabResult, Night, User
from diary.transfer.importing import import_nights
from insights.flags import Flag
from insights.labs import Latest
from insights.loading import load_assessments, load_labs, load_nights, load_treatments
from insights.models import ReviewSnapshot
from insights.review import ReviewSummary, review_summary
from insights.snapshots import compute_figures, summary_from_json, summary_to_json
from tests.diary.api.lab_data import make_assessment, make_lab
from tests.diary.test_recently_deleted import restore_buttons
from tests.factories import form_data, night_json, night_values
from tests.helpers import share_with, token_client
from tests.insights.test_dashboard import CURRENT_QUERIES, FIRST_READ, give, patient_with_onsets
from tests.sample_nights import plausible_rows

# Sunday 22 Nov 2026, 15:00 UTC: 10:00 in alice's New York, the last full week 9-15 Nov.
NOW = datetime.fromisoformat("2026-11-22 15:00:00+00:00")


@pytest.fixture(autouse=True)
def clock(db: None) -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def nights(patient: User, first: str, last: str, severity: int = 3) -> None:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    Night.objects.bulk_create(
        Night(patient=patient, **night_values(night=start + timedelta(days=i), severity=severity))
        for i in range((end - start).days + 1)
    )


def summary_on_dashboard(client: Client, patient: User) -> ReviewSummary:
    rows = client.get("/clinician/").context["rows"]
    [summary] = [row.summary for row in rows if row.patient.pk == patient.pk]
    return summary


def kinds(client: Client, patient: User) -> list[str]:
    return [flag.kind for flag in summary_on_dashboard(client, patient).flags]


@pytest.fixture
def absent_alice(alice: User, clinician: User, clinician_client: Client) -> User:
    """alice shares with the clinician, has logged nothing since 31 Oct, and the clinician has
    seen her flagged for it (her snapshot is stored)."""
    nights(alice, "2026-10-12", "2026-10-31")
    share_with(alice, clinician)
    assert "gap" in kinds(clinician_client, alice)
    assert ReviewSnapshot.objects.filter(patient=alice).exists()
    return alice


# ---- the figures round-trip -------------------------------------------------------------------


def test_a_review_summary_round_trips_through_json_exactly() -> None:
    summary = ReviewSummary(
        last_entry=date(2026, 11, 21),
        nights_last_28=27,
        week_start=date(2026, 11, 9),
        week_mean_severity=4.285714285714286,
        severity_change=0.1 + 0.2,  # 0.30000000000000004: a float that must not be rounded
        week_mean_sleep_loss_min=30.7,
        sleep_loss_change_min=-12.75,
        flags=[
            Flag("worsening", "Worsening", "Mean severity 6.0 in the week of 2026-11-09, up"),
            Flag("gap", "No entry for 7 nights", "Last entry: night of 2026-11-14"),
            Flag("iron_studies_due", "Iron studies due", ""),
        ],
        ferritin=Latest(Decimal("62.0"), date(2026, 10, 1)),
        tsat=Latest(Decimal("18.50"), date(2026, 10, 1)),
    )
    back = summary_from_json(json.loads(json.dumps(summary_to_json(summary))))
    assert back == summary
    assert back.severity_change == 0.30000000000000004
    assert back.ferritin is not None and str(back.ferritin.value) == "62.0"
    assert back.tsat is not None and str(back.tsat.value) == "18.50"


def test_an_empty_summary_round_trips_too() -> None:
    summary = ReviewSummary(None, 0, date(2026, 11, 9), None, None, None, None, [])
    assert summary_from_json(summary_to_json(summary)) == summary


@pytest.mark.parametrize(
    "today,zone",
    [
        (date(2026, 11, 22), "America/New_York"),
        (date(2026, 11, 23), "Pacific/Kiritimati"),
        (date(2026, 6, 3), "Europe/London"),
        (date(2027, 1, 20), "Australia/Sydney"),  # 54 days after the last night
    ],
)
def test_the_slim_frames_give_the_figures_of_the_full_nights_frame(
    alice: User, clinician: User, today: date, zone: str
) -> None:
    alice.timezone = zone
    alice.sleep_need_min = 450
    alice.save()
    Night.objects.bulk_create(
        Night(patient=alice, **row) for row in plausible_rows(date(2025, 11, 1), 386, seed=7)
    )
    give(alice, "pramipexole", date(2026, 8, 1))
    make_lab(alice, drawn="2026-03-01", ferritin_ng_ml=70, tsat_pct=25)
    make_assessment(alice, by=clinician, assessed="2026-02-01", irls_total=12)
    make_assessment(alice, by=clinician, assessed="2026-05-01", irls_total=19)

    full = review_summary(
        load_nights(alice),
        today,
        load_treatments(alice),
        labs=load_labs(alice),
        assessments=load_assessments(alice),
    )
    assert compute_figures([alice], {alice.pk: today})[alice.pk].summary == full


def test_symptoms_spreading_to_the_arms_count_in_the_slim_frames_too(
    alice: User, clinician: User
) -> None:
    # Pramipexole from 1 Oct; onset 22:00 before, 19:00 (3 h earlier) on the last 14 nights,
    # which also reach the arms: possible augmentation only because of the spread.
    before: dict[date, tuple[time, list[str]]] = {
        date(2026, 9, 3) + timedelta(days=i): (time(22, 0), []) for i in range(66)
    }
    spread = {date(2026, 11, 8) + timedelta(days=i): (time(19, 0), ["arms"]) for i in range(14)}
    Night.objects.bulk_create(
        Night(
            patient=alice,
            **night_values(night=night, severity=4, onset=onset, areas=["left_leg", *arms]),
        )
        for night, (onset, arms) in {**before, **spread}.items()
    )
    give(alice, "pramipexole", date(2026, 10, 1))
    today = date(2026, 11, 22)
    [summary] = [f.summary for f in compute_figures([alice], {alice.pk: today}).values()]
    assert summary.flags[0].kind == "augmentation"
    assert "arms or trunk on 14 of these nights, on none before" in summary.flags[0].detail
    assert summary == review_summary(
        load_nights(alice), today, load_treatments(alice), labs=[], assessments=[]
    )


# ---- a change to the patient's data shows at once ---------------------------------------------


def test_a_night_logged_on_the_web_clears_the_gap_at_once(
    absent_alice: User, alice_client: Client, clinician_client: Client
) -> None:
    assert alice_client.post("/nights/log/", form_data(night="2026-11-21")).status_code == 302
    summary = summary_on_dashboard(clinician_client, absent_alice)
    assert "gap" not in [flag.kind for flag in summary.flags]
    assert summary.last_entry == date(2026, 11, 21)


def test_a_night_logged_through_the_api_clears_the_gap_at_once(
    absent_alice: User, clinician_client: Client
) -> None:
    api = token_client(absent_alice)
    response = api.post("/api/v1/nights/", night_json(night="2026-11-21"), format="json")
    assert response.status_code == 201
    assert "gap" not in kinds(clinician_client, absent_alice)


def test_imported_nights_clear_the_gap_at_once(
    absent_alice: User, clinician_client: Client
) -> None:
    csv = (
        "night,in_bed,lights_out,sleep_latency_min,awakenings,waso_min,final_wake,out_of_bed,"
        "sleep_quality,severity,onset,sensations,areas,relief,factors,notes\n"
        "2026-11-21,22:30,23:00,30,2,20,06:30,07:00,3,5,21:15,urge;creeping,left_leg,walking,,\n"
    )
    assert import_nights(absent_alice, csv.encode()) == 1
    assert "gap" not in kinds(clinician_client, absent_alice)


def test_a_deleted_and_a_restored_night_show_at_once(
    absent_alice: User, alice_client: Client, clinician_client: Client
) -> None:
    alice_client.post("/nights/log/", form_data(night="2026-11-21"))
    assert "gap" not in kinds(clinician_client, absent_alice)
    alice_client.post("/nights/2026-11-21/delete/")
    assert "gap" in kinds(clinician_client, absent_alice)
    [restore] = restore_buttons(alice_client)
    assert alice_client.post(restore).status_code == 302
    assert "gap" not in kinds(clinician_client, absent_alice)


def test_a_treatment_added_or_deleted_shows_at_once(
    clinician: User, clinician_client: Client
) -> None:
    onsets = {date(2026, 9, 3) + timedelta(days=i): "22:00" for i in range(66)}
    onsets |= {date(2026, 11, 8) + timedelta(days=i): "18:00" for i in range(14)}
    drift = patient_with_onsets("drift", onsets)
    share_with(drift, clinician)
    assert "onset_earlier" in kinds(clinician_client, drift)
    course = give(drift, "pramipexole", date(2026, 10, 1))
    assert kinds(clinician_client, drift)[0] == "augmentation"
    course.delete()
    assert "onset_earlier" in kinds(clinician_client, drift)


def test_a_lab_result_the_patient_enters_shows_at_once(
    absent_alice: User, clinician_client: Client
) -> None:
    lab = make_lab(absent_alice, drawn="2026-11-20", ferritin_ng_ml=40)
    summary = summary_on_dashboard(clinician_client, absent_alice)
    assert "iron" in [flag.kind for flag in summary.flags]
    assert summary.ferritin == Latest(Decimal("40.0"), date(2026, 11, 20))
    LabResult.objects.filter(pk=lab.pk).get().delete()
    assert "iron" not in kinds(clinician_client, absent_alice)


def test_a_lab_result_and_assessments_the_clinician_enters_through_the_api_show_at_once(
    absent_alice: User, clinician: User, clinician_client: Client
) -> None:
    api = token_client(clinician)
    labs_url = f"/api/v1/patients/{absent_alice.pk}/labs/"
    body = {"drawn": "2026-11-20", "ferritin_ng_ml": 40.0, "iron_free_24h": True}
    assert api.post(labs_url, body, format="json").status_code == 201
    assert "iron" in kinds(clinician_client, absent_alice)
    visits = f"/api/v1/patients/{absent_alice.pk}/assessments/"
    for day, total in (("2026-09-01", 12), ("2026-11-20", 20)):
        body = {"assessed": day, "irls_total": total}
        assert api.post(visits, body, format="json").status_code == 201
    assert "irls_worse" in kinds(clinician_client, absent_alice)


def test_an_assessment_the_clinician_enters_on_the_web_shows_at_once(
    absent_alice: User, clinician: User, clinician_client: Client
) -> None:
    make_assessment(absent_alice, by=clinician, assessed="2026-09-01", irls_total=12)
    url = f"/clinician/patients/{absent_alice.pk}/assessments/add/"
    response = clinician_client.post(url, {"assessed": "2026-11-20", "irls_total": 20})
    assert response.status_code == 302
    assert "irls_worse" in kinds(clinician_client, absent_alice)


# ---- what is not data: the date, the zone ------------------------------------------------------


def test_the_turn_of_the_patients_day_refreshes_gap_and_worsening(
    alice: User, clinician: User, clinician_client: Client, clock: Any
) -> None:
    # Severity 2 from 12 Oct to 8 Nov, 6 from 9 to 21 Nov: worse in the week of 9 Nov.
    nights(alice, "2026-10-12", "2026-11-08", severity=2)
    nights(alice, "2026-11-09", "2026-11-21", severity=6)
    share_with(alice, clinician)
    assert kinds(clinician_client, alice) == ["worsening", "iron_studies_due"]
    # Eight days on, nothing logged since: the last full week (23-29 Nov) has no nights.
    clock.move_to(NOW + timedelta(days=8))
    clinician_client.force_login(clinician)  # eight days idle ended the session
    summary = summary_on_dashboard(clinician_client, alice)
    assert [flag.kind for flag in summary.flags] == ["gap", "iron_studies_due"]
    assert summary.flags[0].label == "No entry for 8 nights"
    assert summary.week_start == date(2026, 11, 23)


def test_a_new_time_zone_refreshes_the_patients_today(
    absent_alice: User, clinician_client: Client
) -> None:
    assert summary_on_dashboard(clinician_client, absent_alice).week_start == date(2026, 11, 9)
    absent_alice.timezone = "Pacific/Kiritimati"  # 05:00 on Monday 23 Nov there
    absent_alice.save()
    assert summary_on_dashboard(clinician_client, absent_alice).week_start == date(2026, 11, 16)


def test_a_new_sleep_need_refreshes_the_sleep_loss(
    alice: User, clinician: User, clinician_client: Client
) -> None:
    nights(alice, "2026-10-12", "2026-11-21")  # 400 min of sleep a night
    share_with(alice, clinician)
    assert summary_on_dashboard(clinician_client, alice).week_mean_sleep_loss_min == 80
    alice.sleep_need_min = 420
    alice.save()
    assert summary_on_dashboard(clinician_client, alice).week_mean_sleep_loss_min == 20


def test_a_stored_snapshot_of_the_current_version_and_day_is_used_as_is(
    absent_alice: User, clinician_client: Client
) -> None:
    # Written over by hand: the dashboard must show what is stored, not recompute it.
    snapshot = ReviewSnapshot.objects.get(patient=absent_alice)
    snapshot.summary = json.dumps({**json.loads(snapshot.summary), "nights_last_28": 99})
    snapshot.save()
    assert summary_on_dashboard(clinician_client, absent_alice).nights_last_28 == 99


# ---- housekeeping -----------------------------------------------------------------------------


def test_the_hourly_refresh_recomputes_stale_snapshots_and_drops_unshared_ones(
    alice: User,
    bob: User,
    clinician: User,
    clinician_client: Client,
    clock: Any,
    capsys: pytest.CaptureFixture[str],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    nights(alice, "2026-10-12", "2026-11-21")
    nights(bob, "2026-10-12", "2026-11-21")
    share_with(alice, clinician)
    bob_share = share_with(bob, clinician)
    clinician_client.get("/clinician/")
    sharing.revoke(bob_share)
    clock.move_to(NOW + timedelta(days=1))  # every snapshot is a day old

    call_command("refresh_review_snapshots")

    assert "checked=1 recomputed=1 dropped=1" in capsys.readouterr().out
    clinician_client.force_login(clinician)  # a day idle ended the session
    snapshot = ReviewSnapshot.objects.get()
    assert (snapshot.patient, snapshot.for_day) == (alice, date(2026, 11, 23))
    # Current figures; the day-old access log line is closed, so a new one (FIRST_READ).
    with django_assert_num_queries(CURRENT_QUERIES + FIRST_READ):
        summary = summary_on_dashboard(clinician_client, alice)
    assert summary.week_start == date(2026, 11, 16)
    call_command("refresh_review_snapshots")
    assert "checked=1 recomputed=0 dropped=0" in capsys.readouterr().out


def test_a_patient_without_nights_has_a_snapshot_too(
    alice: User, clinician: User, clinician_client: Client
) -> None:
    share_with(alice, clinician)
    assert kinds(clinician_client, alice) == ["gap", "iron_studies_due"]
    assert kinds(clinician_client, alice) == ["gap", "iron_studies_due"]

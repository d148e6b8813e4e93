"""Undo (issue 13): a deleted night, treatment or lab result stays restorable by the patient for
30 days, an edit keeps the previous version for as long, and housekeeping then empties both."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from diary import labs
from diary.housekeeping import empty_recently_deleted
from diary.models import LabResult, Night, Treatment, User
from diary.undo import NIGHTS, recently_deleted
from tests.factories import form_data, make_night, night_values
from tests.helpers import logged_in, share_with, text
from tests.treatment_factories import make_treatment, treatment_form

# 15:00 UTC is 10:00 on 22 November in alice's New York.
NOW = datetime.fromisoformat("2026-11-22 15:00:00+00:00")
NIGHT = "2026-11-20"


@pytest.fixture(autouse=True)
def clock(db: None) -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def make_lab(patient: User, by: User, **values: Any) -> LabResult:
    lab = labs.clean_lab(
        patient=patient,
        values={"drawn": "2026-11-01", "ferritin_ng_ml": "42.5", "iron_free_24h": True, **values},
        by=by,
    )
    labs.save_entry(lab, by=by, created=True)
    return lab


def restore_buttons(client: Client) -> list[str]:
    """The restore forms' addresses on the Recently deleted page."""
    page = text(client.get("/deleted/"))
    actions = [part.split('"', 1)[0] for part in page.split('action="')[1:]]
    return [action for action in actions if action.startswith("/deleted/")]


# ---- a deleted night --------------------------------------------------------------------------


def test_it_lists_a_deleted_night_and_restores_it_with_its_values(
    alice: User, alice_client: Client
) -> None:
    before = make_night(alice, NIGHT, notes="restless after coffee", day_fatigue=6)
    values = {name: getattr(before, name) for name in night_values()}

    assert alice_client.post(f"/nights/{NIGHT}/delete/").status_code == 302
    assert not Night.objects.exists()
    page = text(alice_client.get("/deleted/"))
    assert "Night of Fri 20 Nov 2026, severity 5" in page

    [restore] = restore_buttons(alice_client)
    response = alice_client.post(restore, follow=True)

    night = Night.objects.get()
    assert {name: getattr(night, name) for name in night_values()} == values
    assert night.pk == before.pk
    assert "Restored the night of Fri 20 Nov 2026." in text(response)
    assert restore_buttons(alice_client) == []  # back in the diary, off the list


def test_it_refuses_to_restore_a_night_logged_again_since_and_changes_nothing(
    alice: User, alice_client: Client
) -> None:
    make_night(alice, NIGHT, severity=5)
    alice_client.post(f"/nights/{NIGHT}/delete/")
    logged_again = make_night(alice, NIGHT, severity=2, notes="logged again")

    [restore] = restore_buttons(alice_client)
    response = alice_client.post(restore, follow=True)

    assert "Not restored: You have already logged the night of 2026-11-20." in text(response)
    assert list(Night.objects.values_list("pk", "severity", "notes")) == [
        (logged_again.pk, 2, "logged again")
    ]
    assert restore_buttons(alice_client) == [restore]  # still there, to restore elsewhere later


def test_a_night_that_never_had_a_version_is_still_restorable_once_deleted(alice: User) -> None:
    # The CSV import writes in bulk, which records no version; the delete still records one.
    Night.objects.bulk_create([Night(patient=alice, **night_values(night=date(2026, 11, 20)))])
    assert not Night.history.exists()

    Night.objects.get().delete()

    [deleted] = recently_deleted(patient=alice, now=NOW)
    assert (deleted.entry.night, deleted.entry.severity) == (date(2026, 11, 20), 5)


def test_housekeeping_empties_recently_deleted_after_30_days(
    alice: User, alice_client: Client, clock: Any
) -> None:
    make_night(alice, NIGHT)
    alice_client.post(f"/nights/{NIGHT}/delete/")
    clock.move_to(NOW + timedelta(days=29))
    assert empty_recently_deleted(now=NOW + timedelta(days=29)) == 0
    alice_client = logged_in(alice)  # the first session has timed out meanwhile
    assert len(restore_buttons(alice_client)) == 1

    clock.move_to(NOW + timedelta(days=31))
    # The night's two kept versions: as logged, and as deleted.
    assert empty_recently_deleted(now=NOW + timedelta(days=31)) == 2
    assert restore_buttons(alice_client) == []
    assert not Night.history.exists()


def test_a_restore_after_30_days_is_a_404_even_before_housekeeping(
    alice: User, alice_client: Client, clock: Any
) -> None:
    make_night(alice, NIGHT)
    alice_client.post(f"/nights/{NIGHT}/delete/")
    [restore] = restore_buttons(alice_client)

    clock.move_to(NOW + timedelta(days=31))

    assert logged_in(alice).post(restore).status_code == 404
    assert not Night.objects.exists()


# ---- treatments and lab results ---------------------------------------------------------------


def test_it_restores_a_deleted_treatment_and_a_deleted_lab_result(
    alice: User, alice_client: Client
) -> None:
    course = make_treatment(alice, stopped=date(2026, 11, 15))
    lab = make_lab(alice, alice, tsat_pct="18.0")
    alice_client.post(f"/treatments/{course.pk}/delete/")
    alice_client.post(f"/labs/{lab.pk}/delete/")

    page = text(alice_client.get("/deleted/"))
    assert "pramipexole, 0.25 mg a day, from 1 Nov 2026 to 15 Nov 2026" in page
    assert "Lab result of 1 Nov 2026: ferritin 42.5 ng/mL; TSAT 18.0 %;" in page
    for restore in restore_buttons(alice_client):
        alice_client.post(restore)

    treatment = Treatment.objects.get()
    assert (treatment.pk, treatment.dose, treatment.stopped) == (
        course.pk,
        Decimal("0.250"),
        date(2026, 11, 15),
    )
    restored_lab = LabResult.objects.get()
    assert (restored_lab.pk, restored_lab.ferritin_ng_ml, restored_lab.entered_by) == (
        lab.pk,
        Decimal("42.5"),
        "patient",
    )


def test_a_lab_result_a_clinician_deleted_is_not_the_patients_to_restore(
    alice: User, alice_client: Client, clinician: User
) -> None:
    share_with(alice, clinician)
    lab = make_lab(alice, clinician)
    logged_in(clinician).post(f"/clinician/patients/{alice.pk}/labs/{lab.pk}/delete/")

    assert restore_buttons(alice_client) == []


# ---- previous versions ------------------------------------------------------------------------


def test_an_edit_keeps_the_previous_version_and_it_can_be_restored(
    alice: User, alice_client: Client, clock: Any
) -> None:
    make_night(alice, NIGHT, severity=5, notes="first")
    clock.shift(timedelta(hours=1))
    alice_client.post(f"/nights/{NIGHT}/", form_data(severity=7, notes="second"))

    page = text(alice_client.get(f"/nights/{NIGHT}/"))
    assert "Previous versions (30 days)" in page
    assert "Night of Fri 20 Nov 2026, severity 5" in page
    restore = page.split('action="/history/', 1)[1].split('"', 1)[0]
    alice_client.post(f"/history/{restore}")

    assert list(Night.objects.values_list("severity", "notes")) == [(5, "first")]


def test_housekeeping_keeps_the_current_version_and_drops_a_version_replaced_30_days_ago(
    alice: User, alice_client: Client, clock: Any
) -> None:
    course = make_treatment(alice)
    clock.move_to(NOW + timedelta(days=10))
    alice_client.post(f"/treatments/{course.pk}/edit/", treatment_form(dose="0.5"))
    assert "Previous versions" in text(alice_client.get(f"/treatments/{course.pk}/edit/"))

    later = NOW + timedelta(days=41)
    clock.move_to(later)
    assert empty_recently_deleted(now=later) == 1
    alice_client = logged_in(alice)
    assert "Previous versions" not in text(alice_client.get(f"/treatments/{course.pk}/edit/"))
    # The current version stays: the next edit's previous version.
    alice_client.post(f"/treatments/{course.pk}/edit/", treatment_form(dose="1"))
    assert "0.5 mg a day" in text(alice_client.get(f"/treatments/{course.pk}/edit/"))


# ---- who may -----------------------------------------------------------------------------------


@pytest.fixture
def deleted_night(alice: User, alice_client: Client) -> str:
    """The address of the restore button of alice's deleted night."""
    make_night(alice, NIGHT)
    alice_client.post(f"/nights/{NIGHT}/delete/")
    [restore] = restore_buttons(alice_client)
    return restore


def test_another_patient_sees_none_of_it_and_cannot_restore_it(
    deleted_night: str, bob_client: Client
) -> None:
    assert "Night of" not in text(bob_client.get("/deleted/"))
    assert bob_client.post(deleted_night).status_code == 404
    assert not Night.objects.exists()


@pytest.mark.parametrize("who", ["clinician_client", "revoked_client", "lonely_clinician_client"])
def test_clinicians_get_404(
    deleted_night: str, alice_shares: Any, who: str, request: pytest.FixtureRequest
) -> None:
    client: Client = request.getfixturevalue(who)
    assert client.get("/deleted/").status_code == 404
    assert client.post(deleted_night).status_code == 404
    assert not Night.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(deleted_night: str) -> None:
    for response in (Client().get("/deleted/"), Client().post(deleted_night)):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert not Night.objects.exists()


def test_a_restore_is_a_post_and_an_unknown_kind_or_version_is_a_404(
    deleted_night: str, alice_client: Client
) -> None:
    assert alice_client.get(deleted_night).status_code == 405
    assert alice_client.post("/deleted/assessments/1/restore/").status_code == 404
    assert alice_client.post("/deleted/nights/999999/restore/").status_code == 404
    assert alice_client.post("/history/nights/1/999999/restore/").status_code == 404


def test_another_patients_version_is_a_404(alice: User, bob_client: Client) -> None:
    night = make_night(alice, NIGHT, severity=5)
    night.notes = "changed"
    night.save()
    version = NIGHTS.history.filter(id=night.pk).order_by("history_id").first()

    response = bob_client.post(f"/history/nights/{night.pk}/{version.history_id}/restore/")

    assert response.status_code == 404
    assert Night.objects.get().notes == "changed"


def test_deleting_the_account_leaves_no_version_behind(alice: User, bob: User) -> None:
    make_night(alice, NIGHT)
    make_night(bob, NIGHT)
    make_treatment(alice).delete()
    make_lab(alice, alice)

    alice.delete()

    assert {row.patient_id for row in NIGHTS.history.all()} == {bob.pk}
    assert not Treatment.history.exists()
    assert not LabResult.history.exists()

"""Issue 13, "a patient's data rights": deleting an account from the settings page.

A patient's account takes everything about them at once; a clinician's leaves the patients'
access logs and the lab results and assessments they entered, marked with their username.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from axes.models import AccessAttempt
from django.db import connection
from django.test import Client, RequestFactory
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from diary import sharing
from diary.account_deletion import delete_account
from diary.models import (
    AccessEvent,
    ApiToken,
    Assessment,
    LabResult,
    Night,
    Share,
    Treatment,
    User,
)
from tests.diary.api.lab_data import make_assessment, make_lab
from tests.factories import make_night
from tests.helpers import PASSWORD, logged_in, share_with, text, token_client
from tests.treatment_factories import make_treatment
from tests.two_factor_helpers import app_code, frozen, turn_on, wrong_code

URL = "/settings/delete-account/"


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with frozen() as traveller:
        yield traveller


@pytest.fixture
def alice_diary(alice: User, clinician: User) -> None:
    """alice with a night, a treatment, a lab of her own and one from her clinician, an
    assessment, a share, an API token and an access-log line."""
    make_night(alice)
    make_treatment(alice)
    share_with(alice, clinician)
    make_lab(alice)
    make_lab(alice, by=clinician)
    make_assessment(alice, by=clinician)
    token_client(alice)


def rows_about(user_id: int) -> dict[str, int]:
    return {
        "nights": Night.objects.filter(patient_id=user_id).count(),
        "treatments": Treatment.objects.filter(patient_id=user_id).count(),
        "labs": LabResult.objects.filter(patient_id=user_id).count(),
        "assessments": Assessment.objects.filter(patient_id=user_id).count(),
        "shares": Share.objects.filter(patient_id=user_id).count(),
        "tokens": ApiToken.objects.filter(user_id=user_id).count(),
        "access log": AccessEvent.objects.filter(patient_id=user_id).count(),
    }


def delete(client: Client, **data: Any) -> Any:
    return client.post(URL, {"password": PASSWORD, **data})


# The page


def test_the_settings_page_links_to_a_separate_confirmation_page(alice_client: Client) -> None:
    assert URL in text(alice_client.get("/settings/"))
    page = alice_client.get(URL)
    assert page.status_code == 200
    assert 'type="password"' in text(page)
    assert 'name="code"' not in text(page)  # no two-factor sign-in, no code asked


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.post(URL, {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_get_deletes_nothing(alice: User, alice_client: Client) -> None:
    alice_client.get(URL)
    assert User.objects.filter(pk=alice.pk).exists()


# A patient


def test_it_deletes_a_patient_and_everything_about_them_at_once(
    alice: User, alice_diary: None, alice_client: Client
) -> None:
    assert all(rows_about(alice.pk).values())
    response = delete(alice_client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not User.objects.filter(pk=alice.pk).exists()
    assert rows_about(alice.pk) == dict.fromkeys(rows_about(alice.pk), 0)


def test_a_wrong_password_is_a_field_error_and_deletes_nothing(
    alice: User, alice_diary: None, alice_client: Client
) -> None:
    before = rows_about(alice.pk)
    response = delete(alice_client, password="not my password")
    assert response.status_code == 400
    assert "That is not your password. Nothing was deleted." in text(response)
    assert User.objects.filter(pk=alice.pk).exists()
    assert rows_about(alice.pk) == before


def test_wrong_passwords_count_as_failed_log_ins_and_against_the_log_in_limit(
    alice: User, alice_diary: None, alice_client: Client
) -> None:
    answers = [delete(alice_client, password="guess").status_code for _ in range(12)]
    # Refused each time, until the address's log-in limit stops looking at the form at all.
    assert set(answers) == {400, 429}
    # django-axes counted the wrong passwords as failed log-ins of this username.
    assert AccessAttempt.objects.get(username="alice").failures_since_start >= 1
    assert User.objects.filter(pk=alice.pk).exists()


def test_every_session_and_token_of_the_patient_ends(alice: User, alice_client: Client) -> None:
    phone = logged_in(alice)
    api = token_client(alice)
    assert phone.get("/nights/").status_code == 200
    assert api.get("/api/v1/nights/").status_code == 200
    delete(alice_client)
    # The user row is gone: no session and no token names anyone any more.
    assert phone.get("/nights/")["Location"].startswith("/accounts/login/")
    assert alice_client.get("/nights/")["Location"].startswith("/accounts/login/")
    assert api.get("/api/v1/nights/").status_code == 401


def test_the_clinician_loses_access_on_the_very_next_request(
    alice: User, clinician: User, alice_client: Client
) -> None:
    make_night(alice)
    share_with(alice, clinician)
    web, api = logged_in(clinician), token_client(clinician)
    pages = [f"/clinician/patients/{alice.pk}/", f"/clinician/patients/{alice.pk}/report.pdf"]
    api_urls = [f"/api/v1/patients/{alice.pk}/{kind}/" for kind in ("nights", "labs", "weeks")]
    assert [web.get(url).status_code for url in pages] == [200, 200]
    assert [api.get(url).status_code for url in api_urls] == [200, 200, 200]
    delete(alice_client)
    assert [web.get(url).status_code for url in pages] == [404, 404]
    assert [api.get(url).status_code for url in api_urls] == [404, 404, 404]
    assert api.get("/api/v1/patients/").json()["count"] == 0


# A trigger that makes the database refuse deleting a share, in each database's dialect.
REFUSE_DELETING_SHARES = {
    "sqlite": [
        "CREATE TRIGGER refuse BEFORE DELETE ON diary_share "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'refused'; END $$",
        "CREATE TRIGGER refuse BEFORE DELETE ON diary_share FOR EACH ROW EXECUTE FUNCTION refuse()",
    ],
}


def test_the_deletion_is_all_or_nothing(alice: User, alice_diary: None) -> None:
    before = rows_about(alice.pk)
    # The database refuses one of the deletes half-way: everything deleted before it is back.
    with connection.cursor() as cursor:
        for statement in REFUSE_DELETING_SHARES[connection.vendor]:
            cursor.execute(statement)
    with pytest.raises(Exception, match="refused"):
        delete_account(request=RequestFactory().post(URL), user=alice, password=PASSWORD)
    assert User.objects.filter(pk=alice.pk).exists()
    assert rows_about(alice.pk) == before


# Two-factor sign-in


def sign_in_again(user: User, client: Client) -> None:
    # Turning two-factor on ends the account's other sessions, this test client's among them.
    user.refresh_from_db()
    client.force_login(user)


def test_with_two_factor_on_it_also_asks_for_a_current_code(
    alice: User, alice_client: Client, clock: time_machine.Traveller
) -> None:
    device, _codes = turn_on(alice)
    sign_in_again(alice, alice_client)
    clock.shift(30)
    make_night(alice)
    assert 'name="code"' in text(alice_client.get(URL))
    for code in ("", wrong_code(device)):
        response = delete(alice_client, code=code)
        assert response.status_code == 400
        assert User.objects.filter(pk=alice.pk).exists()
        assert Night.objects.filter(patient=alice).count() == 1
    clock.shift(30)  # past the throttle of the wrong code
    assert delete(alice_client, code=app_code(device)).status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()


def test_a_backup_code_will_do(alice: User, alice_client: Client) -> None:
    _device, codes = turn_on(alice)
    sign_in_again(alice, alice_client)
    assert delete(alice_client, code=codes[0]).status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()


def test_the_right_code_with_a_wrong_password_deletes_nothing(
    alice: User, alice_client: Client, clock: time_machine.Traveller
) -> None:
    device, _codes = turn_on(alice)
    sign_in_again(alice, alice_client)
    clock.shift(30)
    response = delete(alice_client, password="nope", code=app_code(device))
    assert response.status_code == 400
    assert User.objects.filter(pk=alice.pk).exists()


# A clinician


def test_a_clinician_can_delete_their_account(clinician: User) -> None:
    client = logged_in(clinician)
    assert URL in text(client.get("/settings/"))
    assert delete(client).status_code == 302
    assert not User.objects.filter(pk=clinician.pk).exists()


def test_a_clinicians_deletion_keeps_what_they_entered_marked_with_their_username(
    alice: User, clinician: User
) -> None:
    share_with(alice, clinician)
    lab = make_lab(alice, by=clinician)
    assessment = make_assessment(alice, by=clinician)
    own_lab = make_lab(alice)
    delete(logged_in(clinician))
    lab.refresh_from_db()
    assessment.refresh_from_db()
    own_lab.refresh_from_db()
    assert (lab.entered_by, assessment.entered_by, own_lab.entered_by) == (
        "dr_carol",
        "dr_carol",
        "patient",
    )
    assert lab.author_deleted and assessment.author_deleted
    # alice's pages, API and CSV still say who it was.
    alice_client = logged_in(alice)
    assert "dr_carol (account deleted)" in text(alice_client.get("/labs/"))
    api = token_client(alice)
    assert {row["entered_by"] for row in api.get("/api/v1/labs/").json()["results"]} == {
        "patient",
        "dr_carol",
    }
    assert api.get("/api/v1/assessments/").json()["results"][0]["entered_by"] == "dr_carol"
    assert "dr_carol" in api.get("/api/v1/assessments/?format=csv").getvalue().decode()


def test_a_clinicians_deletion_keeps_the_patients_access_log(alice: User, clinician: User) -> None:
    share_with(alice, clinician)
    token_client(clinician).get(f"/api/v1/patients/{alice.pk}/nights/")
    lines = AccessEvent.objects.filter(patient=alice).count()
    assert lines >= 2  # gained access, read the nights
    delete(logged_in(clinician))
    assert AccessEvent.objects.filter(patient=alice).count() == lines
    page = text(logged_in(alice).get("/sharing/"))
    assert "dr_carol (account deleted)" in page


def test_a_clinicians_deletion_ends_their_shares_and_keeps_the_patients_diary(
    alice: User, clinician: User
) -> None:
    make_night(alice)
    share = share_with(alice, clinician)
    delete(logged_in(clinician))
    assert not Share.objects.filter(pk=share.pk).exists()
    assert Night.objects.filter(patient=alice).count() == 1


def test_entries_written_before_the_username_was_kept_show_it_after_the_migration(
    alice: User, clinician: User
) -> None:
    """The migration fills entered_by_username from the author still there."""
    from importlib import import_module

    from django.apps import apps

    share_with(alice, clinician)
    lab = make_lab(alice, by=clinician)
    LabResult.objects.filter(pk=lab.pk).update(entered_by_username="")
    migration = import_module("diary.migrations.0013_lab_authors_username_kept")
    migration.copy_usernames(apps, None)
    sharing.revoke(Share.objects.get(patient=alice, clinician=clinician))
    clinician.delete()
    lab.refresh_from_db()
    assert lab.entered_by == "dr_carol"

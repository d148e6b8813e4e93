"""Clinician accounts (issue 12): anyone may tick "clinician" at sign-up, so a clinician account
cannot redeem share codes until a site administrator verifies it; it is told why, and the
patient's code stays usable. CLINICIAN_VERIFICATION=false turns the check off."""

import io
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from rest_framework.test import APIClient

from diary.choices import AccountType
from diary.models import AccessEvent, Share, User
from tests.helpers import PASSWORD, logged_in, make_user, text, token_client

FROZEN = "2026-11-22 15:00:00+00:00"
WAITING = "Your clinician account is waiting for verification by the site's administrator."


@pytest.fixture(autouse=True)
def frozen_clock(db: None) -> Iterator[None]:
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def newcomer(db: None) -> User:
    """A clinician who signed up and has not been verified yet."""
    return make_user("dr_new", AccountType.CLINICIAN, clinician_verified=False)


@pytest.fixture
def code(alice: User) -> str:
    _pending, code = Share.create_for(alice)
    return code


def _nothing_changed(alice: User) -> None:
    share = Share.objects.get(patient=alice)
    assert (share.status, share.clinician_id, share.redeemed_at) == ("pending", None, None)
    assert not AccessEvent.objects.exists()


def test_signing_up_as_a_clinician_leaves_the_account_unverified(client: Client, db: None) -> None:
    client.post(
        "/accounts/signup/",
        {
            "username": "dr_anyone",
            "password1": "night-owl-legs-42",
            "password2": "night-owl-legs-42",
            "account_type": "clinician",
            "timezone": "UTC",
        },
    )

    user = User.objects.get(username="dr_anyone")
    assert user.is_clinician and not user.clinician_verified
    assert user.awaiting_verification


def test_an_unverified_clinician_is_refused_on_the_web_form_and_the_code_stays_usable(
    alice: User, newcomer: User, code: str
) -> None:
    client = logged_in(newcomer)

    response = client.post("/clinician/redeem/", {"code": code})

    assert response.status_code == 403
    assert WAITING in text(response).replace("&#x27;", "'")
    _nothing_changed(alice)
    newcomer.clinician_verified = True
    newcomer.save()
    assert client.post("/clinician/redeem/", {"code": code}).status_code == 302
    assert Share.objects.get(patient=alice).clinician == newcomer


def test_an_unverified_clinician_is_refused_by_the_api_with_a_403_saying_why(
    alice: User, newcomer: User, code: str
) -> None:
    api = token_client(newcomer)

    response = api.post("/api/v1/shares/redeem/", {"code": code}, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": WAITING}
    _nothing_changed(alice)
    newcomer.clinician_verified = True
    newcomer.save()
    assert api.post("/api/v1/shares/redeem/", {"code": code}, format="json").status_code == 201


def test_a_wrong_code_tells_an_unverified_clinician_the_same_and_nothing_about_the_code(
    newcomer: User,
) -> None:
    response = token_client(newcomer).post(
        "/api/v1/shares/redeem/", {"code": "AAAA-BBBB-CCCC"}, format="json"
    )

    assert response.status_code == 403
    assert response.json() == {"detail": WAITING}


def test_an_unverified_clinician_can_sign_in_and_sees_why_on_the_dashboard(
    newcomer: User,
) -> None:
    client = Client()
    signed_in = client.post("/accounts/login/", {"username": "dr_new", "password": PASSWORD})
    assert signed_in.status_code == 302

    page = text(client.get("/clinician/")).replace("&#x27;", "'")

    assert 'id="verification-notice"' in page
    assert WAITING in page


def test_a_verified_clinician_sees_no_such_notice(clinician_client: Client) -> None:
    assert "verification-notice" not in text(clinician_client.get("/clinician/"))


def test_with_verification_off_a_new_clinician_redeems_at_once(
    settings: Any, alice: User, newcomer: User, code: str
) -> None:
    settings.CLINICIAN_VERIFICATION = False
    client = logged_in(newcomer)

    assert "verification-notice" not in text(client.get("/clinician/"))
    assert client.post("/clinician/redeem/", {"code": code}).status_code == 302
    assert Share.objects.get(patient=alice).clinician == newcomer


@pytest.mark.parametrize(("raw", "expected"), [("false", False), ("0", False), ("true", True)])
def test_the_environment_variable_turns_verification_on_and_off(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    from rlsdiary.settings import env_bool

    monkeypatch.setenv("CLINICIAN_VERIFICATION", raw)

    assert env_bool("CLINICIAN_VERIFICATION", True) is expected


def test_verification_is_on_unless_the_environment_says_otherwise() -> None:
    import rlsdiary.settings

    assert rlsdiary.settings.CLINICIAN_VERIFICATION is True


def test_patients_are_never_awaiting_verification(alice: User, alice_client: Client) -> None:
    assert not alice.clinician_verified and not alice.awaiting_verification
    assert alice_client.get("/sharing/").status_code == 200
    assert alice_client.post("/sharing/codes/").status_code == 302


@pytest.fixture
def admin_client_(db: None) -> Client:
    admin = User.objects.create_superuser("site_admin", password=PASSWORD)
    return logged_in(admin)


def test_the_admin_lists_clinicians_waiting_for_verification(
    admin_client_: Client, newcomer: User, clinician: User, alice: User
) -> None:
    page = text(admin_client_.get("/admin/diary/user/?clinician_verified__exact=0"))

    assert "dr_new" in page and "dr_carol" not in page


def test_the_admin_action_verifies_clinicians_and_leaves_patients_alone(
    admin_client_: Client, newcomer: User, alice: User
) -> None:
    response = admin_client_.post(
        "/admin/diary/user/",
        {"action": "mark_verified", "_selected_action": [newcomer.pk, alice.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 clinician account marked verified." in text(response)
    newcomer.refresh_from_db()
    alice.refresh_from_db()
    assert newcomer.clinician_verified and not newcomer.awaiting_verification
    assert not alice.clinician_verified


def test_the_demo_clinician_is_verified(db: None) -> None:
    call_command("seed_demo", stdout=io.StringIO())

    assert User.objects.get(username="demo_clinician").clinician_verified


def test_tests_make_verified_clinicians_unless_asked_otherwise(clinician: User) -> None:
    assert clinician.clinician_verified
    assert not make_user("dr_x", AccountType.CLINICIAN, clinician_verified=False).clinician_verified


@pytest.mark.django_db(transaction=True)
def test_upgrading_verifies_the_clinicians_who_already_exist() -> None:
    # They already hold shares their patients gave them; the upgrade must not lock them out.
    executor = MigrationExecutor(connection)
    (migration,) = [
        key
        for key in executor.loader.disk_migrations
        if key[0] == "diary" and key[1].endswith("_clinician_verified")
    ]
    (before,) = executor.loader.graph.node_map[migration].parents
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([before.key])
        old = executor.loader.project_state([before.key]).apps.get_model("diary", "User")
        old.objects.create(username="dr_old", account_type="clinician")
        old.objects.create(username="old_patient", account_type="patient")
        executor = MigrationExecutor(connection)
        executor.migrate([migration])
        new = executor.loader.project_state([migration]).apps.get_model("diary", "User")
        verified = dict(new.objects.values_list("username", "clinician_verified"))
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)

    assert verified == {"dr_old": True, "old_patient": False}


def test_an_unverified_clinician_still_reads_nothing_without_a_share(
    newcomer: User, alice: User
) -> None:
    api: APIClient = token_client(newcomer)

    assert api.get(f"/api/v1/patients/{alice.pk}/nights/").status_code == 404
    assert api.get("/api/v1/patients/").json()["count"] == 0


def test_an_inactive_clinician_loses_the_session_and_the_token_at_once(
    alice: User, clinician: User, alice_shares: Share
) -> None:
    # What the README tells an administrator to do to end an account's existing access.
    client, api = logged_in(clinician), token_client(clinician)
    assert client.get(f"/clinician/patients/{alice.pk}/").status_code == 200

    clinician.is_active = False
    clinician.save()

    assert client.get(f"/clinician/patients/{alice.pk}/").status_code == 302
    assert api.get(f"/api/v1/patients/{alice.pk}/nights/").status_code == 401

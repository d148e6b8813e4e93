"""Issue 13: DELETE /api/v1/profile/ with the password deletes the account (as the settings
page does, diary.account_deletion)."""

import time_machine
from rest_framework.test import APIClient

from diary.models import Night, User
from tests.factories import make_night
from tests.helpers import PASSWORD, share_with, token_client
from tests.two_factor_helpers import app_code, turn_on, wrong_code

URL = "/api/v1/profile/"


def test_it_deletes_the_patient_with_the_password(alice: User, alice_api: APIClient) -> None:
    make_night(alice)
    response = alice_api.delete(URL, {"password": PASSWORD}, format="json")
    assert response.status_code == 204
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not Night.objects.exists()
    assert alice_api.get(URL).status_code == 401


def test_a_wrong_or_missing_password_is_a_field_error_and_deletes_nothing(
    alice: User, alice_api: APIClient
) -> None:
    make_night(alice)
    for body in ({"password": "nope"}, {}):
        response = alice_api.delete(URL, body, format="json")
        assert response.status_code == 400
        assert "password" in response.json()
    assert Night.objects.filter(patient=alice).count() == 1


def test_with_two_factor_on_it_needs_a_current_code(alice: User) -> None:
    device, _codes = turn_on(alice)
    api = token_client(alice)
    response = api.delete(URL, {"password": PASSWORD, "otp": wrong_code(device)}, format="json")
    assert response.status_code == 400
    assert "otp" in response.json()
    assert User.objects.filter(pk=alice.pk).exists()


def test_with_two_factor_on_the_right_code_deletes(alice: User, clinician: User) -> None:
    device, _codes = turn_on(alice)
    share_with(alice, clinician)
    api, doctor = token_client(alice), token_client(clinician)
    assert doctor.get(f"/api/v1/patients/{alice.pk}/nights/").status_code == 200
    # 30 seconds on: the code that turned it on is spent, the app shows the next one.
    with time_machine.travel("2026-11-22 15:00:30+00:00", tick=False):
        with_code = {"password": PASSWORD, "otp": app_code(device)}
        assert api.delete(URL, with_code, format="json").status_code == 204
        assert doctor.get(f"/api/v1/patients/{alice.pk}/nights/").status_code == 404
    assert not User.objects.filter(pk=alice.pk).exists()


def test_a_clinician_can_delete_their_account(clinician: User, clinician_api: APIClient) -> None:
    assert clinician_api.delete(URL, {"password": PASSWORD}, format="json").status_code == 204
    assert not User.objects.filter(pk=clinician.pk).exists()


def test_anonymous_callers_get_401(alice: User, anonymous_api: APIClient) -> None:
    assert anonymous_api.delete(URL, {"password": PASSWORD}, format="json").status_code == 401
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_schema_documents_the_delete(db: None, anonymous_api: APIClient) -> None:
    schema = anonymous_api.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/profile/"]["delete"]
    assert set(operation["responses"]) >= {"204", "400", "401"}
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]
    assert set(fields) == {"password", "otp"}

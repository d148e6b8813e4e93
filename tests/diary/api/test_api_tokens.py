"""API tokens (issue 12): hashed, named, one per device or script, and they end."""

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from diary import tokens
from diary.models import ApiToken, User
from tests.diary.api.conftest import FROZEN
from tests.helpers import PASSWORD, make_user

NOW = datetime.fromisoformat(FROZEN)
TOKEN_URL = "/api/v1/auth/token/"


def log_in(name: str | None = None, **headers: Any) -> dict[str, Any]:
    body = {"username": "alice", "password": PASSWORD}
    if name is not None:
        body["name"] = name
    response = APIClient().post(TOKEN_URL, body, format="json", **headers)
    assert response.status_code == 200, response.content
    answer: dict[str, Any] = response.json()
    return answer


def with_token(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def works(secret: str) -> bool:
    status = with_token(secret).get("/api/v1/profile/").status_code
    assert status in (200, 401)
    return status == 200


def test_each_log_in_makes_a_new_named_token_that_expires_in_30_days(alice: User) -> None:
    phone = log_in("phone")
    script = log_in("export script")
    assert phone["token"] != script["token"]
    assert works(phone["token"]) and works(script["token"])
    assert phone["name"] == "phone"
    assert datetime.fromisoformat(phone["expiry"]) == NOW + timedelta(days=30)
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["export script", "phone"]


def test_an_unnamed_token_is_named_after_the_client_or_else_api_token(alice: User) -> None:
    assert log_in(HTTP_USER_AGENT="curl/8.5.0")["name"] == "curl/8.5.0"
    assert log_in("  ", HTTP_USER_AGENT="x" * 200)["name"] == "x" * 64
    assert log_in()["name"] == "API token"


def test_a_token_name_too_long_is_a_field_error_and_makes_no_token(alice: User) -> None:
    body = {"username": "alice", "password": PASSWORD, "name": "n" * 65}
    response = APIClient().post(TOKEN_URL, body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert not ApiToken.objects.exists()


def test_the_database_never_holds_a_token_in_the_clear(alice: User) -> None:
    secret = log_in("phone")["token"]
    tokens.create_token(user=alice, name="script")
    table = ApiToken._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # every column, whatever the model says
        rows = cursor.fetchall()
        tables = connection.introspection.table_names(cursor)
    assert len(rows) == 2
    assert all(secret not in str(value) for row in rows for value in row)
    # DRF's plain-text table is gone.
    assert "authtoken_token" not in tables
    assert works(secret)


def test_an_old_token_answers_401_after_a_password_change(alice: User) -> None:
    secret = log_in()["token"]
    alice.set_password("a brand new passphrase")
    alice.save()
    assert not works(secret)
    assert not ApiToken.objects.filter(user=alice).exists()


def test_a_token_answers_401_once_it_is_30_days_old_and_is_deleted(alice: User) -> None:
    secret = log_in()["token"]
    with time_machine.travel(NOW + timedelta(days=30) - timedelta(minutes=1), tick=False):
        assert works(secret)
    with time_machine.travel(NOW + timedelta(days=30, minutes=1), tick=False):
        assert not works(secret)
    assert not ApiToken.objects.exists()


def test_api_token_days_sets_the_lifetime(alice: User, settings: Any) -> None:
    settings.API_TOKEN_DAYS = 7
    secret = log_in()["token"]
    with time_machine.travel(NOW + timedelta(days=7, minutes=1), tick=False):
        assert not works(secret)


def test_delete_revokes_the_token_sent_and_no_other(alice: User) -> None:
    phone, script = log_in("phone")["token"], log_in("script")["token"]
    assert with_token(phone).delete(TOKEN_URL).status_code == 204
    assert not works(phone)
    assert works(script)
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["script"]


def test_delete_without_a_token_is_a_401_and_revokes_nothing(
    alice: User, alice_client: Client
) -> None:
    log_in()
    assert APIClient().delete(TOKEN_URL).status_code == 401
    assert with_token("not-a-real-token").delete(TOKEN_URL).status_code == 401
    # A browser session is no token to revoke.
    assert alice_client.delete(TOKEN_URL).status_code == 401
    assert ApiToken.objects.count() == 1


def test_a_token_that_is_not_utf8_is_a_401_not_a_500(alice: User) -> None:
    assert with_token("caf\xe9").get("/api/v1/profile/").status_code == 401


def test_the_last_use_is_written_at_most_once_a_minute(alice: User) -> None:
    secret = log_in()["token"]
    token = ApiToken.objects.get()
    assert token.last_used is None
    with time_machine.travel(NOW, tick=False) as clock:
        works(secret)
        token.refresh_from_db()
        assert token.last_used == NOW
        clock.shift(timedelta(seconds=59))
        works(secret)
        token.refresh_from_db()
        assert token.last_used == NOW
        clock.shift(timedelta(seconds=2))
        works(secret)
        token.refresh_from_db()
        assert token.last_used == NOW + timedelta(seconds=61)


def test_a_clinician_gets_tokens_too(db: None) -> None:
    make_user("dr_tess", "clinician")
    body = {"username": "dr_tess", "password": PASSWORD}
    secret = APIClient().post(TOKEN_URL, body, format="json").json()["token"]
    assert with_token(secret).get("/api/v1/patients/").status_code == 200


@pytest.mark.parametrize("method", ["post", "delete"])
def test_the_schema_describes_both_methods_of_the_token_endpoint(db: None, method: str) -> None:
    schema = APIClient().get("/api/schema/?format=json").json()
    operation = schema["paths"][TOKEN_URL][method]
    if method == "post":
        assert operation.get("security", [{}]) == [{}]  # no credentials needed
        props = schema["components"]["schemas"]["Token"]["properties"]
        assert set(props) == {"token", "expiry", "name"}
    else:
        assert set(operation["responses"]) >= {"204", "401"}
        assert {"tokenAuth": []} in operation["security"]

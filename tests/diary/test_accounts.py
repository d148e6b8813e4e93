"""Sign-up, log-in, log-out, password change, lock-out and the Settings page."""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from diary.models import Night, User
from tests.helpers import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def signup_data(**overrides: str) -> dict[str, str]:
    return {
        "username": "newpatient",
        "password1": "night-owl-legs-42",
        "password2": "night-owl-legs-42",
        "account_type": "patient",
        "timezone": "Europe/Berlin",
        **overrides,
    }


@pytest.mark.real_hashing
def test_it_signs_up_a_patient_with_an_argon2_password_and_opens_the_welcome_steps(
    client: Client, db: None
) -> None:
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/welcome/"
    user = User.objects.get(username="newpatient")
    assert user.is_patient
    assert user.timezone == "Europe/Berlin"
    # Not set: the default for an adult, 8 hours.
    assert (user.sleep_need_min, user.sleep_need) == (None, 480)
    assert user.password.startswith("argon2")
    assert client.get("/nights/log/").status_code == 200


def test_it_signs_up_a_clinician(client: Client, db: None) -> None:
    client.post("/accounts/signup/", signup_data(account_type="clinician"))
    assert User.objects.get(username="newpatient").is_clinician
    assert client.get("/")["Location"] == "/clinician/"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password2": "something-else-99"}, "password2", "didn’t match"),
        ({"password1": "123", "password2": "123"}, "password2", "too short"),
        ({"password1": "password", "password2": "password"}, "password2", "too common"),
        ({"account_type": "admin"}, "account_type", "valid choice"),
        ({"timezone": "Mars/Olympus"}, "timezone", "valid choice"),
        ({"username": ""}, "username", "required"),
    ],
)
def test_it_rejects_bad_sign_ups_with_field_messages(
    client: Client, db: None, overrides: dict[str, str], field: str, message: str
) -> None:
    response = client.post("/accounts/signup/", signup_data(**overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["form"].data["username"] == signup_data(**overrides)["username"]
    assert not User.objects.exists()


def test_it_logs_in_and_out(client: Client, alice: User) -> None:
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/nights/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/nights/").status_code == 302


def test_it_locks_out_after_repeated_failed_log_ins(client: Client, alice: User) -> None:
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_changes_the_password(alice: User, alice_client: Client) -> None:
    response = alice_client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "brand-new-night-99",
            "new_password2": "brand-new-night-99",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("brand-new-night-99")


def test_it_saves_settings_without_touching_stored_nights(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    entry = make_night(alice, "2026-11-20")
    assert entry.metrics.sleep_loss_min == 80
    response = alice_client.post("/settings/", {"timezone": "Europe/Berlin", "sleep_need_min": 420})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.timezone, alice.sleep_need_min) == ("Europe/Berlin", 420)
    stored = alice.nights.get()
    assert stored.updated == entry.updated
    assert stored.metrics.sleep_loss_min == 20  # recomputed from the new need: 420 - 400


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"timezone": "Nowhere/Land", "sleep_need_min": 480}, "timezone"),
        ({"timezone": "UTC", "sleep_need_min": 239}, "sleep_need_min"),
        ({"timezone": "UTC", "sleep_need_min": 721}, "sleep_need_min"),
    ],
)
def test_it_rejects_bad_settings(
    alice: User, alice_client: Client, data: dict[str, Any], field: str
) -> None:
    response = alice_client.post("/settings/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    alice.refresh_from_db()
    assert (alice.timezone, alice.sleep_need_min) == ("America/New_York", None)


def test_the_admin_lists_users_and_nights(
    db: None, alice: User, make_night: Callable[..., Night]
) -> None:
    admin = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client = Client()
    client.force_login(admin)
    make_night(alice, "2026-11-20")
    assert "alice" in client.get("/admin/diary/user/").content.decode()
    assert client.get("/admin/diary/night/").status_code == 200
    night = alice.nights.get()
    assert client.get(f"/admin/diary/night/{night.pk}/change/").status_code == 200


def test_the_production_configuration_passes_the_deploy_check(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SECRET_KEY": "x7#kq9-production-secret-that-is-long-and-random-enough-0f3a9b2c",
        "ALLOWED_HOSTS": "diary.example.org",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_COOKIES": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        # Issue 16: password-reset mail goes out by SMTP, not to the console (diary.W001).
        "EMAIL_URL": "smtp+tls://diary:secret@mail.example.org",
        # Issue 16: the links in reminder mails (diary.W010).
        "SITE_URL": "https://diary.example.org",
    }
    env.pop("DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for the browser tests
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_development_defaults_do_not_pass_the_deploy_check(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr
    assert "diary.W001" in result.stdout + result.stderr  # mail printed to the console
    assert "diary.W010" in result.stdout + result.stderr  # reminder links to localhost

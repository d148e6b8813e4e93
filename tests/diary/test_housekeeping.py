"""`manage.py housekeeping`: stale sessions, lock-out logs, unused share codes and entries
deleted more than 30 days ago go; the rest stays."""

import os
import subprocess
import sys
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client

from diary import sharing, tokens
from diary.models import ApiToken, Share, User
from diary.undo import recently_deleted
from tests.factories import make_night
from tests.helpers import logged_in, share_with

ROOT = Path(__file__).resolve().parent.parent.parent
START = datetime.fromisoformat("2026-01-05 09:00:00+00:00")


def lockout_rows(username: str) -> None:
    """One row of each of django-axes' logs, as its handler writes them."""
    where = {
        "username": username,
        "ip_address": "192.0.2.7",
        "user_agent": "Mozilla/5.0",
        "http_accept": "text/html",
        "path_info": "/accounts/login/",
    }
    AccessLog.objects.create(**where)
    AccessFailureLog.objects.create(**where)
    AccessAttempt.objects.create(**where, get_data="", post_data="", failures_since_start=1)


def lockout_usernames() -> set[str]:
    return {
        row.username
        for model in (AccessLog, AccessFailureLog, AccessAttempt)
        for row in model.objects.all()
    }


def housekeeping() -> str:
    out = StringIO()
    call_command("housekeeping", stdout=out)
    return out.getvalue()


def test_it_deletes_what_is_stale_keeps_the_rest_and_prints_only_counts(
    alice: User, bob: User, clinician: User
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        logged_in(alice)  # a session that expires after two weeks
        tokens.create_token(user=alice, name="lost phone")  # expires after 30 days
        lockout_rows("alice")
        Share.create_for(alice)  # never redeemed: expires after a week
        cancelled, _code = Share.create_for(alice)
        sharing.revoke(cancelled)
        redeemed_then_revoked = share_with(alice, clinician)
        sharing.revoke(redeemed_then_revoked)
        make_night(alice, "2025-12-30").delete()  # two kept versions: as logged, as deleted

        clock.move_to(START + timedelta(days=100))
        fresh_client = logged_in(bob)
        fresh_token, _secret = tokens.create_token(user=bob, name="laptop")
        lockout_rows("bob")
        pending, _code = Share.create_for(alice)
        active = share_with(bob, clinician)
        make_night(bob, "2026-04-10").delete()  # deleted today: still restorable

        summary = housekeeping()

    assert summary == (
        "housekeeping: removed expired_sessions=1, lockout_log_entries=3, unused_share_codes=2, "
        "expired_api_tokens=1, recently_deleted=2\n"
    )
    assert [
        d.entry.patient for d in recently_deleted(patient=bob, now=START + timedelta(days=100))
    ] == [bob]
    assert recently_deleted(patient=alice, now=START + timedelta(days=100)) == []
    assert Session.objects.get().session_key == fresh_client.session.session_key
    assert list(ApiToken.objects.all()) == [fresh_token]
    assert lockout_usernames() == {"bob"}
    assert set(Share.objects.all()) == {redeemed_then_revoked, pending, active}


def test_a_second_run_finds_nothing_left_to_do(alice: User) -> None:
    with time_machine.travel(START, tick=False) as clock:
        logged_in(alice)
        lockout_rows("alice")
        Share.create_for(alice)
        clock.move_to(START + timedelta(days=365))
        housekeeping()
        assert housekeeping() == (
            "housekeeping: removed expired_sessions=0, lockout_log_entries=0, "
            "unused_share_codes=0, expired_api_tokens=0, recently_deleted=0\n"
        )


def test_lockout_logs_are_kept_for_the_configured_number_of_days(db: None, settings: Any) -> None:
    settings.AXES_LOG_RETENTION_DAYS = 30
    with time_machine.travel(START, tick=False) as clock:
        lockout_rows("old")
        clock.move_to(START + timedelta(days=2))
        lockout_rows("recent")
        clock.move_to(START + timedelta(days=31))
        housekeeping()
    assert lockout_usernames() == {"recent"}


def test_nothing_newer_than_the_default_ninety_days_is_pruned(alice: User) -> None:
    with time_machine.travel(START, tick=False) as clock:
        lockout_rows("alice")
        clock.move_to(START + timedelta(days=89))
        client: Client = logged_in(alice)
        housekeeping()
    assert lockout_usernames() == {"alice"}
    assert Session.objects.filter(session_key=client.session.session_key).exists()


def test_a_retention_below_one_day_stops_start_up(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "AXES_LOG_RETENTION_DAYS": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "AXES_LOG_RETENTION_DAYS must be at least 1" in result.stderr

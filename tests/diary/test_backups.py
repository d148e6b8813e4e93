"""`manage.py backup` and `restore` on both databases: back up, delete everything, restore, and
every row is back.

The round trip runs the commands as the operator would, in subprocesses against a database of
its own (a SQLite file; a scratch PostgreSQL database when the suite runs on PostgreSQL), since
the test database lives inside this process and its transaction.
"""

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError

from diary.models import User

ROOT = Path(__file__).resolve().parent.parent.parent
SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))


def manage(database_url: str, *arguments: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for the browser tests
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def everything(database_url: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(manage(database_url, "dumpdata"))
    return rows


def assert_backup_restores_every_row(database_url: str, backup: Path) -> None:
    manage(database_url, "migrate", "--verbosity", "0")
    # Users, nights, treatments, labs, assessments, a share and its access event.
    manage(database_url, "seed_demo")
    before = everything(database_url)
    kinds = Counter(row["model"] for row in before)
    assert kinds["diary.user"] == 2 and kinds["diary.night"] > 250
    for kind in ("treatment", "labresult", "assessment", "share", "accessevent"):
        assert kinds[f"diary.{kind}"] >= 1, kind

    assert "Backed up" in manage(database_url, "backup", str(backup))
    manage(database_url, "flush", "--no-input")
    assert not [row for row in everything(database_url) if row["model"].startswith("diary.")]
    manage(database_url, "restore", "--no-input", str(backup))

    assert everything(database_url) == before


def test_it_backs_up_and_restores_every_row_of_a_sqlite_database(tmp_path: Path) -> None:
    assert_backup_restores_every_row(
        f"sqlite:///{tmp_path / 'diary.sqlite3'}", tmp_path / "diary.sqlite3.backup"
    )


@pytest.fixture
def scratch_postgres_url() -> Iterator[str]:
    """A database of its own on the suite's PostgreSQL server, dropped afterwards."""
    import psycopg

    name = f"rlsdiary_backup_{os.getpid()}"
    with psycopg.connect(SERVER_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(urlsplit(SERVER_URL)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(SERVER_URL, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL pointing at PostgreSQL")
def test_it_backs_up_and_restores_every_row_of_a_postgres_database(
    scratch_postgres_url: str, tmp_path: Path
) -> None:
    assert_backup_restores_every_row(scratch_postgres_url, tmp_path / "diary.pgdump")


def test_it_refuses_to_overwrite_a_backup_unless_forced(
    transactional_db: None, tmp_path: Path
) -> None:
    backup = tmp_path / "diary.backup"
    backup.write_bytes(b"last night's backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(backup))
    assert backup.read_bytes() == b"last night's backup"

    call_command("backup", str(backup), "--force", stdout=StringIO())
    assert backup.read_bytes()[:5] in (b"SQLit", b"PGDMP")
    assert backup.stat().st_mode & 0o077 == 0  # health data: readable by its owner only
    assert [path.name for path in tmp_path.iterdir()] == ["diary.backup"]


def test_it_says_so_when_the_folder_is_missing(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "missing" / "diary.backup"))


def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(
    alice: User, tmp_path: Path
) -> None:
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("restless legs, 3 nights a week\n")
    with pytest.raises(CommandError, match=r"not a SQLite backup|pg_restore failed"):
        call_command("restore", "--no-input", str(not_a_backup))
    assert User.objects.filter(pk=alice.pk).exists()


def test_a_restore_empties_the_page_cache(
    db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The database part is tried above; here only what the command does after it.
    monkeypatch.setattr("diary.management.commands.restore.restore", lambda path: None)
    cache.set("trends-v8:1:7", "a page for version 7 of data the backup has not")
    call_command("restore", "--no-input", str(tmp_path / "diary.backup"), stdout=StringIO())
    assert cache.get("trends-v8:1:7") is None

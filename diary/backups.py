"""Backing up and restoring the whole database, for the `backup` and `restore` commands.

SQLite goes through its online backup API, which copies a consistent snapshot while the server
keeps writing; PostgreSQL through pg_dump and pg_restore. The PostgreSQL tools get the connection
settings of DATABASES in their environment (PGPASSWORD included), never on the command line,
where any local user could read them in the process list.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """Something the operator can fix: said in one line, with nothing secret in it."""


def back_up(*, path: Path, force: bool = False) -> None:
    """Write the database to path, all at once: a failed backup leaves no file behind and an
    existing one untouched."""
    if path.exists() and not force:
        raise BackupError(f"{path} already exists; choose another name or add --force.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    # mkstemp makes the file readable by its owner only: a backup holds everyone's health data.
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(handle)
    partial = Path(name)
    try:
        if connection.vendor == "sqlite":
            _sqlite_back_up(partial)
        elif connection.vendor == "postgresql":
            _run_postgres_tool("pg_dump", "--format=custom", f"--file={partial}")
        else:
            raise BackupError(f"No backup method for {connection.vendor} databases.")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def restore(*, path: Path) -> None:
    """Replace the database's contents with the backup at path."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    if connection.vendor == "sqlite":
        _sqlite_restore(path)
    elif connection.vendor == "postgresql":
        _run_postgres_tool(
            "pg_restore",
            "--clean",
            "--if-exists",
            # The backup may come from a server whose roles this one does not have.
            "--no-owner",
            "--no-acl",
            # All or nothing: a broken archive leaves the database as it was.
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        )
    else:
        raise BackupError(f"No restore method for {connection.vendor} databases.")


def _sqlite_back_up(target: Path) -> None:
    # Django's own connection, so that an in-memory database and its OPTIONS are honoured.
    if connection.in_atomic_block:
        # A write transaction of this very connection (transaction_mode IMMEDIATE) would make
        # the backup wait for itself for ever.
        raise BackupError("Back up outside a transaction.")
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as destination:
        connection.connection.backup(destination)


def _sqlite_restore(source: Path) -> None:
    try:
        with closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as backup:
            verdict = backup.execute("PRAGMA quick_check").fetchone()
            if verdict != ("ok",):
                raise BackupError(f"{source} is damaged: {verdict[0]}")
            connection.ensure_connection()
            backup.backup(connection.connection)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a SQLite backup ({error}).") from None


def _run_postgres_tool(program: str, *arguments: str) -> None:
    result = subprocess.run(
        [_postgres_program(program), *arguments],
        env=_postgres_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def _postgres_environment() -> dict[str, str]:
    settings = connection.settings_dict
    # Django's psql client already turns the password and TLS options into PG* variables.
    _arguments, tls_and_password = connection.client.settings_to_cmd_args_env(settings, [])
    environment = {**os.environ, **(tls_and_password or {})}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    return environment


def _postgres_program(program: str) -> str:
    """The program on PATH, else the newest Debian/Ubuntu installation's (postgresql-client
    puts only a wrapper on PATH, which may be missing in a slim image)."""
    found = shutil.which(program)
    if found:
        return found
    installed = [
        candidate
        for candidate in Path("/usr/lib/postgresql").glob(f"*/bin/{program}")
        if candidate.parent.parent.name.isdigit()
    ]
    if not installed:
        raise BackupError(f"{program} was not found; install postgresql-client.")
    return str(max(installed, key=lambda candidate: int(candidate.parent.parent.name)))

"""Back up the whole database to one file (see the README's Operations section)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from diary.backups import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Back up the database to PATH while the server runs: SQLite's online backup API, or "
        "pg_dump's custom format on PostgreSQL. Restore it with `manage.py restore PATH`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--force", action="store_true", help="replace an existing file")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            back_up(path=path, force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size
        self.stdout.write(f"Backed up the {connection.vendor} database to {path} ({size:,} bytes).")

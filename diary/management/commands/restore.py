"""Replace the database's contents with a backup (see the README's Operations section)."""

from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from diary.backups import BackupError, restore
from diary.caching import CACHE_ERRORS


class Command(BaseCommand):
    help = (
        "Replace everything in the database with the backup at PATH (made by `manage.py "
        "backup`). Stop the server first, and start it again afterwards."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if options["interactive"]:
            answer = input(
                f"This replaces everything in the {connection.vendor} database with {path}.\n"
                "Is the server stopped? Type 'yes' to continue: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restore(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        # Cached pages are keyed by each patient's data version, which the backup sets back: a
        # page cached since the backup was made could be served again for a version that now
        # holds other data. A Redis cache (CACHE_URL) is no part of the backup; the database
        # cache's table came back with it, as old as the versions, and is emptied all the same.
        try:
            caches["default"].clear()
        except CACHE_ERRORS:
            raise CommandError(
                f"Restored the {connection.vendor} database from {path}, but the page cache "
                "(CACHE_URL) could not be emptied: empty it (redis-cli FLUSHDB on the app's "
                "database) before the app serves again, or it may show pages newer than the data."
            ) from None
        self.stdout.write(f"Restored the {connection.vendor} database from {path}.")

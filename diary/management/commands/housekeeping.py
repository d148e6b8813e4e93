"""Delete what has gone stale; run it once a day (see the README's Operations section)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from diary.housekeeping import run_housekeeping


class Command(BaseCommand):
    help = (
        "Delete expired sessions, old lock-out logs (AXES_LOG_RETENTION_DAYS), long-expired "
        "unused share codes and the other stale rows; print one line of counts. Run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = run_housekeeping(now=timezone.now())
        # Counts only: the line goes to cron's mail and logs, so no usernames or addresses.
        self.stdout.write(
            "housekeeping: removed " + ", ".join(f"{name}={n}" for name, n in removed.items())
        )

"""Send the reminders that are due; run it every few minutes (README, "Reminders")."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from diary.reminders import send_due


class Command(BaseCommand):
    help = (
        "Send every reminder to log last night that is due now and not sent yet; print one "
        "line of counts. Safe to run every few minutes, and twice at once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = send_due(timezone.now())
        # Counts only: the line goes to cron's mail and the journal, so no names or addresses.
        self.stdout.write(
            "send_reminders: "
            + ", ".join(f"{name}={counts[name]}" for name in ("sent", "failed", "gone", "raced"))
        )

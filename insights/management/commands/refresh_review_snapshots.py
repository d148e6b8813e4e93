from typing import Any

from django.core.management.base import BaseCommand

from insights.snapshots import refresh_stale_snapshots


class Command(BaseCommand):
    help = (
        "Recompute the dashboard's review figures of every sharing patient whose data or date "
        "changed (run hourly: each patient's day turns at their own midnight)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        checked, recomputed, dropped = refresh_stale_snapshots()
        self.stdout.write(
            f"refresh_review_snapshots: checked={checked} recomputed={recomputed} dropped={dropped}"
        )

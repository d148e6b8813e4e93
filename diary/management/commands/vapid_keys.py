"""Print a new VAPID key pair for web push reminders (README, "Reminders")."""

from typing import Any

from django.core.management.base import BaseCommand

from diary.push import new_vapid_keys


class Command(BaseCommand):
    help = (
        "Print a new VAPID key pair as VAPID_PUBLIC_KEY=... and VAPID_PRIVATE_KEY=... lines for "
        "the environment. Keep the private key secret; a new pair ends every browser's "
        "subscription (each has to allow notifications again)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        public, private = new_vapid_keys()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}\nVAPID_PRIVATE_KEY={private}")

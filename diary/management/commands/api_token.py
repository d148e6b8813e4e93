"""Make a new named API token for a user and print it: for scripts and the README.

Tokens are stored hashed, so an existing one can never be printed again; each run makes a new
one, listed (and revocable) on the user's settings page.
"""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from diary import tokens
from diary.models import User

MAX_DAYS = 3650


class Command(BaseCommand):
    help = "Make a new API token for USERNAME and print it, for Authorization: Token ..."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for, e.g. a script")
        parser.add_argument(
            "--days", type=int, default=None, help="days until it expires (API_TOKEN_DAYS)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user called {options['username']!r}.")
        days = options["days"]
        if days is not None and not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS}.")
        lifetime = timedelta(days=days) if days is not None else None
        _token, secret = tokens.create_token(user=user, name=options["name"], lifetime=lifetime)
        self.stdout.write(secret)

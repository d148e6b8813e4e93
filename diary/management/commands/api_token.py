"""Print an existing user's API token, creating it if needed: for scripts and the README."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token

from diary.models import User


class Command(BaseCommand):
    help = "Print the API token of USERNAME (made on first use), for Authorization: Token ..."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user called {options['username']!r}.")
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)

"""The night's date in a URL (/nights/2026-11-20/, /api/v1/nights/2026-11-20/), parsed once."""

from datetime import date

from django.urls import register_converter


class NightConverter:
    """YYYY-MM-DD, handed to the view as a date. An impossible date such as 2026-13-45 matches
    no URL (a 404), and the fixed shape keeps /nights/import/ and friends free."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> date:
        # A ValueError here tells Django the URL does not match.
        return date.fromisoformat(value)

    def to_url(self, value: date | str) -> str:
        return value.isoformat() if isinstance(value, date) else value


register_converter(NightConverter, "night")

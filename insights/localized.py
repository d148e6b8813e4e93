"""Numbers and dates as the active language writes them, for pages, charts and the PDF.

diary.formatting writes every number one way ("2.4/10", "85.3 %") with a decimal point; these
give the same text with the active language's decimal separator ("2,4" in German and Spanish),
and dates with month names in the language's order. CSV, JSON, the API and data-* attributes
never go through here: they keep domain.md's machine format.
"""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format, get_format, number_format
from django.utils.translation import gettext

from diary import formatting
from diary.formatting import Number


def point(text: str) -> str:
    """`text` with its decimal points written as the active language writes them. For text
    whose only "." are decimal points (formatting's numbers never group thousands)."""
    separator = str(get_format("DECIMAL_SEPARATOR"))
    return text if separator == "." else text.replace(".", separator)


def decimal(value: Number | None, decimals: int = 1) -> str:
    """formatting.decimal in the active language: 2.45 -> "2.5" or "2,5"."""
    return point(formatting.decimal(value, decimals))


def signed(value: Number | None, decimals: int = 1) -> str:
    """formatting.signed in the active language: "+3.0" or "+3,0"."""
    return point(formatting.signed(value, decimals))


def percent(value: Number | None, decimals: int = 1) -> str:
    """formatting.percent in the active language: "85.3 %" or "85,3 %"."""
    return point(formatting.percent(value, decimals))


def number(value: Number | None) -> str:
    """A number as stored (a lab value's own places, e.g. 62.0), without thousands grouping."""
    if value is None:
        return formatting.MISSING
    return str(number_format(value, use_l10n=True))


def day_month_year(day: date) -> str:
    """A date with its month's name, in the language's order: "5 Oct 2026", "5. Okt. 2026"."""
    return formatting.dated(day, formatting.DAY_MONTH_YEAR)


def day_month(day: date) -> str:
    """A chart's date tick that names the month: "5 Oct", "5. Okt.", "5 oct"."""
    return formatting.dated(day, formatting.DAY_MONTH)


def month(day: date) -> str:
    """A chart's month tick: "Oct", "Okt", "oct"."""
    # Translators: a Django date format for a chart's month tick: the short month name.
    # Spanish "b" (lower case).
    return str(date_format(day, gettext("M")))

"""How numbers read on screen: the one place a duration, a score or a percentage is written out
for people (README, "Numbers on screen"). CSV, JSON and the API keep domain.md's numbers; only
pages, captions and the PDF use these.

One module, so the diary's tables, the Trends page, the dashboard snapshots and the PDF all
share one definition; it needs no database. Its words and signs follow the active language
(README, "Nights in other languages"): the unit symbols "h" and "min" come from the catalogue,
the decimal separator from Django's format of that language ("2.5" in English, "2,5" in German
and Spanish), and so do the date formats the pages use.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format, get_format, number_format
from django.utils.functional import Promise
from django.utils.translation import pgettext, pgettext_lazy

from diary.metrics import round_half_up

MISSING = "–"  # an en dash, as every empty cell of the app shows
MINUS = "\u2212"  # a real minus sign: a hyphen reads as a dash and is narrower than "+"

Number = int | float | Decimal


def _missing(value: Number | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def whole_minutes(value: Number) -> int:
    """Minutes rounded half up (ties away from zero) from the exact value: the diary's
    resolution is the minute, so no screen shows tenths of one."""
    return int(round_half_up(float(value)))


# A date with its month's name is Django's DATE_FORMAT, and without the year MONTH_DAY_FORMAT,
# of the active language (rlsdiary/formats: "20 Nov 2026", "20. Nov. 2026", "20 nov 2026"):
# the one place that says how each language writes a date. The formats Django has no name
# for are catalogue entries.
DAY_MONTH = "MONTH_DAY_FORMAT"
DAY_MONTH_YEAR = "DATE_FORMAT"
# Translators: Django date formats (the letters of the "date" template filter; a backslash
# keeps a letter as itself). Keep the parts: weekday, day, month, year; write the day and month
# as this language's DATE_FORMAT does (German "j. N Y", Spanish "j b Y"). English: "Fri 20 Nov
# 2026", "20 Nov 2026 07:15".
NIGHT_DATE = pgettext_lazy("date format", "D j M Y")
MOMENT = "DATETIME_FORMAT"
# The nights list's row heading, and its title in full: "Fri 20 Nov", "Friday 20 November 2026".
ROW_DATE = pgettext_lazy("date format", "D j M")
FULL_DATE = pgettext_lazy("date format", "l j F Y")
# Translators: a Django date format for a date inside a sentence ("since 2026-05-17", "on
# 2026-11-15", "printed 2026-11-30") on pages, chart captions and the PDF. English keeps the
# ISO date; write the day and month as this language's DATE_FORMAT does (German "j. N Y",
# Spanish "j b Y").
SENTENCE_DATE = pgettext_lazy("date format", "Y-m-d")


def dated(value: date | None, format: str | Promise) -> str:
    """`value` in one of the formats above, in the active language; missing -> "–"."""
    if value is None:
        return MISSING
    return date_format(value, str(format))


def day_month_year(value: date | None) -> str:
    """A date with its month's name, in the language's order: "5 Oct 2026", "5. Okt. 2026"."""
    return dated(value, DAY_MONTH_YEAR)


def day_month(value: date | None) -> str:
    """A date without its year (a chart's date tick): "5 Oct", "5. Okt.", "5 oct"."""
    return dated(value, DAY_MONTH)


def month(value: date) -> str:
    """A month alone (a chart's month tick): "Oct", "Okt", "oct"."""
    # Translators: a Django date format: the short month name alone (Spanish "b", lower case).
    return date_format(value, pgettext("date format", "M"))


def sentence_date(value: date | None) -> str:
    """A date inside a sentence of a page, a caption or the PDF: "2026-11-15" in English,
    "15. Nov. 2026" in German, "15 nov 2026" in Spanish; missing -> "–". Never for CSV, JSON,
    the API, data-* attributes, input values or URLs, which keep domain.md's ISO date."""
    return dated(value, SENTENCE_DATE)


def _in_minutes(count: str) -> str:
    # Translators: a duration under an hour, e.g. "56 min". The SI symbol "min" is what sleep
    # reports write in German and Spanish too.
    return pgettext("duration", "%(minutes)s min") % {"minutes": count}


def _clock_span(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _in_minutes(str(rest))
    # Translators: a duration of an hour or more, e.g. "7 h 01 min" (the minutes always have
    # two digits). "h" and "min" are the SI symbols, as sleep reports write them.
    return pgettext("duration", "%(hours)s h %(minutes)s min") % {
        "hours": hours,
        "minutes": f"{rest:02d}",
    }


def _decimal_text(number: Decimal) -> str:
    """A rounded, non-negative number with the active language's decimal separator."""
    return str(number).replace(".", str(get_format("DECIMAL_SEPARATOR")))


def hours_minutes(value: Number | None) -> str:
    """A sleep amount (time in bed, total sleep, sleep loss): 421 -> "7 h 01 min", 56 ->
    "56 min", 60 -> "1 h 00 min"; missing -> "–". A negative value keeps its minus sign."""
    if _missing(value):
        return MISSING
    assert value is not None
    minutes = whole_minutes(value)
    return (MINUS if minutes < 0 else "") + _clock_span(abs(minutes))


def minutes(value: Number | None) -> str:
    """A short wait (sleep latency, time awake after sleep onset): always minutes, as sleep
    diaries count them, e.g. 75 -> "75 min"."""
    if _missing(value):
        return MISSING
    assert value is not None
    whole = whole_minutes(value)
    return _in_minutes(f"{MINUS if whole < 0 else ''}{abs(whole)}")


def _sign(value: Number) -> str:
    return "+" if value > 0 else MINUS if value < 0 else "±"


def signed_hours_minutes(value: Number | None) -> str:
    """A change in a sleep amount, its sign always shown: +12 min, −1 h 05 min, ±0 min."""
    if _missing(value):
        return ""
    assert value is not None
    whole = whole_minutes(value)
    return _sign(whole) + _clock_span(abs(whole))


def signed_minutes(value: Number | None) -> str:
    """A change in a short wait, in minutes with its sign: +5 min, −12 min, ±0 min."""
    if _missing(value):
        return ""
    assert value is not None
    whole = whole_minutes(value)
    return _in_minutes(f"{_sign(whole)}{abs(whole)}")


def decimal(value: Number | None, decimals: int = 1) -> str:
    """A score or a mean, rounded half up to fixed places: 2.45 -> "2.5", 5 -> "5.0"."""
    if _missing(value):
        return MISSING
    assert value is not None
    rounded = round_half_up(float(value), decimals)
    return f"{MINUS if rounded < 0 else ''}{_decimal_text(abs(rounded))}"


def signed(value: Number | None, decimals: int = 1) -> str:
    """A change with its sign, so a rise reads as one: 3 -> "+3.0", -1.25 -> "−1.3", a change
    that rounds to nothing -> "±0.0"."""
    if _missing(value):
        return ""
    assert value is not None
    rounded = round_half_up(float(value), decimals)
    return f"{_sign(rounded)}{_decimal_text(abs(rounded))}"


def percent(value: Number | None, decimals: int = 1) -> str:
    """85.25 -> "85.3 %" (a space before the sign, as the lab tables write TSAT)."""
    if _missing(value):
        return MISSING
    assert value is not None
    return f"{decimal(value, decimals)} %"


def number(value: Number | None) -> str:
    """A number as stored (a lab value's own places, e.g. 62.0) with the language's decimal
    mark and no thousands grouping; missing -> "–"."""
    if _missing(value):
        return MISSING
    assert value is not None
    return str(number_format(value, use_l10n=True))


def lab_value(value: Number | None) -> str:
    """A lab number stored to two places (serum iron, TIBC) as the patient would write it,
    without the zeros the column pads it with: 48.00 -> "48", 12.50 -> "12.5"."""
    if _missing(value):
        return MISSING
    assert value is not None
    text = format(Decimal(str(value)), "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))

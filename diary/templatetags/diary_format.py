"""Template filters for numbers and dates on screen; each number filter is a diary.formatting
function, so a page, a caption built in Python and a pre-rendered cell write a number the same
way."""

from datetime import date

from django import template

from diary import formatting

register = template.Library()

# A sleep amount (time in bed, total sleep, sleep loss): "7 h 01 min", "56 min".
register.filter("hours_minutes", formatting.hours_minutes)
# A short wait (sleep latency, time awake): always minutes, "75 min".
register.filter("short_minutes", formatting.minutes)
register.filter("signed_hours_minutes", formatting.signed_hours_minutes)
register.filter("signed_minutes", formatting.signed_minutes)
register.filter("percent", formatting.percent)
register.filter("signed", formatting.signed)
register.filter("decimal", formatting.decimal)
# A lab number stored to two places (serum iron, TIBC): "48", not "48.00".
register.filter("lab_value", formatting.lab_value)


# Dates in the active language's order and abbreviations ("Fri 20 Nov 2026", "Fr., 20. Nov.
# 2026", "vie 20 nov 2026"): the format itself comes from the catalogue (diary.formatting).
@register.filter
def night_date(value: date | None) -> str:
    """A night with its weekday: "Fri 20 Nov 2026"."""
    return formatting.dated(value, formatting.NIGHT_DATE)


@register.filter
def day_month(value: date | None) -> str:
    """ "20 Nov", beside the weekday's name."""
    return formatting.dated(value, formatting.DAY_MONTH)


@register.filter
def day_month_year(value: date | None) -> str:
    """ "20 Nov 2026"."""
    return formatting.dated(value, formatting.DAY_MONTH_YEAR)


# Shown in the current time zone, as Django's own "date" filter shows a date and time.
@register.filter
def sentence_date(value: date | str | None) -> str:
    """A date inside a sentence: "2026-11-15" in English, "15. Nov. 2026" in German. Takes the
    ISO text of a row made for CSV and JSON too (insights.response), so it is read once."""
    if isinstance(value, str):
        value = date.fromisoformat(value) if value else None
    return formatting.sentence_date(value)


@register.filter(expects_localtime=True)
def moment(value: date | None) -> str:
    """A date and time: "20 Nov 2026 07:15"."""
    return formatting.dated(value, formatting.MOMENT)

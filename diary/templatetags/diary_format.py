"""Template filters for numbers on screen; each is a diary.formatting function, so a page, a
caption built in Python and a pre-rendered cell write a number the same way."""

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

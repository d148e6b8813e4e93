"""The rows of the nights list, built in one pass.

The list shows 56 nights a page; as a template loop, resolving and filtering each cell was
most of the page's time, which made it the slowest warm page under load (README, Performance).
The output is the loop's, cell for cell (a test compares them)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from diary.formatting import FULL_DATE, ROW_DATE, hours_minutes, percent
from diary.models import Night

register = template.Library()

# Each cell carries its column's full name (data-label), which a phone shows above the value
# when the rows stack as cards (static/css/tables.css).
ROW = (
    "    <tr>\n"
    '      <th scope="row"><a href="{url}" title="{long}">{short}</a></th>\n'
    '      <td data-label="{labels[0]}">{time_in_bed}</td>\n'
    '      <td data-label="{labels[1]}">{total_sleep}</td>\n'
    '      <td data-label="{labels[2]}">{efficiency}</td>\n'
    '      <td data-label="{labels[3]}">{loss}</td>\n'
    '      <td class="severity" data-label="{labels[4]}">'
    '<span class="sev sev-{severity}">{severity}</span></td>\n'
    "    </tr>\n"
)


def column_labels() -> tuple[str, ...]:
    """The full names of the columns after the night's, escaped, in the active language."""
    return tuple(
        escape(label)
        for label in (
            _("Time in bed"),
            _("Total sleep time"),
            _("Sleep efficiency"),
            _("Sleep loss"),
            _("Severity"),
        )
    )


@register.simple_tag
def night_rows(nights: Iterable[Night]) -> SafeString:
    rows = []
    labels = column_labels()
    long_format, short_format = str(FULL_DATE), str(ROW_DATE)
    for night in nights:
        metrics = night.metrics
        rows.append(
            ROW.format(
                url=escape(night.get_absolute_url()),
                long=escape(date_format(night.night, long_format)),
                short=escape(date_format(night.night, short_format)),
                time_in_bed=escape(hours_minutes(metrics.time_in_bed_min)),
                total_sleep=escape(hours_minutes(metrics.total_sleep_min)),
                efficiency=escape(percent(metrics.sleep_efficiency_pct)),
                loss=escape(hours_minutes(metrics.sleep_loss_min)),
                severity=escape(night.severity),
                labels=labels,
            )
        )
    return mark_safe("".join(rows))  # every value above is escaped

"""The rows of the Trends page's "Week by week" table, built in one pass.

Ten years are 520 rows of 11 cells: as a template loop, resolving, filtering and localizing
each cell took about 60 ms of a cold page. Here each distinct value is localized once (the
same numbers recur: counts, severities, minutes) and the rows are joined as plain strings;
the output is the loop's, cell for cell."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from html import escape
from typing import TYPE_CHECKING, Any

from django import template
from django.utils import numberformat
from django.utils.formats import get_format, localize
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language

from insights.columns import OUTPUT_COLUMNS

if TYPE_CHECKING:
    # Only a type: Django imports every tag library at start, and insights.weekly brings
    # pandas, which a worker serving only the diary and the API never loads.
    from insights.weekly import WeekValue

register = template.Library()

# The table's columns are the weekly output's (insights.columns): the week's Monday, two counts,
# then cells that may be empty, shown as "–".
COUNTS = OUTPUT_COLUMNS[1:3]
OPTIONAL = OUTPUT_COLUMNS[3:]
ROW = (
    "    <tr>\n"
    '      <th scope="row">{0}</th>\n'
    "      <td>{1}</td><td>{2}</td>\n"
    "      <td>{3}</td><td>{4}</td>\n"
    "      <td>{5}</td><td>{6}</td>\n"
    "      <td>{7}</td><td>{8}</td>\n"
    "      <td>{9}</td><td>{10}</td>\n"
    "    </tr>\n"
)


def number_formatter() -> Callable[[Decimal | float | int], str]:
    """django.utils.formats.number_format for the active language, with its three format
    settings looked up once: per number, the look-ups took half the time of a long table."""
    language = get_language()
    return partial(
        numberformat.format,
        decimal_sep=get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        grouping=get_format("NUMBER_GROUPING", language, use_l10n=True),
        thousand_sep=get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
        use_l10n=True,
    )


@register.simple_tag
def weekly_rows(weeks: Sequence[dict[str, WeekValue]]) -> SafeString:
    """The weeks newest first, one <tr> each (insights.weekly.format_weekly's values)."""
    shown: dict[tuple[type, str], str] = {}
    number = number_formatter()

    def cell(value: Any, empty: str = "") -> str:
        if value is None:
            return empty
        # By type and text: Decimal("5.10") equals Decimal("5.1") but shows otherwise.
        key = (type(value), str(value))
        if key not in shown:
            # As localize() would: a bool is not a number to it.
            is_number = isinstance(value, Decimal | float | int) and not isinstance(value, bool)
            text = number(value) if is_number else localize(value)
            # conditional_escape without its lazy-string wrapper, a third of the cell's time.
            shown[key] = str(text.__html__()) if isinstance(text, SafeData) else escape(text)
        return shown[key]

    rows = [
        ROW.format(
            cell(week["week_start"]),
            *(cell(week[name]) for name in COUNTS),
            *(cell(week[name], "–") for name in OPTIONAL),
        )
        for week in reversed(weeks)
    ]
    # Every cell is escaped above; the markup around them is ours.
    return mark_safe("".join(rows))

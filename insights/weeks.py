"""A patient's weekly trends (domain.md section 4) as output rows and as the weeks CSV.

Importing this module loads neither pandas nor matplotlib: the API's URLs import it, and a
worker that serves only nights, imports and exports should not carry them (about 85 MB).
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.http import StreamingHttpResponse

from diary.models import User
from diary.transfer.csv_format import csv_chunks
from diary.transfer.exports import csv_response, download_name
from insights.columns import OUTPUT_COLUMNS


def weeks_of(patient: User, start: date | None, end: date | None) -> list[dict[str, Any]]:
    """The patient's weeks within the filter, rounded for output; the nights in one query."""
    from insights.loading import load_nights
    from insights.weekly import format_weekly, weekly_table

    return format_weekly(weekly_table(load_nights(patient, start, end), start, end))


def week_cells(week: Mapping[str, Any]) -> list[str]:
    """One weeks CSV row from format_weekly output (already rounded)."""
    return ["" if week[name] is None else str(week[name]) for name in OUTPUT_COLUMNS]


def weeks_csv(patient: User, weeks: Iterable[Mapping[str, Any]]) -> StreamingHttpResponse:
    rows = [week_cells(week) for week in weeks]
    return csv_response(csv_chunks(OUTPUT_COLUMNS, [rows]), download_name("weeks", patient))

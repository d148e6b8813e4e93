"""A patient's before/after table (domain.md section 11) as output rows and as a CSV file.

Importing this module loads neither pandas nor matplotlib: the API's URLs import it, and a
worker that serves only nights, imports and exports should not carry them (see weeks.py).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.http import StreamingHttpResponse

from diary.models import User
from diary.transfer.csv_format import FORMULA_STARTS, csv_chunks
from diary.transfer.exports import csv_response, download_name
from insights.response_columns import RESPONSE_COLUMNS

# Free text typed by the patient; every other cell is a number, date, word or boolean.
TEXT_COLUMNS = frozenset({"name"})


def response_of(patient: User) -> list[dict[str, Any]]:
    """The patient's rows, rounded for output: two queries (treatments, then nights)."""
    from insights.loading import load_nights, load_treatments
    from insights.response import format_response, response_rows

    treatments = load_treatments(patient)
    if not treatments:
        return []
    return format_response(response_rows(load_nights(patient), treatments))


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    if name in TEXT_COLUMNS and value.startswith(FORMULA_STARTS):
        # Section 5: a spreadsheet would run it as a formula; csv_chunks does the quoting.
        return "'" + value
    return str(value)


def response_cells(row: Mapping[str, Any]) -> list[str]:
    """One CSV row from format_response output (already rounded)."""
    return [_cell(name, row[name]) for name in RESPONSE_COLUMNS]


def response_csv(patient: User, rows: Iterable[Mapping[str, Any]]) -> StreamingHttpResponse:
    cells = [response_cells(row) for row in rows]
    return csv_response(csv_chunks(RESPONSE_COLUMNS, [cells]), download_name("response", patient))

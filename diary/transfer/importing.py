"""All-or-nothing import of a nights CSV (domain.md section 5), for the API and the web page.

Every row goes through diary.nights.clean_night, the one path by which a night is read and
judged, so a row is refused with the very words the web form and the API use. Either every row
is added in one transaction or nothing is, and the answer lists every problem by line and
column.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from diary.forms import duplicate_error
from diary.models import Night, User
from diary.nights import InvalidNight, clean_night
from diary.transfer.csv_format import (
    NIGHT_INPUT_COLUMNS,
    SET_COLUMNS,
    SET_SEPARATOR,
    TEXT_COLUMNS,
    CsvRow,
    HeaderError,
    RowProblem,
    imported_text,
    read_night_rows,
)

logger = logging.getLogger(__name__)


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


@dataclass(frozen=True)
class Problem:
    line: int
    column: str | None
    message: str


@dataclass(frozen=True)
class Conflict:
    line: int
    night: date
    message: str


@dataclass
class ImportRefused(Exception):
    """Nothing was imported; `detail` says why in a sentence, the lists say where."""

    detail: str
    errors: list[Problem] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def only_conflicts(self) -> bool:
        return bool(self.conflicts) and not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "detail": self.detail,
            "errors": [vars(problem) for problem in self.errors],
            "conflicts": [
                {"line": c.line, "night": c.night.isoformat(), "message": c.message}
                for c in self.conflicts
            ],
        }


def too_large(size: int | None = None) -> ImportRefused:
    """The size-limit refusal; `size` is the real size when known."""
    limit = _megabytes(max_bytes())
    if size is None:
        message = _("The file is larger than %(limit)s, the most that can be imported.")
    else:
        message = _("The file is %(size)s; at most %(limit)s can be imported.")
    advice = _("Split it into smaller files, for example one per year.")
    return ImportRefused(f"{message % {'size': _megabytes(size or 0), 'limit': limit}} {advice}")


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return _("%(kb)s KB") % {"kb": -(-size // 1024)}
    # The active language's decimal separator: "1.5 MB", "1,5 MB".
    return _("%(mb)s MB") % {"mb": number_format(size / (1024 * 1024), 1)}


def decode(data: bytes) -> str:
    """The file as text: UTF-8, with or without the byte order mark spreadsheets add."""
    if len(data) > max_bytes():
        raise too_large(len(data))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRefused(
            _(
                "The file is not UTF-8 text (the first bad byte is on line %(line)s). "
                "Save it as “CSV UTF-8” and try again."
            )
            % {"line": line},
            errors=[Problem(line, None, _("Not UTF-8 text."))],
        ) from None


def import_nights(patient: User, data: bytes) -> int:
    """Add every night of the CSV `data` to the patient's diary, or none; returns the count.

    Raises ImportRefused listing every bad cell, unreadable line and conflict.
    """
    text = decode(data)
    try:
        rows = read_night_rows(text)
    except HeaderError as exc:
        raise ImportRefused(
            _("The first line is not a nights header; nothing was imported."),
            errors=[
                Problem(1, column or None, _header_message(kind)) for column, kind in exc.problems
            ],
        ) from None
    nights, errors, conflicts = _check_rows(patient, rows)
    conflicts = sorted(conflicts + _already_logged(patient, nights), key=_by_line)
    if errors or conflicts:
        raise ImportRefused(_refusal_summary(errors, conflicts), errors, conflicts)
    try:
        with transaction.atomic():
            # Batches as large as the database takes; one transaction, so all or nothing.
            Night.objects.bulk_create([night for _line, night in nights])
            # bulk_create sends no post_save signal; charts are cached by this version.
            patient.bump_nights_version()
    except IntegrityError:
        # The transaction undid ours. A night logged by another request after the look-up
        # above broke the unique constraint: the same conflict, found a moment later.
        conflicts = _already_logged(patient, nights)
        if not conflicts:
            # A check constraint the rules of clean_night let through: a bug in them.
            logger.error("A nights import passed every rule but broke a database constraint.")
            raise ImportRefused(
                _("The database refused these nights; nothing was imported.")
            ) from None
        raise ImportRefused(_refusal_summary([], conflicts), conflicts=conflicts) from None
    return len(nights)


def _check_rows(
    patient: User, rows: Any
) -> tuple[list[tuple[int, Night]], list[Problem], list[Conflict]]:
    """Every row judged, without a database query; a night repeated in the file is a
    conflict."""
    nights: list[tuple[int, Night]] = []
    errors: list[Problem] = []
    conflicts: list[Conflict] = []
    first_line: dict[date, int] = {}
    for row in rows:
        if isinstance(row, RowProblem):
            errors.append(Problem(row.line, None, _row_problem_message(row)))
            continue
        night = _validate_row(patient, row, errors)
        if night is None:
            continue
        if night.night in first_line:
            message = _("This night is also on line %(line)s of the file.") % {
                "line": first_line[night.night]
            }
            conflicts.append(Conflict(row.line, night.night, message))
            continue
        first_line[night.night] = row.line
        nights.append((row.line, night))
    return nights, errors, conflicts


def _already_logged(patient: User, nights: list[tuple[int, Night]]) -> list[Conflict]:
    """The nights of the file the patient has already logged: one query for the whole file."""
    if not nights:
        return []
    dates = [night.night for _line, night in nights]
    logged = patient.nights.filter(night__range=(min(dates), max(dates)))
    existing = set(logged.values_list("night", flat=True))
    return [
        Conflict(line, night.night, duplicate_error(night.night).messages[0])
        for line, night in nights
        if night.night in existing
    ]


def _by_line(conflict: Conflict) -> int:
    return conflict.line


def _validate_row(patient: User, row: CsvRow, errors: list[Problem]) -> Night | None:
    try:
        # Duplicates are looked up once for the whole file, not once per row, and the database
        # checks its constraints once, at the insert.
        return clean_night(patient=patient, values=_night_values(row.cells), in_bulk=True)
    except InvalidNight as invalid:
        problems = invalid.message_dict
    for column in NIGHT_INPUT_COLUMNS:
        errors.extend(Problem(row.line, column, message) for message in problems.get(column, []))
    errors.extend(
        Problem(row.line, None, message) for message in problems.get(NON_FIELD_ERRORS, [])
    )
    return None


def _night_values(cells: dict[str, str]) -> dict[str, Any]:
    """CSV cells as clean_night takes them: empty cell = no value, sets split on `;`; an
    optional column the file does not have (an older file) is empty cells."""
    values: dict[str, Any] = {}
    for column in NIGHT_INPUT_COLUMNS:
        cell = cells.get(column, "")
        if column in SET_COLUMNS:
            values[column] = [word for word in cell.split(SET_SEPARATOR) if word]
        elif column in TEXT_COLUMNS:
            values[column] = imported_text(cell)
        elif cell != "":
            # A required column left empty is simply missing: "This field is required."
            values[column] = cell
    return values


def _header_message(kind: str) -> str:
    return {
        "empty": _("The file is empty: the first line must be the header of section 5."),
        "unknown": _("Unknown column."),
        "repeated": _("This column appears more than once."),
        "missing": _("Missing column."),
        "semicolons": _(
            "The columns are separated by semicolons, not commas. Save the file as "
            "“CSV UTF-8 (comma delimited)” and try again."
        ),
        "tabs": _(
            "The columns are separated by tabs, not commas. Save the file as "
            "“CSV UTF-8 (comma delimited)” and try again."
        ),
    }[kind]


def _row_problem_message(row: RowProblem) -> str:
    if row.cell_count is None:
        return _("A quoted cell is not closed properly; nothing after this line was read.")
    return _("This line has %(found)s cells; the header has %(expected)s.") % {
        "found": row.cell_count,
        "expected": row.expected,
    }


def _refusal_summary(errors: list[Problem], conflicts: list[Conflict]) -> str:
    parts = []
    if errors:
        lines = len({problem.line for problem in errors})
        parts.append(
            ngettext("%(n)s line has errors", "%(n)s lines have errors", lines) % {"n": lines}
        )
    if conflicts:
        parts.append(
            ngettext(
                "%(n)s night is already logged or repeated in the file",
                "%(n)s nights are already logged or repeated in the file",
                len(conflicts),
            )
            % {"n": len(conflicts)}
        )
    return _("Nothing was imported: %(problems)s.") % {"problems": "; ".join(parts)}


__all__ = ["Conflict", "ImportRefused", "Problem", "decode", "import_nights"]

"""All-or-nothing import of a nights CSV (domain.md section 5), for the API and the web page.

Every row goes through the API's night serializer, which runs the model's own validation, so
a row is refused with the very words the web form and the API use. Either every row is added
in one transaction or nothing is, and the answer lists every problem by line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from diary.api.night_serializer import NightSerializer, duplicate_message
from diary.csv_format import (
    NIGHT_INPUT_COLUMNS,
    SET_COLUMNS,
    SET_SEPARATOR,
    CsvRow,
    HeaderError,
    RowProblem,
    read_night_rows,
)
from diary.models import Night, User


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
    return _("%(mb).1f MB") % {"mb": size / (1024 * 1024)}


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
    if errors or conflicts:
        raise ImportRefused(_refusal_summary(errors, conflicts), errors, conflicts)
    try:
        with transaction.atomic():
            Night.objects.bulk_create([night for _line, night in nights], batch_size=500)
            # bulk_create sends no post_save signal; charts are cached by this version.
            patient.bump_nights_version()
    except IntegrityError:
        # Another request logged one of these nights meanwhile; the transaction undid ours.
        raise ImportRefused(
            _("Some of these nights were logged while importing; nothing was imported.")
        ) from None
    return len(nights)


def _check_rows(
    patient: User, rows: Any
) -> tuple[list[tuple[int, Night]], list[Problem], list[Conflict]]:
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
    existing = set(patient.nights.values_list("night", flat=True))
    for line, night in nights:
        if night.night in existing:
            conflicts.append(Conflict(line, night.night, duplicate_message(night.night)))
    conflicts.sort(key=lambda conflict: conflict.line)
    return nights, errors, conflicts


def _validate_row(patient: User, row: CsvRow, errors: list[Problem]) -> Night | None:
    serializer = NightSerializer(
        data=_serializer_input(row.cells),
        # Duplicates are looked up once for the whole file, not once per row.
        context={"patient": patient, "check_duplicate": False},
    )
    if serializer.is_valid():
        return serializer._working
    for column in NIGHT_INPUT_COLUMNS:
        for message in _flatten(serializer.errors.get(column, [])):
            errors.append(Problem(row.line, column, message))
    for message in _flatten(serializer.errors.get("non_field_errors", [])):
        errors.append(Problem(row.line, None, message))
    return None


def _serializer_input(cells: dict[str, str]) -> dict[str, Any]:
    """CSV cells as the JSON the API takes: empty cell = no value, sets split on `;`."""
    data: dict[str, Any] = {}
    for column in NIGHT_INPUT_COLUMNS:
        cell = cells[column]
        if column in SET_COLUMNS:
            data[column] = [word for word in cell.split(SET_SEPARATOR) if word]
        elif column == "onset":
            data[column] = cell or None
        elif column == "notes" or cell != "":
            # A required column left empty is simply missing: "This field is required."
            data[column] = cell
    return data


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _flatten(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _flatten(value)]
    return [str(detail)]


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

"""The CSV formats of domain.md section 5: the one place their columns and cell text are defined.

Export (API, web) and import both go through here, so that exporting, importing into an empty
account and exporting again gives the identical file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from functools import lru_cache, partial
from itertools import islice
from typing import Any

from diary.metrics import (
    round_half_up,
    sleep_efficiency_pct,
    sleep_loss_min,
    span_min,
    steady_offset,
    wall_span_min,
    zone,
)
from diary.models.nights import ENTRY_FIELDS

NIGHT_INPUT_COLUMNS: tuple[str, ...] = ENTRY_FIELDS
# Input columns a file may leave out: files written before they existed still import, and a
# missing column reads as empty cells (domain.md section 5).
OPTIONAL_INPUT_COLUMNS = frozenset({"day_fatigue", "day_mood"})
NIGHT_DERIVED_COLUMNS: tuple[str, ...] = (
    "time_in_bed_min",
    "total_sleep_min",
    "sleep_efficiency_pct",
    "sleep_loss_min",
)
NIGHT_COLUMNS: tuple[str, ...] = NIGHT_INPUT_COLUMNS + NIGHT_DERIVED_COLUMNS
# The clinic-wide export leads every row with the patient's username.
PATIENT_COLUMN = "patient"
CLINIC_NIGHT_COLUMNS: tuple[str, ...] = (PATIENT_COLUMN, *NIGHT_COLUMNS)

SET_COLUMNS = frozenset({"sensations", "areas", "relief", "factors"})
# The free-text input columns (section 5's "text cell"); the others are dates, times, numbers
# and vocabulary words.
TEXT_COLUMNS = frozenset({"notes"})
SET_SEPARATOR = ";"
LINE_END = "\n"
# Rows per chunk handed to the HTTP server: big enough that per-chunk overhead vanishes,
# small enough (about 200 KB) that memory stays flat however long the export.
ROWS_PER_CHUNK = 1000

# A night as the exports read it from the database: the NIGHT_INPUT_COLUMNS in order, dates
# and clock times as their stored ISO text ("2026-11-20", "22:30:00"), the counts and scales
# as ints, onset, day_fatigue and day_mood None when empty, sets as their stored `;`-joined
# text (already canonical, see diary.fields.ChoiceSetField), i.e. their CSV form.
RawNight = tuple[Any, ...]
# (username, IANA zone name, sleep need in minutes, that patient's nights ordered by night)
PatientNights = tuple[str, str, int, Iterable[RawNight]]
Cell = str | int | None  # an int is written as digits, None as an empty cell

# RFC 4180: a cell holding a comma, a quote or a line break is quoted, quotes doubled. (The
# csv module with "\n" line ends would leave a lone "\r" unquoted; this does not.)
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


# A spreadsheet runs a cell starting with one of these as a formula (or, for the apostrophe,
# swallows it): domain.md section 5 writes such a text cell with one more leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def text_cell(text: str) -> str:
    """A free-text cell (notes, a username) as exported: safe to open in a spreadsheet, then
    quoted as RFC 4180 says. Numbers, dates and times never come here."""
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return quoted(text)


def quoted(text: str) -> str:
    """A cell quoted as RFC 4180 says, when it needs to be."""
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


class TextCell(str):
    """A free-text cell for csv_chunks, which writes it through text_cell."""

    __slots__ = ()


def imported_text(cell: str) -> str:
    """A free-text cell as imported: exactly one leading apostrophe is taken off, so exporting,
    importing and exporting again gives the same file."""
    return cell[1:] if cell.startswith("'") else cell


def night_csv_chunks(
    patients: Iterable[PatientNights], *, with_patient: bool, batch_size: int = ROWS_PER_CHUNK
) -> Iterator[str]:
    """The nights CSV (each row led by the username when `with_patient`): the header, then
    text chunks of about `batch_size` rows.

    An export of a million nights spends most of its time here, so this is one flat loop: no
    objects are built, stored text is sliced or looked up in caches keyed by that text, and
    the durations come from the diary.metrics functions compute_metrics is made of (one
    definition): a wall-clock span on a night with a steady UTC offset, real instants else. Only
    the free-text cells (notes, username) can need quoting or the spreadsheet-safe apostrophe:
    the others are dates, clock times, numbers and vocabulary words.
    """
    header = CLINIC_NIGHT_COLUMNS if with_patient else NIGHT_COLUMNS
    yield ",".join(header) + LINE_END
    wall, efficiency, span = _wall_spans, _efficiency_texts, span_min
    lines: list[str] = []
    append = lines.append
    for username, tz_name, need, nights in patients:
        tz = zone(tz_name)
        steady = _steady_nights[tz]
        loss = _Memo(partial(sleep_loss_min, need))  # total sleep -> this patient's loss
        lead = text_cell(username) + "," if with_patient else ""
        for (night, in_bed, lights_out, latency, awakenings, waso, final_wake,
             out_of_bed, quality, severity, onset, sensations, areas, relief, factors,
             notes, fatigue, mood) in nights:  # fmt: skip
            if steady[night]:
                tib = wall[in_bed, out_of_bed]
                tst = wall[lights_out, final_wake] - latency - waso
            else:
                day = parse_day(night)
                tib = span(day, parse_clock(in_bed), parse_clock(out_of_bed), tz)
                tst = span(day, parse_clock(lights_out), parse_clock(final_wake), tz)
                tst -= latency + waso
            append(
                f"{lead}{night},{in_bed[:5]},{lights_out[:5]},{latency},{awakenings},{waso},"
                f"{final_wake[:5]},{out_of_bed[:5]},{quality},{severity},"
                f"{onset[:5] if onset else ''},{sensations},{areas},{relief},{factors},"
                f"{text_cell(notes) if notes else ''},{'' if fatigue is None else fatigue},"
                f"{'' if mood is None else mood},{tib},{tst},{efficiency[tst, tib]},"
                f"{loss[tst]}\n"
            )
            if len(lines) >= batch_size:
                yield "".join(lines)
                lines.clear()
    if lines:
        yield "".join(lines)


def csv_chunks(header: Sequence[str], batches: Iterable[Sequence[Sequence[Cell]]]) -> Iterator[str]:
    """The file as text, header first, then one chunk per batch: RFC 4180, `\n` line ends.

    A TextCell goes through text_cell (spreadsheet-safe); any other text is only quoted when
    it must be. (The csv module with `\n` line ends would leave a lone `\r` unquoted.)
    """
    yield _line(header)
    for batch in batches:
        yield "".join(_line(row) for row in batch)


def in_batches(rows: Iterable[list[Cell]], size: int) -> Iterator[list[list[Cell]]]:
    """Rows in lists of `size` (the last may be shorter), for csv_chunks."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _line(row: Sequence[Cell]) -> str:
    return ",".join(_cell(cell) for cell in row) + LINE_END


def _cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, TextCell):
        return text_cell(cell)
    return quoted(str(cell))


# A million rows hold few distinct dates, clock times and (zone, date) pairs: each answer is
# computed once by diary.metrics and then found by a plain dict lookup on the stored text,
# which costs a fraction of a function call in the export loop.
parse_day = lru_cache(maxsize=65536)(date.fromisoformat)
parse_clock = lru_cache(maxsize=4096)(time.fromisoformat)
MEMO_LIMIT = 200_000  # entries; far above what real diaries produce


class _Memo(dict[Any, Any]):
    def __init__(self, compute: Callable[[Any], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: Any) -> Any:
        if len(self) >= MEMO_LIMIT:
            self.clear()
        value = self[key] = self.compute(key)
        return value


# Per zone: night text -> whether that night's UTC offset is steady.
_steady_nights = _Memo(lambda tz: _Memo(lambda night: steady_offset(tz, parse_day(night))))
# (start text, end text) -> wall-clock minutes between the anchored times.
_wall_spans = _Memo(lambda pair: wall_span_min(parse_clock(pair[0]), parse_clock(pair[1])))


def _efficiency_text(total_sleep_min: int, time_in_bed_min: int) -> str:
    efficiency = efficiency_decimal(sleep_efficiency_pct(total_sleep_min, time_in_bed_min))
    return "" if efficiency is None else str(efficiency)


# (total sleep, time in bed) -> sleep efficiency as CSV text: few distinct pairs occur, so each
# rounding is done once.
_efficiency_texts = _Memo(lambda pair: _efficiency_text(*pair))


def efficiency_decimal(value: float | None) -> Decimal | None:
    """Sleep efficiency as output everywhere: 1 decimal, half up; None when TIB is 0."""
    return None if value is None else round_half_up(value, 1)


@dataclass(frozen=True)
class CsvRow:
    line: int  # file line the row starts on; the header is line 1
    cells: dict[str, str]


@dataclass(frozen=True)
class RowProblem:
    """A line that is not a row of cells: wrong cell count or broken quoting."""

    line: int
    cell_count: int | None  # None: the quoting could not be read at all
    expected: int


class HeaderError(ValueError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{column}: {kind}" for column, kind in problems))
        # (column, kind) with kind one of "empty", "unknown", "repeated", "missing", or
        # "semicolons" or "tabs" for a header split by the wrong separator.
        self.problems = problems


def read_night_rows(text: str) -> Iterator[CsvRow | RowProblem]:
    """Parse a nights CSV into rows keyed by column name, after checking its header.

    The header must hold every input column but the optional ones (OPTIONAL_INPUT_COLUMNS),
    may hold the derived ones (ignored on import) and nothing else, in any order. Blank lines
    are skipped. Raises HeaderError at once, so call next() on the result or iterate it inside
    the same error handling.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error:
        header = None
    if not header or header == [""]:
        raise HeaderError([("", "empty")])
    _check_header(header)
    return _rows(reader, header)


# A spreadsheet in a European locale saves "CSV" with semicolons, and text copied out of one
# has tabs: either reads as one long unknown column, so name the real problem instead.
OTHER_SEPARATORS = {";": "semicolons", "\t": "tabs"}


def _check_header(header: list[str]) -> None:
    if len(header) == 1:
        for separator, kind in OTHER_SEPARATORS.items():
            names = header[0].split(separator)
            if len(names) > 1 and "night" in names:
                raise HeaderError([("", kind)])
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name in header:
        if name not in NIGHT_COLUMNS:
            problems.append((name, "unknown"))
        elif name in seen:
            problems.append((name, "repeated"))
        seen.add(name)
    problems.extend(
        (name, "missing")
        for name in NIGHT_INPUT_COLUMNS
        if name not in seen and name not in OPTIONAL_INPUT_COLUMNS
    )
    if problems:
        raise HeaderError(problems)


def _rows(reader: Any, header: list[str]) -> Iterator[CsvRow | RowProblem]:
    next_line = reader.line_num + 1
    while True:
        start = next_line
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            # Strict mode stops at the first unreadable quote; nothing after it is trustworthy.
            yield RowProblem(start, None, len(header))
            return
        next_line = reader.line_num + 1
        if not cells or cells == [""]:
            continue
        if len(cells) != len(header):
            yield RowProblem(start, len(cells), len(header))
            continue
        yield CsvRow(start, dict(zip(header, cells, strict=True)))

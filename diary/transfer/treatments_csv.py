"""The treatments CSV (domain.md sections 5 and 9): the fields of section 9 in their order, led
by `id`, streamed like the nights export."""

from collections.abc import Iterator
from decimal import Decimal

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from diary.models import Treatment, User
from diary.transfer.csv_format import ROWS_PER_CHUNK, Cell, TextCell, csv_chunks, in_batches
from diary.transfer.exports import DB_BATCH, csv_response, download_name, record_export

TREATMENT_COLUMNS: tuple[str, ...] = (
    "id",
    "kind",
    "schedule",
    "name",
    "drug_class",
    "dose",
    "dose_unit",
    "dose_time",
    "started",
    "stopped",
    "notes",
)


def plain_dose(dose: Decimal) -> str:
    """A dose as written in the CSV (and as its JSON number): plain digits, no exponent and no
    trailing zeros, so a stored 0.250 is "0.25" and 100.000 is "100"."""
    return format(dose.normalize(), "f")


def treatment_cells(treatment: Treatment) -> list[Cell]:
    """One row, in TREATMENT_COLUMNS order; name and notes are free text (spreadsheet-safe)."""
    t = treatment
    return [
        t.pk,
        t.kind,
        t.schedule,
        TextCell(t.name),
        t.drug_class,
        None if t.dose is None else plain_dose(t.dose),
        t.dose_unit,
        None if t.dose_time is None else t.dose_time.strftime("%H:%M"),
        t.started.isoformat(),
        None if t.stopped is None else t.stopped.isoformat(),
        TextCell(t.notes),
    ]


def treatment_csv_chunks(treatments: QuerySet[Treatment]) -> Iterator[str]:
    """The header, then text chunks of ROWS_PER_CHUNK rows, read from the database in batches."""
    rows = (treatment_cells(t) for t in treatments.iterator(chunk_size=DB_BATCH))
    return csv_chunks(TREATMENT_COLUMNS, in_batches(rows, ROWS_PER_CHUNK))


def patient_treatments_csv(patient: User, *, requested_by: User) -> StreamingHttpResponse:
    """Every treatment of the patient, by started then id; a clinician's download is logged."""
    record_export(requested_by, [patient])
    chunks = treatment_csv_chunks(patient.treatments.order_by("started", "pk"))
    return csv_response(chunks, download_name("treatments", patient))

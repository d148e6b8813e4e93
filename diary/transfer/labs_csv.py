"""The lab results and assessments CSVs (domain.md sections 5 and 10): the fields of section 10
in their order, led by `id`, booleans as true/false, streamed like the treatments export."""

from collections.abc import Callable, Iterator
from typing import TypeVar

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from diary.models import ASSESSMENT_FIELDS, LAB_FIELDS, Assessment, LabResult, User
from diary.models.labs import LAB_NUMBERS
from diary.transfer.csv_format import ROWS_PER_CHUNK, Cell, TextCell, csv_chunks, in_batches
from diary.transfer.exports import DB_BATCH, csv_response, download_name, record_export

LAB_COLUMNS: tuple[str, ...] = ("id", *LAB_FIELDS, "entered_by")
ASSESSMENT_COLUMNS: tuple[str, ...] = ("id", *ASSESSMENT_FIELDS, "entered_by")

Entry = TypeVar("Entry", LabResult, Assessment)


def lab_cells(lab: LabResult) -> list[Cell]:
    """One row, in LAB_COLUMNS order; the numbers as stored, one decimal ("45.0")."""
    numbers = [
        None if (value := getattr(lab, name)) is None else str(value) for name in LAB_NUMBERS
    ]
    return [
        lab.pk,
        lab.drawn.isoformat(),
        *numbers,
        _boolean(lab.iron_free_24h),
        _boolean(lab.recent_illness),
        TextCell(lab.entered_by),
    ]


def assessment_cells(assessment: Assessment) -> list[Cell]:
    """One row, in ASSESSMENT_COLUMNS order; the note and the username are free text."""
    a = assessment
    return [
        a.pk,
        a.assessed.isoformat(),
        a.irls_total,
        a.cgi_severity,
        a.cgi_improvement,
        TextCell(a.note),
        TextCell(a.entered_by),
    ]


def _boolean(value: bool) -> str:
    return "true" if value else "false"


def patient_labs(patient: User) -> QuerySet[LabResult]:
    """The patient's lab results by drawn, then id: the API's and the CSV's order."""
    return (
        LabResult.objects.filter(patient=patient)
        .select_related("entered_by_user")
        .order_by("drawn", "pk")
    )


def patient_assessments(patient: User) -> QuerySet[Assessment]:
    """The patient's assessments by assessed, then id."""
    return (
        Assessment.objects.filter(patient=patient)
        .select_related("entered_by_user")
        .order_by("assessed", "pk")
    )


def entries_csv(
    entries: QuerySet[Entry],
    columns: tuple[str, ...],
    cells: Callable[[Entry], list[Cell]],
) -> Iterator[str]:
    rows = (cells(entry) for entry in entries.iterator(chunk_size=DB_BATCH))
    return csv_chunks(columns, in_batches(rows, ROWS_PER_CHUNK))


def patient_labs_csv(patient: User, *, requested_by: User) -> StreamingHttpResponse:
    """Every lab result of the patient; a clinician's download is logged."""
    record_export(requested_by, [patient])
    chunks = entries_csv(patient_labs(patient), LAB_COLUMNS, lab_cells)
    return csv_response(chunks, download_name("labs", patient))


def patient_assessments_csv(patient: User, *, requested_by: User) -> StreamingHttpResponse:
    """Every assessment of the patient; a clinician's download is logged."""
    record_export(requested_by, [patient])
    chunks = entries_csv(patient_assessments(patient), ASSESSMENT_COLUMNS, assessment_cells)
    return csv_response(chunks, download_name("assessments", patient))

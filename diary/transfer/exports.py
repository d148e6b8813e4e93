"""Streaming CSV downloads of nights, for the API and the web pages alike.

Rows come from the database in batches (a server-side cursor where there is one) as plain
tuples, never model instances, and leave as text chunks of ROWS_PER_CHUNK rows, so memory stays
flat whatever the number of nights.
"""

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import CharField, ExpressionWrapper, F, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

from diary.audit import record_reads
from diary.filters import in_range
from diary.models import AccessEvent, Night, User
from diary.transfer.csv_format import (
    NIGHT_INPUT_COLUMNS,
    SET_COLUMNS,
    PatientNights,
    night_csv_chunks,
)

DB_BATCH = 2000


TEXT_COLUMNS = frozenset({"night", "in_bed", "lights_out", "final_wake", "out_of_bed", "onset"})


def _raw(name: str) -> Any:
    """The column as stored, skipping the per-value conversions a million rows would cost.

    Dates and times come as ISO text (cast in SQL, so no database driver parses them), sets
    as their stored `;`-joined text, which is already their canonical CSV form.
    """
    if name in TEXT_COLUMNS:
        return Cast(name, output_field=CharField())
    if name in SET_COLUMNS:
        return ExpressionWrapper(F(name), output_field=TextField())
    return name


NIGHT_VALUES = tuple(_raw(name) for name in NIGHT_INPUT_COLUMNS)


def patient_nights(
    patients: QuerySet[User], start: date | None, end: date | None
) -> Iterator[PatientNights]:
    """Each patient by username, with their nights in the range by night, read in batches.

    One query per patient rather than one for all: each reads the (patient, night) index in
    order, where a single query would sort every night of the clinic first.
    """
    people = patients.order_by("username").only(
        "username",
        "timezone",
        "sleep_need_min",
        "kept_for_child",
        "child_first_name",
        "child_birth_year",
    )
    # User.sleep_need: the patient's own, or the default for an adult or a child of their age.
    for pk, username, tz_name, need in [
        (p.pk, p.username, p.timezone, p.sleep_need) for p in people
    ]:
        nights = in_range(Night.objects.filter(patient_id=pk), start, end)
        values = nights.order_by("night").values_list(*NIGHT_VALUES)
        # iterator() reads in chunks (a server-side cursor on PostgreSQL), never all at once.
        yield username, tz_name, need, values.iterator(chunk_size=DB_BATCH)


def download_name(kind: str, owner: User) -> str:
    return f"rlsdiary-{kind}-{safe_username(owner)}-{owner.today().isoformat()}.csv"


def safe_username(owner: User) -> str:
    # Usernames may hold @ + . - _; keep the name safe for every file system and header.
    return re.sub(r"[^A-Za-z0-9._-]+", "_", owner.username)


def csv_response(chunks: Iterable[str], filename: str) -> StreamingHttpResponse:
    encoded = (chunk.encode() for chunk in chunks)
    response = StreamingHttpResponse(encoded, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Personal health data: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response


def patient_nights_csv(
    patient: User, start: date | None, end: date | None, *, requested_by: User
) -> StreamingHttpResponse:
    record_export(requested_by, [patient])
    chunks = night_csv_chunks(
        patient_nights(User.objects.filter(pk=patient.pk), start, end), with_patient=False
    )
    return csv_response(chunks, download_name("nights", patient))


def clinic_nights_csv(
    clinician: User, patients: QuerySet[User], start: date | None, end: date | None
) -> StreamingHttpResponse:
    record_export(clinician, patients)
    chunks = night_csv_chunks(patient_nights(patients, start, end), with_patient=True)
    return csv_response(chunks, download_name("clinic-nights", clinician))


def record_export(requested_by: User, patients: Iterable[User]) -> None:
    """A clinician's download of a patient's data goes into that patient's access log (a
    patient's download of their own is not logged)."""
    record_reads(clinician=requested_by, patients=patients, action=AccessEvent.Action.EXPORT)

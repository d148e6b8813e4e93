"""Everything a patient can export, in one zip file (issue 13, "a patient's data rights").

The CSV files are written by the same code as the single downloads (diary.transfer, and the
weeks and before/after writers here in insights), so each file in the zip is byte for byte the
file its own download gives; the nights file imports back as it is. The zip is written to an
anonymous temporary file, one CSV chunk at a time, never held whole in memory, then streamed.

Here in insights rather than in diary: the weekly trends and the before/after table are
computed here, and diary never imports insights (import-linter contract).
"""

import json
import tempfile
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse
from django.views.decorators.http import require_GET

from diary.access import PatientRequest, patient_required
from diary.api.serializers import ProfileSerializer, ShareSerializer
from diary.models import AccessEvent, Share, User
from diary.transfer.csv_format import (
    NIGHT_COLUMNS,
    csv_chunks,
    night_csv_chunks,
)
from diary.transfer.drafts_csv import DRAFT_COLUMNS, draft_csv_chunks
from diary.transfer.exports import patient_nights, safe_username
from diary.transfer.labs_csv import (
    ASSESSMENT_COLUMNS,
    LAB_COLUMNS,
    assessment_cells,
    entries_csv,
    lab_cells,
    patient_assessments,
    patient_labs,
)
from diary.transfer.treatments_csv import TREATMENT_COLUMNS, treatment_csv_chunks
from insights.before_after import response_cells, response_of
from insights.columns import OUTPUT_COLUMNS
from insights.response_columns import RESPONSE_COLUMNS
from insights.weeks import week_cells, weeks_of

ACCESS_LOG_FIELDS = (
    "at",
    "last_at",
    "count",
    "clinician",
    "clinician_account_deleted",
    "action",
    "description",
)

README = """\
RLS Diary: everything in the account "{username}", exported {exported}.

Each file below is also a download of its own; the CSV files are UTF-8, comma-separated, with a
header row and "\\n" line ends (domain.md section 5). A text cell that starts with = + - @, a
tab, a carriage return or an apostrophe has one extra leading apostrophe, so a spreadsheet
does not run it as a formula.

nights.csv
    One row per night, by night. Columns (section 5): {nights}.
    The last four are worked out from the times (sections 2 and 3). This file imports back
    as it is (Nights, Import CSV; or POST /api/v1/nights/import/).
weeks.csv
    Weekly trends, Monday to Sunday (section 4). Columns: {weeks}.
treatments.csv
    Treatments (section 9), by start. Columns: {treatments}.
labs.csv
    Lab results (section 10), by date drawn; entered_by is "patient" or the clinician's
    username. Columns: {labs}.
assessments.csv
    Your clinicians' assessments (section 10), by date. Columns: {assessments}.
response.csv
    The before/after table (section 11), one row per treatment start or series.
    Columns: {response}.
profile.json
    Your settings, as GET /api/v1/profile/ answers them: {profile}.
shares.json
    Your share codes and who they gave access to, as GET /api/v1/shares/ answers them,
    newest first: {shares}.
access_log.json
    Every line of your access log, oldest first: what a clinician did with your diary and
    when. Fields: {access_log}. "count" reads of one kind within an hour are one line, from
    "at" to "last_at"; "clinician_account_deleted" is true once that account is gone (the
    username is kept).
"""

DRAFTS_README = """drafts.csv
    Nights whose evening part you saved as a draft and have not finished. They are not
    nights: they are in no other file and do not import. Columns: {drafts}.
"""


def write_export(patient: User, target: IO[bytes]) -> None:
    """The zip of everything, written into `target` (a file open for binary writing)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in _files(patient):
            with archive.open(name, "w") as member:
                for chunk in content:
                    member.write(chunk.encode())


def _files(patient: User) -> Iterable[tuple[str, Iterable[str]]]:
    nights = patient_nights(User.objects.filter(pk=patient.pk), None, None)
    weeks = [week_cells(week) for week in weeks_of(patient, None, None)]
    response = [response_cells(row) for row in response_of(patient)]
    yield "README.txt", [_readme(patient)]
    yield "nights.csv", night_csv_chunks(nights, with_patient=False)
    yield "weeks.csv", csv_chunks(OUTPUT_COLUMNS, [weeks])
    yield "treatments.csv", treatment_csv_chunks(patient.treatments.order_by("started", "pk"))
    yield "labs.csv", entries_csv(patient_labs(patient), LAB_COLUMNS, lab_cells)
    yield (
        "assessments.csv",
        entries_csv(patient_assessments(patient), ASSESSMENT_COLUMNS, assessment_cells),
    )
    yield "response.csv", csv_chunks(RESPONSE_COLUMNS, [response])
    yield "profile.json", [_json(ProfileSerializer(patient).data)]
    shares = Share.objects.filter(patient=patient).select_related("clinician")
    yield "shares.json", [_json(ShareSerializer(shares, many=True).data)]
    yield "access_log.json", [_json(list(_access_log(patient)))]
    # Only for a patient with unfinished drafts: they are not nights and count nowhere, but
    # they are the patient's data all the same.
    if patient.night_drafts.exists():
        yield "drafts.csv", draft_csv_chunks(patient)


def _access_log(patient: User) -> Iterable[dict[str, Any]]:
    lines = AccessEvent.objects.filter(patient=patient).order_by("at", "pk")
    for line in lines.iterator():
        yield {
            "at": line.at,
            "last_at": line.last_at,
            "count": line.count,
            "clinician": line.clinician_username,
            "clinician_account_deleted": line.clinician_id is None,
            "action": line.action,
            "description": str(line.get_action_display()),
        }


def _json(data: Any) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n"


def _readme(patient: User) -> str:
    def listed(columns: Iterable[str]) -> str:
        return ", ".join(columns)

    text = README.format(
        username=patient.get_username(),
        exported=patient.today().isoformat(),
        nights=listed(NIGHT_COLUMNS),
        weeks=listed(OUTPUT_COLUMNS),
        treatments=listed(TREATMENT_COLUMNS),
        labs=listed(LAB_COLUMNS),
        assessments=listed(ASSESSMENT_COLUMNS),
        response=listed(RESPONSE_COLUMNS),
        profile=listed(ProfileSerializer.Meta.fields),
        shares=listed(ShareSerializer.Meta.fields),
        access_log=listed(ACCESS_LOG_FIELDS),
    )
    if patient.night_drafts.exists():
        text += DRAFTS_README.format(drafts=listed(DRAFT_COLUMNS))
    return text


def export_filename(patient: User) -> str:
    return f"rlsdiary-{safe_username(patient)}-{patient.today().isoformat()}.zip"


def full_export_response(patient: User) -> FileResponse:
    """The zip as a download. The temporary file has no name on disk and is closed (so gone)
    when the response is."""
    target = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    try:
        write_export(patient, target)
        target.seek(0)
    except BaseException:
        target.close()
        raise
    response = FileResponse(
        target,
        as_attachment=True,
        filename=export_filename(patient),
        content_type="application/zip",
    )
    # Personal health data: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response


@patient_required
@require_GET
def full_export(request: PatientRequest) -> FileResponse:
    return full_export_response(request.user)

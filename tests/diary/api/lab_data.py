"""Valid lab results and assessments for the API tests (domain.md section 10)."""

from typing import Any

from django.http import StreamingHttpResponse

from diary.labs import clean_assessment, clean_lab, save_entry
from diary.models import Assessment, LabResult, User

# A ferritin-only draw, as an RLS work-up often starts.
FERRITIN: dict[str, Any] = {"drawn": "2026-11-20", "ferritin_ng_ml": 45.0}
# An assessment at a visit: IRLS 18 (moderate) and a CGI severity of 4.
VISIT: dict[str, Any] = {"assessed": "2026-11-20", "irls_total": 18, "cgi_severity": 4}


def make_lab(patient: User, *, by: User | None = None, **values: Any) -> LabResult:
    """A stored lab result, judged and saved as the app does (by the patient unless `by`)."""
    author = by or patient
    lab = clean_lab(
        patient=patient,
        values={"iron_free_24h": True, **FERRITIN, **values},
        by=author,
    )
    save_entry(lab, by=author, created=True)
    return lab


def make_assessment(patient: User, *, by: User, **values: Any) -> Assessment:
    assessment = clean_assessment(patient=patient, values={**VISIT, **values}, by=by)
    save_entry(assessment, by=by, created=True)
    return assessment


def csv_body(response: Any) -> str:
    """A CSV download's text (it is streamed)."""
    assert isinstance(response, StreamingHttpResponse)
    return response.getvalue().decode()

"""The OpenAPI schema validates and describes the real answers; the docs need no CDN."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient


def test_the_schema_generates_and_validates_without_a_single_warning(
    db: None, tmp_path: Path
) -> None:
    # --fail-on-warn: a view the generator cannot describe fails here, not in a client.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", f"{tmp_path}/s.yaml")


def test_the_schema_is_served_and_lists_every_path_of_section_6(db: None) -> None:
    schema = APIClient().get("/api/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/auth/token/",
        "/api/v1/profile/",
        "/api/v1/nights/",
        "/api/v1/nights/{night}/",
        "/api/v1/nights/import/",
        "/api/v1/weeks/",
        "/api/v1/shares/",
        "/api/v1/shares/{id}/",
        "/api/v1/shares/redeem/",
        "/api/v1/patients/",
        "/api/v1/patients/nights/",
        "/api/v1/patients/{patient_id}/nights/",
        "/api/v1/patients/{patient_id}/weeks/",
        "/api/v1/response/",
        "/api/v1/patients/{patient_id}/response/",
        "/api/v1/treatments/",
        "/api/v1/treatments/{id}/",
        "/api/v1/patients/{patient_id}/treatments/",
        "/api/v1/labs/",
        "/api/v1/labs/{id}/",
        "/api/v1/assessments/",
        "/api/v1/patients/{patient_id}/labs/",
        "/api/v1/patients/{patient_id}/labs/{lab_id}/",
        "/api/v1/patients/{patient_id}/assessments/",
        "/api/v1/patients/{patient_id}/assessments/{assessment_id}/",
        "/api/v1/export.zip",  # issue 13: everything the patient can export, one zip
    }
    nights = schema["paths"]["/api/v1/nights/"]["get"]["responses"]["200"]["content"]
    assert set(nights) == {"application/json", "text/csv"}
    night = schema["components"]["schemas"]["Night"]["properties"]
    assert night["in_bed"]["pattern"] == "^([01][0-9]|2[0-3]):[0-5][0-9]$"
    assert night["sensations"]["items"]["$ref"] == "#/components/schemas/SensationsEnum"
    assert schema["components"]["schemas"]["SensationsEnum"]["enum"][:2] == ["urge", "tingling"]
    assert night["time_in_bed_min"]["readOnly"] is True
    treatments = schema["paths"]["/api/v1/treatments/"]["get"]["responses"]["200"]["content"]
    assert set(treatments) == {"application/json", "text/csv"}
    treatment = schema["components"]["schemas"]["Treatment"]
    assert treatment["required"] == ["drug_class", "id", "kind", "started"]
    assert treatment["properties"]["drug_class"]["readOnly"] is True
    assert treatment["properties"]["dose"]["type"] == "number"
    assert treatment["properties"]["started"]["format"] == "date"
    lab = schema["components"]["schemas"]["LabResult"]["properties"]
    assert lab["ferritin_ng_ml"]["type"] == "number"
    assert lab["iron_free_24h"]["default"] is True
    assert lab["entered_by"]["readOnly"] is True
    assert set(schema["paths"]["/api/v1/assessments/"]) == {"get"}


@pytest.mark.parametrize("url", ["/api/docs/"])
def test_the_docs_page_loads_nothing_from_another_host(db: None, url: str) -> None:
    page = APIClient().get(url).content.decode()
    # What the page loads: scripts, stylesheets and icons (<a> links to our pages load nothing).
    sources = re.findall(r'(?:src="|<link [^>]*href=")([^"]+)"', page)
    assert sources, "the page should load its scripts"
    # Our static files, and the page's own start-up script (?script, the split view).
    assert all(source.startswith(("/static/", f"{url}?")) for source in sources), sources
    assert "cdn" not in page.lower()


def test_every_operation_documents_the_servers_414_for_a_url_too_long(db: None) -> None:
    # gunicorn answers it before the app (the fuzzer found one undocumented, CI of f56e45f).
    schema = APIClient().get("/api/schema/?format=json").json()
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert operations
    assert all("414" in op["responses"] for op in operations)

"""What a clinician reads of a child's diary: "Mia, child, 9 years" beside the patient's name on
the dashboard, the review page, the print header and the PDF, and only while it is shared."""

import subprocess
from pathlib import Path

import pytest
import time_machine
from django.test import Client

from diary.models import Share, User
from tests.helpers import logged_in, text

TODAY = "2026-11-22 15:00:00+00:00"
pytestmark = pytest.mark.django_db


@pytest.fixture
def mia(alice: User) -> User:
    alice.kept_for_child, alice.child_first_name, alice.child_birth_year = True, "Mia", 2017
    alice.save()
    return alice


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_shows_the_childs_age_beside_the_name(
    mia: User, alice_shares: Share, clinician_client: Client
) -> None:
    assert "Mia, child, 9 years" in text(clinician_client.get("/clinician/"))


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_says_nothing_of_a_child_for_an_adults_diary(
    alice: User, alice_shares: Share, clinician_client: Client
) -> None:
    assert "child," not in text(clinician_client.get("/clinician/"))


@time_machine.travel(TODAY, tick=False)
def test_the_review_page_and_its_print_header_show_the_age_and_year(
    mia: User, alice_shares: Share, clinician_client: Client
) -> None:
    page = text(clinician_client.get(f"/clinician/patients/{mia.pk}/"))
    assert '<p class="patient-child" id="patient-child">Mia, child, 9 years (born 2017)' in page
    assert "alice · Mia, child, 9 years (born 2017)</p>" in page  # the print header


@time_machine.travel(TODAY, tick=False)
def test_the_pdf_report_shows_the_childs_age(
    mia: User, alice_shares: Share, clinician_client: Client, tmp_path: Path
) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(clinician_client.get(f"/clinician/patients/{mia.pk}/report.pdf").content)
    words = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Mia, child, 9 years (born 2017) ·" in words


def test_the_age_moves_at_new_year_in_the_patients_zone(
    mia: User, alice_shares: Share, clinician: User
) -> None:
    # alice lives in New York: 04:30 UTC on 1 January is still 31 December there.
    with time_machine.travel("2027-01-01 04:30:00+00:00", tick=False):
        assert "Mia, child, 9 years" in text(logged_in(clinician).get("/clinician/"))
    with time_machine.travel("2027-01-01 05:30:00+00:00", tick=False):
        assert "Mia, child, 10 years" in text(logged_in(clinician).get("/clinician/"))


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("viewer", ["bob_client", "lonely_clinician_client", "revoked_client"])
def test_nobody_the_diary_is_not_shared_with_sees_the_child(
    mia: User, viewer: str, request: pytest.FixtureRequest
) -> None:
    client: Client = request.getfixturevalue(viewer)
    for url in (f"/clinician/patients/{mia.pk}/", f"/clinician/patients/{mia.pk}/report.pdf"):
        response = client.get(url)
        assert response.status_code == 404  # domain.md section 6
        assert b"Mia" not in response.content
    assert b"Mia" not in client.get("/clinician/").content

import re
import subprocess
from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path

import time_machine
from django.test import Client

from diary.models import Night, Share, User
from diary.treatments import clean_treatment, save_treatment
from insights.report import before_after_cells
from tests.helpers import share_with


@time_machine.travel("2026-11-22 15:00:00+00:00", tick=False)
def test_the_report_is_one_pdf_page_naming_the_patient(
    alice: User,
    alice_shares: Share,
    clinician_client: Client,
    make_night: Callable[..., Night],
    tmp_path: Path,
) -> None:
    alice.first_name, alice.last_name = "Alice", "Ashworth"
    alice.save()
    for i in range(40):
        make_night(alice, date(2026, 10, 1) + timedelta(days=i))
    response = clinician_client.get(f"/clinician/patients/{alice.pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "rlsdiary-report-alice-2026-11-22.pdf" in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    assert b"Alice Ashworth" in pdf  # in the document title
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    words = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Alice Ashworth" in words
    assert "Week" in words and "2026-11-02" in words  # the weekly table


@time_machine.travel("2026-11-22 15:00:00+00:00", tick=False)
def test_a_report_for_a_username_beyond_ascii_names_its_file_readably(
    clinician: User, clinician_client: Client
) -> None:
    lucja = User.objects.create_user("łucja", password="x", account_type="patient")
    share_with(lucja, clinician)
    response = clinician_client.get(f"/clinician/patients/{lucja.pk}/report.pdf")
    assert response.status_code == 200
    # RFC 6266's filename*: the real name, percent-encoded UTF-8 (not a MIME-encoded word).
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''rlsdiary-report-%C5%82ucja-2026-11-22.pdf"
    )


@time_machine.travel("2026-11-22 15:00:00+00:00", tick=False)
def test_the_report_lists_the_flags_that_need_the_patients_treatments(
    alice: User,
    alice_shares: Share,
    clinician_client: Client,
    make_night: Callable[..., Night],
    tmp_path: Path,
) -> None:
    # Ropinirole from 1 Oct. Onset 22:00 on the 28 nights before (3-30 Sep), 18:00 on the
    # last 14 on it (8-21 Nov): 4 h earlier.
    values = {"kind": "medication", "name": "ropinirole", "started": date(2026, 10, 1)}
    save_treatment(clean_treatment(patient=alice, values=values))
    for i in range(28):
        make_night(alice, date(2026, 9, 3) + timedelta(days=i), onset=time(22, 0))
    for i in range(14):
        make_night(alice, date(2026, 11, 8) + timedelta(days=i), onset=time(18, 0))
    pdf = clinician_client.get(f"/clinician/patients/{alice.pk}/report.pdf").content
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    words = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Possible augmentation" in " ".join(words.split())


@time_machine.travel("2026-11-22 15:00:00+00:00", tick=False)
def test_the_report_lists_the_treatments_and_their_before_after_rows_on_one_page(
    alice: User,
    alice_shares: Share,
    clinician_client: Client,
    make_night: Callable[..., Night],
    tmp_path: Path,
) -> None:
    # Severity 6 on the 28 nights before pramipexole starts (1 Sep), 2 from its 15th day.
    start = date(2026, 9, 1)
    for i in range(1, 29):
        make_night(alice, start - timedelta(days=i), severity=6)
    for i in range(14, 42):
        make_night(alice, start + timedelta(days=i), severity=2)
    for values in (
        {"kind": "medication", "name": "pramipexole", "started": start},
        {"kind": "cryotherapy", "started": date(2026, 11, 1)},
    ):
        save_treatment(clean_treatment(patient=alice, values=values))
    pdf = clinician_client.get(f"/clinician/patients/{alice.pk}/report.pdf?range=all").content
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    words = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Treatments: pramipexole since 2026-09-01; Cryotherapy on 2026-11-01" in words
    assert "Before and after" in words
    # The change written as the web writes it: signed, with a real minus.
    assert "6.00 → 2.00" in words and "\u22124.00" in words and "-4.00" not in words
    assert "not enough nights" in words  # cryotherapy: no nights after it yet


def page_size(pdf: bytes, folder: Path) -> str:
    path = folder / "size.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return next(line for line in info.stdout.splitlines() if line.startswith("Page size:"))


@time_machine.travel("2026-11-22 15:00:00+00:00", tick=False)
def test_the_report_is_laid_out_for_the_clinicians_paper(
    alice: User,
    alice_shares: Share,
    clinician_client: Client,
    make_night: Callable[..., Night],
    tmp_path: Path,
) -> None:
    make_night(alice)
    url = f"/clinician/patients/{alice.pk}/report.pdf"
    # A4 by default: 595 x 842 pt; US Letter once chosen on the settings page: 612 x 792 pt.
    assert "595.44 x 841.68 pts (A4)" in page_size(clinician_client.get(url).content, tmp_path)
    response = clinician_client.post("/settings/", {"timezone": "UTC", "report_paper": "letter"})
    assert response.status_code == 302
    pdf = clinician_client.get(url).content
    assert "612 x 792 pts (letter)" in page_size(pdf, tmp_path)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1


def test_a_patients_settings_page_offers_no_paper_and_a_clinicians_no_sleep_need(
    alice_client: Client, clinician_client: Client
) -> None:
    patient_page = alice_client.get("/settings/").content.decode()
    assert 'name="sleep_need_min"' in patient_page and 'name="report_paper"' not in patient_page
    clinician_page = clinician_client.get("/settings/").content.decode()
    assert 'name="report_paper"' in clinician_page and 'name="sleep_need_min"' not in clinician_page


@time_machine.travel("2026-11-22 15:00:00+00:00", tick=False)
def test_the_report_states_the_patients_clinical_context(
    alice: User,
    alice_shares: Share,
    clinician_client: Client,
    make_night: Callable[..., Night],
    tmp_path: Path,
) -> None:
    alice.conditions, alice.family_history = ["pregnancy"], "yes"
    alice.save()
    make_night(alice)
    path = tmp_path / "report.pdf"
    path.write_bytes(clinician_client.get(f"/clinician/patients/{alice.pk}/report.pdf").content)
    words = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Clinical context: conditions: Pregnancy; restless legs in the family: yes" in words


def before_after_row(change: float, low: float, high: float) -> dict[str, object]:
    return {
        "label": "pramipexole",
        "start": date(2026, 9, 1),
        "enough": True,
        "clear": low > 0 or high < 0,
        "before_nights_logged": 28,
        "after_nights_logged": 28,
        "before_mean_severity": 4.2,
        "after_mean_severity": None,
        "change_mean_severity": change,
        "severity_range_low": low,
        "severity_range_high": high,
        "before_median_onset": "21:30",
        "after_median_onset": None,
    }


def test_the_reports_before_after_changes_are_signed_with_a_real_minus_as_on_the_web() -> None:
    rise, fall = before_after_cells(
        [before_after_row(0.28, -0.5, 1.06), before_after_row(-1.45, -2.1, -0.8)]
    )
    assert rise[4] == "+0.28" and rise[5].startswith("\u22120.50 to 1.06 ")
    assert fall[4] == "\u22121.45" and fall[5].startswith("\u22122.10 to \u22120.80 ")
    assert rise[3] == "4.2 → –"

"""What the Trends and review pages print, and the PDF report following the range on screen
(issue 15, "Print")."""

import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.test import Client

from diary.choices import AccountType
from diary.models import Night, Share, User
from tests.helpers import logged_in, make_user, share_with

# A Sunday: the 4-week range starts on Monday 26 Oct, the first night is 1 Jun.
TODAY = "2026-11-22 15:00:00+00:00"


@pytest.fixture
def alices_nights(alice: User, make_night: Callable[..., Night]) -> None:
    first = date(2026, 6, 1)
    for i in range((date(2026, 11, 21) - first).days + 1):
        make_night(alice, first + timedelta(days=i))


def pdf_words(pdf: bytes, folder: Path) -> str:
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


@time_machine.travel(TODAY, tick=False)
def test_the_printed_trends_page_names_the_patient_the_range_and_the_day(
    alice: User, alice_client: Client, alices_nights: None
) -> None:
    page = alice_client.get("/trends/?range=4").content.decode()

    assert '<div class="print-header" id="print-header">' in page
    assert '<p class="print-name">alice</p>' in page
    assert "Last 4 weeks: 26 Oct 2026 to 22 Nov 2026" in page
    assert "Printed 22 Nov 2026 (America/New_York)" in page


@time_machine.travel(TODAY, tick=False)
def test_a_patient_who_gave_a_name_is_printed_under_it(alice: User, alice_client: Client) -> None:
    alice.display_name = "Alice Ashworth"
    alice.save()

    page = alice_client.get("/trends/?range=all").content.decode()

    assert '<p class="print-name">Alice Ashworth</p>' in page
    assert "All nights, to 22 Nov 2026" in page


@time_machine.travel("2026-11-22 23:30:00+00:00", tick=False)
def test_the_review_page_prints_the_day_in_the_clinicians_zone(
    alice: User, make_night: Callable[..., Night]
) -> None:
    # 18:30 for alice in New York; in Berlin it is already 23 Nov.
    berlin = make_user("dr_berlin", AccountType.CLINICIAN, timezone="Europe/Berlin")
    share_with(alice, berlin)
    make_night(alice, date(2026, 11, 20))

    page = logged_in(berlin).get(f"/clinician/patients/{alice.pk}/?range=12").content.decode()

    assert '<p class="print-name">alice</p>' in page
    assert "Last 12 weeks: 31 Aug 2026 to 22 Nov 2026" in page  # alice's days (New York)
    assert "Printed 23 Nov 2026 (Europe/Berlin)" in page
    assert f'href="/clinician/patients/{alice.pk}/report.pdf?range=12"' in page


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("range_key", "header"),
    [
        ("4", "Last 4 weeks · Nights 2026-10-26 to 2026-11-21"),
        ("all", "All nights · Nights 2026-06-01 to 2026-11-21"),
    ],
)
def test_the_pdf_covers_the_range_it_is_asked_for(
    alice: User,
    alice_shares: Share,
    clinician_client: Client,
    alices_nights: None,
    tmp_path: Path,
    range_key: str,
    header: str,
) -> None:
    response = clinician_client.get(f"/clinician/patients/{alice.pk}/report.pdf?range={range_key}")

    assert response.status_code == 200
    assert header in pdf_words(response.content, tmp_path)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("who", ["alice", "bob", "lonely clinician", "revoked clinician"])
def test_only_a_clinician_with_a_share_gets_the_pdf_for_a_range(
    alice: User,
    alices_nights: None,
    alice_client: Client,
    bob_client: Client,
    lonely_clinician_client: Client,
    revoked_client: Client,
    who: str,
) -> None:
    client = {
        "alice": alice_client,
        "bob": bob_client,
        "lonely clinician": lonely_clinician_client,
        "revoked clinician": revoked_client,
    }[who]

    response = client.get(f"/clinician/patients/{alice.pk}/report.pdf?range=4")

    assert response.status_code == 404
    assert response["Content-Type"] != "application/pdf"

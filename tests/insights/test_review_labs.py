"""Labs and assessments on the clinician's review page, the dashboard row and the PDF report
(domain.md sections 8 and 10)."""

import re
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import time_machine
from django.test import Client

from diary.models import Assessment, LabResult, Night, Share, User
from tests.helpers import logged_in, share_with, text, unlabelled

FROZEN = "2026-11-22 15:00:00+00:00"


def add_lab(patient: User, by: User, drawn: str, **numbers: Any) -> LabResult:
    return LabResult.objects.create(
        patient=patient, entered_by_user=by, drawn=date.fromisoformat(drawn), **numbers
    )


def add_assessment(patient: User, by: User, assessed: str, **scores: Any) -> Assessment:
    return Assessment.objects.create(
        patient=patient, entered_by_user=by, assessed=date.fromisoformat(assessed), **scores
    )


def iron_history(alice: User, clinician: User) -> None:
    """Ferritin 40 in March (alice), 88 with TSAT 18 % in October after a fever (clinician)."""
    add_lab(alice, alice, "2026-03-02", ferritin_ng_ml=Decimal("40.0"))
    add_lab(
        alice,
        clinician,
        "2026-10-05",
        ferritin_ng_ml=Decimal("88.0"),
        tsat_pct=Decimal("18.0"),
        recent_illness=True,
    )


def assessment_history(alice: User, clinician: User) -> None:
    # IRLS 14 (moderate) in June, 22 (severe) in November: +8, IRLS worse.
    add_assessment(alice, clinician, "2026-06-10", irls_total=14, cgi_severity=4)
    add_assessment(
        alice, clinician, "2026-11-10", irls_total=22, cgi_improvement=6, note="Worse since June"
    )


def section(page: str, element_id: str) -> str:
    match = re.search(rf'<section[^>]*id="{element_id}".*?</section>', page, re.DOTALL)
    assert match, element_id
    return match.group()


@time_machine.travel(FROZEN, tick=False)
def test_the_review_page_shows_the_labs_with_thresholds_who_entered_them_and_a_chart(
    alice: User, clinician: User, alice_shares: Share
) -> None:
    iron_history(alice, clinician)
    page = text(logged_in(clinician).get(f"/clinician/patients/{alice.pk}/"))
    labs = section(page, "labs")
    assert "75 ng/mL" in labs and "100 ng/mL" in labs and "20 %" in labs  # the thresholds
    rows = re.findall(r"<tr>.*?</tr>", labs.split("<tbody>")[1], re.DOTALL)
    assert len(rows) == 2
    # Newest first: 88 in the IV range, TSAT below 20, drawn after a fever, by the clinician.
    assert "2026-10-05" in rows[0] and "88.0" in rows[0] and "18.0" in rows[0]
    assert "may read high:" in rows[0] and clinician.username in rows[0]
    assert "2026-03-02" in rows[1] and "40.0" in rows[1] and "patient" in rows[1]
    # Two ferritin results: the chart, with its text alternative naming both.
    assert labs.count("<svg") == 1 and 'id="chart-ferritin"' in labs
    assert "40.0 on 2026-03-02, 88.0 on 2026-10-05" in labs
    # And the iron flag in the flags card, naming the numbers.
    assert "Iron below the threshold for iron therapy" in page
    assert "Ferritin 88.0 ng/mL, TSAT 18.0 % on 2026-10-05; may read high" in page


def test_the_review_page_writes_serum_iron_and_tibc_without_padded_zeros(
    alice: User, clinician: User, alice_shares: Share
) -> None:
    add_lab(alice, alice, "2026-10-05", serum_iron_ug_dl=Decimal("48"), tibc_ug_dl=Decimal("410.5"))
    page = unlabelled(text(logged_in(clinician).get(f"/clinician/patients/{alice.pk}/")))
    labs = section(page, "labs")
    assert "<td>48</td>" in labs and "<td>410.5</td>" in labs
    assert "48.00" not in labs and "410.50" not in labs


@time_machine.travel(FROZEN, tick=False)
def test_one_ferritin_result_draws_no_chart_and_none_says_so(
    alice: User, clinician: User, alice_shares: Share, clinician_client: Client
) -> None:
    url = f"/clinician/patients/{alice.pk}/"
    assert "No lab results yet." in section(text(clinician_client.get(url)), "labs")
    assert "Iron studies due" in text(clinician_client.get(url))
    add_lab(alice, alice, "2026-10-05", ferritin_ng_ml=Decimal("120.0"))
    labs = section(text(clinician_client.get(url)), "labs")
    assert "120.0" in labs and "<svg" not in labs


@time_machine.travel(FROZEN, tick=False)
def test_the_review_page_shows_the_assessments_with_bands_and_changes(
    alice: User, clinician: User, alice_shares: Share, clinician_client: Client
) -> None:
    assessment_history(alice, clinician)
    page = unlabelled(text(clinician_client.get(f"/clinician/patients/{alice.pk}/")))
    card = section(page, "assessments")
    rows = re.findall(r"<tr>.*?</tr>", card.split("<tbody>")[1], re.DOTALL)
    assert "22 (severe)" in rows[0] and "+8" in rows[0] and "Worse since June" in rows[0]
    assert "14 (moderate)" in rows[1] and "<td>4</td>" in rows[1]  # CGI-S 4
    assert "<td>6</td>" in rows[0]  # CGI-I 6
    assert "IRLS worse" in page
    assert "IRLS 22 (severe) on 2026-11-10, up 8 from 14 (moderate) on 2026-06-10" in page


@time_machine.travel(FROZEN, tick=False)
def test_the_dashboard_row_shows_the_latest_ferritin_and_tsat_and_the_flags_numbers(
    alice: User, clinician: User, alice_shares: Share, clinician_client: Client
) -> None:
    iron_history(alice, clinician)
    add_lab(alice, alice, "2026-11-01", tsat_pct=Decimal("24.0"))
    assessment_history(alice, clinician)
    response = clinician_client.get("/clinician/")
    summary = response.context["rows"][0].summary
    # Ferritin last on 5 Oct; TSAT last on 1 Nov (24 %), which now decides the iron flag:
    # ferritin none, TSAT 24 -> nothing below the thresholds, no illness marked on it.
    assert (summary.ferritin.value, summary.ferritin.drawn) == (Decimal("88.0"), date(2026, 10, 5))
    assert (summary.tsat.value, summary.tsat.drawn) == (Decimal("24.0"), date(2026, 11, 1))
    page = text(response)
    assert "Ferritin 88.0 ng/mL (2026-10-05)" in page and "TSAT 24.0 % (2026-11-01)" in page
    assert [flag.kind for flag in summary.flags] == ["irls_worse", "gap"]
    assert "up 8 from 14" in page  # the flag's numbers, on the row


@time_machine.travel(FROZEN, tick=False)
def test_a_patient_with_a_low_ferritin_sorts_above_one_with_only_a_gap(
    alice: User, bob: User, clinician: User, alice_shares: Share, clinician_client: Client
) -> None:
    share_with(bob, clinician)
    add_lab(bob, bob, "2026-11-01", ferritin_ng_ml=Decimal("50.0"))
    rows = clinician_client.get("/clinician/").context["rows"]
    # bob: iron 2 + no entries 1 = 3; alice: no entries 1 + iron studies due 0 = 1.
    assert [row.patient for row in rows] == [bob, alice]


@time_machine.travel(FROZEN, tick=False)
def test_the_report_adds_labs_assessments_and_triggers_on_one_page(
    alice: User,
    clinician: User,
    alice_shares: Share,
    clinician_client: Client,
    make_night: Callable[..., Night],
    tmp_path: Path,
) -> None:
    alice.conditions = ["iron_deficiency"]
    alice.save()
    iron_history(alice, clinician)
    assessment_history(alice, clinician)
    # 8 Oct - 21 Nov: caffeine on every other night (severity 6), none on the rest (4).
    for i in range(45):
        day = date(2026, 10, 8) + timedelta(days=i)
        if i % 2:
            make_night(alice, day, severity=4, factors=[])
        else:
            make_night(alice, day, severity=6, factors=["caffeine"])
    pdf = clinician_client.get(f"/clinician/patients/{alice.pk}/report.pdf").content
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    words = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Ferritin 88.0 ng/mL, TSAT 18.0 % on 2026-10-05 (may read high" in words
    assert "IRLS 22 (severe, +8 from the previous) on 2026-11-10" in words
    assert "CGI-S 4 (2026-06-10)" in words
    # The 12 weeks shown hold all 45 nights: 23 with caffeine at 6, 22 without at 4.
    assert "Caffeine 23 (severity 6.00 vs 4.00)" in words

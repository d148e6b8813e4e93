"""The patient's Labs page and the clinician's lab and assessment forms (domain.md sections 7
and 10): who may add, change and delete what, bad input, and the access log of a clinician's
writes."""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from diary import labs
from diary.models import AccessEvent, Assessment, LabResult, Share, User
from tests.helpers import make_user, share_with, text, unlabelled

# 15:00 UTC is 10:00 on 22 November in alice's New York.
FROZEN = "2026-11-22 15:00:00+00:00"
TODAY = date(2026, 11, 22)
LAB_FORM = {"drawn": "2026-11-01", "ferritin_ng_ml": "42.5", "iron_free_24h": "on"}
ASSESSMENT_FORM = {"assessed": "2026-11-20", "irls_total": "24", "cgi_severity": "5"}


@pytest.fixture(autouse=True)
def frozen_clock(db: None) -> Iterator[None]:
    with time_machine.travel(FROZEN, tick=False):
        yield


def make_lab(patient: User, by: User, **values: Any) -> LabResult:
    """A lab result entered through the one write path."""
    lab = labs.clean_lab(
        patient=patient, values={"iron_free_24h": True, **LAB_FORM, **values}, by=by
    )
    labs.save_entry(lab, by=by, created=True)
    return lab


def make_assessment(patient: User, by: User, **values: Any) -> Assessment:
    assessment = labs.clean_assessment(patient=patient, values={**ASSESSMENT_FORM, **values}, by=by)
    labs.save_entry(assessment, by=by, created=True)
    return assessment


def stored() -> list[dict[str, Any]]:
    """Every lab and assessment, to show that nothing changed."""
    return [
        *(dict(row) for row in LabResult.objects.order_by("pk").values()),
        *(dict(row) for row in Assessment.objects.order_by("pk").values()),
    ]


def logged_actions(patient: User) -> list[str]:
    return list(
        AccessEvent.objects.filter(patient=patient).order_by("pk").values_list("action", flat=True)
    )


# ---- the patient's page -----------------------------------------------------------------------


def test_the_labs_page_lists_results_newest_first_with_their_values_and_who_entered_them(
    alice: User, clinician: User, alice_client: Client, alice_shares: Share
) -> None:
    make_lab(alice, alice, drawn="2026-03-02", ferritin_ng_ml="31", iron_free_24h=False)
    # TSAT left empty: 100 × 55 / 400 = 13.75 → 13.8 (half up).
    make_lab(
        alice,
        clinician,
        drawn="2026-10-05",
        ferritin_ng_ml="120",
        serum_iron_ug_dl="55",
        tibc_ug_dl="400",
        hemoglobin_g_dl="13.1",
        crp_mg_l="2.5",
        recent_illness=True,
    )
    page = unlabelled(text(alice_client.get("/labs/")))
    assert page.index("5 Oct 2026") < page.index("2 Mar 2026")
    # Serum iron and TIBC as written, not padded to the column's two places ("55.00").
    for shown in ("120.0", "13.8", "55", "400", "13.1", "2.5", "31.0"):
        assert f"<td>{shown}</td>" in page
    assert "fever or infection in the 4 weeks before" in page
    assert "iron tablet in the 24 h before" in page
    assert '<td class="entered-by">dr_carol</td>' in page
    assert '<td class="entered-by">you</td>' in page


def test_the_patient_can_change_only_their_own_results_on_the_page(
    alice: User, clinician: User, alice_client: Client, alice_shares: Share
) -> None:
    own = make_lab(alice, alice)
    theirs = make_lab(alice, clinician)
    page = text(alice_client.get("/labs/"))
    assert f'href="/labs/{own.pk}/edit/"' in page
    assert f'href="/labs/{own.pk}/delete/"' in page
    assert f"/labs/{theirs.pk}/" not in page


def test_the_patient_sees_the_clinicians_assessments_read_only_with_the_irls_band(
    alice: User, clinician: User, alice_client: Client, alice_shares: Share
) -> None:
    make_assessment(
        alice, clinician, irls_total="24", cgi_improvement="3", note="Better since iron"
    )
    page = unlabelled(text(alice_client.get("/labs/")))
    assert "20 Nov 2026" in page
    assert "24 (severe)" in page  # 21–30 is severe
    assert "<td>5</td>" in page and "<td>3</td>" in page
    assert "Better since iron" in page
    assert '<td class="entered-by">dr_carol</td>' in page
    assert "/assessments/" not in page  # no link to change it


def test_an_empty_page_says_what_goes_there(alice_client: Client) -> None:
    page = text(alice_client.get("/labs/"))
    assert "No lab results yet." in page
    assert "No assessments yet" in page


def test_a_patient_sees_only_their_own_labs(alice: User, bob_client: Client) -> None:
    make_lab(alice, alice, ferritin_ng_ml="42.5")
    assert "42.5" not in text(bob_client.get("/labs/"))


def test_the_main_navigation_links_to_labs_after_treatments_for_patients_only(
    alice_client: Client, clinician_client: Client
) -> None:
    page = text(alice_client.get("/nights/"))
    assert page.index('href="/treatments/"') < page.index('href="/labs/"')
    assert 'href="/labs/"' not in text(clinician_client.get("/settings/"))


# ---- the patient's writes ---------------------------------------------------------------------


def test_the_add_form_starts_on_today_with_no_iron_in_the_24_h_before_ticked(
    alice_client: Client,
) -> None:
    page = text(alice_client.get("/labs/add/"))
    assert 'value="2026-11-22"' in page
    assert 'name="iron_free_24h" id="id_iron_free_24h" checked' in page


def test_the_patient_adds_a_result_with_tsat_worked_out_and_nothing_logged(
    alice: User, alice_client: Client
) -> None:
    values = {"drawn": "2026-11-01", "serum_iron_ug_dl": "59.9", "tibc_ug_dl": "300"}
    response = alice_client.post("/labs/add/", values)
    assert response.status_code == 302 and response["Location"] == "/labs/"
    lab = LabResult.objects.get()
    # 100 × 59.9 / 300 = 19.9666… → 20.0
    assert lab.tsat_pct == Decimal("20.0")
    assert lab.entered_by == "patient"
    assert lab.iron_free_24h is False  # the box was left unticked
    assert logged_actions(alice) == []


def test_the_patient_edits_their_result(alice: User, alice_client: Client) -> None:
    lab = make_lab(alice, alice)
    page = text(alice_client.get(f"/labs/{lab.pk}/edit/"))
    assert 'value="42.5"' in page
    response = alice_client.post(f"/labs/{lab.pk}/edit/", {**LAB_FORM, "ferritin_ng_ml": "80"})
    assert response.status_code == 302
    lab.refresh_from_db()
    assert lab.ferritin_ng_ml == Decimal("80.0")


def test_the_patient_deletes_their_result_after_confirming(
    alice: User, alice_client: Client
) -> None:
    lab = make_lab(alice, alice)
    page = text(alice_client.get(f"/labs/{lab.pk}/delete/"))
    assert "Delete the lab result of 1 Nov 2026?" in page
    assert LabResult.objects.exists()
    response = alice_client.post(f"/labs/{lab.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/labs/"
    assert not LabResult.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message", "typed"),
    [
        ({"ferritin_ng_ml": "10001"}, "ferritin_ng_ml", "less than or equal to 10000", "10001"),
        ({"ferritin_ng_ml": "75.25"}, "ferritin_ng_ml", "1 decimal place", "75.25"),
        ({"drawn": "2026-11-23"}, "drawn", "That date is in the future.", "2026-11-23"),
        ({"drawn": "1999-12-31"}, "drawn", "before 1 January 2000", "1999-12-31"),
        ({"tibc_ug_dl": "0"}, "tibc_ug_dl", "TIBC must be more than 0.", "0"),
    ],
)
def test_a_bad_lab_is_refused_field_by_field_and_kept_in_the_form(
    alice: User,
    alice_client: Client,
    changes: dict[str, str],
    field: str,
    message: str,
    typed: str,
) -> None:
    response = alice_client.post("/labs/add/", {**LAB_FORM, **changes})
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert f'value="{typed}"' in text(response)
    assert not LabResult.objects.exists()


def test_a_lab_without_any_result_gets_the_message_at_the_top(
    alice: User, alice_client: Client
) -> None:
    response = alice_client.post("/labs/add/", {"drawn": "2026-11-01", "recent_illness": "on"})
    assert response.status_code == 400
    assert "Give at least one result" in str(response.context["form"].non_field_errors())
    assert "Give at least one result" in text(response)
    assert not LabResult.objects.exists()


def test_a_bad_edit_changes_nothing(alice: User, alice_client: Client) -> None:
    lab = make_lab(alice, alice)
    before = stored()
    response = alice_client.post(f"/labs/{lab.pk}/edit/", {**LAB_FORM, "ferritin_ng_ml": "-1"})
    assert response.status_code == 400
    assert 'value="-1"' in text(response)
    assert stored() == before


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_patient_cannot_change_a_result_their_clinician_entered(
    alice: User,
    clinician: User,
    alice_client: Client,
    alice_shares: Share,
    action: str,
    method: str,
) -> None:
    lab = make_lab(alice, clinician)
    before = stored()
    response = getattr(alice_client, method)(f"/labs/{lab.pk}/{action}/", LAB_FORM)
    assert response.status_code == 404
    assert stored() == before


# ---- the clinician's writes -------------------------------------------------------------------


def test_the_review_page_offers_the_two_forms_and_the_clinicians_own_entries(
    alice: User, clinician: User, clinician_client: Client, alice_shares: Share
) -> None:
    own = make_lab(alice, clinician, drawn="2026-10-05")
    patients = make_lab(alice, alice)
    assessment = make_assessment(alice, clinician)
    page = text(clinician_client.get(f"/clinician/patients/{alice.pk}/"))
    assert f'href="/clinician/patients/{alice.pk}/labs/add/">Add a lab result' in page
    assert f'href="/clinician/patients/{alice.pk}/assessments/add/">Add an assessment' in page
    assert f"/clinician/patients/{alice.pk}/labs/{own.pk}/edit/" in page
    assert f"/clinician/patients/{alice.pk}/labs/{own.pk}/delete/" in page
    assert f"/clinician/patients/{alice.pk}/assessments/{assessment.pk}/edit/" in page
    assert f"/labs/{patients.pk}/" not in page


def test_a_clinicians_lab_is_theirs_shows_to_the_patient_and_is_in_the_access_log(
    alice: User,
    clinician: User,
    clinician_client: Client,
    alice_client: Client,
    alice_shares: Share,
) -> None:
    response = clinician_client.post(f"/clinician/patients/{alice.pk}/labs/add/", LAB_FORM)
    assert response.status_code == 302
    assert response["Location"] == f"/clinician/patients/{alice.pk}/"
    lab = LabResult.objects.get()
    assert lab.patient == alice and lab.entered_by == "dr_carol"
    assert '<td class="entered-by">dr_carol</td>' in unlabelled(text(alice_client.get("/labs/")))
    assert "added a lab result" in text(alice_client.get("/sharing/"))


def test_a_clinician_adds_an_assessment_the_patient_sees(
    alice: User, clinician_client: Client, alice_client: Client, alice_shares: Share
) -> None:
    url = f"/clinician/patients/{alice.pk}/assessments/add/"
    assert 'value="2026-11-22"' in text(clinician_client.get(url))
    response = clinician_client.post(url, {**ASSESSMENT_FORM, "note": "Augmentation? review"})
    assert response.status_code == 302
    assert response["Location"] == f"/clinician/patients/{alice.pk}/"
    assessment = Assessment.objects.get()
    assert assessment.irls_total == 24 and assessment.entered_by == "dr_carol"
    assert "Augmentation? review" in text(alice_client.get("/labs/"))
    assert "added an assessment" in text(alice_client.get("/sharing/"))


def test_a_clinician_edits_and_deletes_their_own_entries_and_each_is_logged(
    alice: User, clinician: User, clinician_client: Client, alice_shares: Share
) -> None:
    lab = make_lab(alice, clinician)
    assessment = make_assessment(alice, clinician)
    base = f"/clinician/patients/{alice.pk}"
    assert 'value="42.5"' in text(clinician_client.get(f"{base}/labs/{lab.pk}/edit/"))
    clinician_client.post(f"{base}/labs/{lab.pk}/edit/", {**LAB_FORM, "ferritin_ng_ml": "90"})
    clinician_client.post(
        f"{base}/assessments/{assessment.pk}/edit/", {**ASSESSMENT_FORM, "irls_total": "12"}
    )
    lab.refresh_from_db()
    assessment.refresh_from_db()
    assert lab.ferritin_ng_ml == Decimal("90.0") and assessment.irls_total == 12
    assert "Delete the assessment of 20 Nov 2026?" in text(
        clinician_client.get(f"{base}/assessments/{assessment.pk}/delete/")
    )
    clinician_client.post(f"{base}/labs/{lab.pk}/delete/")
    clinician_client.post(f"{base}/assessments/{assessment.pk}/delete/")
    assert stored() == []
    assert logged_actions(alice)[-6:] == [
        "labs",  # the edit page showed her lab result
        "lab_changed",
        "assessment_changed",
        "assessments",  # the delete page showed her assessment
        "lab_deleted",
        "assessment_deleted",
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"irls_total": "41"}, "irls_total"), ({"assessed": "2026-11-23"}, "assessed")],
)
def test_a_bad_assessment_is_refused_and_nothing_is_stored_or_logged(
    alice: User,
    clinician_client: Client,
    alice_shares: Share,
    changes: dict[str, str],
    field: str,
) -> None:
    before = logged_actions(alice)
    url = f"/clinician/patients/{alice.pk}/assessments/add/"
    response = clinician_client.post(url, {**ASSESSMENT_FORM, **changes})
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert f'value="{changes[field]}"' in text(response)
    assert not Assessment.objects.exists()
    assert logged_actions(alice) == before


def test_an_assessment_without_a_score_gets_the_message_at_the_top(
    alice: User, clinician_client: Client, alice_shares: Share
) -> None:
    url = f"/clinician/patients/{alice.pk}/assessments/add/"
    response = clinician_client.post(url, {"assessed": "2026-11-20", "note": "seen"})
    assert response.status_code == 400
    assert "Give at least one score" in text(response)
    assert "seen" in text(response)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_clinician_cannot_change_the_patients_own_result(
    alice: User, clinician_client: Client, alice_shares: Share, action: str, method: str
) -> None:
    lab = make_lab(alice, alice)
    before = stored()
    url = f"/clinician/patients/{alice.pk}/labs/{lab.pk}/{action}/"
    assert getattr(clinician_client, method)(url, LAB_FORM).status_code == 404
    assert stored() == before


@pytest.mark.parametrize(
    "url",
    ["labs/{lab}/edit/", "labs/{lab}/delete/", "assessments/{a}/edit/", "assessments/{a}/delete/"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_clinician_cannot_change_another_clinicians_entry(
    alice: User, clinician: User, alice_shares: Share, url: str, method: str
) -> None:
    other = make_user("dr_dan", "clinician")
    share_with(alice, other)
    lab, assessment = make_lab(alice, other), make_assessment(alice, other)
    before = stored()
    client = Client()
    client.force_login(clinician)
    full = f"/clinician/patients/{alice.pk}/" + url.format(lab=lab.pk, a=assessment.pk)
    assert getattr(client, method)(full, {**LAB_FORM, **ASSESSMENT_FORM}).status_code == 404
    assert stored() == before


# ---- the access matrix ------------------------------------------------------------------------

PATIENT_PAGES = ["/labs/", "/labs/add/", "/labs/{lab}/edit/", "/labs/{lab}/delete/"]
CLINICIAN_PAGES = [
    "labs/add/",
    "labs/{lab}/edit/",
    "labs/{lab}/delete/",
    "assessments/add/",
    "assessments/{a}/edit/",
    "assessments/{a}/delete/",
]
ANY_FORM = {**LAB_FORM, **ASSESSMENT_FORM}


@pytest.mark.parametrize("url", PATIENT_PAGES[2:])
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("who", ["bob_client", "clinician_client", "revoked_client"])
def test_nobody_but_the_patient_can_open_their_results_pages(
    request: pytest.FixtureRequest,
    alice: User,
    alice_shares: Share,
    url: str,
    method: str,
    who: str,
) -> None:
    client: Client = request.getfixturevalue(who)
    lab = make_lab(alice, alice)
    before = stored()
    response = getattr(client, method)(url.format(lab=lab.pk), ANY_FORM)
    assert response.status_code == 404
    assert stored() == before


@pytest.mark.parametrize("url", PATIENT_PAGES[:2])
def test_clinicians_have_no_patient_labs_page(clinician_client: Client, url: str) -> None:
    assert clinician_client.get(url).status_code == 404
    assert clinician_client.post(url, LAB_FORM).status_code == 404
    assert not LabResult.objects.exists()


@pytest.mark.parametrize("url", CLINICIAN_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_clinician_with_a_share_can_open_every_page(
    alice: User,
    clinician: User,
    clinician_client: Client,
    alice_shares: Share,
    url: str,
    method: str,
) -> None:
    lab, assessment = make_lab(alice, clinician), make_assessment(alice, clinician)
    full = f"/clinician/patients/{alice.pk}/" + url.format(lab=lab.pk, a=assessment.pk)
    response = getattr(clinician_client, method)(full, ANY_FORM)
    assert response.status_code == (200 if method == "get" else 302)


@pytest.mark.parametrize("url", CLINICIAN_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "who", ["revoked_client", "lonely_clinician_client", "alice_client", "bob_client"]
)
def test_nobody_else_can_open_a_clinician_page_for_alice(
    request: pytest.FixtureRequest,
    alice: User,
    revoked_clinician: User,
    url: str,
    method: str,
    who: str,
) -> None:
    # The revoked clinician's own entries, made while they still had the share, stay in alice's
    # record; after the revoke they cannot change them.
    lab = LabResult.objects.create(
        patient=alice, entered_by_user=revoked_clinician, drawn=TODAY, ferritin_ng_ml=50
    )
    assessment = Assessment.objects.create(
        patient=alice, entered_by_user=revoked_clinician, assessed=TODAY, irls_total=20
    )
    client: Client = request.getfixturevalue(who)
    before, actions = stored(), logged_actions(alice)
    full = f"/clinician/patients/{alice.pk}/" + url.format(lab=lab.pk, a=assessment.pk)
    assert getattr(client, method)(full, ANY_FORM).status_code == 404
    assert stored() == before
    assert logged_actions(alice) == actions


@pytest.mark.parametrize(
    "url", [*PATIENT_PAGES, *(f"/clinician/patients/{{alice}}/{u}" for u in CLINICIAN_PAGES)]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in(
    alice: User, clinician: User, alice_shares: Share, url: str, method: str
) -> None:
    lab, assessment = make_lab(alice, clinician), make_assessment(alice, clinician)
    full = url.format(alice=alice.pk, lab=lab.pk, a=assessment.pk)
    response = getattr(Client(), method)(full, ANY_FORM)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert len(stored()) == 2

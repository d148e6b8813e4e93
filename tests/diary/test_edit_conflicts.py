"""No lost updates on the web (issue 13): an edit form carries the version it was opened with;
sent after the entry changed elsewhere, it stores nothing and shows what is saved now beside
what was typed, and sending it again from that page saves it."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client

from diary import labs
from diary.models import Assessment, LabResult, Night, Treatment, User
from tests.factories import form_data, make_night
from tests.helpers import logged_in, text
from tests.treatment_factories import make_treatment, treatment_form

FROZEN = "2026-11-22 15:00:00+00:00"
LAB_FORM = {"drawn": "2026-11-01", "ferritin_ng_ml": "42.5", "iron_free_24h": "on"}
ASSESSMENT_FORM = {"assessed": "2026-11-20", "irls_total": "24", "cgi_severity": "5"}


@pytest.fixture(autouse=True)
def frozen_clock(db: None) -> Iterator[None]:
    with time_machine.travel(FROZEN, tick=False):
        yield


@dataclass(frozen=True)
class EditPage:
    """An entry's edit page, the full form body for it, and who may edit it."""

    url: str
    form: Callable[[str], dict[str, Any]]  # the body with one text field set to its argument
    stored: Callable[[], str]  # that field as stored
    editor: User
    changed_elsewhere: str  # the start of the page's message


def night_page(alice: User, clinician: User) -> EditPage:
    night = make_night(alice, "2026-11-20")
    return EditPage(
        "/nights/2026-11-20/",
        lambda notes: form_data(night="2026-11-20", notes=notes),
        lambda: Night.objects.get(pk=night.pk).notes,
        alice,
        "This night was changed elsewhere",
    )


def treatment_page(alice: User, clinician: User) -> EditPage:
    treatment = make_treatment(alice)
    return EditPage(
        f"/treatments/{treatment.pk}/edit/",
        lambda notes: treatment_form(notes=notes),
        lambda: Treatment.objects.get(pk=treatment.pk).notes,
        alice,
        "This treatment was changed elsewhere",
    )


def lab_page(alice: User, clinician: User) -> EditPage:
    lab = labs.clean_lab(patient=alice, values=LAB_FORM, by=alice)
    labs.save_entry(lab, by=alice, created=True)
    return EditPage(
        f"/labs/{lab.pk}/edit/",
        lambda ferritin: {**LAB_FORM, "ferritin_ng_ml": ferritin},
        lambda: str(LabResult.objects.get(pk=lab.pk).ferritin_ng_ml),
        alice,
        "This lab result was changed elsewhere",
    )


def assessment_page(alice: User, clinician: User) -> EditPage:
    assessment = labs.clean_assessment(patient=alice, values=ASSESSMENT_FORM, by=clinician)
    labs.save_entry(assessment, by=clinician, created=True)
    return EditPage(
        f"/clinician/patients/{alice.pk}/assessments/{assessment.pk}/edit/",
        lambda note: {**ASSESSMENT_FORM, "note": note},
        lambda: Assessment.objects.get(pk=assessment.pk).note,
        clinician,
        "This assessment was changed elsewhere",
    )


PAGES = {
    "night": night_page,
    "treatment": treatment_page,
    "lab": lab_page,
    "assessment": assessment_page,
}
# What each of the two editors types in the field the page's form sets.
THEIRS = {"night": "typed on the phone", "lab": "50.0"}
MINE = {"night": "typed on the laptop", "lab": "61.0"}


@pytest.fixture(params=list(PAGES))
def page(
    request: pytest.FixtureRequest, alice: User, clinician: User, alice_shares: Any
) -> tuple[EditPage, str, str]:
    kind = request.param
    theirs = THEIRS["lab" if kind == "lab" else "night"]
    mine = MINE["lab" if kind == "lab" else "night"]
    return PAGES[kind](alice, clinician), theirs, mine


def version_in(response: Any) -> str:
    found = re.search(r'<input type="hidden" name="version" value="([0-9a-f]+)">', text(response))
    assert found, "the edit form carries no version"
    return found[1]


def saved_now(response: Any) -> str:
    """The page's card of what is saved now."""
    found = re.search(r'<section[^>]*id="saved-now".*?</section>', text(response), re.S)
    assert found, "the page does not show what is saved now"
    return found[0]


def test_a_stale_edit_stores_nothing_and_shows_what_is_saved_beside_what_was_typed(
    page: tuple[EditPage, str, str],
) -> None:
    edit, theirs, mine = page
    laptop, phone = logged_in(edit.editor), logged_in(edit.editor)
    opened = version_in(laptop.get(edit.url))
    on_phone = phone.post(
        edit.url, {**edit.form(theirs), "version": version_in(phone.get(edit.url))}
    )
    assert on_phone.status_code == 302
    assert edit.stored() == theirs

    response = laptop.post(edit.url, {**edit.form(mine), "version": opened})

    assert response.status_code == 409
    assert edit.stored() == theirs  # nothing overwritten
    card = saved_now(response)
    assert edit.changed_elsewhere in card
    assert theirs in card
    # What the laptop typed is still in the form, outside the card.
    assert mine in text(response).replace(card, "")
    assert mine not in card


def test_sending_the_form_again_from_the_conflict_page_saves_it(
    page: tuple[EditPage, str, str],
) -> None:
    edit, theirs, mine = page
    laptop, phone = logged_in(edit.editor), logged_in(edit.editor)
    opened = version_in(laptop.get(edit.url))
    phone.post(edit.url, {**edit.form(theirs), "version": version_in(phone.get(edit.url))})
    conflict = laptop.post(edit.url, {**edit.form(mine), "version": opened})
    assert conflict.status_code == 409
    newer = version_in(conflict)
    assert newer != opened

    again = laptop.post(edit.url, {**edit.form(mine), "version": newer})

    assert again.status_code == 302
    assert edit.stored() == mine


def test_an_edit_from_the_current_version_or_without_one_saves(
    page: tuple[EditPage, str, str],
) -> None:
    edit, theirs, mine = page
    client = logged_in(edit.editor)
    current = version_in(client.get(edit.url))
    assert client.post(edit.url, {**edit.form(theirs), "version": current}).status_code == 302
    assert edit.stored() == theirs
    # A page opened before versions existed sends none: it saves, as it always did.
    assert client.post(edit.url, edit.form(mine)).status_code == 302
    assert edit.stored() == mine


def test_a_stale_edit_with_bad_input_still_stores_nothing(
    alice: User, alice_client: Client
) -> None:
    night = make_night(alice, "2026-11-20")
    url = "/nights/2026-11-20/"
    opened = version_in(alice_client.get(url))
    Night.objects.filter(pk=night.pk).update(notes="changed by the API")
    response = alice_client.post(
        url, {**form_data(night="2026-11-20", severity="11"), "version": opened}
    )
    assert response.status_code == 409
    assert "changed by the API" in saved_now(response)
    assert Night.objects.get(pk=night.pk).severity == 5

"""The log form's markup for screen readers and after a refused save: the error summary at the
top, the help text each field points at, the groups of the page (issue 15)."""

import pytest
import time_machine
from django.test import Client

from diary.forms import NIGHT_PAGE_ORDER, NightForm
from diary.models import User
from tests.factories import form_data
from tests.form_markup import FormPage, read_form_page

FROZEN = "2026-11-22 15:00:00+00:00"
NOTES = "Legs restless after the film; walked the hall twice."


def refused(client: Client) -> FormPage:
    """A night sent with three problems (none for the night, a severity not chosen, minutes
    awake that are not a number), and a note typed with them."""
    data = form_data(night="", waso_min="lots", notes=NOTES)
    del data["severity"]
    response = client.post("/nights/log/", data)
    assert response.status_code == 400
    return read_form_page(response.content.decode())


@time_machine.travel(FROZEN, tick=False)
def test_a_refused_night_lists_every_problem_at_the_top_as_a_link_to_its_field(
    alice: User, alice_client: Client
) -> None:
    page = refused(alice_client)
    assert page.summary is not None
    # Focus goes there on load (js/error-summary.js): focusable by script, not by Tab.
    assert page.summary["tabindex"] == "-1"
    assert page.summary["aria-labelledby"] == "error-summary-title"
    assert page.texts["error-summary-title"] == page.summary_heading == "There is a problem"
    # In the order of the page (severity comes before the sleep items there), each naming its
    # question and linking to it.
    hrefs = [link.href for link in page.summary_links]
    assert hrefs == ["#id_night", "#id_severity", "#id_waso_min"]
    assert [link.text for link in page.summary_links] == [
        "Night of: This field is required.",
        "RLS severity: This field is required.",
        "Minutes awake during the night: Enter a whole number.",
    ]
    for link in page.summary_links:
        assert link.href[1:] in page.texts, f"{link.href} links to nothing"


@time_machine.travel(FROZEN, tick=False)
def test_a_refused_night_keeps_what_was_typed_and_each_fields_own_message(
    alice: User, alice_client: Client
) -> None:
    page = refused(alice_client)
    assert page.textareas["notes"].strip("\n") == NOTES
    assert page.inputs["waso_min"] == "lots"
    assert page.inputs["in_bed"] == "22:30"
    for name in ("night", "severity", "waso_min"):
        assert page.texts[f"id_{name}_error"], name
    assert "Please correct the highlighted fields" not in str(page.texts)


@time_machine.travel(FROZEN, tick=False)
def test_a_blank_form_has_no_error_summary(alice: User, alice_client: Client) -> None:
    page = read_form_page(alice_client.get("/nights/log/").content.decode())
    assert page.summary is None
    assert "error-summary-title" not in page.texts


@pytest.mark.parametrize("state", ["blank", "refused"])
@time_machine.travel(FROZEN, tick=False)
def test_every_aria_describedby_on_the_night_form_names_an_element_that_exists(
    alice: User, alice_client: Client, state: str
) -> None:
    if state == "blank":
        page = read_form_page(alice_client.get("/nights/log/").content.decode())
    else:
        page = refused(alice_client)
    assert page.describedby, "nothing on the page is described"
    for element, named in page.describedby.items():
        for element_id in named:
            assert page.texts.get(element_id), f"{element} points at {element_id}: not there"


@time_machine.travel(FROZEN, tick=False)
def test_each_fields_help_text_is_what_its_input_or_group_points_at(
    alice: User, alice_client: Client
) -> None:
    page = read_form_page(alice_client.get("/nights/log/").content.decode())
    form = NightForm(patient=alice)
    helped = [name for name, field in form.fields.items() if field.help_text]
    # Text fields, and groups of radio buttons (severity, tiredness) alike.
    assert {"night", "onset", "severity", "day_fatigue"} <= set(helped)
    for name in helped:
        helptext = f"id_{name}_helptext"
        assert page.texts[helptext] == str(form.fields[name].help_text)
        # The input itself, or the fieldset around a group's radio buttons.
        assert helptext in page.describedby[f"id_{name}"], name


def test_the_page_order_names_every_field_of_the_night_form_once() -> None:
    # The error summary lists problems in this order: a field left out would never be listed.
    assert sorted(NIGHT_PAGE_ORDER) == sorted(NightForm.base_fields)


@time_machine.travel(FROZEN, tick=False)
def test_the_form_is_in_three_groups_with_save_in_a_bar_after_them(
    alice: User, alice_client: Client
) -> None:
    html = alice_client.get("/nights/log/").content.decode()
    headings = ["Evening: your legs", "Sleep", "Daytime and notes"]
    positions = [html.index(f"<h2>{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    # The evening group holds severity, the one tap, the symptoms and the triggers.
    evening = html[positions[0] : positions[1]]
    for marker in ('id="id_severity"', 'id="no-symptoms"', 'id="id_onset"', 'id="id_factors"'):
        assert marker in evening
    bar = html.index('<div class="save-bar" id="save-bar">')
    assert bar > html.index('id="id_notes"')
    assert html.index('id="save"') > bar

"""Daytime impact on the night entry (domain.md section 2): day_fatigue (0–10) and day_mood
(1–5), both optional, allowed on a severity-0 night, refused with the same field-level words
by the web form, the API and the CSV import, and refused by the database itself."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.test import Client
from rest_framework.test import APIClient

from diary.forms import COPIED_FROM_PREVIOUS, NightForm
from diary.models import ENTRY_FIELDS, Night, User
from tests.factories import NO_SYMPTOMS, form_data, night_json
from tests.helpers import token_client

# 15:00 UTC is 10:00 in New York: alice may log nights up to 2026-11-22.
FROZEN = "2026-11-22 15:00:00+00:00"

# An old-style header: the import takes files without the two daytime columns.
HEADER = (
    "night,in_bed,lights_out,sleep_latency_min,awakenings,waso_min,final_wake,out_of_bed,"
    "sleep_quality,severity,onset,sensations,areas,relief,factors,notes"
)
ROW = "2026-11-20,22:30,23:00,30,2,20,06:30,07:00,3,5,21:15,urge,left_leg,walking,,"


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def alice_api(alice: User) -> APIClient:
    return token_client(alice)


def stored(night: Night) -> dict[str, Any]:
    fresh = Night.objects.get(pk=night.pk)
    return {**model_to_dict(fresh), "updated": fresh.updated}


def post_csv(client: APIClient, text: str) -> Any:
    return client.post("/api/v1/nights/import/", text.encode(), content_type="text/csv")


def checked(page: str, name: str) -> list[str]:
    """The values of the checked radio buttons named `name` on a rendered page."""
    buttons = re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"([^>]*)>', page)
    return [value for value, attributes in buttons if " checked" in attributes]


# The model


def test_the_two_fields_follow_notes_in_the_entry_order_of_section_5() -> None:
    assert ENTRY_FIELDS[-3:] == ("notes", "day_fatigue", "day_mood")


@pytest.mark.parametrize(
    ("field", "value"), [("day_fatigue", 11), ("day_mood", 0), ("day_mood", 6)]
)
def test_the_database_refuses_a_value_out_of_range_even_when_validation_is_bypassed(
    alice: User, make_night: Callable[..., Night], field: str, value: int
) -> None:
    entry = make_night(alice, "2026-11-20", day_fatigue=4, day_mood=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Night.objects.filter(pk=entry.pk).update(**{field: value})
    fresh = Night.objects.get(pk=entry.pk)
    assert (fresh.day_fatigue, fresh.day_mood) == (4, 3)


def test_the_database_takes_both_empty_and_the_ends_of_each_scale(
    alice: User, make_night: Callable[..., Night]
) -> None:
    entry = make_night(alice, "2026-11-20")
    assert (entry.day_fatigue, entry.day_mood) == (None, None)
    Night.objects.filter(pk=entry.pk).update(day_fatigue=0, day_mood=1)
    Night.objects.filter(pk=entry.pk).update(day_fatigue=10, day_mood=5)
    fresh = Night.objects.get(pk=entry.pk)
    assert (fresh.day_fatigue, fresh.day_mood) == (10, 5)


# The web form


def test_the_log_page_saves_tiredness_and_mood(alice: User, alice_client: Client) -> None:
    response = alice_client.post("/nights/log/", form_data(day_fatigue=7, day_mood=2))
    assert response.status_code == 302
    night = alice.nights.get()
    assert (night.day_fatigue, night.day_mood) == (7, 2)


@pytest.mark.parametrize("sent", ["empty", "left out"])
def test_the_log_page_leaves_them_empty_when_not_answered(
    alice: User, alice_client: Client, sent: str
) -> None:
    data = form_data()  # day_fatigue and day_mood as empty fields ("No answer")
    if sent == "left out":
        del data["day_fatigue"], data["day_mood"]
    assert alice_client.post("/nights/log/", data).status_code == 302
    night = alice.nights.get()
    assert (night.day_fatigue, night.day_mood) == (None, None)


def test_fatigue_0_is_an_answer_not_an_empty_value(alice: User, alice_client: Client) -> None:
    assert alice_client.post("/nights/log/", form_data(day_fatigue=0)).status_code == 302
    assert alice.nights.get().day_fatigue == 0


def test_they_are_allowed_on_a_symptom_free_night(alice: User, alice_client: Client) -> None:
    # Tiredness and mood have causes besides RLS: severity 0 leaves them free.
    data = form_data(severity=0, **NO_SYMPTOMS, day_fatigue=8, day_mood=1)
    assert alice_client.post("/nights/log/", data).status_code == 302
    night = alice.nights.get()
    assert (night.severity, night.day_fatigue, night.day_mood) == (0, 8, 1)


@pytest.mark.parametrize(
    ("field", "typed"),
    [("day_fatigue", "11"), ("day_fatigue", "-1"), ("day_fatigue", "x"), ("day_mood", "0")],
)
def test_the_log_page_refuses_a_bad_value_on_its_field_and_keeps_what_was_typed(
    alice_client: Client, db: None, field: str, typed: str
) -> None:
    answers = {"day_fatigue": "6", "day_mood": "4", field: typed}
    response = alice_client.post("/nights/log/", form_data(notes="slept badly", **answers))
    assert response.status_code == 400
    form = response.context["form"]
    message = f"Select a valid choice. {typed} is not one of the available choices."
    assert dict(form.errors) == {field: [message]}
    assert form["notes"].value() == "slept badly"
    assert form[field].value() == typed
    page = response.content.decode()
    assert message in page
    (other,) = set(answers) - {field}
    assert checked(page, other) == [answers[other]]  # the other answer is still chosen
    assert not Night.objects.exists()


def test_a_bad_value_on_the_edit_page_changes_nothing(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    entry = make_night(alice, "2026-11-20", day_fatigue=3, day_mood=4)
    before = stored(entry)
    response = alice_client.post("/nights/2026-11-20/", form_data(day_fatigue=12, day_mood=2))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"day_fatigue"}
    assert stored(entry) == before


def test_the_edit_page_shows_the_stored_answers_and_no_answer_clears_them(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-20", day_fatigue=9, day_mood=1)
    page = alice_client.get("/nights/2026-11-20/").content.decode()
    assert (checked(page, "day_fatigue"), checked(page, "day_mood")) == (["9"], ["1"])
    # "No answer" is an empty value, sent as such.
    response = alice_client.post("/nights/2026-11-20/", form_data(day_fatigue="", day_mood=""))
    assert response.status_code == 302
    night = alice.nights.get()
    assert (night.day_fatigue, night.day_mood) == (None, None)


def test_the_log_page_offers_both_scales_with_the_words_of_section_2(
    alice_client: Client,
) -> None:
    page = alice_client.get("/nights/log/").content.decode()
    fatigue = [f'name="day_fatigue" value="{n}"' for n in range(11)]
    assert all(radio in page for radio in fatigue)
    assert 'name="day_fatigue" value="11"' not in page
    for value, word in enumerate(["Very low", "Low", "Neutral", "Good", "Very good"], start=1):
        assert f'name="day_mood" value="{value}"' in page
        assert f"<span>{word}</span>" in page
    assert 'name="day_mood" value="0"' not in page


def test_the_log_page_does_not_copy_them_from_the_previous_night(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    # They describe one day: yesterday's tiredness is not today's.
    make_night(alice, "2026-11-20", day_fatigue=9, day_mood=1, sleep_latency_min=45)
    initial = NightForm.initial_for(alice)
    assert initial["sleep_latency_min"] == 45  # the sleep items are copied
    assert "day_fatigue" not in initial and "day_mood" not in initial
    assert not {"day_fatigue", "day_mood"} & set(COPIED_FROM_PREVIOUS)
    page = alice_client.get("/nights/log/").content.decode()
    # "No answer" (the empty value) is the chosen button of each row.
    assert (checked(page, "day_fatigue"), checked(page, "day_mood")) == ([""], [""])


# The same words on every path

BAD_VALUES = [
    ("day_fatigue", "11"),
    ("day_fatigue", "-1"),
    ("day_fatigue", "x"),
    ("day_fatigue", "2.5"),
    ("day_mood", "0"),
    ("day_mood", "6"),
    ("day_mood", "x"),
]


@pytest.mark.parametrize(("field", "typed"), BAD_VALUES)
def test_the_form_the_api_and_the_import_refuse_a_bad_value_in_the_same_words(
    alice: User, alice_client: Client, alice_api: APIClient, field: str, typed: str
) -> None:
    form = alice_client.post("/nights/log/", form_data(**{field: typed}))
    as_json: Any = typed if typed == "x" else float(typed) if "." in typed else int(typed)
    api = alice_api.post("/api/v1/nights/", night_json(**{field: as_json}), format="json")
    header = f"{HEADER},{field}"
    imported = post_csv(alice_api, f"{header}\n{ROW},{typed}\n")
    message = f"Select a valid choice. {typed} is not one of the available choices."
    assert form.status_code == 400 and dict(form.context["form"].errors) == {field: [message]}
    assert api.status_code == 400 and api.json() == {field: [message]}
    assert imported.status_code == 400
    assert imported.json()["errors"] == [{"line": 2, "column": field, "message": message}]
    assert not Night.objects.exists()

"""Which night the log form offers, and how it names it (issue 15)."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import time_machine
from django.test import Client

from diary.drafts import save_draft
from diary.forms import NightForm, first_unlogged_night
from diary.models import Night, NightDraft, User
from tests.factories import form_data

# 15:00 UTC is 10:00 in New York: last night there is Saturday 2026-11-21.
FROZEN = "2026-11-22 15:00:00+00:00"
LAST_NIGHT = date(2026, 11, 21)


def offered(client: Client) -> date:
    night: date = client.get("/nights/log/").context["form"].initial["night"]
    return night


def one_tap_body(form: NightForm) -> dict[str, Any]:
    """What the browser posts for the one-tap button on an untouched form: every offered value,
    severity 0, and the symptom questions left out (night-form.js disables them)."""
    body: dict[str, Any] = {}
    for name, field in form.fields.items():
        if name in ("onset", "sensations", "areas", "relief"):
            continue
        value = form[name].value()
        if value is None:
            continue
        if not isinstance(value, list):
            value = field.widget.format_value(value)
        if value is not None:
            body[name] = value
    body["severity"] = "0"
    return body


@time_machine.travel(FROZEN, tick=False)
def test_it_offers_last_night_when_no_night_is_logged(alice: User, alice_client: Client) -> None:
    assert offered(alice_client) == LAST_NIGHT


@time_machine.travel(FROZEN, tick=False)
def test_it_offers_the_night_before_when_last_night_is_logged(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, LAST_NIGHT)
    assert offered(alice_client) == date(2026, 11, 20)


@time_machine.travel(FROZEN, tick=False)
def test_it_offers_the_most_recent_gap_not_the_oldest(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, LAST_NIGHT)
    make_night(alice, "2026-11-20")
    make_night(alice, "2026-11-18")
    assert offered(alice_client) == date(2026, 11, 19)


@time_machine.travel(FROZEN, tick=False)
def test_it_offers_last_night_again_when_the_last_14_nights_are_all_logged(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    for back in range(14):
        make_night(alice, LAST_NIGHT - timedelta(days=back))
    response = alice_client.get("/nights/log/")
    assert response.context["form"].initial["night"] == LAST_NIGHT
    # Posting it is refused as before, with the way to the stored entry.
    body = one_tap_body(response.context["form"])
    refused = alice_client.post("/nights/log/", body)
    assert refused.status_code == 400
    assert refused.context["form"].duplicate_of.night == LAST_NIGHT


@time_machine.travel(FROZEN, tick=False)
def test_it_looks_for_the_unlogged_night_in_one_query(
    alice: User, make_night: Callable[..., Night], django_assert_num_queries: Any
) -> None:
    make_night(alice, LAST_NIGHT)
    with django_assert_num_queries(1):
        assert first_unlogged_night(alice) == date(2026, 11, 20)


@time_machine.travel(FROZEN, tick=False)
def test_it_names_the_offered_night_in_words(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    page = alice_client.get("/nights/log/").content.decode()
    assert "Saturday night, 21 Nov" in page
    make_night(alice, LAST_NIGHT)
    page = alice_client.get("/nights/log/").content.decode()
    assert "Friday night, 20 Nov" in page


@time_machine.travel(FROZEN, tick=False)
def test_the_one_tap_no_symptoms_saves_when_last_night_is_already_logged(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, LAST_NIGHT, severity=5)
    form = alice_client.get("/nights/log/").context["form"]
    response = alice_client.post("/nights/log/", one_tap_body(form))
    assert response.status_code == 302
    saved = alice.nights.get(night=date(2026, 11, 20))
    assert (saved.severity, saved.onset) == (0, None)
    assert alice.nights.get(night=LAST_NIGHT).severity == 5


@time_machine.travel(FROZEN, tick=False)
def test_a_refused_duplicate_still_names_the_night_that_was_sent(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-19")
    response = alice_client.post("/nights/log/", form_data(night="2026-11-19"))
    assert response.status_code == 400
    assert "Thursday night, 19 Nov" in response.content.decode()


@time_machine.travel(FROZEN, tick=False)
def test_an_old_draft_does_not_take_over_from_the_most_recent_unlogged_night(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, LAST_NIGHT)
    old = date(2026, 11, 12)
    save_draft(patient=alice, values={"night": old, "severity": 0, "notes": "ten days ago"})

    response = alice_client.get("/nights/log/")
    form = response.context["form"]
    assert form.initial["night"] == date(2026, 11, 20)
    assert not form.initial["notes"]
    page = response.content.decode()
    assert "Friday night, 20 Nov" in page and "Finish the diary" not in page
    # The one tap logs last night's neighbour, and the old draft waits on the list.
    assert alice_client.post("/nights/log/", one_tap_body(form)).status_code == 302
    assert alice.nights.filter(night=date(2026, 11, 20)).exists()
    assert NightDraft.objects.get().night == old


@time_machine.travel(FROZEN, tick=False)
def test_the_most_recent_unlogged_night_opens_with_its_draft(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, LAST_NIGHT)
    save_draft(patient=alice, values={"night": "2026-11-20", "severity": 0, "notes": "started"})
    save_draft(patient=alice, values={"night": "2026-11-12", "severity": 0, "notes": "old"})
    form = alice_client.get("/nights/log/").context["form"]
    assert (form.initial["night"], form.initial["notes"]) == (date(2026, 11, 20), "started")

"""Logging, editing and deleting nights through the web pages (domain.md section 2)."""

from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from diary.models import Night, User
from tests.factories import form_data

# 15:00 UTC is 10:00 in New York: "last night" there is 2026-11-21.
FROZEN = "2026-11-22 15:00:00+00:00"


@time_machine.travel(FROZEN, tick=False)
def test_it_stores_a_night_and_lists_it_with_derived_metrics(
    alice: User, alice_client: Client
) -> None:
    response = alice_client.post("/nights/log/", form_data(night="2026-11-20"))
    assert response.status_code == 302
    entry = alice.nights.get()
    assert entry.night == date(2026, 11, 20)
    assert entry.sensations == ["urge", "creeping"]
    assert entry.onset == time(21, 15)

    page = alice_client.get("/nights/").content.decode()
    # 22:30 -> 07:00 = 8 h 30 in bed; 400 min = 6 h 40 asleep; SE 78.4 %; loss 80 = 1 h 20.
    for text in ("8 h 30 min", "6 h 40 min", "78.4 %", "1 h 20 min"):
        assert text in page


@time_machine.travel(FROZEN, tick=False)
def test_it_offers_last_night_in_the_patients_zone(alice: User, alice_client: Client) -> None:
    response = alice_client.get("/nights/log/")
    assert response.context["form"].initial["night"] == date(2026, 11, 21)


@time_machine.travel("2026-11-22 03:00:00+00:00", tick=False)
def test_it_offers_last_night_by_the_patients_clock_not_the_servers(
    alice: User, alice_client: Client
) -> None:
    # 03:00 UTC is still 22:00 on the 21st in New York, so last night there is the 20th.
    response = alice_client.get("/nights/log/")
    assert response.context["form"].initial["night"] == date(2026, 11, 20)


@time_machine.travel(FROZEN, tick=False)
def test_it_prefills_times_from_the_previous_entry(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-19", in_bed=time(22, 45), out_of_bed=time(8, 15))
    initial = alice_client.get("/nights/log/").context["form"].initial
    assert initial["in_bed"] == time(22, 45)
    assert initial["out_of_bed"] == time(8, 15)


@time_machine.travel(FROZEN, tick=False)
def test_it_saves_a_symptom_free_night_from_the_one_tap_button(
    alice: User, alice_client: Client
) -> None:
    # What the browser posts when the prefilled form is sent with the "No symptoms" button.
    data = form_data(onset=None, sensations=[], areas=[], relief=[])
    data["severity"] = "0"
    assert alice_client.post("/nights/log/", data).status_code == 302
    assert alice.nights.get().severity == 0


@time_machine.travel(FROZEN, tick=False)
def test_it_rejects_future_nights(alice: User, alice_client: Client) -> None:
    response = alice_client.post("/nights/log/", form_data(night="2026-11-23"))
    assert response.status_code == 400
    assert "in the future" in response.context["form"].errors["night"][0]
    assert not Night.objects.exists()


@time_machine.travel(FROZEN, tick=False)
def test_it_accepts_tonight_but_not_tomorrow_by_the_patients_clock(
    bob: User, bob_client: Client
) -> None:
    # 15:00 UTC is 16:00 in Berlin on the 22nd: the 22nd is tonight, the 23rd is future.
    assert bob_client.post("/nights/log/", form_data(night="2026-11-22")).status_code == 302
    assert bob_client.post("/nights/log/", form_data(night="2026-11-23")).status_code == 400


@time_machine.travel(FROZEN, tick=False)
def test_it_refuses_a_second_entry_for_the_same_night_and_links_to_the_first(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    first = make_night(alice, "2026-11-20", severity=3)
    response = alice_client.post("/nights/log/", form_data(night="2026-11-20", severity=9))
    assert response.status_code == 400
    message = response.context["form"].errors["night"][0]
    assert "already logged" in message
    assert 'href="/nights/2026-11-20/"' in response.content.decode()
    first.refresh_from_db()
    assert first.severity == 3
    assert alice.nights.count() == 1


INVALID_CASES = [
    # (overrides, field, part of the message)
    ({"night": "1999-12-31"}, "night", "before 1 January 2000"),
    ({"night": "not a date"}, "night", "valid date"),
    ({"in_bed": "25:00"}, "in_bed", "valid time"),
    ({"sleep_latency_min": 721}, "sleep_latency_min", "less than or equal to 720"),
    ({"sleep_latency_min": -1}, "sleep_latency_min", "greater than or equal to 0"),
    ({"awakenings": 51}, "awakenings", "less than or equal to 50"),
    ({"waso_min": 721}, "waso_min", "less than or equal to 720"),
    ({"sleep_quality": 6}, "sleep_quality", "valid choice"),
    ({"sleep_quality": ""}, "sleep_quality", "required"),
    ({"severity": 11}, "severity", "valid choice"),
    ({"severity": ""}, "severity", "required"),
    ({"severity": 0}, "onset", "Leave the onset empty"),
    ({"sensations": ["urge", "fizzing"]}, "sensations", "Not one of the choices"),
    ({"areas": ["tail"]}, "areas", "Not one of the choices"),
    ({"relief": ["yoga"]}, "relief", "Not one of the choices"),
    ({"factors": ["sugar"]}, "factors", "Not one of the choices"),
    ({"notes": "x" * 2001}, "notes", "at most 2000 characters"),
    ({"in_bed": "23:30", "lights_out": "23:00"}, "lights_out", "before the time you got into bed"),
    ({"lights_out": "23:00", "final_wake": "22:45"}, "final_wake", "before lights out"),
    ({"final_wake": "07:30", "out_of_bed": "07:00"}, "out_of_bed", "before the final awakening"),
    # 23:00 -> 06:30 is 450 min; 400 + 60 = 460 awake is more.
    ({"sleep_latency_min": 400, "waso_min": 60}, "waso_min", "can't be more than the 450 minutes"),
    # ...but only 390 real minutes in the night New York springs forward: 400 is too many.
    (
        {"night": "2026-03-07", "sleep_latency_min": 380, "waso_min": 20},
        "waso_min",
        "can't be more than the 390 minutes",
    ),
    # Noon anchoring: 11:59 is the next morning, after a 12:00 lights out.
    ({"in_bed": "11:59", "lights_out": "12:00"}, "lights_out", "before the time you got into bed"),
    ({"awakenings": -1}, "awakenings", "greater than or equal to 0"),
    ({"waso_min": -1}, "waso_min", "greater than or equal to 0"),
    ({"severity": -1}, "severity", "valid choice"),
    ({"sleep_quality": 0}, "sleep_quality", "valid choice"),
]

# Every limit of domain.md section 2 that must be accepted, in a night that fits it.
LONG_NIGHT = {
    "in_bed": "18:00",
    "lights_out": "18:00",
    "final_wake": "06:00",
    "out_of_bed": "06:00",
}
LIMIT_CASES = [
    {"night": "2000-01-01"},
    {**LONG_NIGHT, "sleep_latency_min": 720, "waso_min": 0},
    {**LONG_NIGHT, "sleep_latency_min": 0, "waso_min": 720},
    # Exactly the 450 minutes from lights out to the final awakening.
    {"sleep_latency_min": 400, "waso_min": 50},
    {"awakenings": 50},
    {"severity": 10},
    {"sleep_quality": 1},
    {"sleep_quality": 5},
    {"notes": "x" * 2000},
]


@pytest.mark.parametrize(("overrides", "field", "message"), INVALID_CASES)
@time_machine.travel(FROZEN, tick=False)
def test_it_rejects_bad_input_with_a_field_message_and_keeps_what_was_typed(
    alice: User, alice_client: Client, overrides: dict[str, Any], field: str, message: str
) -> None:
    data = form_data(**overrides)
    response = alice_client.post("/nights/log/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field]), form.errors
    assert form.data["notes"] == data["notes"]
    assert form.data["in_bed"] == data["in_bed"]
    assert not Night.objects.exists()


@pytest.mark.parametrize("overrides", LIMIT_CASES)
@time_machine.travel(FROZEN, tick=False)
def test_it_accepts_every_value_at_the_limits(
    alice: User, alice_client: Client, overrides: dict[str, Any]
) -> None:
    response = alice_client.post("/nights/log/", form_data(**overrides))
    assert response.status_code == 302, response.context["form"].errors
    assert alice.nights.count() == 1


@time_machine.travel(FROZEN, tick=False)
def test_it_rejects_bad_edits_and_leaves_the_stored_night_unchanged(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    entry = make_night(alice, "2026-11-20")
    response = alice_client.post(
        "/nights/2026-11-20/", form_data(night="2026-11-20", final_wake="22:00", notes="typed")
    )
    assert response.status_code == 400
    assert 'value="typed"' in response.content.decode() or "typed</textarea>" in (
        response.content.decode()
    )
    entry.refresh_from_db()
    assert entry.final_wake == time(6, 30)


@time_machine.travel(FROZEN, tick=False)
def test_it_edits_a_night(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-20")
    response = alice_client.post("/nights/2026-11-20/", form_data(night="2026-11-20", severity=8))
    assert response.status_code == 302
    assert alice.nights.get().severity == 8


@time_machine.travel(FROZEN, tick=False)
def test_it_asks_before_deleting_and_then_deletes(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-20")
    assert "Delete this night?" in alice_client.get("/nights/2026-11-20/delete/").content.decode()
    assert alice.nights.exists()
    assert alice_client.post("/nights/2026-11-20/delete/").status_code == 302
    assert not alice.nights.exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", ["/nights/2026-11-20/", "/nights/2026-11-20/delete/"])
@time_machine.travel(FROZEN, tick=False)
def test_other_patients_cannot_see_edit_or_delete_a_night(
    alice: User, bob_client: Client, make_night: Callable[..., Night], url: str, method: str
) -> None:
    entry = make_night(alice, "2026-11-20")
    response = getattr(bob_client, method)(url, form_data(severity=1) if method == "post" else {})
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.severity == 5


@time_machine.travel(FROZEN, tick=False)
def test_the_list_shows_only_the_patients_own_nights_newest_first(
    alice: User, bob: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-18", notes="")
    make_night(alice, "2026-11-20")
    make_night(bob, "2026-11-19")
    nights = list(alice_client.get("/nights/").context["page"])
    assert [n.night for n in nights] == [date(2026, 11, 20), date(2026, 11, 18)]


@pytest.mark.parametrize(
    "url",
    ["/nights/", "/nights/log/", "/nights/2026-11-20/", "/nights/2026-11-20/delete/"],
)
def test_clinicians_have_no_diary_of_their_own(clinician_client: Client, url: str) -> None:
    assert clinician_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/nights/", "/nights/log/", "/nights/2026-11-20/", "/nights/2026-11-20/delete/",
     "/settings/", "/clinician/", "/welcome/"],
)  # fmt: skip
# "/" is the landing page for visitors (tests/diary/test_pages.py).
def test_anonymous_users_are_sent_to_log_in(client: Client, db: None, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_malformed_date_in_the_url_is_a_404(alice_client: Client) -> None:
    assert alice_client.get("/nights/2026-13-45/").status_code == 404


@time_machine.travel(FROZEN, tick=False)
def test_the_log_page_uses_checkboxes_for_sets_and_loads_nothing_from_elsewhere(
    alice_client: Client,
) -> None:
    page = alice_client.get("/nights/log/").content.decode()
    assert page.count('type="checkbox" name="sensations"') == 9
    assert page.count('type="checkbox" name="areas"') == 4
    assert "http://" not in page and "https://" not in page


@time_machine.travel(FROZEN, tick=False)
@pytest.mark.parametrize("count", [1, 30])
def test_the_list_reads_the_nights_in_one_query_however_many(
    alice: User,
    alice_client: Client,
    make_night: Callable[..., Night],
    django_assert_num_queries: DjangoAssertNumQueries,
    count: int,
) -> None:
    for i in range(count):
        make_night(alice, date(2026, 10, 1) + timedelta(days=i))
    # session, user, count for the paginator, the page of nights
    with django_assert_num_queries(4):
        assert alice_client.get("/nights/").status_code == 200

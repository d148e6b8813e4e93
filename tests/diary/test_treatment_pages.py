"""The patient's Treatments page and its actions (domain.md sections 7 and 9)."""

from collections.abc import Iterator
from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from diary.models import Treatment, User
from tests.helpers import text
from tests.treatment_factories import make_session, make_treatment, treatment_form

# 15:00 UTC is 10:00 on 22 November in alice's New York.
FROZEN = "2026-11-22 15:00:00+00:00"
TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen_clock(db: None) -> Iterator[None]:
    with time_machine.travel(FROZEN, tick=False):
        yield


def stored(patient: User) -> list[dict[str, Any]]:
    """Everything stored about the patient's treatments, to show that nothing changed."""
    return [dict(row) for row in patient.treatments.order_by("pk").values()]


# ---- the list -------------------------------------------------------------------------------


def test_it_lists_running_courses_then_past_courses_then_session_series(
    alice: User, alice_client: Client
) -> None:
    make_treatment(alice, dose_time="21:00")  # pramipexole 0.25 mg from 1 Nov 2026
    make_treatment(
        alice,
        name="gabapentin",
        dose=Decimal(300),
        started=date(2026, 3, 1),
        stopped=date(2026, 6, 30),
    )
    make_session(alice, "2026-10-05")
    page = text(alice_client.get("/treatments/"))
    running, past, sessions = (
        page.index("Taking now"),
        page.index("Past courses"),
        page.index("Sessions"),
    )
    assert running < page.index("pramipexole") < past < page.index("gabapentin") < sessions
    assert sessions < page.index("ferric carboxymaltose")
    for shown in ("Dopamine agonist", "0.25 mg a day", "21:00", "since 1 Nov 2026"):
        assert shown in page
    assert "1 Mar 2026 – 30 Jun 2026" in page
    assert "300 mg a day" in page


def test_a_series_shows_its_sessions_their_count_and_first_and_last_date(
    alice: User, alice_client: Client
) -> None:
    make_session(alice, "2026-10-05")
    make_session(alice, "2026-10-12", dose=Decimal(250))
    page = text(alice_client.get("/treatments/"))
    assert "2 sessions" in page
    assert "5 Oct 2026 – 12 Oct 2026" in page
    assert "Mon 5 Oct 2026" in page and "Mon 12 Oct 2026" in page
    assert "500 mg" in page and "250 mg" in page


@pytest.mark.parametrize(("days_apart", "series"), [(7, 1), (14, 1), (15, 2)])
def test_infusions_less_than_15_days_apart_are_one_series_on_the_page(
    alice: User, alice_client: Client, days_apart: int, series: int
) -> None:
    first = make_session(alice, "2026-10-01")
    make_session(alice, date.fromordinal(first.started.toordinal() + days_apart))
    page = text(alice_client.get("/treatments/"))
    assert page.count('class="card series"') == series
    assert page.count("Log a session today") == series
    assert ("2 sessions" in page) == (series == 1)


def test_an_empty_page_says_what_goes_there(alice_client: Client) -> None:
    page = text(alice_client.get("/treatments/"))
    assert "No course is running." in page
    assert "No sessions yet" in page


def test_the_main_navigation_links_to_treatments_for_patients_only(
    alice_client: Client, clinician_client: Client
) -> None:
    assert 'href="/treatments/"' in text(alice_client.get("/nights/"))
    assert 'href="/treatments/"' not in text(clinician_client.get("/settings/"))


# ---- adding ---------------------------------------------------------------------------------


def test_the_add_form_starts_today_and_offers_the_catalogue_names_readably(
    alice_client: Client,
) -> None:
    response = alice_client.get("/treatments/add/")
    assert response.status_code == 200
    assert response.context["form"].initial["started"] == TODAY
    page = text(response)
    assert '<option value="ferric carboxymaltose" data-kinds="iron_iv">' in page
    assert '<option value="pramipexole" data-kinds="medication">' in page
    assert 'list="treatment-names"' in page
    assert 'type="radio" name="kind" value="ketamine_iv"' in page


@time_machine.travel("2026-11-23 03:00:00+00:00", tick=False)
def test_the_add_form_starts_on_the_patients_today_not_the_servers(
    alice_client: Client,
) -> None:
    # 03:00 UTC on the 23rd is still 22:00 on the 22nd in New York.
    assert alice_client.get("/treatments/add/").context["form"].initial["started"] == TODAY


def test_it_adds_a_course(alice: User, alice_client: Client) -> None:
    response = alice_client.post("/treatments/add/", treatment_form(started="2026-11-22"))
    assert response.status_code == 302
    assert response["Location"] == "/treatments/"
    course = alice.treatments.get()
    assert (course.schedule, course.name, course.dose, course.dose_unit) == (
        "course",
        "pramipexole",
        Decimal("0.25"),
        "mg",
    )
    assert (course.dose_time, course.started, course.stopped) == (time(21, 0), TODAY, None)


def test_it_adds_a_session_with_a_catalogue_name_as_the_page_shows_it(
    alice: User, alice_client: Client
) -> None:
    # What the page posts for an infusion: the schedule field is hidden, so it is not sent.
    data = treatment_form(kind="iron_iv", name="ferric carboxymaltose", dose="1000", dose_time=None)
    del data["schedule"], data["stopped"], data["dose_time"]
    assert alice_client.post("/treatments/add/", data).status_code == 302
    session = alice.treatments.get()
    assert (session.schedule, session.name, session.drug_class) == (
        "session",
        "ferric carboxymaltose",  # stored as typed, compared as the catalogue word
        "iron",
    )


def test_other_may_be_a_session(alice: User, alice_client: Client) -> None:
    data = treatment_form(
        kind="other", schedule="session", name="compression", dose=None, dose_unit=""
    )
    data["dose_time"] = ""
    assert alice_client.post("/treatments/add/", data).status_code == 302
    assert alice.treatments.get().schedule == "session"


BAD_INPUT = [
    # (overrides, field, part of the message, something typed that must still be in the form)
    ({"name": ""}, "name", "Name the medication", 'value="0.25"'),
    ({"dose_unit": ""}, "dose_unit", "Give the unit of the dose", 'value="0.25"'),
    ({"stopped": "2026-10-31"}, "stopped", "can't stop before it started", 'value="2026-10-31"'),
    ({"started": "2026-11-23"}, "started", "in the future", 'value="2026-11-23"'),
    (
        {"kind": "iron_iv", "name": "ferumoxytol", "stopped": "2026-11-20", "dose_time": ""},
        "stopped",
        "A session has no stop date",
        'value="ferumoxytol"',
    ),
    ({"kind": "medication", "schedule": "session"}, "schedule", "always a", 'value="0.25"'),
    ({"dose": "-1"}, "dose", "more than 0", 'value="-1"'),
    ({"started": "1999-12-31"}, "started", "2000", 'value="1999-12-31"'),
]


@pytest.mark.parametrize(("overrides", "field", "words", "typed"), BAD_INPUT)
def test_bad_input_on_add_is_refused_field_by_field_and_nothing_is_stored(
    alice: User,
    alice_client: Client,
    overrides: dict[str, Any],
    field: str,
    words: str,
    typed: str,
) -> None:
    response = alice_client.post("/treatments/add/", treatment_form(**overrides))
    assert response.status_code == 400
    assert words in " ".join(response.context["form"].errors[field])
    assert typed in text(response)
    assert not Treatment.objects.exists()


# ---- editing and deleting -------------------------------------------------------------------


def test_it_edits_a_treatment(alice: User, alice_client: Client) -> None:
    course = make_treatment(alice)
    page = text(alice_client.get(f"/treatments/{course.pk}/edit/"))
    assert 'value="pramipexole"' in page and 'value="2026-11-01"' in page
    data = treatment_form(name="ropinirole", dose="1", stopped="2026-11-20")
    response = alice_client.post(f"/treatments/{course.pk}/edit/", data)
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.name, course.dose, course.stopped) == (
        "ropinirole",
        Decimal(1),
        date(2026, 11, 20),
    )


@pytest.mark.parametrize(("overrides", "field", "words", "typed"), BAD_INPUT)
def test_bad_input_on_edit_is_refused_and_nothing_changes(
    alice: User,
    alice_client: Client,
    overrides: dict[str, Any],
    field: str,
    words: str,
    typed: str,
) -> None:
    course = make_treatment(alice)
    before = stored(alice)
    response = alice_client.post(f"/treatments/{course.pk}/edit/", treatment_form(**overrides))
    assert response.status_code == 400
    assert words in " ".join(response.context["form"].errors[field])
    assert typed in text(response)
    assert stored(alice) == before


def test_delete_asks_first_then_deletes(alice: User, alice_client: Client) -> None:
    session = make_session(alice, "2026-11-02")
    confirm = alice_client.get(f"/treatments/{session.pk}/delete/")
    assert confirm.status_code == 200
    assert "The session of ferric carboxymaltose on 2 Nov 2026" in text(confirm)
    assert alice.treatments.exists()
    response = alice_client.post(f"/treatments/{session.pk}/delete/")
    assert response.status_code == 302
    assert not alice.treatments.exists()


# ---- stop -----------------------------------------------------------------------------------


def test_stop_offers_today_and_stops_the_course(alice: User, alice_client: Client) -> None:
    course = make_treatment(alice)
    form = alice_client.get(f"/treatments/{course.pk}/stop/").context["form"]
    assert form.initial["stopped"] == TODAY
    response = alice_client.post(f"/treatments/{course.pk}/stop/", {"stopped": "2026-11-21"})
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.stopped == date(2026, 11, 21)
    assert "Past courses" in text(alice_client.get("/treatments/"))


def test_the_list_carries_stop_and_change_dose_forms_for_each_running_course(
    alice: User, alice_client: Client
) -> None:
    course = make_treatment(alice)
    make_treatment(alice, name="gabapentin", dose=Decimal(300))
    page = text(alice_client.get("/treatments/"))
    assert page.count('action="/treatments/') - page.count("log-session") == 4
    assert f'action="/treatments/{course.pk}/change-dose/"' in page
    assert (
        f'<input type="date" name="stopped" value="2026-11-22" required '
        f'id="stop-{course.pk}-stopped">'
    ) in page


@pytest.mark.parametrize(
    ("stopped", "words"),
    [("2026-10-31", "can't stop before it started"), ("", "required"), ("31/10", "valid date")],
)
def test_a_bad_stop_date_is_refused_and_nothing_changes(
    alice: User, alice_client: Client, stopped: str, words: str
) -> None:
    course = make_treatment(alice)
    before = stored(alice)
    response = alice_client.post(f"/treatments/{course.pk}/stop/", {"stopped": stopped})
    assert response.status_code == 400
    assert words in " ".join(response.context["form"].errors["stopped"])
    assert f'value="{stopped}"' in text(response) or not stopped
    assert stored(alice) == before


# ---- change dose ----------------------------------------------------------------------------


def test_change_dose_offers_today_and_the_current_unit(alice: User, alice_client: Client) -> None:
    course = make_treatment(alice, dose_unit="mcg")
    form = alice_client.get(f"/treatments/{course.pk}/change-dose/").context["form"]
    assert (form.initial["starts"], form.initial["dose_unit"]) == (TODAY, "mcg")


def test_change_dose_stores_two_courses_joined_with_no_day_between(
    alice: User, alice_client: Client
) -> None:
    old = make_treatment(alice)  # 0.25 mg from 1 November
    data = {"dose": "0.5", "dose_unit": "mg", "starts": "2026-11-22"}
    response = alice_client.post(f"/treatments/{old.pk}/change-dose/", data)
    assert response.status_code == 302
    first, second = alice.treatments.order_by("started")
    assert (first.pk, first.dose, first.started, first.stopped) == (
        old.pk,
        Decimal("0.25"),
        date(2026, 11, 1),
        date(2026, 11, 21),
    )
    assert (second.name, second.dose, second.started, second.stopped) == (
        "pramipexole",
        Decimal("0.5"),
        date(2026, 11, 22),
        None,
    )
    page = text(alice_client.get("/treatments/"))
    assert page.index("0.5 mg a day") < page.index("Past courses") < page.index("0.25 mg a day")


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"dose": "0.5", "dose_unit": "", "starts": "2026-11-22"}, "dose_unit", "unit"),
        ({"dose": "", "dose_unit": "mg", "starts": "2026-11-22"}, "dose", "required"),
        ({"dose": "0.5", "dose_unit": "mg", "starts": "2026-11-23"}, "starts", "future"),
        ({"dose": "0.5", "dose_unit": "mg", "starts": "2026-11-01"}, "starts", "first day"),
        ({"dose": "0.0001", "dose_unit": "mg", "starts": "2026-11-22"}, "dose", "3 decimal"),
        ({"dose": "0.5", "dose_unit": "mg", "starts": "22.11.2026"}, "starts", "valid date"),
    ],
)
def test_a_bad_dose_change_is_refused_and_is_all_or_nothing(
    alice: User, alice_client: Client, data: dict[str, str], field: str, words: str
) -> None:
    course = make_treatment(alice)
    before = stored(alice)
    response = alice_client.post(f"/treatments/{course.pk}/change-dose/", data)
    assert response.status_code == 400
    assert words in " ".join(response.context["form"].errors[field])
    page = text(response)
    assert all(f'value="{typed}"' in page for typed in data.values() if typed)
    assert stored(alice) == before  # the old course is not stopped, no new one exists


# ---- log a session today --------------------------------------------------------------------


@time_machine.travel("2026-11-23 03:00:00+00:00", tick=False)
def test_log_a_session_today_adds_one_on_the_patients_today(
    alice: User, alice_client: Client
) -> None:
    # 03:00 UTC on the 23rd is 22:00 on the 22nd in New York: the session is the 22nd's.
    first = make_session(alice, "2026-11-15", dose=Decimal(750))
    response = alice_client.post(f"/treatments/{first.pk}/log-session/")
    assert response.status_code == 302
    added = alice.treatments.exclude(pk=first.pk).get()
    assert (added.kind, added.name, added.dose, added.dose_unit, added.started) == (
        "iron_iv",
        "ferric_carboxymaltose",
        Decimal(750),
        "mg",
        TODAY,
    )
    page = text(alice_client.get("/treatments/"))
    assert "2 sessions" in page and "15 Nov 2026 – 22 Nov 2026" in page


def test_the_series_button_logs_a_session_like_its_latest(
    alice: User, alice_client: Client
) -> None:
    make_session(alice, "2026-11-10", dose=Decimal(500))
    latest = make_session(alice, "2026-11-17", dose=Decimal(250))
    page = text(alice_client.get("/treatments/"))
    assert f'action="/treatments/{latest.pk}/log-session/"' in page


def test_log_a_session_takes_a_post_only(alice: User, alice_client: Client) -> None:
    session = make_session(alice, "2026-11-15")
    assert alice_client.get(f"/treatments/{session.pk}/log-session/").status_code == 405
    assert alice.treatments.count() == 1


@pytest.mark.parametrize(
    ("url", "method"),
    [("stop", "get"), ("change-dose", "get"), ("stop", "post"), ("change-dose", "post")],
)
def test_a_session_has_no_stop_or_dose_change(
    alice: User, alice_client: Client, url: str, method: str
) -> None:
    session = make_session(alice, "2026-11-15")
    data = {"stopped": "2026-11-20", "dose": "1", "dose_unit": "mg", "starts": "2026-11-20"}
    response = getattr(alice_client, method)(f"/treatments/{session.pk}/{url}/", data)
    assert response.status_code == 404
    assert alice.treatments.count() == 1


def test_a_course_has_no_log_a_session(alice: User, alice_client: Client) -> None:
    course = make_treatment(alice)
    assert alice_client.post(f"/treatments/{course.pk}/log-session/").status_code == 404
    assert alice.treatments.count() == 1


# ---- who may -------------------------------------------------------------------------------

ACTIONS = [
    ("get", "/treatments/{id}/edit/"),
    ("post", "/treatments/{id}/edit/"),
    ("get", "/treatments/{id}/delete/"),
    ("post", "/treatments/{id}/delete/"),
    ("get", "/treatments/{id}/stop/"),
    ("post", "/treatments/{id}/stop/"),
    ("get", "/treatments/{id}/change-dose/"),
    ("post", "/treatments/{id}/change-dose/"),
    ("post", "/treatments/{id}/log-session/"),
]
PAGES = [("get", "/treatments/"), ("get", "/treatments/add/"), ("post", "/treatments/add/")]
# Valid for every action, so a refusal can only come from who is asking.
ANY_ACTION = {
    **treatment_form(name="ropinirole"),
    "dose": "0.5",
    "starts": "2026-11-20",
    "stopped": "2026-11-20",
}


def treatment_for(alice: User, url: str) -> Treatment:
    if "log-session" in url:
        return make_session(alice, "2026-11-15")
    return make_treatment(alice)


@pytest.mark.parametrize(("method", "url"), ACTIONS)
def test_the_owner_can_use_every_action(
    alice: User, alice_client: Client, method: str, url: str
) -> None:
    treatment = treatment_for(alice, url)
    response = getattr(alice_client, method)(url.format(id=treatment.pk), ANY_ACTION)
    assert response.status_code == (200 if method == "get" else 302)


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_the_owner_can_open_the_pages(alice_client: Client, method: str, url: str) -> None:
    response = getattr(alice_client, method)(url, ANY_ACTION)
    assert response.status_code == (200 if method == "get" else 302)


@pytest.mark.parametrize("who", ["bob", "clinician", "revoked", "lonely"])
@pytest.mark.parametrize(("method", "url"), ACTIONS)
def test_nobody_else_can_use_an_action_on_alices_treatment(
    request: pytest.FixtureRequest,
    alice: User,
    alice_shares: Any,
    who: str,
    method: str,
    url: str,
) -> None:
    # The clinician has an active share: a clinician still has no treatment pages.
    client: Client = request.getfixturevalue(
        {
            "bob": "bob_client",
            "clinician": "clinician_client",
            "revoked": "revoked_client",
            "lonely": "lonely_clinician_client",
        }[who]
    )
    treatment = treatment_for(alice, url)
    before = stored(alice)
    response = getattr(client, method)(url.format(id=treatment.pk), ANY_ACTION)
    assert response.status_code == 404
    assert stored(alice) == before


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_clinicians_have_no_treatment_pages(
    clinician_client: Client, alice_shares: Any, method: str, url: str
) -> None:
    assert getattr(clinician_client, method)(url, ANY_ACTION).status_code == 404
    assert not Treatment.objects.exists()


@pytest.mark.parametrize(("method", "url"), [*ACTIONS, *PAGES])
def test_anonymous_visitors_are_sent_to_log_in(alice: User, method: str, url: str) -> None:
    treatment = treatment_for(alice, url)
    before = stored(alice)
    path = url.format(id=treatment.pk)
    response = getattr(Client(), method)(path, ANY_ACTION)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert stored(alice) == before


def test_bobs_own_treatments_do_not_show_on_alices_page(alice_client: Client, bob: User) -> None:
    make_treatment(bob, name="tramadol")
    assert "tramadol" not in text(alice_client.get("/treatments/"))

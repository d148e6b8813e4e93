"""A diary a parent keeps for a child (README, "A child's diary"): the child's details, the
words the patient's pages use, and the sleep need by age."""

import html
from datetime import date, time
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from diary.children import Child, default_sleep_need_min
from diary.models import User
from diary.reminders import push_payload, render_reminder
from tests.factories import make_night
from tests.helpers import text, token_client

# The day every test below lives on unless it travels itself: 2026, so a child born in 2017 is
# 9 this year.
TODAY = "2026-11-22 15:00:00+00:00"
pytestmark = pytest.mark.django_db


def keep_for_mia(user: User, *, born: int = 2017) -> User:
    user.kept_for_child, user.child_first_name, user.child_birth_year = True, "Mia", born
    user.full_clean()
    user.save()
    return user


def page(response: Any) -> str:
    # The name's apostrophe arrives escaped (Mia&#x27;s).
    return html.unescape(text(response))


@pytest.mark.parametrize(
    ("age", "minutes"),
    [(0, 720), (1, 660), (2, 660), (3, 600), (5, 600), (6, 540), (12, 540), (13, 480), (17, 480)],
)
def test_the_default_sleep_need_is_the_low_end_of_the_aasm_band_for_the_age(
    age: int, minutes: int
) -> None:
    assert default_sleep_need_min(Child("Mia", 2026 - age, age)) == minutes


@pytest.mark.parametrize(
    ("age", "label"),
    [(0, "Mia, child, 0 years"), (1, "Mia, child, 1 year"), (9, "Mia, child, 9 years")],
)
def test_the_label_counts_the_years(age: int, label: str) -> None:
    child = Child("Mia", 2026 - age, age)
    assert (child.label, child.label_with_year) == (label, f"{label} (born {2026 - age})")


def test_an_adults_default_sleep_need_is_eight_hours() -> None:
    assert default_sleep_need_min(None) == 480


@time_machine.travel(TODAY, tick=False)
def test_a_nine_year_old_who_slept_8_hours_lost_an_hour_against_the_default_9(
    alice: User,
) -> None:
    keep_for_mia(alice)
    # Lights out 22:00, awake for good 06:50, 30 min to fall asleep, 20 awake: 480 min asleep.
    night = make_night(
        alice,
        "2026-11-20",
        in_bed=time(21, 30),
        lights_out=time(22, 0),
        final_wake=time(6, 50),
        out_of_bed=time(7, 0),
    )
    assert night.metrics.total_sleep_min == 480
    assert (alice.sleep_need, night.metrics.sleep_loss_min) == (540, 60)
    body = token_client(alice).get("/api/v1/nights/2026-11-20/").json()
    assert body["sleep_loss_min"] == 60


@time_machine.travel(TODAY, tick=False)
def test_the_same_night_in_an_adults_diary_lost_nothing(alice: User) -> None:
    night = make_night(
        alice,
        "2026-11-20",
        in_bed=time(21, 30),
        lights_out=time(22, 0),
        final_wake=time(6, 50),
        out_of_bed=time(7, 0),
    )
    assert night.metrics.sleep_loss_min == 0


@time_machine.travel(TODAY, tick=False)
def test_a_sleep_need_the_parent_set_wins_over_the_default(alice: User) -> None:
    keep_for_mia(alice)
    alice.sleep_need_min = 600
    alice.save()
    assert alice.sleep_need == 600


def test_the_child_turns_13_at_midnight_in_the_patients_own_zone(alice: User) -> None:
    keep_for_mia(alice, born=2014)  # alice lives in New York
    with time_machine.travel("2027-01-01 04:30:00+00:00", tick=False):  # 23:30 on 31 December
        assert (alice.child, alice.sleep_need) == (Child("Mia", 2014, 12), 540)
    with time_machine.travel("2027-01-01 05:30:00+00:00", tick=False):  # 00:30 on 1 January
        assert (alice.child, alice.sleep_need) == (Child("Mia", 2014, 13), 480)


def test_from_the_year_the_child_turns_18_the_diary_is_an_adults(alice: User) -> None:
    with time_machine.travel("2026-12-31 12:00:00+00:00", tick=False):
        keep_for_mia(alice, born=2009)
        assert alice.child is not None and alice.child.age == 17
        assert alice.sleep_need == 480  # 13–18 years: 8 hours, as an adult's
    with time_machine.travel("2027-01-02 12:00:00+00:00", tick=False):
        assert alice.child is None
        client = Client()
        client.force_login(alice)
        assert "Evening: your legs" in page(client.get("/nights/log/"))
        settings_page = client.get("/settings/")
        assert not settings_page.context["form"]["kept_for_child"].value()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("name", "born", "field", "message"),
    [
        ("Mia", 2027, "child_birth_year", "in the future"),
        ("Mia", 2008, "child_birth_year", "under 18 this year"),
        ("Mia", None, "child_birth_year", "year of birth"),
        ("", 2017, "child_first_name", "first name"),
        ("   ", 2017, "child_first_name", "first name"),
    ],
)
def test_the_model_refuses_a_child_without_a_name_or_a_plausible_year(
    alice: User, name: str, born: int | None, field: str, message: str
) -> None:
    alice.kept_for_child, alice.child_first_name, alice.child_birth_year = True, name, born
    with pytest.raises(ValidationError) as refused:
        alice.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("born", [2026, 2009])
def test_the_model_takes_a_child_born_this_year_or_turning_17(alice: User, born: int) -> None:
    keep_for_mia(alice, born=born)
    assert alice.child is not None


def test_a_clinician_account_cannot_be_kept_for_a_child(clinician: User) -> None:
    clinician.kept_for_child, clinician.child_first_name = True, "Mia"
    clinician.child_birth_year = 2017
    with pytest.raises(ValidationError) as refused:
        clinician.full_clean()
    assert "kept_for_child" in refused.value.message_dict


def test_unticked_the_childs_details_are_not_kept() -> None:
    user = User(username="parent", child_first_name="Mia", child_birth_year=2017)
    user.clean()
    assert (user.child_first_name, user.child_birth_year) == ("", None)


def signup(**overrides: str) -> dict[str, str]:
    return {
        "username": "parent",
        "password1": "night-owl-legs-42",
        "password2": "night-owl-legs-42",
        "account_type": "patient",
        "timezone": "Europe/Berlin",
        "kept_for_child": "on",
        "child_first_name": "Mia",
        "child_birth_year": "2017",
        **overrides,
    }


@time_machine.travel(TODAY, tick=False)
def test_a_parent_signs_up_for_a_child(client: Client) -> None:
    response = client.post("/accounts/signup/", signup())
    assert response.status_code == 302
    parent = User.objects.get(username="parent")
    assert (parent.kept_for_child, parent.child_first_name, parent.child_birth_year) == (
        True,
        "Mia",
        2017,
    )
    assert (parent.sleep_need_min, parent.sleep_need) == (None, 540)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"child_first_name": ""}, "child_first_name"),
        ({"child_birth_year": "2030"}, "child_birth_year"),
        ({"child_birth_year": "1990"}, "child_birth_year"),
        ({"child_birth_year": "twenty"}, "child_birth_year"),
        ({"child_birth_year": "9" * 400}, "child_birth_year"),
        ({"account_type": "clinician"}, "kept_for_child"),
    ],
)
def test_a_bad_child_sign_up_is_refused_on_its_field_and_keeps_the_input(
    client: Client, overrides: dict[str, str], field: str
) -> None:
    response = client.post("/accounts/signup/", signup(**overrides))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert not User.objects.filter(username="parent").exists()
    assert form["child_first_name"].value() == overrides.get("child_first_name", "Mia")
    assert form["username"].value() == "parent"


SETTINGS = {"timezone": "America/New_York", "family_history": "unknown"}


@time_machine.travel(TODAY, tick=False)
def test_settings_make_a_diary_a_childs_and_back(alice: User, alice_client: Client) -> None:
    child = {"kept_for_child": "on", "child_first_name": "Mia", "child_birth_year": "2017"}
    assert alice_client.post("/settings/", {**SETTINGS, **child}).status_code == 302
    alice.refresh_from_db()
    assert alice.child == Child("Mia", 2017, 9)
    page_shown = alice_client.get("/settings/")
    assert page_shown.context["form"]["kept_for_child"].value()
    assert 'placeholder="540"' in text(page_shown)  # the default for a 9-year-old
    assert alice_client.post("/settings/", SETTINGS).status_code == 302
    alice.refresh_from_db()
    assert (alice.kept_for_child, alice.child_first_name, alice.child_birth_year) == (
        False,
        "",
        None,
    )


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("child", "field"),
    [
        ({"child_first_name": "", "child_birth_year": "2017"}, "child_first_name"),
        ({"child_first_name": "Mia", "child_birth_year": ""}, "child_birth_year"),
        ({"child_first_name": "Mia", "child_birth_year": "2027"}, "child_birth_year"),
        ({"child_first_name": "Mia", "child_birth_year": "2000"}, "child_birth_year"),
    ],
)
def test_bad_child_settings_are_refused_on_their_field_and_nothing_is_stored(
    alice: User, alice_client: Client, child: dict[str, str], field: str
) -> None:
    response = alice_client.post("/settings/", {**SETTINGS, "kept_for_child": "on", **child})
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert f'href="#id_{field}"' in text(response)  # the error summary links to it
    assert form["child_birth_year"].value() == child["child_birth_year"]
    alice.refresh_from_db()
    assert not alice.kept_for_child and alice.child_first_name == ""


@time_machine.travel(TODAY, tick=False)
def test_the_log_form_asks_about_the_childs_legs(alice: User, alice_client: Client) -> None:
    keep_for_mia(alice)
    shown = page(alice_client.get("/nights/log/"))
    assert "Log a night for Mia" in shown
    assert "How were Mia's legs last night, and how did they sleep?" in shown
    assert "Evening: Mia's legs" in shown
    assert "How tired or sleepy Mia was during the day" in shown
    assert "Evening: your legs" not in shown and "you felt" not in shown


@time_machine.travel(TODAY, tick=False)
def test_an_adults_log_form_speaks_to_the_patient(alice_client: Client) -> None:
    shown = page(alice_client.get("/nights/log/"))
    assert "Evening: your legs" in shown and "How tired or sleepy you felt" in shown
    assert 'id="legs-question"' not in shown


@time_machine.travel(TODAY, tick=False)
def test_the_nights_trends_and_welcome_pages_name_the_child(
    alice: User, alice_client: Client
) -> None:
    keep_for_mia(alice)
    assert "Mia's nights" in page(alice_client.get("/nights/"))
    assert "Mia's weekly trends" in page(alice_client.get("/trends/"))
    welcome = page(alice_client.get("/welcome/"))
    assert "Mia's diary in three steps:" in welcome and "Log Mia's first night" in welcome


@time_machine.travel(TODAY, tick=False)
def test_the_childs_name_is_escaped(alice: User, alice_client: Client) -> None:
    alice.kept_for_child, alice.child_first_name, alice.child_birth_year = True, "<b>Mia", 2017
    alice.save()
    assert "<b>Mia" not in text(alice_client.get("/nights/log/"))


@time_machine.travel(TODAY, tick=False)
def test_the_profile_api_takes_the_childs_details_with_the_models_rule(alice: User) -> None:
    api = token_client(alice)
    refused = api.patch(
        "/api/v1/profile/",
        {"kept_for_child": True, "child_first_name": "Mia", "child_birth_year": 2030},
        format="json",
    )
    assert refused.status_code == 400
    assert "child_birth_year" in refused.json()
    alice.refresh_from_db()
    assert not alice.kept_for_child
    body = {"kept_for_child": True, "child_first_name": "Mia", "child_birth_year": 2017}
    answer = api.patch("/api/v1/profile/", body, format="json").json()
    assert (answer["child_first_name"], answer["sleep_need_min"]) == ("Mia", 540)
    answer = api.patch("/api/v1/profile/", {"sleep_need_min": 600}, format="json").json()
    assert answer["sleep_need_min"] == 600
    answer = api.patch("/api/v1/profile/", {"sleep_need_min": None}, format="json").json()
    assert answer["sleep_need_min"] == 540  # back to the default for a 9-year-old
    answer = api.patch("/api/v1/profile/", {"kept_for_child": False}, format="json").json()
    assert (answer["child_first_name"], answer["child_birth_year"]) == ("", None)
    assert answer["sleep_need_min"] == 480


@time_machine.travel(TODAY, tick=False)
def test_the_profile_api_refuses_a_child_for_a_clinicians_account(clinician: User) -> None:
    body = {"kept_for_child": True, "child_first_name": "Mia", "child_birth_year": 2017}
    response = token_client(clinician).patch("/api/v1/profile/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["kept_for_child"]
    clinician.refresh_from_db()
    assert (clinician.kept_for_child, clinician.child_first_name) == (False, "")


@time_machine.travel(TODAY, tick=False)
def test_the_profile_api_refuses_a_name_missing_when_the_box_is_ticked(alice: User) -> None:
    response = token_client(alice).patch(
        "/api/v1/profile/", {"kept_for_child": True, "child_birth_year": 2017}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["child_first_name"]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kept_for_child": "maybe"}, "kept_for_child"),
        ({"child_birth_year": "twenty"}, "child_birth_year"),
        ({"child_birth_year": 10**40}, "child_birth_year"),
        ({"child_first_name": "M" * 61}, "child_first_name"),
        ({"child_first_name": None}, "child_first_name"),
        ({"sleep_need_min": 239}, "sleep_need_min"),
    ],
)
def test_the_profile_api_refuses_malformed_child_details_on_their_field(
    alice: User, body: dict[str, Any], field: str
) -> None:
    response = token_client(alice).patch(
        "/api/v1/profile/",
        {"kept_for_child": True, "child_first_name": "Mia", "child_birth_year": 2017, **body},
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json()
    alice.refresh_from_db()
    assert (alice.kept_for_child, alice.child_first_name, alice.sleep_need_min) == (
        False,
        "",
        None,
    )


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("language", "child", "adult"),
    [
        ("en", "See Mia's trends and treatments", "your trends"),
        ("de", "Trends und Behandlungen von Mia", "Ihre Trends"),
        ("es", "las tendencias y los tratamientos de Mia", "sus tendencias"),
    ],
)
def test_the_welcome_page_names_the_child_for_the_trends_step(
    alice: User, alice_client: Client, language: str, child: str, adult: str
) -> None:
    keep_for_mia(alice)
    alice.language = language
    alice.save(update_fields=["language"])
    welcome = page(alice_client.get("/welcome/"))
    assert child in welcome
    assert adult not in welcome


@time_machine.travel(TODAY, tick=False)
def test_the_reminder_mail_and_push_name_the_child(alice: User) -> None:
    keep_for_mia(alice)
    night = date(2026, 11, 21)
    message = render_reminder(alice, night)
    assert message.subject == "Log last night for Mia"
    assert message.body.startswith("Hello,\n\nthe night of Saturday 21 November is not in Mia's")
    assert "alice" not in message.body.split("http")[0]
    payload = push_payload(alice, night)
    assert payload["title"] == "Log last night for Mia"
    assert payload["body"] == "The night of Saturday 21 November is not in Mia's diary yet."


@time_machine.travel(TODAY, tick=False)
def test_the_spanish_fatigue_help_for_a_child_does_not_assume_a_boy(
    alice: User, alice_client: Client
) -> None:
    keep_for_mia(alice)
    alice.language = "es"
    alice.save(update_fields=["language"])
    form = page(alice_client.get("/nights/log/"))
    assert "10 con agotamiento extremo" in form
    assert "agotado" not in form

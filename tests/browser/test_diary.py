"""The first-night flow in a real Chromium on a phone-sized viewport."""

from datetime import timedelta
from typing import Any

import pytest

from diary.models import User
from tests.factories import make_night

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_patient_signs_up_logs_a_night_and_sees_it_listed(
    live_server: Any, phone: Any
) -> None:
    phone.goto(f"{live_server.url}/accounts/signup/")
    # The browser's zone (Europe/Paris in the fixture) is pre-selected.
    assert phone.locator("#id_timezone").input_value() == "Europe/Paris"
    phone.fill("#id_username", "sleepless")
    phone.fill("#id_password1", "legs-that-wont-rest-7")
    phone.fill("#id_password2", "legs-that-wont-rest-7")
    phone.get_by_role("button", name="Sign up").click()
    phone.wait_for_url("**/welcome/")
    phone.get_by_role("link", name="Log your first night").click()
    phone.wait_for_url("**/nights/log/")

    # Fits a phone: nothing scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.locator("#field-id_severity").get_by_label("6", exact=True).check()
    phone.fill("#id_onset", "21:30")
    phone.get_by_label("Creeping").check()
    phone.get_by_label("Left leg").check()
    phone.get_by_label("Walking").check()
    phone.get_by_role("button", name="Save night", exact=True).click()
    phone.wait_for_url("**/nights/")

    row = phone.locator("table.nights tbody tr").first
    assert row.locator(".sev").inner_text() == "6"
    user = User.objects.get(username="sleepless")
    assert user.timezone == "Europe/Paris"
    night = user.nights.get()
    assert (night.severity, night.sensations, night.areas) == (6, ["creeping"], ["left_leg"])


def test_a_symptom_free_night_takes_one_tap(live_server: Any, phone: Any, alice: User) -> None:
    alice.set_password("pw-for-browser-1")
    alice.save()
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_username", "alice")
    phone.fill("#id_password", "pw-for-browser-1")
    phone.get_by_role("button", name="Log in").click()
    phone.goto(f"{live_server.url}/nights/log/")
    phone.fill("#id_onset", "21:00")  # typed, then the patient decides it was a good night
    phone.get_by_role("button", name="No RLS symptoms — save night").click()
    phone.wait_for_url("**/nights/")
    night = alice.nights.get()
    assert (night.severity, night.onset) == (0, None)


def test_choosing_severity_0_hides_the_symptom_questions(
    live_server: Any, phone: Any, alice: User
) -> None:
    alice.set_password("pw-for-browser-1")
    alice.save()
    phone.goto(f"{live_server.url}/accounts/login/?next=/nights/log/")
    phone.fill("#id_username", "alice")
    phone.fill("#id_password", "pw-for-browser-1")
    phone.get_by_role("button", name="Log in").click()
    phone.wait_for_url("**/nights/log/")
    assert phone.locator("#symptoms").is_visible()
    phone.locator("#field-id_severity").get_by_label("0", exact=True).check()
    assert not phone.locator("#symptoms").is_visible()
    phone.locator("#field-id_severity").get_by_label("3", exact=True).check()
    assert phone.locator("#symptoms").is_visible()


def test_the_one_tap_logs_the_night_before_when_last_night_is_logged(
    live_server: Any, screen: Any, alice: User
) -> None:
    last_night = alice.today() - timedelta(days=1)
    make_night(alice, last_night, severity=4)
    alice.set_password("pw-for-browser-1")
    alice.save()
    screen.goto(f"{live_server.url}/accounts/login/?next=/nights/log/")
    screen.fill("#id_username", "alice")
    screen.fill("#id_password", "pw-for-browser-1")
    screen.get_by_role("button", name="Log in").click()
    screen.wait_for_url("**/nights/log/")
    before = last_night - timedelta(days=1)
    assert screen.locator("#night-words").inner_text().endswith(before.strftime("%-d %b"))
    screen.get_by_role("button", name="No RLS symptoms — save night").click()
    screen.wait_for_url("**/nights/")
    assert alice.nights.get(night=before).severity == 0


def test_the_skip_link_is_hidden_until_a_keyboard_user_tabs_to_it(
    live_server: Any, phone: Any
) -> None:
    # A page with no autofocused field, so that the first Tab starts from the top.
    phone.goto(f"{live_server.url}/no-such-page/")
    assert "This page does not exist" in phone.locator("main").inner_text()
    skip = phone.locator("a.skip-link")
    assert not skip.is_visible() or skip.bounding_box()["y"] < 0
    phone.keyboard.press("Tab")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["y"] >= 0
    skip.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "main"

"""Daytime tiredness and mood on the log page, on the narrowest phones (domain.md section 2)."""

from typing import Any

import pytest

from diary.models import User
from tests.browser.pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-browser-1"


@pytest.mark.parametrize("width", [360, 390])
def test_a_patient_taps_tiredness_and_mood_on_a_symptom_free_night_on_a_narrow_phone(
    live_server: Any, open_page: Any, alice: User, width: int
) -> None:
    alice.set_password(PASSWORD)
    alice.save()
    page = open_page(width, 800, timezone_id="America/New_York")
    log_in(page, live_server.url, "alice", PASSWORD)
    page.goto(f"{live_server.url}/nights/log/")
    fatigue, mood = page.locator("#field-id_day_fatigue"), page.locator("#field-id_day_mood")
    # Unanswered until tapped: "No answer" is the chosen radio button of each row.
    assert fatigue.get_by_label("No answer").is_checked()
    assert mood.get_by_label("No answer").is_checked()

    page.locator("#field-id_severity").get_by_label("0", exact=True).check()
    # Severity 0 hides the symptom questions, not the day's: fatigue has other causes.
    assert fatigue.is_visible() and mood.is_visible()
    fatigue.get_by_label("7", exact=True).check()
    mood.get_by_label("Low", exact=True).check()

    # Nothing scrolls sideways, and every choice is a thumb-sized target inside the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for choice in page.locator("#daytime .choice").all():
        box = choice.bounding_box()
        assert box is not None
        assert box["height"] >= 44 and box["width"] >= 44
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    page.get_by_role("button", name="Save night", exact=True).click()
    page.wait_for_url("**/nights/")

    night = alice.nights.get()
    assert (night.severity, night.day_fatigue, night.day_mood) == (0, 7, 2)

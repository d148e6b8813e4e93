"""The Treatments page in a real Chromium on a phone-sized viewport (390×844)."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from diary.models import Night, User
from tests.browser.pages import log_in
from tests.treatment_factories import make_treatment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-browser-1"


def fits_the_phone(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth") <= 390)


def test_a_patient_adds_a_course_and_a_session_then_logs_another_session(
    live_server: Any, phone: Any, alice: User, make_night: Callable[..., Night]
) -> None:
    alice.set_password(PASSWORD)
    alice.save()
    today = alice.today()
    week_ago, days_ago_3 = today - timedelta(days=7), today - timedelta(days=3)
    for days_ago in range(1, 50):
        make_night(alice, today - timedelta(days=days_ago))
    base = live_server.url
    log_in(phone, base, "alice", PASSWORD)
    phone.goto(f"{base}/nights/")
    phone.get_by_role("link", name="Treatments").click()
    phone.wait_for_url("**/treatments/")
    assert fits_the_phone(phone)

    # A course: pramipexole 0.25 mg. The kind offers its catalogue names and has no schedule
    # to choose; it starts today unless told otherwise.
    phone.get_by_role("link", name="Add a course or a session").click()
    phone.wait_for_url("**/treatments/add/")
    assert fits_the_phone(phone)
    assert phone.locator("#id_started").input_value() == today.isoformat()
    phone.get_by_label("Medication", exact=True).check()
    assert not phone.locator("#schedule-box").is_visible()
    assert phone.locator("#id_dose_time").is_visible()
    assert phone.locator("#treatment-names option").count() == 12  # the non-iron medicines
    phone.fill("#id_name", "pramipexole")
    phone.fill("#id_started", days_ago_3.isoformat())  # the chart's last week holds it
    phone.fill("#id_dose", "0.25")
    phone.get_by_label("mg", exact=True).check()
    phone.get_by_role("button", name="Save", exact=True).click()
    phone.wait_for_url("**/treatments/")

    # A session a week ago: ferric carboxymaltose, as the suggestion reads.
    phone.get_by_role("link", name="Add a course or a session").click()
    phone.get_by_label("IV iron infusion").check()
    assert not phone.locator("#schedule-box").is_visible()
    assert not phone.locator("#course-only").is_visible()  # no stop date, no usual time
    names = phone.locator("#treatment-names option")
    assert names.count() == 5
    assert "ferric carboxymaltose" in names.evaluate_all("options => options.map(o => o.value)")
    phone.fill("#id_name", "ferric carboxymaltose")
    phone.fill("#id_dose", "500")
    phone.get_by_label("mg", exact=True).check()
    phone.fill("#id_started", week_ago.isoformat())
    phone.get_by_role("button", name="Save", exact=True).click()
    phone.wait_for_url("**/treatments/")

    # One tap logs another session of the series, today.
    series = phone.locator(".series")
    assert series.count() == 1
    series.get_by_role("button", name="Log a session today").click()
    phone.wait_for_url("**/treatments/")
    assert phone.locator(".series").count() == 1
    sessions = phone.locator(".series .sessions li")
    assert sessions.count() == 2
    assert "2 sessions" in phone.locator(".series .summary").inner_text()

    course = phone.locator("#ongoing li.card")
    assert "pramipexole" in course.inner_text()
    assert "0.25 mg a day" in course.inner_text()
    assert fits_the_phone(phone)

    stored = sorted(alice.treatments.values_list("schedule", "name", "dose", "started"))
    assert stored == [
        ("course", "pramipexole", Decimal("0.25"), days_ago_3),
        ("session", "ferric carboxymaltose", Decimal(500), week_ago),
        ("session", "ferric carboxymaltose", Decimal(500), today),
    ]

    # The Trends page marks both on every chart, lists them beside the charts and gives each
    # a before/after card (its after window has not come yet: not enough nights).
    phone.get_by_role("link", name="Trends").click()
    phone.wait_for_url("**/trends/")
    for chart in ("severity", "sleep_loss", "onset"):
        description = phone.locator(f"#chart-{chart} .chart-description").inner_text()
        assert "pramipexole 0.25 mg from" in description
        assert "ferric carboxymaltose on" in description
    marks = phone.locator("table.marks").inner_text()
    assert "pramipexole 0.25 mg" in marks and "2 sessions" in marks
    cards = phone.locator(".before-after-row")
    assert cards.count() == 2
    assert "Not enough nights" in cards.first.inner_text()
    assert fits_the_phone(phone)


def test_a_dose_change_takes_a_few_taps_on_the_list(
    live_server: Any, phone: Any, alice: User
) -> None:
    alice.set_password(PASSWORD)
    alice.save()
    today = alice.today()
    old = make_treatment(alice, started=today - timedelta(days=30))
    base = live_server.url
    log_in(phone, base, "alice", PASSWORD)
    phone.goto(f"{base}/treatments/")
    card = phone.locator(f"#treatment-{old.pk}")
    card.locator("summary", has_text="Change dose").click()
    card.get_by_label("New dose").fill("0.5")
    assert fits_the_phone(phone)
    card.get_by_role("button", name="Save the new dose").click()
    phone.wait_for_url("**/treatments/")
    old.refresh_from_db()
    assert old.stopped == today - timedelta(days=1)
    new = alice.treatments.exclude(pk=old.pk).get()
    assert (new.dose, new.dose_unit, new.started) == (Decimal("0.5"), "mg", today)
    assert "0.5 mg a day" in phone.locator("#ongoing").inner_text()

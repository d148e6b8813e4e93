"""Treatments, labs and sharing in German and Spanish on a phone (390 px): the longer words
must neither widen the page nor be cut off (issue 16, "Languages")."""

from datetime import date
from typing import Any

import pytest

from diary import labs
from diary.models import Share, User
from tests.browser.pages import log_in
from tests.helpers import share_with
from tests.treatment_factories import make_session, make_treatment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-browser-1"

# Elements whose text is wider than their box where the box hides what overflows; not the
# visually hidden ones (a 1 px box on purpose: their words are for screen readers).
CLIPPED = """() => [...document.querySelectorAll("main *")].filter((el) => {
  const style = getComputedStyle(el);
  const hides = ["hidden", "clip"].includes(style.overflowX);
  const box = el.getBoundingClientRect();
  if (box.width <= 1 || box.height <= 1) return false;
  return hides && el.scrollWidth > el.clientWidth + 1;
}).map((el) => el.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_care_pages_fit_a_phone_in_german_and_spanish(
    live_server: Any, phone: Any, alice: User, clinician: User, language: str
) -> None:
    alice.set_password(PASSWORD)
    alice.save()
    course = make_treatment(alice)
    make_treatment(alice, name="ropinirole", started=date(2026, 1, 5), stopped=date(2026, 3, 1))
    make_session(alice, alice.today())
    lab = labs.clean_lab(
        patient=alice, values={"drawn": alice.today(), "ferritin_ng_ml": "42.5"}, by=alice
    )
    labs.save_entry(lab, by=alice, created=True)
    share = share_with(alice, clinician)
    Share.create_for(alice)
    base = live_server.url
    log_in(phone, base, "alice", PASSWORD)  # in English: the helper finds its button by name
    phone.context.set_extra_http_headers({"Accept-Language": language})
    phone.goto(f"{base}/treatments/")
    assert (
        phone.locator("h1").inner_text() == {"de": "Behandlungen", "es": "Tratamientos"}[language]
    )
    for path in (
        "/treatments/",
        "/treatments/add/",
        f"/treatments/{course.pk}/change-dose/",
        f"/treatments/{course.pk}/stop/",
        f"/treatments/{course.pk}/delete/",
        "/labs/",
        "/labs/add/",
        "/sharing/",
        f"/sharing/{share.pk}/revoke/",
    ):
        assert phone.goto(f"{base}{path}").ok, path  # an error page has nothing to overflow
        # Every <details> open, so the forms they hold are measured too.
        phone.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert phone.evaluate(CLIPPED) == [], path

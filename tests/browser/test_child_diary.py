"""A child's diary on a phone: the log form's words name the child, and a long name wraps
rather than being cut off or pushing the page sideways."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from diary.children import CHILD_NAME_MAX_LENGTH
from diary.models import User
from tests.browser.pages import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-browser-1"
# The longest name the field takes, in one word of wide letters: the hardest case for a heading
# on a narrow screen.
NAME = "M" * CHILD_NAME_MAX_LENGTH

# Each element's text fits its box: nothing overflows it, nothing is cut off.
CLIPPED = """selectors => selectors.flatMap(selector => {
  const el = document.querySelector(selector);
  if (!el) return [selector + ': missing'];
  const box = el.getBoundingClientRect();
  const clipped = el.scrollWidth > el.clientWidth + 1 || box.right > window.innerWidth + 1;
  return clipped ? [selector + ': ' + el.scrollWidth + ' > ' + el.clientWidth] : [];
})"""


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_the_log_form_names_the_child_without_clipping_on_a_phone(
    live_server: Any, open_page: Callable[..., Any], alice: User, theme: str
) -> None:
    alice.set_password(PASSWORD)
    alice.kept_for_child, alice.child_first_name = True, NAME
    alice.child_birth_year = date.today().year - 9
    alice.save()
    page = open_page(PHONE.width, PHONE.height, timezone_id="Europe/Paris", color_scheme=theme)
    log_in(page, live_server.url, "alice", PASSWORD)
    page.goto(f"{live_server.url}/nights/log/")

    assert page.locator("h1").inner_text() == f"Log a night for {NAME}"
    question = page.locator("#legs-question")
    assert question.inner_text() == f"How were {NAME}'s legs last night, and how did they sleep?"
    assert page.locator("#evening h2").inner_text() == f"Evening: {NAME}'s legs"
    assert page.evaluate(CLIPPED, ["h1", "#legs-question", "#evening h2", "#save-draft-help"]) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE.width

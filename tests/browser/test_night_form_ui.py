"""The log form on a phone and a desktop (issue 15): Save always on screen, the error summary after
a refused save, radio buttons and checkboxes drawn for the theme with a focus ring apart from
"selected"."""

import re
from collections.abc import Callable
from typing import Any

import pytest

from diary.models import User
from tests.browser.pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-browser-1"
SIZES = [pytest.param((390, 844), id="phone"), pytest.param((1280, 900), id="desktop")]
NOTES = "Worse after the long drive."


@pytest.fixture
def open_form(live_server: Any, open_page: Callable[..., Any], alice: User) -> Callable[..., Any]:
    """Alice's log form in a page of the size and colour scheme given."""
    alice.set_password(PASSWORD)
    alice.save()

    def open_(size: tuple[int, int], color_scheme: str = "dark", theme: str | None = None) -> Any:
        page = open_page(*size, timezone_id="Europe/Paris", color_scheme=color_scheme)
        if theme:  # picked with the toggle earlier, against the system's scheme
            page.add_init_script(f"localStorage.setItem('theme', '{theme}')")
        log_in(page, live_server.url, "alice", PASSWORD)
        page.goto(f"{live_server.url}/nights/log/")
        return page

    return open_


def box(page: Any, selector: str) -> dict[str, float]:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return dict(found)


def assert_save_on_screen(page: Any, height: int) -> None:
    save = box(page, "#save")
    assert save["y"] >= 0 and save["y"] + save["height"] <= height, save
    # Seen, not merely inside the viewport: nothing is drawn over its middle.
    middle = (save["x"] + save["width"] / 2, save["y"] + save["height"] / 2)
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).id", middle) == "save"


@pytest.mark.parametrize("size", SIZES)
def test_save_is_on_screen_at_the_top_in_the_middle_and_at_the_end_of_the_form(
    open_form: Callable[..., Any], size: tuple[int, int]
) -> None:
    page = open_form(size)
    height = size[1]
    assert page.evaluate("document.documentElement.scrollHeight") > 1.5 * height
    assert_save_on_screen(page, height)

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2 - innerHeight / 2)")
    assert_save_on_screen(page, height)

    # At the end the bar settles below the last field instead of covering it.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert_save_on_screen(page, height)
    notes = box(page, "#id_notes")
    assert notes["y"] + notes["height"] <= box(page, "#save-bar")["y"]


@pytest.mark.parametrize("size", SIZES)
def test_after_a_refused_save_the_summary_has_focus_and_its_links_take_focus_to_each_field(
    open_form: Callable[..., Any], size: tuple[int, int]
) -> None:
    page = open_form(size)
    page.fill("#id_night", "")
    page.fill("#id_in_bed", "")
    page.get_by_label("Creeping").check()
    page.fill("#id_notes", NOTES)
    # No severity chosen: the third problem.
    page.locator("#save").click()
    page.wait_for_load_state()

    summary = page.locator("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert summary.get_by_role("heading").inner_text() == "There is a problem"
    assert box(page, "#error-summary")["y"] < size[1]
    links = summary.get_by_role("link")
    assert links.all_inner_texts() == [
        "Night of: This field is required.",
        "RLS severity: This field is required.",
        "Got into bed: This field is required.",
    ]
    # What was typed and ticked is still there, and each field keeps its own message.
    assert page.locator("#id_notes").input_value() == NOTES
    assert page.get_by_label("Creeping").is_checked()
    assert page.locator("#id_night_error").is_visible()

    # A group of radio buttons is reached through its first button.
    for index, focused in enumerate(["id_night", "id_severity_0", "id_in_bed"]):
        links.nth(index).click()
        assert page.evaluate("document.activeElement.id") == focused
        field = box(page, f"#{focused}")
        # On screen, not under the save bar.
        assert field["y"] >= 0 and field["y"] + field["height"] <= box(page, "#save-bar")["y"]


def rgb(colour: str) -> tuple[float, ...]:
    numbers = re.findall(r"[\d.]+", colour)
    assert len(numbers) >= 3, colour
    return tuple(float(n) for n in numbers[:3])


def contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        channels = [c / 255 for c in rgb(colour)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


STYLE = """el => {
  const s = getComputedStyle(el);
  return {appearance: s.appearance, background: s.backgroundColor, border: s.borderTopColor,
          outline: s.outlineStyle, outlineColor: s.outlineColor, outlineWidth: s.outlineWidth,
          shadow: s.boxShadow};
}"""
WHITE = "rgb(255, 255, 255)"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "system, theme",
    [
        pytest.param("dark", None, id="dark-system"),
        pytest.param("light", "dark", id="dark-picked-on-a-light-system"),
        pytest.param("light", None, id="light-system"),
    ],
)
def test_radios_and_checkboxes_are_drawn_for_the_theme_with_a_focus_ring_apart_from_selected(
    open_form: Callable[..., Any], size: tuple[int, int], system: str, theme: str | None
) -> None:
    page = open_form(size, color_scheme=system, theme=theme)
    shown = theme or system
    assert page.evaluate("document.documentElement.dataset.theme") == shown
    # The browser's own controls (date and time pickers) follow the page, not the system.
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == shown
    card = page.evaluate("getComputedStyle(document.querySelector('#evening')).backgroundColor")

    creeping, itching = page.get_by_label("Creeping"), page.get_by_label("Itching")
    unchecked = itching.evaluate(STYLE)
    assert unchecked["appearance"] == "none"
    if shown == "dark":
        assert WHITE not in (unchecked["background"], unchecked["border"])
    # The box's edge shows against the card and the choice's own background.
    assert contrast(unchecked["border"], card) >= 3

    creeping.check()
    checked = creeping.evaluate(STYLE)
    choice = page.locator(".choice", has=creeping).evaluate(STYLE)
    assert checked["background"] != unchecked["background"]
    assert contrast(checked["background"], card) >= 3
    assert contrast(choice["border"], card) >= 3
    assert choice["outline"] == "none"  # "selected" is the accent inside the choice...

    # ...keyboard focus a thick ring outside it, in another colour.
    creeping.focus()
    page.keyboard.press("Tab")
    assert itching.evaluate("el => el === document.activeElement")
    focused_choice = page.locator(".choice:has(input:focus-visible)")
    assert focused_choice.count() == 1
    ring = focused_choice.evaluate(STYLE)
    assert ring["outline"] == "solid" and float(ring["outlineWidth"].rstrip("px")) >= 2
    assert rgb(ring["outlineColor"]) != rgb(choice["border"])
    page_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert contrast(ring["outlineColor"], card) >= 3
    assert contrast(ring["outlineColor"], page_background) >= 3


def test_enter_in_a_text_box_saves_the_night_as_filled_in_not_as_no_symptoms(
    open_form: Callable[..., Any], alice: User
) -> None:
    # The form's first button is the one-tap "No RLS symptoms", which sends severity 0; Enter
    # must press Save instead, or a patient typing a number would lose the severity they chose.
    page = open_form((390, 844))
    page.locator("#field-id_severity").get_by_label("6", exact=True).check()
    page.fill("#id_sleep_latency_min", "25")
    page.press("#id_sleep_latency_min", "Enter")
    page.wait_for_url(re.compile(r"/nights/$"))

    night = alice.nights.get()
    assert night.severity == 6
    assert night.sleep_latency_min == 25

"""Wide tables on a phone (issue 15): on a 390×844 screen no cell is cut off at the right
without a way to reach it, and every column shows its full name; at 1280×900 each table is
still a normal table. Run on the seeded demo, whose figures fill every column."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from diary.management.commands.seed_demo import DEMO_CLINICIAN, DEMO_PASSWORD, DEMO_USERNAME
from tests.browser.pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A cold Trends or review page draws its charts first: slow on a busy test machine.
COLD_PAGE_MS = 60_000
PHONE = (390, 844)
DESKTOP = (1280, 900)

# The body cells of a table that lie (partly) outside the screen, unless they are inside a
# region that scrolls sideways and takes keyboard focus. A cell with no box (an empty cell,
# hidden in a card) cannot be cut off.
CELLS_OUT_OF_REACH = """(selector) => {
  const table = document.querySelector(selector);
  const out = [];
  for (const cell of table.querySelectorAll("tbody th, tbody td")) {
    const box = cell.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left >= 0 && box.right <= window.innerWidth + 0.5) continue;
    const region = cell.closest('[role="region"][tabindex="0"]');
    if (region && getComputedStyle(region).overflowX === "auto") continue;
    out.push(cell.textContent.trim().slice(0, 40));
  }
  return out;
}"""

# What a phone shows above each body cell of a row: its ::before text, or "none".
ROW_LABELS = """(selector) => {
  const row = document.querySelector(selector + " tbody tr");
  return [...row.querySelectorAll("td")]
    .filter((cell) => cell.getBoundingClientRect().width > 0)
    .map((cell) => {
      const before = getComputedStyle(cell, "::before");
      return before.display === "none" ? "none" : before.content;
    });
}"""

# How the table is laid out: as a table, with a visible header, and fitting its box.
TABLE_LAYOUT = """(selector) => {
  const table = document.querySelector(selector);
  const box = table.parentElement;
  return {
    display: getComputedStyle(table).display,
    row: getComputedStyle(table.querySelector("tbody tr")).display,
    header: table.tHead.getBoundingClientRect().height > 10,
    label: getComputedStyle(table.querySelector("tbody td"), "::before").content,
    fits: box.scrollWidth <= box.clientWidth,
  };
}"""


@pytest.fixture
def demo(live_server: Any) -> str:
    call_command("seed_demo")
    return str(live_server.url)


def signed_in(
    open_page: Callable[..., Any],
    base: str,
    username: str,
    size: tuple[int, int],
    color_scheme: str = "dark",
) -> Any:
    page = open_page(*size, color_scheme=color_scheme)
    log_in(page, base, username, DEMO_PASSWORD)
    return page


def quoted(*labels: str) -> list[str]:
    return [f'"{label}"' for label in labels]


def test_the_nights_list_is_a_card_per_night_with_each_figure_named_on_a_phone(
    demo: str, open_page: Callable[..., Any]
) -> None:
    page = signed_in(open_page, demo, DEMO_USERNAME, PHONE)
    page.goto(f"{demo}/nights/")

    assert page.locator("table.nights tbody tr").count() == 56
    assert page.evaluate(CELLS_OUT_OF_REACH, "table.nights") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(ROW_LABELS, "table.nights") == quoted(
        "Time in bed", "Total sleep time", "Sleep efficiency", "Sleep loss", "Severity"
    )
    # A card: the night's date above its figures, not beside them.
    date = page.locator("table.nights tbody th").first.bounding_box()
    in_bed = page.locator("table.nights tbody td").first.bounding_box()
    assert in_bed["y"] >= date["y"] + date["height"]


@pytest.mark.parametrize("color_scheme", ["dark", "light"])
def test_the_weekly_table_scrolls_sideways_under_its_week_column_with_a_cue(
    demo: str, open_page: Callable[..., Any], color_scheme: str
) -> None:
    page = signed_in(open_page, demo, DEMO_USERNAME, PHONE, color_scheme)
    page.goto(f"{demo}/trends/", timeout=COLD_PAGE_MS)
    region = page.get_by_role("region", name="Week by week, scrolls sideways")
    week = page.locator("table.weeks tbody th").first

    assert region.locator("table.weeks").count() == 1
    assert region.get_attribute("tabindex") == "0"
    assert page.locator("#weekly-scroll-cue").is_visible()
    assert "Swipe the table sideways" in page.locator("#weekly-scroll-cue").inner_text()
    assert page.evaluate(CELLS_OUT_OF_REACH, "table.weeks") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Every column's full name shows in its header, beside the abbreviation.
    names = page.locator("table.weeks thead .full-name")
    assert names.count() == 10
    assert all(names.nth(i).is_visible() for i in range(10))
    assert "total sleep time" in names.all_inner_texts()

    # The keyboard reaches the region and scrolls it; the week column stays in view, on the
    # page's own colour so the figures scrolling under it do not show through.
    region.focus()
    start = week.bounding_box()["x"]
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.table-scroll').scrollLeft > 100")
    assert week.bounding_box()["x"] == pytest.approx(start, abs=1)
    assert week.evaluate("(cell) => getComputedStyle(cell).backgroundColor") == page.evaluate(
        "getComputedStyle(document.body).backgroundColor"
    )
    last = page.locator("table.weeks thead th").last
    last.scroll_into_view_if_needed()
    assert last.bounding_box()["x"] + last.bounding_box()["width"] <= 390


def test_the_dashboard_is_a_card_per_patient_with_each_figure_named_on_a_phone(
    demo: str, open_page: Callable[..., Any]
) -> None:
    page = signed_in(open_page, demo, DEMO_CLINICIAN, PHONE)
    page.goto(f"{demo}/clinician/")

    assert page.evaluate(CELLS_OUT_OF_REACH, "table.patients") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(ROW_LABELS, "table.patients") == quoted(
        "Last entry",
        "Nights logged, last 28 days",
        "Severity /10, last full week (change)",
        "Sleep loss a night, last full week (change)",
        "Iron, latest results",
        "Flags",
    )
    # The flags (the demo's augmentation) read as sentences across the card.
    flags = page.locator("table.patients td.flag-cell").first.bounding_box()
    assert flags["width"] > 300


def test_the_review_pages_lab_and_assessment_tables_fit_a_phone_as_cards(
    demo: str, open_page: Callable[..., Any]
) -> None:
    page = signed_in(open_page, demo, DEMO_CLINICIAN, PHONE)
    page.goto(f"{demo}/clinician/")
    review = page.locator("table.patients tbody a").first.get_attribute("href")
    page.goto(f"{demo}{review}", timeout=COLD_PAGE_MS)

    for table in ("table.labs", "table.assessments", "table.night-notes"):
        assert page.evaluate(CELLS_OUT_OF_REACH, table) == [], table
    assert page.evaluate(ROW_LABELS, "table.labs")[:2] == quoted(
        "Ferritin, ng/mL", "Transferrin saturation (TSAT), %"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_patients_lab_page_fits_a_phone_as_cards(
    demo: str, open_page: Callable[..., Any]
) -> None:
    page = signed_in(open_page, demo, DEMO_USERNAME, PHONE)
    page.goto(f"{demo}/labs/")

    assert page.evaluate(CELLS_OUT_OF_REACH, "#labs") == []
    assert page.evaluate(CELLS_OUT_OF_REACH, "#assessments") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_on_a_desktop_the_patients_tables_stay_normal_tables(
    demo: str, open_page: Callable[..., Any]
) -> None:
    page = signed_in(open_page, demo, DEMO_USERNAME, DESKTOP)

    for path, table in (("/nights/", "table.nights"), ("/trends/", "table.weeks")):
        page.goto(f"{demo}{path}", timeout=COLD_PAGE_MS)
        layout = page.evaluate(TABLE_LAYOUT, table)
        assert layout == {
            "display": "table",
            "row": "table-row",
            "header": True,
            "label": "none",
            "fits": True,
        }, path
        assert page.locator(".scroll-cue").is_hidden()
        assert page.locator(f"{table} .full-name").first.is_hidden()
        # The abbreviations are spelled out under the table instead.
        assert page.locator(".table-legend").first.is_visible()


def test_on_a_desktop_the_dashboard_stays_a_normal_table_that_fits_the_page(
    demo: str, open_page: Callable[..., Any]
) -> None:
    page = signed_in(open_page, demo, DEMO_CLINICIAN, DESKTOP)
    page.goto(f"{demo}/clinician/")

    assert page.evaluate(TABLE_LAYOUT, "table.patients") == {
        "display": "table",
        "row": "table-row",
        "header": True,
        "label": "none",
        "fits": True,
    }
    assert page.locator("#patients-legend").is_visible()


# The numbers with their unit ("8 h 30 min", "66.7 %", "88.0 ng/mL", "2.4 (−1.3)") in a table's
# body cells that a phone breaks across two lines.
VALUES_BROKEN = r"""(selector) => {
  const figure = /[−+±]?\d[\d.,]*(?:\s(?:h|min|%|ng\/mL|µg\/dL)(?!\w)(?:\s\d+\smin)?)+/;
  const unit = new RegExp(`${figure.source}|\\d[\\d.]*\\s\\([^)]*\\)`, "g");
  const broken = [];
  const table = document.querySelector(selector);
  const walker = document.createTreeWalker(table.tBodies[0], NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(unit)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0)
        .map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""


# Body cells whose content is wider than the cell (a value kept on one line that does not fit).
CELLS_OVERFLOWING = """(selector) => {
  const table = document.querySelector(selector);
  return [...table.querySelectorAll("tbody td")]
    .filter((cell) => cell.getBoundingClientRect().width > 0)
    .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
    .map((cell) => cell.textContent.trim().slice(0, 40));
}"""


@pytest.mark.parametrize(
    ("who", "path", "table"),
    [
        (DEMO_USERNAME, "/nights/", "table.nights"),
        (DEMO_USERNAME, "/labs/", "#labs"),
        (DEMO_CLINICIAN, "/clinician/", "table.patients"),
    ],
)
def test_on_a_phone_no_number_is_split_from_its_unit(
    demo: str, open_page: Callable[..., Any], who: str, path: str, table: str
) -> None:
    page = signed_in(open_page, demo, who, PHONE)
    page.goto(f"{demo}{path}")
    assert page.evaluate(VALUES_BROKEN, table) == []
    assert page.evaluate(CELLS_OVERFLOWING, table) == []
    assert page.evaluate(CELLS_OUT_OF_REACH, table) == []


def test_on_a_phone_no_number_on_the_review_cards_is_split_from_its_unit(
    demo: str, open_page: Callable[..., Any]
) -> None:
    page = signed_in(open_page, demo, DEMO_CLINICIAN, PHONE)
    page.goto(f"{demo}/clinician/")
    review = page.locator("table.patients tbody a").first.get_attribute("href")
    page.goto(f"{demo}{review}", timeout=COLD_PAGE_MS)
    for table in ("table.labs", "table.assessments"):
        assert page.evaluate(VALUES_BROKEN, table) == [], table
        assert page.evaluate(CELLS_OVERFLOWING, table) == [], table

"""On the seeded demo, the Trends page's summary, each chart's caption, the weekly table, the
clinician's dashboard and review page state the same comparison with the same numbers and
units (issue 15, "Numbers that agree"; README, "Numbers on screen")."""

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from html import unescape

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from diary.management.commands.seed_demo import DEMO_CLINICIAN, DEMO_USERNAME
from diary.models import User
from tests.helpers import logged_in

MINUS = "\u2212"
# A duration as every page writes it: "7 h 01 min" or "56 min".
DURATION = r"(?:\d+ h \d\d min|\d+ min)"
SCORE = r"\d+\.\d"
CLOCK = r"\d\d:\d\d"
SAME = "the same as before"
LINES = {
    "severity": re.compile(
        rf"^Severity (?P<now>{SCORE})/10, (?:{SAME}|(?P<way>up|down) (?P<change>{SCORE}) from "
        rf"(?P<before>{SCORE})/10)$"
    ),
    "total_sleep": re.compile(
        rf"^Total sleep (?P<now>{DURATION}) a night, (?:{SAME}|(?P<way>up|down) "
        rf"(?P<change>{DURATION}) from (?P<before>{DURATION}))$"
    ),
    "sleep_loss": re.compile(
        rf"^Sleep loss (?P<now>{DURATION}) a night \((?P<week>{DURATION}) in the week\), "
        rf"(?:{SAME}|(?P<way>up|down) "
        rf"(?P<change>{DURATION}) from (?P<before>{DURATION}))$"
    ),
    "onset": re.compile(
        rf"^Median onset (?P<now>{CLOCK}), (?:{SAME}|(?P<change>{DURATION}) "
        rf"(?P<way>earlier|later) than (?P<before>{CLOCK}))$"
    ),
}
# The weekly table's column of each measure's week value (insights.columns order, the
# week's Monday in the row header).
TABLE_COLUMN = {"severity": 2, "onset": 4, "total_sleep": 5, "sleep_loss": 7}
CHART_OF = {"severity": "severity", "total_sleep": "sleep_loss", "sleep_loss": "sleep_loss",
            "onset": "onset"}  # fmt: skip


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


def _summary(page: str) -> tuple[str, dict[str, re.Match[str]]]:
    period = re.search(r'<p class="trend-period"[^>]*>(.*?)</p>', page, re.S)
    listed = re.search(r'<ul class="trend-summaries"[^>]*>(.*?)</ul>', page, re.S)
    assert period and listed
    lines = [_text(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", listed[1], re.S)]
    matched = {}
    for key, pattern in LINES.items():
        found = [match for line in lines if (match := pattern.match(line))]
        assert len(found) == 1, (key, lines)
        matched[key] = found[0]
    return _text(period[1]).rstrip(":"), matched


def _week_row(page: str, monday: str) -> list[str]:
    table = re.search(r'<table class="weeks[^"]*"[^>]*>(.*?)</table>', page, re.S)
    assert table
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table[1], re.S):
        header = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        if header and _text(header[1]) == monday:
            return [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    raise AssertionError(f"no row for the week of {monday}")


def _captions(page: str) -> dict[str, str]:
    found = re.findall(
        r'<figure class="chart" id="chart-(\w+)">.*?<p class="[^"]*chart-description[^"]*">'
        r"(.*?)</p>",
        page,
        re.S,
    )
    return {key: _text(text) for key, text in found}


def _signed(line: re.Match[str], zero: str) -> str:
    """The line's change as a table cell writes it: +1.3, −47 min, ±0.0."""
    if line["way"] is None:
        return f"±{zero}"
    return ("+" if line["way"] in ("up", "later") else MINUS) + line["change"]


@pytest.fixture
def demo(db: None) -> Iterator[User]:
    # A fixed day, so the demo's random story and the weeks compared are the same every run.
    with time_machine.travel(datetime(2026, 11, 26, 15, 0, tzinfo=UTC), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        yield User.objects.get(username=DEMO_USERNAME)


def test_the_summary_captions_weekly_table_and_dashboard_agree_on_the_demo(demo: User) -> None:
    trends = logged_in(demo).get("/trends/").content.decode()
    clinician = logged_in(User.objects.get(username=DEMO_CLINICIAN))
    dashboard = clinician.get(reverse("clinician-dashboard")).content.decode()
    review = clinician.get(reverse("patient-review", args=[demo.pk])).content.decode()

    period, lines = _summary(trends)
    monday = re.fullmatch(
        r"Last full week \((\d{4}-\d\d-\d\d) to \d{4}-\d\d-\d\d\) against the 4 weeks before it",
        period,
    )
    assert monday, period
    assert monday[1] == "2026-11-16"  # the Monday–Sunday week before the one of 26 Nov
    row = _week_row(trends, monday[1])
    captions = _captions(trends)
    for key, line in lines.items():
        # The table's row for that week shows the week's number, written the same way: for
        # sleep loss the week's total, which the line gives beside the mean a night.
        week_value = line["week"] if key == "sleep_loss" else line["now"]
        assert row[TABLE_COLUMN[key]] == week_value, key
        # The chart's caption says the summary's own line, after the same period.
        caption = captions[CHART_OF[key]]
        assert f"{period}: " in caption and line[0] in caption, (key, caption)
    # The change is that of the numbers shown, so the line adds up as read.
    severity = lines["severity"]
    if severity["before"] is not None:
        change = Decimal(severity["now"]) - Decimal(severity["before"])
        assert _signed(severity, "0.0") == f"{change:+}".replace("-", MINUS)

    # The clinician reads the same week's numbers and changes on the dashboard ...
    cells = re.search(rf'<a href="{reverse("patient-review", args=[demo.pk])}">.*?</tr>',
                      dashboard, re.S)  # fmt: skip
    assert cells
    tds = [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells[0], re.S)]
    loss = lines["sleep_loss"]
    assert tds[2] == f"{severity['now']} ({_signed(severity, '0.0')})"
    assert tds[3] == f"{loss['now']} ({_signed(loss, '0 min')})"
    assert "Severity /10" in _text(dashboard)
    # ... and the review page shows the patient's summary, captions and table as they are.
    review_period, review_lines = _summary(review)
    assert review_period == period
    assert {key: line[0] for key, line in review_lines.items()} == {
        key: line[0] for key, line in lines.items()
    }
    assert _week_row(review, monday[1]) == row
    assert {key: _captions(review)[key] for key in captions} == captions


def test_the_weekly_table_writes_each_number_with_its_unit(demo: User) -> None:
    trends = logged_in(demo).get("/trends/").content.decode()
    row = _week_row(trends, "2026-11-16")

    assert re.fullmatch(SCORE, row[2])  # mean severity, under "Sev. /10"
    assert re.fullmatch(CLOCK, row[4])
    assert re.fullmatch(DURATION, row[5])  # mean total sleep
    assert re.fullmatch(r"\d+\.\d %", row[6])  # sleep efficiency
    assert re.fullmatch(DURATION, row[7])  # sleep loss of the week
    assert re.fullmatch(r"\d+ min", row[8])  # latency, in minutes as diaries count it
    assert "Sev. /10" in trends and "Max /10" in trends

"""The patient's Trends page: owner only, an empty state, and caching that follows the data."""

import pickle
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from diary.models import Night, Treatment, User
from insights.comparisons import compared_from
from insights.loading import load_nights, load_nights_in, load_treatments
from insights.trends import build_trends, load_from, periods_needed, range_start
from insights.views import trends_key
from tests.helpers import text
from tests.sample_nights import plausible_rows
from tests.treatment_factories import make_treatment

FROZEN = "2026-11-22 15:00:00+00:00"

# The columns of the page's week-by-week table, as insights.weekly.format_weekly names them.
COLUMNS = (
    "week_start",
    "nights_logged",
    "symptomatic_nights",
    "mean_severity",
    "max_severity",
    "median_onset",
    "mean_total_sleep_min",
    "mean_sleep_efficiency_pct",
    "total_sleep_loss_min",
    "mean_sleep_latency_min",
    "mean_day_fatigue",
)


def weeks(response: Any) -> list[dict[str, str]]:
    """The week-by-week table as the page shows it, oldest week first (the page lists the
    newest first). Read from the HTML, since the rendered page is all that is cached."""
    table = text(response).split('<table class="weeks compact"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL) for row in rows]
    return [dict(zip(COLUMNS, row, strict=True)) for row in reversed(cells)]


def test_a_new_patient_sees_not_enough_data_yet(alice_client: Client) -> None:
    page = alice_client.get("/trends/").content.decode()
    assert "Not enough data yet" in page
    assert "<svg" not in page


@time_machine.travel(FROZEN, tick=False)
def test_the_owner_sees_three_charts_with_text_alternatives_and_the_table(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    for i in range(10):
        make_night(alice, date(2026, 11, 10) + timedelta(days=i))
    response = alice_client.get("/trends/")
    page = response.content.decode()
    assert page.count("<svg") == 3
    assert page.count('role="img"') == 3
    assert page.count('class="help chart-description"') == 3
    assert '<th scope="row">2026-11-16</th>' in page
    assert sum(int(week["nights_logged"]) for week in weeks(response)) == 10


@pytest.mark.parametrize("client_name", ["bob_client", "clinician_client"])
def test_nobody_else_has_a_trends_page_for_alice(
    request: pytest.FixtureRequest, alice: User, client_name: str, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-20")
    response = request.getfixturevalue(client_name).get("/trends/")
    if client_name == "bob_client":
        assert "Not enough data yet" in text(response)  # bob sees his own, empty diary
    else:
        assert response.status_code == 404


def test_anonymous_users_are_sent_to_log_in(client: Client, db: None) -> None:
    assert client.get("/trends/")["Location"].startswith("/accounts/login/")


@time_machine.travel(FROZEN, tick=False)
def test_the_cached_charts_change_as_soon_as_a_night_changes(
    alice: User,
    alice_client: Client,
    make_night: Callable[..., Night],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    make_night(alice, "2026-11-19", severity=2)
    first = weeks(alice_client.get("/trends/"))
    # Session, user and the cache entry (a database table): the nights are not read again.
    with django_assert_num_queries(3):
        cached = weeks(alice_client.get("/trends/"))
    assert cached == first
    alice_client.post("/nights/2026-11-19/delete/")
    make_night(alice, "2026-11-19", severity=9)
    assert weeks(alice_client.get("/trends/"))[-1]["mean_severity"] == "9.0"


@time_machine.travel(FROZEN, tick=False)
def test_the_cache_keeps_each_chart_once(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    for i in range(10):
        make_night(alice, date(2026, 11, 10) + timedelta(days=i))
    assert text(alice_client.get("/trends/")).count("<svg") == 3
    alice.refresh_from_db()
    entry = cache.get(trends_key(alice, "12", alice.today()))
    # As a cache backend stores it (Redis and the database cache both pickle): the rendered
    # fragment and nothing else, not the charts a second time beside it.
    assert pickle.dumps(entry).count(b"<svg") == 3
    assert isinstance(entry, str)


@time_machine.travel(FROZEN, tick=False)
def test_changing_the_sleep_need_changes_the_trends(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-19")  # 400 min asleep
    assert weeks(alice_client.get("/trends/"))[-1]["total_sleep_loss_min"] == "1 h 20 min"
    alice_client.post("/settings/", {"timezone": "America/New_York", "sleep_need_min": 420})
    assert weeks(alice_client.get("/trends/"))[-1]["total_sleep_loss_min"] == "20 min"


@time_machine.travel(FROZEN, tick=False)
def test_the_range_selector_limits_the_weeks(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-06-01")
    make_night(alice, "2026-11-19")
    assert len(weeks(alice_client.get("/trends/?range=4"))) == 1
    assert len(weeks(alice_client.get("/trends/?range=all"))) == 25
    assert '<a class="button" href="?range=12" aria-current="page">' in text(
        alice_client.get("/trends/?range=bogus")
    )


@time_machine.travel(FROZEN, tick=False)
def test_a_sleep_need_changed_through_the_api_reaches_the_cached_page(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-19")  # 400 min asleep
    assert weeks(alice_client.get("/trends/"))[-1]["total_sleep_loss_min"] == "1 h 20 min"
    response = alice_client.patch(
        "/api/v1/profile/", {"sleep_need_min": 420}, content_type="application/json"
    )
    assert response.status_code == 200
    assert weeks(alice_client.get("/trends/"))[-1]["total_sleep_loss_min"] == "20 min"


def test_ranges_end_with_the_current_week_and_comparisons_reach_back_five_full_weeks() -> None:
    sunday, monday = date(2026, 11, 22), date(2026, 11, 23)
    assert range_start("4", sunday) == date(2026, 10, 26)  # 26 Oct – 22 Nov: 4 weeks
    assert range_start("4", monday) == date(2026, 11, 2)  # a new week has begun
    assert range_start("all", sunday) is None
    # On a Sunday its night has not ended: the last full week is 9-15 Nov, the 4 before it
    # begin on 12 Oct.
    assert compared_from(sunday) == date(2026, 10, 12)
    assert load_from("4", sunday) == date(2026, 10, 12)
    assert load_from("52", sunday) == date(2025, 11, 24)


def make_course_stub(started: date, stopped: date | None) -> Treatment:
    return Treatment(pk=started.toordinal(), kind="medication", schedule="course",
                     name="pramipexole", started=started, stopped=stopped)  # fmt: skip


def test_the_periods_read_are_the_range_with_its_summaries_and_each_treatment_window() -> None:
    sunday = date(2026, 11, 22)
    course = make_course_stub(date(2025, 3, 1), date(2025, 6, 30))
    later = make_course_stub(date(2025, 4, 1), None)  # its windows overlap the first one's

    periods = periods_needed("12", sunday, [course, later])

    # 28 nights before the first start to the end of the second's after window (day 41),
    # merged into one; then the twelve weeks (and the comparisons' five within), open-ended.
    assert periods == [
        (date(2025, 2, 1), date(2025, 5, 12)),
        (range_start("12", sunday), None),
    ]
    assert periods_needed("all", sunday, [course]) is None
    assert periods_needed("4", sunday) == [(date(2026, 10, 12), None)]


@time_machine.travel(FROZEN, tick=False)
def test_a_short_range_reads_only_the_nights_it_and_the_before_after_table_need(
    alice: User, alice_client: Client
) -> None:
    rows = plausible_rows(date(2024, 11, 18), 735, seed=5)
    Night.objects.bulk_create(Night(patient=alice, **row) for row in rows)
    make_treatment(alice, started=date(2025, 3, 1), stopped=date(2025, 6, 30))
    treatments = load_treatments(alice)
    everything = load_nights(alice)

    read = load_nights_in(alice, periods_needed("12", alice.today(), treatments))
    page = alice_client.get("/trends/?range=12").context["trends"]

    assert len(read) < len(everything) / 3
    whole = build_trends(everything, "12", alice.today(), treatments)
    assert page.before_after == whole.before_after
    assert page.weeks == whole.weeks
    assert [str(line.text) for line in page.summaries] == [
        str(line.text) for line in whole.summaries
    ]
    assert page.before_after[0]["before_nights_logged"] > 0

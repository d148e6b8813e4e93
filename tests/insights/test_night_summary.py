"""Known answers for what the nights of a range say: body areas, sensations, relief and
possible triggers, and severity with and without a trigger (issue 11), and both pages."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
import time_machine
from django.test import Client

from diary.models import Night, Share, User
from insights.frames import empty_nights_frame
from insights.night_summary import NightSummary, night_summary

FROZEN = "2026-11-22 15:00:00+00:00"


def night(day: str, severity: int, **sets: tuple[str, ...]) -> dict[str, Any]:
    empty: dict[str, tuple[str, ...]] = {"sensations": (), "areas": (), "relief": (), "factors": ()}
    return {"night": pd.Timestamp(day), "severity": severity, **empty, **sets}


def summarise(*rows: dict[str, Any]) -> NightSummary:
    return night_summary(pd.DataFrame(list(rows)))


def severities(first: date, values: list[int], **sets: tuple[str, ...]) -> list[dict[str, Any]]:
    """One night per value from `first` on, each with the same sets."""
    return [
        night((first + timedelta(days=i)).isoformat(), value, **sets)
        for i, value in enumerate(values)
    ]


# Given out of order: firsts are the earliest night, not the first row.
FIVE_NIGHTS = [
    night(
        "2026-10-04",
        6,
        areas=("left_leg", "arms"),
        sensations=("urge",),
        relief=("none",),
        factors=("alcohol",),
    ),
    night(
        "2026-10-01",
        4,
        areas=("left_leg", "right_leg"),
        sensations=("urge", "tingling"),
        relief=("walking",),
        factors=("caffeine",),
    ),
    night("2026-10-02", 0, factors=("stress",)),
    night(
        "2026-10-03",
        5,
        areas=("left_leg", "trunk"),
        sensations=("urge", "burning"),
        relief=("walking", "stretching"),
        factors=("caffeine", "stress"),
    ),
    night(
        "2026-10-05",
        3,
        areas=("right_leg", "arms"),
        sensations=("tingling",),
        relief=("walking",),
    ),
]


def test_it_counts_the_nights_with_each_body_area_in_domain_order() -> None:
    # left_leg on 10-01, 10-03, 10-04 = 3 (first 10-01); right_leg on 10-01, 10-05 = 2;
    # arms on 10-04, 10-05 = 2 (first 10-04); trunk on 10-03 only = 1.
    summary = summarise(*FIVE_NIGHTS)

    assert summary.nights == 5
    assert [(a.key, a.nights, a.first) for a in summary.areas] == [
        ("left_leg", 3, date(2026, 10, 1)),
        ("right_leg", 2, date(2026, 10, 1)),
        ("arms", 2, date(2026, 10, 4)),
        ("trunk", 1, date(2026, 10, 3)),
    ]


def test_the_first_spread_night_is_the_earliest_with_arms_or_trunk() -> None:
    # Trunk on 10-03 comes before the first arms night (10-04): spread began on 10-03.
    assert summarise(*FIVE_NIGHTS).first_spread == date(2026, 10, 3)
    # Legs only: no spread night.
    assert summarise(night("2026-10-01", 4, areas=("left_leg",))).first_spread is None


def test_it_counts_the_nights_with_each_sensation_relief_and_trigger() -> None:
    # urge on 10-01, 10-03, 10-04 = 3; tingling 10-01, 10-05 = 2; burning 10-03 = 1.
    # walking 10-01, 10-03, 10-05 = 3; stretching 10-03 = 1; "nothing helped" 10-04 = 1.
    # caffeine 10-01, 10-03 = 2; stress 10-02, 10-03 = 2 (a night without symptoms counts);
    # alcohol 10-04 = 1.
    summary = summarise(*FIVE_NIGHTS)

    assert {c.key: c.nights for c in summary.sensations_logged} == {
        "urge": 3,
        "tingling": 2,
        "burning": 1,
    }
    assert {c.key: c.nights for c in summary.relief_logged} == {
        "walking": 3,
        "stretching": 1,
        "none": 1,
    }
    assert {t.key: t.nights for t in summary.triggers_logged} == {
        "caffeine": 2,
        "alcohol": 1,
        "stress": 2,
    }
    # Every word is counted, the ones never logged as 0, in domain.md's order.
    assert [c.key for c in summary.sensations][:3] == ["urge", "tingling", "creeping"]
    assert len(summary.sensations) == 9 and len(summary.relief) == 7
    assert len(summary.triggers) == 8


def test_a_trigger_with_3_nights_with_and_3_without_is_compared() -> None:
    # Caffeine nights 7, 6, 6: 19/3 = 6.333.. -> 6.33; the others 2, 1, 1: 4/3 -> 1.33.
    rows = severities(date(2026, 10, 1), [7, 6, 6], factors=("caffeine",))
    rows += severities(date(2026, 10, 4), [2, 1, 1])

    caffeine = summarise(*rows).triggers[0]

    assert (caffeine.key, caffeine.nights, caffeine.nights_without) == ("caffeine", 3, 3)
    assert (caffeine.mean_with, caffeine.mean_without) == (Decimal("6.33"), Decimal("1.33"))
    assert summarise(*rows).compared == [caffeine]


def test_a_trigger_with_2_nights_or_only_2_without_is_not_compared() -> None:
    # 5 nights: caffeine on 3, so only 2 without; alcohol on 2. Neither is compared.
    rows = severities(date(2026, 10, 1), [7, 6], factors=("caffeine", "alcohol"))
    rows += severities(date(2026, 10, 3), [6], factors=("caffeine",))
    rows += severities(date(2026, 10, 4), [2, 1])

    summary = summarise(*rows)

    by_key = {t.key: t for t in summary.triggers}
    assert (by_key["caffeine"].nights, by_key["caffeine"].nights_without) == (3, 2)
    assert by_key["caffeine"].mean_with is None and by_key["caffeine"].mean_without is None
    assert by_key["alcohol"].nights == 2 and by_key["alcohol"].mean_with is None
    assert summary.compared == []


def test_the_means_round_a_tie_half_up() -> None:
    # Stress nights 6, 5, 4: 15/3 = 5.00. The 8 other nights 0, 1, 2, 2, 3, 3, 3, 3 sum to
    # 17: 17/8 = 2.125 exactly, a tie: half up gives 2.13 (banker's rounding would give 2.12).
    rows = severities(date(2026, 10, 1), [6, 5, 4], factors=("stress",))
    rows += severities(date(2026, 10, 4), [0, 1, 2, 2, 3, 3, 3, 3])

    stress = {t.key: t for t in summarise(*rows).triggers}["stress"]

    assert (stress.nights, stress.nights_without) == (3, 8)
    assert (stress.mean_with, stress.mean_without) == (Decimal("5.00"), Decimal("2.13"))


def test_a_range_without_nights_counts_nothing() -> None:
    summary = night_summary(empty_nights_frame())

    assert summary.nights == 0 and summary.first_spread is None
    assert all(area.nights == 0 and area.first is None for area in summary.areas)
    assert summary.triggers_logged == [] and summary.compared == []


def six_nights(alice: User, make_night: Callable[..., Night]) -> None:
    """Three caffeine nights of severity 6 from 2026-11-10, the second with arms (first
    spread 2026-11-11), and three caffeine-free nights of severity 2 from 2026-11-13."""
    for i in range(3):
        areas = ["left_leg", "arms"] if i == 1 else ["left_leg"]
        make_night(alice, date(2026, 11, 10 + i), severity=6, areas=areas, factors=["caffeine"])
    for i in range(3):
        make_night(alice, date(2026, 11, 13 + i), severity=2, factors=[])


@time_machine.travel(FROZEN, tick=False)
def test_the_trends_page_says_it_in_plain_words(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    six_nights(alice, make_night)

    page = alice_client.get("/trends/").content.decode()

    assert "Left leg: 6 nights (first on 2026-11-10)" in page
    assert "Arms: 1 night (first on 2026-11-11)" in page
    assert "Trunk: no nights" in page
    assert "arms or trunk for the first time in this range on 2026-11-11" in page
    # Caffeine: 6, 6, 6 -> 6.00; other nights 2, 2, 2 -> 2.00.
    assert (
        "On nights after caffeine, severity averaged 6.00; on other nights, 2.00 — a "
        "comparison, not proof that caffeine caused it."
    ) in page


@time_machine.travel(FROZEN, tick=False)
def test_the_review_page_shows_the_summary_of_its_range(
    alice: User,
    alice_shares: Share,
    clinician_client: Client,
    make_night: Callable[..., Night],
) -> None:
    six_nights(alice, make_night)
    # A night before the 4-week range (which starts Monday 2026-10-26) is left out.
    make_night(alice, date(2026, 10, 1), severity=8, areas=["trunk"], factors=["caffeine"])

    page = clinician_client.get(f"/clinician/patients/{alice.pk}/?range=4").content.decode()

    assert 'id="night-summary"' in page
    assert "Out of 6 nights logged in this range." in page
    assert "Trunk: no nights" in page
    assert '<th scope="row">Caffeine</th><td>3</td><td>6.00</td><td>2.00</td>' in page

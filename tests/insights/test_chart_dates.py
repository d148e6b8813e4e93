"""Date ticks of the charts' x axes (insights.charts.dates): round dates, at most seven,
labelled briefly with the year said once."""

from datetime import date, datetime, time

import pytest
from django.utils import translation
from matplotlib.dates import date2num

from insights.charts.dates import MAX_TICKS, day_x, tick_dates, tick_labels


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        # Four weeks: Mondays.
        (date(2026, 10, 26), date(2026, 11, 22), [date(2026, 10, 26), date(2026, 11, 2),
                                                  date(2026, 11, 9), date(2026, 11, 16)]),
        # Twelve weeks: the 1st and the 15th.
        (date(2026, 8, 31), date(2026, 11, 22), [date(2026, 9, 1), date(2026, 9, 15),
                                                 date(2026, 10, 1), date(2026, 10, 15),
                                                 date(2026, 11, 1), date(2026, 11, 15)]),
        # Ten years: every other 1 January.
        (date(2016, 11, 21), date(2026, 11, 22), [date(2018, 1, 1), date(2020, 1, 1),
                                                  date(2022, 1, 1), date(2024, 1, 1),
                                                  date(2026, 1, 1)]),
    ],
)  # fmt: skip
def test_ticks_are_the_finest_round_dates_that_fit(
    first: date, last: date, expected: list[date]
) -> None:
    assert tick_dates(first, last) == expected


def test_never_more_than_the_most_ticks_whatever_the_range() -> None:
    for days in (1, 10, 40, 100, 400, 1500, 4000, 20000, 60000):
        first = date(2000, 1, 1)
        ticks = tick_dates(first, date.fromordinal(first.toordinal() + days))
        assert len(ticks) <= MAX_TICKS


def test_labels_name_months_and_say_the_year_once() -> None:
    assert tick_labels([date(2026, 9, 1), date(2026, 9, 15), date(2026, 10, 1)]) == [
        "Sep\n2026",
        "15",
        "Oct",
    ]
    assert tick_labels([date(2026, 11, 2), date(2026, 11, 9), date(2026, 12, 7)]) == [
        "2 Nov\n2026",
        "9",
        "7 Dec",
    ]
    assert tick_labels([date(2025, 11, 1), date(2026, 1, 1), date(2026, 3, 1)]) == [
        "Nov",
        "2026",
        "Mar",
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", ["2. Nov.\n2026", "9", "7. Dez.", "Feb"]),
        ("es", ["2 nov\n2026", "9", "7 dic", "feb"]),
    ],
)
def test_labels_name_months_in_the_language_and_its_order(
    language: str, expected: list[str]
) -> None:
    with translation.override(language):
        assert (
            tick_labels([date(2026, 11, 2), date(2026, 11, 9), date(2026, 12, 7)]) == (expected[:3])
        )
        assert (
            tick_labels([date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)])[2] == (expected[3])
        )


def test_a_days_x_is_what_matplotlib_gives_its_midnight() -> None:
    for day in (date(2000, 1, 1), date(2026, 3, 29), date(2199, 12, 31)):
        assert day_x(day) == date2num(datetime.combine(day, time()))

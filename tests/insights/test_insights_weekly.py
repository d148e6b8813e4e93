"""Known answers for the weekly table and its output formatting (domain.md section 4).

Every expected number is worked out by hand in the comments; the default night_row is
23:00 -> 07:00 with 20 min latency and 10 min WASO, i.e. TIB 480, TST 450, SE 93.75 %,
sleep loss 30 with the default sleep need of 480.
"""

from datetime import date, time
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from insights.columns import OUTPUT_COLUMNS
from insights.frames import nights_frame
from insights.weekly import WEEKLY_COLUMNS, format_weekly, weekly_table, within
from tests.sample_nights import night_row, plausible_rows

NEW_YORK = "America/New_York"


def weeks(**columns: list[Any]) -> pd.DataFrame:
    # These weeks' nights give no day fatigue (test_weekly_day_fatigue.py covers it).
    columns.setdefault("mean_day_fatigue", [np.nan] * len(columns["week_start"]))
    return pd.DataFrame(
        {"week_start": pd.to_datetime(columns.pop("week_start")), **columns}
    ).astype(WEEKLY_COLUMNS)


def three_weeks_rows() -> list[dict[str, Any]]:
    return [
        # Week of Mon 2026-03-02.
        night_row(date(2026, 3, 2)),  # severity 0: TST 450, SE 93.75, loss 30, latency 20
        # 23:30 is offset 1050; TST 480 - 40 - 50 = 390, SE 81.25, loss 90.
        night_row(
            date(2026, 3, 4), severity=6, onset=time(23, 30), sleep_latency_min=40, waso_min=50
        ),
        # 00:30 is offset 1110, after 23:30 though smaller on a clock.
        night_row(date(2026, 3, 5), severity=3, onset=time(0, 30)),
        # DST night (clocks forward on Mar 8): TIB 420, TST 390, SE 92.857.., loss 90.
        # Symptomatic with an unknown onset: counts as symptomatic, not in the median.
        night_row(date(2026, 3, 7), severity=5, onset=None),
        # Week of 2026-03-09: nothing logged.
        # Week of Mon 2026-03-16.
        night_row(date(2026, 3, 16), severity=7, onset=time(10, 0)),  # offset 240
        night_row(date(2026, 3, 17), severity=4, onset=time(21, 0)),  # offset 900
        night_row(date(2026, 3, 19), severity=2, onset=time(1, 0)),  # offset 1140
        # Sun 2026-03-22: TIB 22:00 -> 07:00 = 540; TST 22:30 -> 06:30 = 480 - 13 = 467;
        # SE 467/540 = 86.481..%; loss 480 - 467 = 13.
        night_row(
            date(2026, 3, 22),
            in_bed=time(22, 0),
            lights_out=time(22, 30),
            sleep_latency_min=13,
            waso_min=0,
            final_wake=time(6, 30),
        ),
    ]


# Week 2026-03-02: 4 nights, 3 symptomatic; severity (0+6+3+5)/4 = 3.5, max 6;
#   onsets 1050 and 1110 -> median 1080 = 00:00 (a clock-time median would give 12:00);
#   TST (450+390+450+390)/4 = 420; SE (93.75+81.25+93.75+92.857..)/4 = 90.4017..;
#   loss 30+90+30+90 = 240; latency (20+40+20+20)/4 = 25.
# Week 2026-03-09: empty.
# Week 2026-03-16: 4 nights, 3 symptomatic; severity 13/4 = 3.25, max 7;
#   onsets 240 (10:00), 900 (21:00), 1140 (01:00) -> median 900 = 21:00 (on a midnight
#   clock 01:00 < 10:00 < 21:00 and the median would wrongly be 10:00);
#   TST (450*3+467)/4 = 454.25; SE (93.75*3 + 86.481..)/4 = 91.9328..;
#   loss 30*3+13 = 103; latency (20*3+13)/4 = 18.25.
THREE_WEEKS = weeks(
    week_start=["2026-03-02", "2026-03-09", "2026-03-16"],
    nights_logged=[4, 0, 4],
    symptomatic_nights=[3, 0, 3],
    mean_severity=[3.5, np.nan, 3.25],
    max_severity=[6, np.nan, 7],
    median_onset_offset_min=[1080, np.nan, 900],
    mean_total_sleep_min=[420, np.nan, 454.25],
    mean_sleep_efficiency_pct=[
        (93.75 + 81.25 + 93.75 + 100 * 390 / 420) / 4,
        np.nan,
        (93.75 * 3 + 100 * 467 / 540) / 4,
    ],
    total_sleep_loss_min=[240, np.nan, 103],
    mean_sleep_latency_min=[25, np.nan, 18.25],
)


def test_it_computes_weeks_with_an_empty_week_in_the_middle() -> None:
    nights = nights_frame(three_weeks_rows(), NEW_YORK, 480)

    pdt.assert_frame_equal(weekly_table(nights), THREE_WEEKS)


def test_it_keeps_the_section_4_column_order_and_dtypes() -> None:
    table = weekly_table(nights_frame(three_weeks_rows(), NEW_YORK, 480))

    assert list(table.columns) == list(WEEKLY_COLUMNS)
    assert dict(table.dtypes.astype(str)) == WEEKLY_COLUMNS


def test_it_puts_midnight_onsets_between_evening_and_morning() -> None:
    # 23:30 (1050) and 00:30 (1110): median 1080, i.e. 00:00, not noon.
    table = weekly_table(nights_frame(three_weeks_rows(), NEW_YORK, 480))

    assert table.loc[0, "median_onset_offset_min"] == 1080
    assert format_weekly(table)[0]["median_onset"] == "00:00"


def test_it_counts_a_morning_onset_as_earlier_than_the_evening() -> None:
    table = weekly_table(nights_frame(three_weeks_rows(), NEW_YORK, 480))

    assert format_weekly(table)[2]["median_onset"] == "21:00"


def test_it_takes_the_mean_of_the_middle_two_onsets_and_rounds_a_half_minute_up() -> None:
    # 22:40 is offset 1000, 22:41 is 1001: median 1000.5, output 1001 = 22:41.
    rows = [
        night_row(date(2026, 6, 1), severity=3, onset=time(22, 40)),
        night_row(date(2026, 6, 2), severity=3, onset=time(22, 41)),
    ]
    table = weekly_table(nights_frame(rows, "UTC", 480))

    assert table.loc[0, "median_onset_offset_min"] == 1000.5
    assert format_weekly(table)[0]["median_onset"] == "22:41"


def test_it_uses_the_real_length_of_a_night_when_the_clocks_go_back() -> None:
    # Week of Mon 2026-10-26 in New York. Sat 10-31: clocks go back, 23:00 -> 07:00 is
    # 540 min in bed; TST 510, SE 94.444..%, loss 0. Mon 10-26: TST 450, SE 93.75, loss 30.
    # Mean TST (450+510)/2 = 480; SE (93.75 + 94.444..)/2 = 94.097..; loss 30.
    rows = [night_row(date(2026, 10, 26)), night_row(date(2026, 10, 31))]
    expected = weeks(
        week_start=["2026-10-26"],
        nights_logged=[2],
        symptomatic_nights=[0],
        mean_severity=[0.0],
        max_severity=[0],
        median_onset_offset_min=[np.nan],
        mean_total_sleep_min=[480],
        mean_sleep_efficiency_pct=[(93.75 + 100 * 510 / 540) / 2],
        total_sleep_loss_min=[30],
        mean_sleep_latency_min=[20],
    )

    pdt.assert_frame_equal(weekly_table(nights_frame(rows, NEW_YORK, 480)), expected)


def test_it_uses_a_patients_own_sleep_need_of_seven_hours() -> None:
    # Need 420. Mon 2027-01-04: TST 450 -> loss 0. Tue 01-05: lights out 23:00 -> 06:00
    # = 420 - 60 latency - 30 WASO = TST 330 -> loss 90. Wed 01-06: TST 450 -> 0.
    # Total loss 90 (with the default 480 it would be 30 + 150 + 30 = 210).
    rows = [
        night_row(date(2027, 1, 4)),
        night_row(date(2027, 1, 5), sleep_latency_min=60, waso_min=30, final_wake=time(6, 0)),
        night_row(date(2027, 1, 6)),
    ]
    table = weekly_table(nights_frame(rows, "Europe/Berlin", 420))

    assert table["total_sleep_loss_min"].tolist() == [90.0]
    assert table["mean_total_sleep_min"].tolist() == [410.0]  # (450 + 330 + 450) / 3


def test_it_leaves_nights_without_sleep_efficiency_out_of_the_mean() -> None:
    # A night with 0 min in bed has no SE: the mean is over the other night only (93.75),
    # while its TST of 0 still counts: mean TST (450 + 0) / 2 = 225.
    rows = [
        night_row(date(2026, 6, 1)),
        night_row(
            date(2026, 6, 2),
            lights_out=time(23, 0),
            final_wake=time(23, 0),
            out_of_bed=time(23, 0),
            sleep_latency_min=0,
            waso_min=0,
        ),
    ]
    table = weekly_table(nights_frame(rows, "UTC", 480))

    assert table["mean_sleep_efficiency_pct"].tolist() == [93.75]
    assert table["mean_total_sleep_min"].tolist() == [225.0]


def test_it_spans_the_weeks_of_the_nights_inside_the_filter() -> None:
    # 03-04 .. 03-17 keeps 03-04, 03-05, 03-07 (week 03-02) and 03-16, 03-17 (week 03-16).
    # Week 03-02: severity (6+3+5)/3 = 4.666..; loss 90+30+90 = 210.
    # Week 03-16: severity (7+4)/2 = 5.5; onsets 240, 900 -> median 570 (15:30).
    nights = nights_frame(three_weeks_rows(), NEW_YORK, 480)

    table = weekly_table(nights, start=date(2026, 3, 4), end=date(2026, 3, 17))

    assert table["week_start"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-03-02",
        "2026-03-09",
        "2026-03-16",
    ]
    assert table["nights_logged"].tolist() == [3, 0, 2]
    assert table["mean_severity"].tolist()[0] == pytest.approx(14 / 3)
    assert table["total_sleep_loss_min"].tolist()[0] == 210
    assert table["median_onset_offset_min"].tolist()[2] == 570


def test_it_adds_no_empty_weeks_for_a_filter_wider_than_the_data() -> None:
    nights = nights_frame(three_weeks_rows(), NEW_YORK, 480)

    table = weekly_table(nights, start=date(2026, 1, 1), end=date(2026, 12, 31))

    pdt.assert_frame_equal(table, THREE_WEEKS)


def test_it_returns_an_empty_table_when_no_night_is_in_range() -> None:
    nights = nights_frame(three_weeks_rows(), NEW_YORK, 480)

    table = weekly_table(nights, start=date(2027, 1, 1))

    assert table.empty
    assert list(table.columns) == list(WEEKLY_COLUMNS)
    assert format_weekly(table) == []


def test_it_formats_weeks_with_half_up_rounding_and_empty_values() -> None:
    table = weekly_table(nights_frame(three_weeks_rows(), NEW_YORK, 480))

    formatted = format_weekly(table)

    assert [list(week) for week in formatted] == [list(OUTPUT_COLUMNS)] * 3
    assert formatted == [
        {
            "week_start": "2026-03-02",
            "nights_logged": 4,
            "symptomatic_nights": 3,
            "mean_severity": Decimal("3.50"),
            "max_severity": 6,
            "median_onset": "00:00",
            "mean_total_sleep_min": Decimal("420.0"),
            "mean_sleep_efficiency_pct": Decimal("90.4"),  # 90.4017..
            "total_sleep_loss_min": 240,
            "mean_sleep_latency_min": Decimal("25.0"),
            "mean_day_fatigue": None,
        },
        {
            "week_start": "2026-03-09",
            "nights_logged": 0,
            "symptomatic_nights": 0,
            "mean_severity": None,
            "max_severity": None,
            "median_onset": None,
            "mean_total_sleep_min": None,
            "mean_sleep_efficiency_pct": None,
            "total_sleep_loss_min": None,
            "mean_sleep_latency_min": None,
            "mean_day_fatigue": None,
        },
        {
            "week_start": "2026-03-16",
            "nights_logged": 4,
            "symptomatic_nights": 3,
            "mean_severity": Decimal("3.25"),
            "max_severity": 7,
            "median_onset": "21:00",
            # 454.25 and 18.25 round half up to .3 (banker's rounding would give .2).
            "mean_total_sleep_min": Decimal("454.3"),
            "mean_sleep_efficiency_pct": Decimal("91.9"),  # 91.9328..
            "total_sleep_loss_min": 103,
            "mean_sleep_latency_min": Decimal("18.3"),
            "mean_day_fatigue": None,
        },
    ]


def test_it_rounds_mean_severity_half_up_to_two_decimals() -> None:
    # Severities 1, 1, 1, 2, 2, 2, 2 over one week: 11/7 = 1.571428.. -> 1.57.
    # A hand-built table checks the exact half: 2.125 -> 2.13 (not 2.12).
    table = weeks(
        week_start=["2026-06-01"],
        nights_logged=[7],
        symptomatic_nights=[7],
        mean_severity=[2.125],
        max_severity=[3],
        median_onset_offset_min=[np.nan],
        mean_total_sleep_min=[400.05],
        mean_sleep_efficiency_pct=[80.25],
        total_sleep_loss_min=[300],
        mean_sleep_latency_min=[0.05],
    )
    rows = [
        night_row(date(2026, 6, day), severity=severity, onset=time(22, 0))
        for day, severity in zip(range(1, 8), [1, 1, 1, 2, 2, 2, 2], strict=True)
    ]

    assert format_weekly(table)[0]["mean_severity"] == Decimal("2.13")
    assert format_weekly(table)[0]["mean_total_sleep_min"] == Decimal("400.1")
    assert format_weekly(table)[0]["mean_sleep_efficiency_pct"] == Decimal("80.3")
    assert format_weekly(table)[0]["mean_sleep_latency_min"] == Decimal("0.1")
    week = format_weekly(weekly_table(nights_frame(rows, "UTC", 480)))[0]
    assert week["mean_severity"] == Decimal("1.57")
    assert str(week["mean_severity"]) == "1.57"


def test_it_starts_every_week_on_the_monday_of_its_iso_week() -> None:
    # Sun 2026-03-01 belongs to the week of Mon 2026-02-23, Mon 03-02 starts a new one.
    rows = [night_row(date(2026, 3, 1)), night_row(date(2026, 3, 2))]

    table = weekly_table(nights_frame(rows, "UTC", 480))

    assert table["week_start"].dt.strftime("%Y-%m-%d").tolist() == ["2026-02-23", "2026-03-02"]
    assert table["nights_logged"].tolist() == [1, 1]


@pytest.mark.parametrize("day", range(2, 9))
def test_a_single_night_on_any_day_of_the_week_gives_one_week_from_its_monday(day: int) -> None:
    # Mon 2026-03-02 .. Sun 2026-03-08 all belong to the week of Mon 2026-03-02, and a lone
    # night adds no empty week before or after it.
    table = weekly_table(nights_frame([night_row(date(2026, 3, day))], "UTC", 480))

    assert table["week_start"].dt.strftime("%Y-%m-%d").tolist() == ["2026-03-02"]
    assert table["nights_logged"].tolist() == [1]
    assert table["total_sleep_loss_min"].tolist() == [30.0]


def test_it_puts_a_sunday_night_and_the_monday_after_in_different_weeks() -> None:
    # Sun 2026-03-08 closes the week of Mon 03-02; Mon 03-09 opens the next. Severities 4 and
    # 6 would average to 5 if the two shared a week.
    rows = [
        night_row(date(2026, 3, 8), severity=4, onset=time(22, 0)),
        night_row(date(2026, 3, 9), severity=6, onset=time(22, 0)),
    ]

    table = weekly_table(nights_frame(rows, "UTC", 480))

    assert table["week_start"].dt.strftime("%Y-%m-%d").tolist() == ["2026-03-02", "2026-03-09"]
    assert table["mean_severity"].tolist() == [4.0, 6.0]


def test_an_empty_week_has_zero_counts_and_no_sleep_loss_total_or_max_severity() -> None:
    # Sun 2026-03-01 and Mon 2026-03-16 leave the weeks of 03-02 and 03-09 empty: their
    # counts are 0, but their sleep loss total is empty rather than a sum of nothing (0).
    rows = [night_row(date(2026, 3, 1)), night_row(date(2026, 3, 16))]

    table = weekly_table(nights_frame(rows, "UTC", 480))

    assert table["nights_logged"].tolist() == [1, 0, 0, 1]
    assert table["symptomatic_nights"].tolist() == [0, 0, 0, 0]
    empty = table.iloc[1:3].drop(columns=["week_start", "nights_logged", "symptomatic_nights"])
    assert empty.isna().all().all()
    assert table["total_sleep_loss_min"].tolist()[::3] == [30.0, 30.0]


@pytest.mark.parametrize(
    "start,end",
    [
        (None, None),
        (date(2026, 3, 1), None),
        (None, date(2026, 3, 1)),
        (date(2026, 2, 10), date(2026, 2, 10)),
        (date(2026, 2, 11), date(2026, 2, 9)),
        (date(1, 1, 1), date(9999, 12, 31)),
    ],
)
def test_within_finds_the_same_nights_in_a_sorted_frame_as_by_comparing_every_night(
    start: date | None, end: date | None
) -> None:
    frame = nights_frame(plausible_rows(date(2026, 1, 1), 120, seed=3), "Europe/London", 480)
    unsorted = frame.iloc[::-1]  # the same nights, newest first: compared one by one
    assert within(frame, start, end).equals(within(unsorted, start, end).sort_index())

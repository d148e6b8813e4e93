"""Weekly means that are exact ties, rounded half up from their exact value (domain.md
section 4), through nights_frame, weekly_table and format_weekly.

Which means can tie: a mean of whole minutes or severities over n <= 7 nights is k/n, and a
tie at 1 decimal is (2m+1)/20, at 2 decimals (2m+1)/200; only n = 4 (x.25, x.75) ties at 1
decimal and no n <= 7 at 2, and those ties are exact binary fractions. Sleep efficiency is
different: each night's SE is a fraction such as 1216/15 that a float holds only
approximately, so an SE mean that is exactly a tie can come out a hair below it.
"""

from datetime import date, time
from decimal import Decimal
from typing import cast

from insights.frames import nights_frame
from insights.weekly import format_weekly, weekly_table
from tests.sample_nights import night_row


def test_it_rounds_a_mean_sleep_efficiency_of_exactly_80_95_up_to_81_0() -> None:
    rows = [
        # Mon 2026-06-01 (UTC, no clock change). In bed 23:45 -> out 06:00: TIB 375.
        # Lights out 00:05 -> final wake 05:45 is 340, less 24 latency and 12 WASO: TST 304.
        # SE 100 * 304 / 375 = 30400/375 = 1216/15 = 81.0666..
        night_row(
            date(2026, 6, 1),
            in_bed=time(23, 45),
            lights_out=time(0, 5),
            sleep_latency_min=24,
            waso_min=12,
            final_wake=time(5, 45),
            out_of_bed=time(6, 0),
        ),
        # Tue 2026-06-02. In bed 23:00 -> out 07:00: TIB 480. Lights out 23:15 -> final
        # wake 06:45 is 450, less 42 latency and 20 WASO: TST 388.
        # SE 100 * 388 / 480 = 38800/480 = 485/6 = 80.8333..
        night_row(
            date(2026, 6, 2),
            in_bed=time(23, 0),
            lights_out=time(23, 15),
            sleep_latency_min=42,
            waso_min=20,
            final_wake=time(6, 45),
            out_of_bed=time(7, 0),
        ),
    ]
    # Mean SE (1216/15 + 485/6) / 2 = (2432/30 + 2425/30) / 2 = 4857/60 = 80.95 exactly,
    # a tie at 1 decimal: half up gives 81.0. Mean TST (304 + 388) / 2 = 346.0, mean
    # latency (24 + 42) / 2 = 33.0, sleep loss (480 - 304) + (480 - 388) = 176 + 92 = 268.
    frame = nights_frame(rows, "UTC", 480)
    table = weekly_table(frame)

    assert frame["time_in_bed_min"].tolist() == [375, 480]
    assert frame["total_sleep_min"].tolist() == [304, 388]
    # The premise: the float mean sits just below the tie (80.94999999999999), so rounding
    # the float as it stands would give 80.9.
    assert cast(float, table.loc[0, "mean_sleep_efficiency_pct"]) < 80.95  # a float64 column
    week = format_weekly(table)[0]
    assert week["week_start"] == "2026-06-01"
    assert week["mean_sleep_efficiency_pct"] == Decimal("81.0")
    assert str(week["mean_sleep_efficiency_pct"]) == "81.0"
    assert week["mean_total_sleep_min"] == Decimal("346.0")
    assert week["mean_sleep_latency_min"] == Decimal("33.0")
    assert week["total_sleep_loss_min"] == 268


def test_it_rounds_a_four_night_mean_of_total_sleep_and_latency_ending_in_25_up() -> None:
    # Week of Mon 2026-06-08 (UTC), every night 23:00 -> 07:00 in bed, lights out 23:00 and
    # final wake 07:00 (480 min), so TST = 480 - latency - WASO:
    #   latency 10, 10, 10, 11 and WASO 10, 10, 10, 12 -> TST 460, 460, 460, 457.
    # Mean TST 1837 / 4 = 459.25 -> 459.3; mean latency 41 / 4 = 10.25 -> 10.3 (banker's
    # rounding, as round() and numpy do it, would give 459.2 and 10.2).
    # Mean SE 100 * 459.25 / 480 = 95.677.. -> 95.7; sleep loss 20 * 3 + 23 = 83.
    rows = [
        night_row(date(2026, 6, day), sleep_latency_min=latency, waso_min=waso)
        for day, latency, waso in [(8, 10, 10), (9, 10, 10), (10, 10, 10), (11, 11, 12)]
    ]

    week = format_weekly(weekly_table(nights_frame(rows, "UTC", 480)))[0]

    assert week["week_start"] == "2026-06-08"
    assert week["nights_logged"] == 4
    assert week["mean_total_sleep_min"] == Decimal("459.3")
    assert week["mean_sleep_latency_min"] == Decimal("10.3")
    assert week["mean_sleep_efficiency_pct"] == Decimal("95.7")
    assert week["total_sleep_loss_min"] == 83


def test_it_rounds_a_four_night_mean_latency_ending_in_75_up() -> None:
    # Latency 10, 10, 11, 12 (WASO 10 each): 43 / 4 = 10.75 -> 10.8. TST 460, 460, 459, 458:
    # 1837 / 4 = 459.25 -> 459.3.
    rows = [
        night_row(date(2026, 6, day), sleep_latency_min=latency)
        for day, latency in [(8, 10), (9, 10), (10, 11), (11, 12)]
    ]

    week = format_weekly(weekly_table(nights_frame(rows, "UTC", 480)))[0]

    assert week["mean_sleep_latency_min"] == Decimal("10.8")
    assert week["mean_total_sleep_min"] == Decimal("459.3")

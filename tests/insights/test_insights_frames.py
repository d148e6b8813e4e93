"""Known answers for the per-night frame (domain.md sections 2 and 3)."""

from datetime import date, time

import numpy as np
import pandas as pd
import pandas.testing as pdt

from insights.frames import NIGHT_COLUMNS, nights_frame
from tests.sample_nights import night_row

NEW_YORK = "America/New_York"


def test_it_computes_each_nights_metrics_across_midnight_and_both_dst_changes() -> None:
    rows = [
        # Given out of order on purpose: the frame is sorted by night.
        # 2026-10-31 -> Nov 1, clocks go back: 23:00 -> 07:00 is 9 h real. TIB 540;
        # TST 540 - 20 - 10 = 510; SE 510/540 = 94.444..%; loss max(0, 480 - 510) = 0.
        night_row(date(2026, 10, 31)),
        # 2026-03-07 -> Mar 8, clocks go forward: 23:00 -> 07:00 is 7 h real. TIB 420;
        # TST 420 - 30 = 390; SE 390/420 = 92.857..%; loss 480 - 390 = 90.
        night_row(date(2026, 3, 7), severity=5, onset=None),
        # An ordinary night across midnight. TIB 22:15 -> 06:40 = 505; lights out 22:45 ->
        # final wake 06:10 = 445, minus 30 latency and 45 WASO: TST 370; SE 370/505 =
        # 73.267..%; terminal wake 06:10 -> 06:40 = 30; loss 480 - 370 = 110.
        # Onset 23:30 is 17.5 h after 06:00: 1050. Trunk is spread. The only day fatigue
        # given (the others have none: NaN).
        night_row(
            date(2026, 5, 1),
            in_bed=time(22, 15),
            lights_out=time(22, 45),
            sleep_latency_min=30,
            waso_min=45,
            final_wake=time(6, 10),
            out_of_bed=time(6, 40),
            severity=6,
            onset=time(23, 30),
            areas=["left_leg", "trunk"],
            awakenings=3,
            sleep_quality=2,
            day_fatigue=8,
        ),
        # Bed after midnight: 00:30 belongs to the next day, as do 00:45, 08:00 and 08:30.
        # TIB 480; TST 00:45 -> 08:00 = 435 - 20 - 10 = 405; SE 84.375; terminal 30;
        # loss 75. A 10:00 onset is the morning before the night: offset 240. Arms: spread.
        night_row(
            date(2026, 5, 2),
            in_bed=time(0, 30),
            lights_out=time(0, 45),
            final_wake=time(8, 0),
            out_of_bed=time(8, 30),
            severity=2,
            onset=time(10, 0),
            areas=["arms"],
        ),
        # Got up at once: TIB 0, so no SE; TST 0; loss the whole 480.
        night_row(
            date(2026, 5, 3),
            in_bed=time(23, 0),
            lights_out=time(23, 0),
            final_wake=time(23, 0),
            out_of_bed=time(23, 0),
            sleep_latency_min=0,
            waso_min=0,
            onset=None,
            day_fatigue=0,  # a value, not an empty one
        ),
    ]
    expected = pd.DataFrame(
        {
            "night": pd.to_datetime(
                ["2026-03-07", "2026-05-01", "2026-05-02", "2026-05-03", "2026-10-31"]
            ),
            "severity": [5, 6, 2, 0, 0],
            "onset_offset_min": [np.nan, 1050.0, 240.0, np.nan, np.nan],
            "time_in_bed_min": [420, 505, 480, 0, 540],
            "total_sleep_min": [390, 370, 405, 0, 510],
            "sleep_efficiency_pct": [
                100 * 390 / 420,
                100 * 370 / 505,
                84.375,
                np.nan,
                100 * 510 / 540,
            ],
            "terminal_wake_min": [0, 30, 30, 0, 0],
            "sleep_loss_min": [90, 110, 75, 480, 0],
            "sleep_latency_min": [20, 30, 20, 0, 20],
            "awakenings": [1, 3, 1, 1, 1],
            "waso_min": [10, 45, 10, 0, 10],
            "sleep_quality": [3, 2, 3, 3, 3],
            "spread": [False, True, True, False, False],
            "day_fatigue": [np.nan, 8.0, np.nan, 0.0, np.nan],
            # The sets come through as tuples; none of these nights has a sensation,
            # relief or trigger.
            "sensations": [()] * 5,
            "areas": [(), ("left_leg", "trunk"), ("arms",), (), ()],
            "relief": [()] * 5,
            "factors": [()] * 5,
        }
    ).astype(NIGHT_COLUMNS)

    actual = nights_frame(rows, NEW_YORK, 480)

    pdt.assert_frame_equal(actual, expected)


def test_it_measures_sleep_loss_against_the_patients_own_sleep_need() -> None:
    # TST 450 (480 in bed - 30). Need 420: no loss. Need 600: 150 lost.
    rows = [night_row(date(2026, 1, 5))]

    assert nights_frame(rows, "UTC", 420)["sleep_loss_min"].tolist() == [0]
    assert nights_frame(rows, "UTC", 600)["sleep_loss_min"].tolist() == [150]


def test_it_reads_the_clocks_in_the_patients_own_zone() -> None:
    # The same wall clocks on 2026-03-28 -> 29: Europe moves clocks forward that night
    # (TIB 420), New York already did on March 8 (TIB 480).
    rows = [night_row(date(2026, 3, 28))]

    assert nights_frame(rows, "Europe/Berlin", 480)["time_in_bed_min"].tolist() == [420]
    assert nights_frame(rows, NEW_YORK, 480)["time_in_bed_min"].tolist() == [480]


def test_it_returns_an_empty_frame_with_the_same_columns_and_dtypes() -> None:
    empty = nights_frame([], NEW_YORK, 480)

    assert empty.empty
    assert dict(empty.dtypes.astype(str)) == NIGHT_COLUMNS
    full = nights_frame([night_row(date(2026, 1, 5))], NEW_YORK, 480)
    assert dict(full.dtypes.astype(str)) == NIGHT_COLUMNS

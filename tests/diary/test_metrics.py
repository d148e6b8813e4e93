"""Known-answer tests of the per-night metrics of domain.md section 3, worked out by hand."""

import random
from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from diary.metrics import (
    SleepTimes,
    anchor,
    compute_metrics,
    elapsed_min,
    offset_to_clock,
    onset_offset_min,
    round_half_up,
    zone,
)

NEW_YORK = zone("America/New_York")


def times(night: date, in_bed: str, lights_out: str, latency: int, waso: int, final_wake: str,
          out_of_bed: str) -> SleepTimes:  # fmt: skip
    return SleepTimes(
        night=night,
        in_bed=time.fromisoformat(in_bed),
        lights_out=time.fromisoformat(lights_out),
        sleep_latency_min=latency,
        waso_min=waso,
        final_wake=time.fromisoformat(final_wake),
        out_of_bed=time.fromisoformat(out_of_bed),
    )


def test_it_computes_every_metric_for_a_night_across_midnight() -> None:
    # 22:30 -> 07:00 is 8 h 30 = 510 min in bed. Lights out 23:00 -> final wake 06:30 is 450 min,
    # less 30 latency and 20 awake = 400 min asleep. SE = 100 * 400 / 510 = 78.43...
    # Terminal wake 06:30 -> 07:00 = 30. Sleep loss 480 - 400 = 80.
    m = compute_metrics(
        times(date(2026, 1, 14), "22:30", "23:00", 30, 20, "06:30", "07:00"), NEW_YORK, 480
    )
    assert m.time_in_bed_min == 510
    assert m.total_sleep_min == 400
    assert m.sleep_efficiency_pct == pytest.approx(78.431372549)
    assert m.sleep_efficiency_pct is not None
    assert round_half_up(m.sleep_efficiency_pct, 1) == Decimal("78.4")
    assert m.terminal_wake_min == 30
    assert m.sleep_loss_min == 80


def test_it_loses_an_hour_across_the_spring_forward_change() -> None:
    # 2026-03-08 02:00 EST jumps to 03:00 EDT: 23:00 -> 07:00 on the wall is 7 real hours.
    m = compute_metrics(
        times(date(2026, 3, 7), "23:00", "23:00", 0, 0, "07:00", "07:00"), NEW_YORK, 480
    )
    assert m.time_in_bed_min == 420
    assert m.total_sleep_min == 420
    assert m.sleep_loss_min == 60


def test_it_gains_an_hour_across_the_fall_back_change() -> None:
    # 2026-11-01 02:00 EDT falls back to 01:00 EST: 23:00 -> 07:00 on the wall is 9 real hours.
    m = compute_metrics(
        times(date(2026, 10, 31), "23:00", "23:30", 10, 0, "06:30", "07:00"), NEW_YORK, 480
    )
    assert m.time_in_bed_min == 540
    assert m.total_sleep_min == 480 - 10  # 23:30 -> 06:30 is 8 real hours
    assert m.sleep_loss_min == 10


def test_it_ignores_dst_in_a_zone_without_it() -> None:
    m = compute_metrics(
        times(date(2026, 3, 7), "23:00", "23:00", 0, 0, "07:00", "07:00"), zone("UTC"), 480
    )
    assert m.time_in_bed_min == 480


def test_it_leaves_efficiency_empty_when_no_time_in_bed() -> None:
    m = compute_metrics(
        times(date(2026, 1, 14), "23:00", "23:00", 0, 0, "23:00", "23:00"), NEW_YORK, 480
    )
    assert m.time_in_bed_min == 0
    assert m.sleep_efficiency_pct is None
    assert m.sleep_loss_min == 480


def test_it_uses_the_patients_own_sleep_need() -> None:
    t = times(date(2026, 1, 14), "22:30", "23:00", 30, 20, "06:30", "07:00")
    assert compute_metrics(t, NEW_YORK, 360).sleep_loss_min == 0  # 400 slept > 360 needed
    assert compute_metrics(t, NEW_YORK, 420).sleep_loss_min == 20


def test_it_anchors_times_from_noon_to_noon() -> None:
    assert anchor(date(2026, 1, 14), time(12, 0), NEW_YORK).isoformat() == (
        "2026-01-14T17:00:00+00:00"
    )
    assert anchor(date(2026, 1, 14), time(11, 59), NEW_YORK).isoformat() == (
        "2026-01-15T16:59:00+00:00"
    )


def test_it_reads_a_skipped_wall_time_with_fold_zero() -> None:
    # 02:30 does not exist on 2026-03-08 in New York; fold=0 reads it with the EST offset.
    assert anchor(date(2026, 3, 7), time(2, 30), NEW_YORK).isoformat() == (
        "2026-03-08T07:30:00+00:00"
    )


def test_it_reads_a_repeated_wall_time_with_fold_zero() -> None:
    # 01:30 happens twice on 2026-11-01 in New York; fold=0 is the first, still EDT (-4 h).
    assert anchor(date(2026, 10, 31), time(1, 30), NEW_YORK).isoformat() == (
        "2026-11-01T05:30:00+00:00"
    )


@pytest.mark.parametrize(
    ("onset", "offset"),
    [("06:00", 0), ("10:00", 240), ("18:00", 720), ("23:30", 1050), ("01:30", 1170),
     ("05:59", 1439)],
)  # fmt: skip
def test_it_puts_onsets_on_a_06_00_anchored_axis(onset: str, offset: int) -> None:
    assert onset_offset_min(time.fromisoformat(onset)) == offset
    assert offset_to_clock(offset) == onset


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(2.125, 2, "2.13"), (2.675, 2, "2.68"), (78.45, 1, "78.5"), (1000.5, 0, "1001")],
)
def test_it_rounds_half_up(value: float, decimals: int, expected: str) -> None:
    assert str(round_half_up(value, decimals)) == expected


def test_it_rounds_a_mean_of_80_95_up_though_the_float_holds_80_94999999999999() -> None:
    # SE 1216/15 (TST 304 / TIB 375) and 485/6 (TST 388 / TIB 480): the exact mean is
    # (2432 + 2425) / 60 = 4857/60 = 80.95, a tie at 1 decimal -> 81.0.
    mean = (81.06666666666666 + 80.83333333333333) / 2
    assert repr(mean) == "80.94999999999999"
    assert round_half_up(mean, 1) == Decimal("81.0")


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        # 0.1 + 2.3 + 0.05 is exactly 2.45; the float sum is 2.4499999999999997 -> 2.5.
        (0.1 + 2.3 + 0.05, 1, "2.5"),
        # 0.2 + 1.4 + 0.35 is exactly 1.95; the float sum is 1.9499999999999997 -> 2.0.
        (0.2 + 1.4 + 0.35, 1, "2.0"),
        # 0.1 + 0.2 + 0.05 is exactly 0.35; the float sum lands above it (0.35000000000000003)
        # and must still give 0.4, not more.
        (0.1 + 0.2 + 0.05, 1, "0.4"),
        # A change in mean severity (section 11): 15 nights summing 21 (1.40) before, 16
        # nights summing 14 (0.875) after: 0.875 - 1.4 = -0.525 exactly, a tie at 2
        # decimals; the float is -0.5249999999999999. Half up is away from zero: -0.53.
        (14 / 16 - 21 / 15, 2, "-0.53"),
        (21 / 15 - 14 / 16, 2, "0.53"),
    ],
)
def test_it_rounds_a_tie_that_float_arithmetic_left_just_off_it_as_the_tie(
    value: float, decimals: int, expected: str
) -> None:
    assert str(round_half_up(value, decimals)) == expected


def test_it_rounds_a_mean_severity_of_exactly_2_125_up_to_2_13() -> None:
    # A mean of whole severities ties at 2 decimals only over a multiple of 8 nights (k/n =
    # (2m+1)/200 needs 8 | n), so never within one week; over a 16-night window severities
    # summing 34 give 34/16 = 2.125 -> 2.13 (banker's rounding would give 2.12).
    assert round_half_up(34 / 16, 2) == Decimal("2.13")


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (-2.5, 0, "-3"),  # away from zero
        (-0.05, 1, "-0.1"),
        (100000.05, 1, "100000.1"),
        # Written out to 9 places this float is 100000000.049999997; its shortest repr,
        # 100000000.05, is what was meant.
        (100000000.05, 1, "100000000.1"),
        (2.675, 2, "2.68"),
        # Genuinely below the tie by more than the 9-place settling absorbs: stays down.
        (80.9499999, 1, "80.9"),
        (2.1249999, 2, "2.12"),
        (0.0, 1, "0.0"),
    ],
)
def test_it_rounds_negative_large_and_near_tie_values_half_up_from_what_was_meant(
    value: float, decimals: int, expected: str
) -> None:
    assert str(round_half_up(value, decimals)) == expected


def test_the_steady_offset_shortcut_equals_real_instants_on_every_night() -> None:
    # compute_metrics uses wall-clock differences when a night has no offset change; on every
    # night of 8 years in zones with half-hour, 45-minute and southern-hemisphere changes it
    # must equal the durations taken from real instants.
    rng = random.Random(5)
    zones = [zone(name) for name in ("America/New_York", "Europe/Berlin", "Australia/Lord_Howe",
             "Asia/Kolkata", "America/Santiago", "Pacific/Chatham", "UTC")]  # fmt: skip
    day = date(2020, 1, 1)
    while day < date(2028, 1, 1):
        for tz in zones:
            seconds = sorted(rng.sample(range(0, 86400, 60), 4), key=lambda s: (s - 43200) % 86400)
            clocks = [time(s // 3600, s // 60 % 60) for s in seconds]
            at = [anchor(day, clock, tz) for clock in clocks]
            m = compute_metrics(
                SleepTimes(day, clocks[0], clocks[1], 0, 0, clocks[2], clocks[3]), tz, 480
            )
            assert (m.time_in_bed_min, m.total_sleep_min, m.terminal_wake_min) == (
                elapsed_min(at[0], at[3]),
                elapsed_min(at[1], at[2]),
                elapsed_min(at[2], at[3]),
            ), (day, tz)
        day += timedelta(days=1)

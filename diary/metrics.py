"""Clock anchoring, order rules and per-night derived metrics (domain.md sections 2 and 3).

Pure Python with no Django import, so the model, the forms, the API and the trends all share
one definition and it is tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

NOON = time(12, 0)
ONSET_DAY_START = time(6, 0)
MINUTES_PER_DAY = 24 * 60
ONSET_AXIS_START_MIN = 6 * 60


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def anchor(night: date, clock: time, tz: ZoneInfo, day_start: time = NOON) -> datetime:
    """The real instant (UTC) of a wall-clock time that belongs to `night`.

    Times at or after `day_start` fall on the evening's date, earlier ones on the next day.
    zoneinfo reads a skipped or repeated wall time with fold=0, as domain.md requires.
    """
    day = night if clock >= day_start else night + timedelta(days=1)
    # Convert to UTC before subtracting: Python ignores the offset when subtracting two aware
    # datetimes that share a tzinfo, which would hide the hour a DST change adds or removes.
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def elapsed_min(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


def onset_offset_min(onset: time) -> int:
    """Wall-clock minutes from 06:00 on the night to the onset (06:00 -> 0, 05:59 -> 1439)."""
    return (onset.hour * 60 + onset.minute - ONSET_AXIS_START_MIN) % MINUTES_PER_DAY


def offset_to_clock(offset_min: int) -> str:
    """Inverse of onset_offset_min, as HH:MM."""
    minutes = (int(offset_min) + ONSET_AXIS_START_MIN) % MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# Decimal places at which round_half_up first settles a value, so that a tie the float
# arithmetic left a few units in the last place below (or above) counts as the tie it is.
TIE_PLACES = 9
# Enough digits for any float written out to TIE_PLACES decimals (the largest has 309 before
# the point), so the first step never raises where the final quantize would not.
_WIDE = Context(prec=400)


def round_half_up(value: float, decimals: int = 0) -> Decimal:
    """Round as people do (2.125 -> 2.13, -2.5 -> -3), not banker's rounding as round() and
    numpy do, and round the exact value a float stands for (domain.md section 4).

    A mean is computed in floats: the week whose exact mean sleep efficiency is
    (1216/15 + 485/6) / 2 = 80.95 comes out as 80.94999999999999, and rounding that float
    as it stands gives 80.9 where the contract says 81.0. So there are two steps:

    1. repr() gives the shortest decimal that reads back as the same float, which keeps a
       typed value as typed (2.675 stays 2.675, not its binary neighbour 2.67499...; and
       100000000.05 stays .05 where writing the float out to 9 places gives .049999997).
    2. That decimal is rounded half up at TIE_PLACES = 9 decimals ("round at a fixed
       precision first", which section 4 allows): 80.94999999999999 becomes 80.950000000.
       Float error in the means this project outputs (minutes up to a day's 1440 and
       percentages, over at most a few dozen nights) stays below 10**-10, inside the
       5 * 10**-10 this step absorbs, so every tie is caught; the price is that a value
       which is not a tie but lies within 5 * 10**-10 of one is rounded as if it were.

    Only then is the value rounded half up to `decimals`, which must be below TIE_PLACES
    (callers use 0 to 2). NaN stays NaN; an infinity raises decimal.InvalidOperation.
    """
    settled = Decimal(repr(float(value))).quantize(
        Decimal(1).scaleb(-TIE_PLACES), ROUND_HALF_UP, _WIDE
    )
    return settled.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


@dataclass(frozen=True)
class SleepTimes:
    night: date
    in_bed: time
    lights_out: time
    sleep_latency_min: int
    waso_min: int
    final_wake: time
    out_of_bed: time


@dataclass(frozen=True)
class NightMetrics:
    time_in_bed_min: int
    total_sleep_min: int
    sleep_efficiency_pct: float | None  # unrounded; round only for output
    terminal_wake_min: int
    sleep_loss_min: int


@dataclass(frozen=True)
class Instants:
    in_bed: datetime
    lights_out: datetime
    final_wake: datetime
    out_of_bed: datetime


def instants(times: SleepTimes, tz: ZoneInfo) -> Instants:
    return Instants(
        in_bed=anchor(times.night, times.in_bed, tz),
        lights_out=anchor(times.night, times.lights_out, tz),
        final_wake=anchor(times.night, times.final_wake, tz),
        out_of_bed=anchor(times.night, times.out_of_bed, tz),
    )


@lru_cache(maxsize=65536)
def steady_offset(tz: ZoneInfo, night: date) -> bool:
    """True when the zone's UTC offset is the same at noon on `night` and at noon the next day.

    Then every anchored time of the night shares one offset and a duration is the plain
    wall-clock difference; only the few nights around a change need real instants. Cached,
    because a patient's years of nights fall on few distinct (zone, night) pairs per export.
    """
    start = datetime.combine(night, NOON, tzinfo=tz)
    end = datetime.combine(night + timedelta(days=1), NOON, tzinfo=tz)
    return start.utcoffset() == end.utcoffset()


@lru_cache(maxsize=65536)
def wall_span_min(start: time, end: time) -> int:
    """Wall-clock minutes between two anchored clock times: the real span on a steady night."""

    def anchored(clock: time) -> int:
        minutes = clock.hour * 60 + clock.minute
        return minutes if clock >= NOON else minutes + MINUTES_PER_DAY

    return anchored(end) - anchored(start)


def span_min(night: date, start: time, end: time, tz: ZoneInfo) -> int:
    """Real elapsed minutes between two clock times of one night (noon-to-noon anchoring)."""
    if steady_offset(tz, night):
        return wall_span_min(start, end)
    return elapsed_min(anchor(night, start, tz), anchor(night, end, tz))


def sleep_efficiency_pct(total_sleep_min: int, time_in_bed_min: int) -> float | None:
    return 100 * total_sleep_min / time_in_bed_min if time_in_bed_min else None


def sleep_loss_min(sleep_need_min: int, total_sleep_min: int) -> int:
    return max(0, sleep_need_min - total_sleep_min)


def compute_metrics(times: SleepTimes, tz: ZoneInfo, sleep_need_min: int) -> NightMetrics:
    """Domain.md section 3 for one night; the CSV export calls the same functions row by row."""
    night = times.night
    time_in_bed = span_min(night, times.in_bed, times.out_of_bed, tz)
    total_sleep = (
        span_min(night, times.lights_out, times.final_wake, tz)
        - times.sleep_latency_min
        - times.waso_min
    )
    return NightMetrics(
        time_in_bed_min=time_in_bed,
        total_sleep_min=total_sleep,
        sleep_efficiency_pct=sleep_efficiency_pct(total_sleep, time_in_bed),
        terminal_wake_min=span_min(night, times.final_wake, times.out_of_bed, tz),
        sleep_loss_min=sleep_loss_min(sleep_need_min, total_sleep),
    )

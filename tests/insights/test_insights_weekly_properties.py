"""Properties of the weekly table over generated valid nights, and agreement with a slow,
obviously correct reference written with plain Python loops."""

from __future__ import annotations

import statistics
from datetime import date, time, timedelta
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from diary.metrics import onset_offset_min
from insights.columns import OUTPUT_COLUMNS
from insights.frames import nights_frame
from insights.weekly import format_weekly, weekly_table
from tests.sample_nights import night_row

ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata"]

# A patient as `patients()` draws one: their rows, their time zone and their sleep need.
Patient = tuple[list[dict[str, Any]], str, int]


def _clock(minutes_after_noon: int) -> time:
    minutes = (12 * 60 + minutes_after_noon) % (24 * 60)
    return time(minutes // 60, minutes % 60)


@st.composite
def valid_night(draw: st.DrawFn, night: date) -> dict[str, Any]:
    # Clock times as minutes after noon, kept in order inside the noon-to-noon window.
    in_bed, lights_out, final_wake, out_of_bed = sorted(
        draw(st.lists(st.integers(0, 1439), min_size=4, max_size=4))
    )
    # An hour of slack: on a spring-forward night the real span is an hour shorter.
    awake_budget = max(0, final_wake - lights_out - 60)
    latency = draw(st.integers(0, min(720, awake_budget)))
    waso = draw(st.integers(0, min(720, awake_budget - latency)))
    severity = draw(st.integers(0, 10))
    onset = None
    if severity and draw(st.booleans()):
        onset = time(draw(st.integers(0, 23)), draw(st.integers(0, 59)))
    return night_row(
        night,
        in_bed=_clock(in_bed),
        lights_out=_clock(lights_out),
        final_wake=_clock(final_wake),
        out_of_bed=_clock(out_of_bed),
        sleep_latency_min=latency,
        waso_min=waso,
        awakenings=draw(st.integers(0, 50)),
        sleep_quality=draw(st.integers(1, 5)),
        severity=severity,
        onset=onset,
        areas=draw(st.lists(st.sampled_from(["left_leg", "right_leg", "arms", "trunk"]))),
    )


@st.composite
def patients(draw: st.DrawFn) -> Patient:
    first = draw(st.dates(date(2000, 1, 1), date(2030, 12, 31)))
    # Offsets up to ~a year, so gaps of many empty weeks occur.
    offsets = draw(st.sets(st.integers(0, 400), min_size=0, max_size=40))
    rows = [draw(valid_night(first + timedelta(days=offset))) for offset in offsets]
    return rows, draw(st.sampled_from(ZONES)), draw(st.integers(240, 720))


@given(patients())
@settings(max_examples=150, deadline=None)
def test_weeks_are_contiguous_mondays_and_account_for_every_night(patient: Patient) -> None:
    rows, zone_name, need = patient
    table = weekly_table(nights_frame(rows, zone_name, need))

    assert table["nights_logged"].sum() == len(rows)
    assert (table["symptomatic_nights"] <= table["nights_logged"]).all()
    assert (table["week_start"].dt.day_of_week == 0).all()
    assert (table["week_start"].diff().dropna() == pd.Timedelta(days=7)).all()
    if rows:
        nights = [row["night"] for row in rows]
        first_monday = min(nights) - timedelta(days=min(nights).weekday())
        last_monday = max(nights) - timedelta(days=max(nights).weekday())
        assert table["week_start"].iloc[0].date() == first_monday
        assert table["week_start"].iloc[-1].date() == last_monday
    severity = table["mean_severity"].dropna()
    assert ((severity >= 0) & (severity <= 10)).all()
    onset = table["median_onset_offset_min"].dropna()
    assert ((onset >= 0) & (onset < 1440)).all()
    empty = table["nights_logged"] == 0
    assert table.loc[empty, "symptomatic_nights"].eq(0).all()
    assert (
        table.loc[empty]
        .drop(columns=["week_start", "nights_logged", "symptomatic_nights"])
        .isna()
        .all()
        .all()
    )
    assert table.loc[~empty, "total_sleep_loss_min"].notna().all()


def _reference(rows: list[dict[str, Any]], frame: pd.DataFrame) -> dict[date, dict[str, Any]]:
    # Per-night metrics come from the frame (one definition, tested on their own); the
    # weekly grouping and statistics are redone here one week at a time.
    by_week: dict[date, list[int]] = {}
    for index, night in enumerate(frame["night"].dt.date):
        by_week.setdefault(night - timedelta(days=night.weekday()), []).append(index)
    onsets = {row["night"]: row["onset"] for row in rows}
    result = {}
    for monday, indices in by_week.items():
        part = frame.iloc[indices]
        offsets = [
            onset_offset_min(onsets[night])
            for night in part["night"].dt.date
            if onsets[night] is not None
        ]
        efficiencies = [value for value in part["sleep_efficiency_pct"] if not np.isnan(value)]
        result[monday] = {
            "nights_logged": len(indices),
            "symptomatic_nights": sum(1 for value in part["severity"] if value >= 1),
            "mean_severity": statistics.fmean(part["severity"]),
            "max_severity": max(part["severity"]),
            "median_onset_offset_min": statistics.median(offsets) if offsets else np.nan,
            "mean_total_sleep_min": statistics.fmean(part["total_sleep_min"]),
            "mean_sleep_efficiency_pct": (
                statistics.fmean(efficiencies) if efficiencies else np.nan
            ),
            "total_sleep_loss_min": sum(part["sleep_loss_min"]),
            "mean_sleep_latency_min": statistics.fmean(part["sleep_latency_min"]),
        }
    return result


@given(patients())
@settings(max_examples=150, deadline=None)
def test_weeks_with_entries_match_a_week_by_week_reference(patient: Patient) -> None:
    rows, zone_name, need = patient
    frame = nights_frame(rows, zone_name, need)
    table = weekly_table(frame).set_index("week_start")
    expected = _reference(rows, frame)

    assert set(expected) == {day.date() for day in table.index[table["nights_logged"] > 0]}
    for monday, values in expected.items():
        actual = table.loc[pd.Timestamp(monday)]
        for column, value in values.items():
            assert np.isclose(actual[column], value, equal_nan=True), (monday, column)


@given(patients())
@settings(max_examples=100, deadline=None)
def test_formatting_gives_the_section_4_columns_for_every_week(patient: Patient) -> None:
    rows, zone_name, need = patient
    table = weekly_table(nights_frame(rows, zone_name, need))

    formatted = format_weekly(table)

    assert len(formatted) == len(table)
    for week in formatted:
        assert tuple(week) == OUTPUT_COLUMNS
        assert (week["mean_severity"] is None) == (week["nights_logged"] == 0)
        onset = week["median_onset"]
        assert onset is None or (isinstance(onset, str) and len(onset) == 5 and onset[2] == ":")

"""The nights as the Trends page reads them (insights.loading.night_rows): the sets read as
stored and converted once per distinct text, everything else as values() gives it, so the
nights frame is the one the plain ORM read would give."""

from datetime import date, time

import pandas as pd
from django.db.models import CharField, Value

from diary.models import Night, User
from insights.frames import SET_COLUMNS, nights_frame
from insights.loading import NIGHT_ROW_FIELDS, load_nights, load_nights_in, night_rows
from tests.sample_nights import night_row, plausible_rows


def _nights_of(patient: User) -> None:
    rows = plausible_rows(date(2026, 4, 1), 90, seed=5)
    rows += [
        # alice's zone, America/New_York, puts its clocks forward on 2026-03-08 and back on
        # 2026-11-01: these two nights are an hour short and an hour long.
        night_row(
            date(2026, 10, 31),
            severity=3,
            onset=time(22, 0),
            areas=["trunk", "left_leg"],
            relief=["walking"],
        ),
        night_row(date(2026, 3, 7), severity=4, onset=time(21, 10)),
        # Bed after midnight, across midnight, with every set given.
        night_row(
            date(2026, 11, 5),
            in_bed=time(0, 30),
            lights_out=time(0, 45),
            final_wake=time(8, 0),
            out_of_bed=time(8, 30),
            severity=6,
            onset=time(23, 30),
            sensations=["burning", "urge"],
            areas=["arms", "right_leg"],
            factors=["caffeine"],
            day_fatigue=7,
        ),
    ]
    Night.objects.bulk_create(Night(patient=patient, **row) for row in rows)


def _frame_as_values_gives(patient: User) -> pd.DataFrame:
    rows = Night.objects.filter(patient=patient).values(*NIGHT_ROW_FIELDS)
    return nights_frame(rows, patient.timezone, patient.sleep_need)


def test_it_gives_the_rows_values_gives_with_each_set_as_a_tuple(alice: User) -> None:
    _nights_of(alice)
    queryset = Night.objects.filter(patient=alice).order_by("night")

    rows = night_rows(queryset)

    expected = list(queryset.values(*NIGHT_ROW_FIELDS))
    assert len(rows) == len(expected) > 80
    for row, wanted in zip(rows, expected, strict=True):
        assert all(isinstance(row[name], tuple) for name in SET_COLUMNS)
        assert {**row, **{name: list(row[name]) for name in SET_COLUMNS}} == wanted


def test_the_nights_frame_is_the_one_the_plain_read_gives(alice: User) -> None:
    _nights_of(alice)

    pd.testing.assert_frame_equal(load_nights(alice), _frame_as_values_gives(alice))
    pd.testing.assert_frame_equal(load_nights_in(alice, None), _frame_as_values_gives(alice))
    assert load_nights(alice)["spread"].sum() >= 2  # the arms and trunk nights compare


def test_a_set_stored_out_of_order_is_read_in_the_vocabularys_order(alice: User) -> None:
    _nights_of(alice)
    night = Night.objects.filter(patient=alice).earliest("night")
    # Written past the field, as an old import might have: the field's converter sorts it.
    stored = Value("trunk;left_leg;trunk", output_field=CharField())
    Night.objects.filter(pk=night.pk).update(areas=stored)

    (row,) = night_rows(Night.objects.filter(pk=night.pk))

    assert row["areas"] == ("left_leg", "trunk")
    pd.testing.assert_frame_equal(load_nights(alice), _frame_as_values_gives(alice))

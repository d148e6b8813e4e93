"""Known answers for the one way numbers read on screen (diary.formatting; README, "Numbers on
screen")."""

from decimal import Decimal

import pytest

from diary.formatting import (
    decimal,
    hours_minutes,
    lab_value,
    minutes,
    percent,
    signed,
    signed_hours_minutes,
    signed_minutes,
)

MINUS = "\u2212"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0 min"),
        (59, "59 min"),
        (60, "1 h 00 min"),
        (61, "1 h 01 min"),
        (420.8, "7 h 01 min"),
        (Decimal("420.5"), "7 h 01 min"),  # half up, as people round
        (420.49, "7 h 00 min"),
        (1440, "24 h 00 min"),
        (-61, f"{MINUS}1 h 01 min"),
    ],
)
def test_a_sleep_amount_reads_in_hours_and_minutes(value: float, shown: str) -> None:
    assert hours_minutes(value) == shown


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_a_missing_value_is_a_dash_and_a_missing_change_is_nothing(missing: float | None) -> None:
    assert hours_minutes(missing) == "–"
    assert minutes(missing) == "–"
    assert percent(missing) == "–"
    assert decimal(missing) == "–"
    assert signed_hours_minutes(missing) == ""
    assert signed_minutes(missing) == ""
    assert signed(missing) == ""


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0 min"), (59, "59 min"), (60, "60 min"), (61, "61 min"), (12.5, "13 min")],
)
def test_a_short_wait_reads_in_minutes_whatever_its_length(value: float, shown: str) -> None:
    assert minutes(value) == shown


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (0, "±0 min"),
        (0.4, "±0 min"),
        (59, "+59 min"),
        (-59, f"{MINUS}59 min"),
        (60, "+1 h 00 min"),
        (-61, f"{MINUS}1 h 01 min"),
        (-47.0, f"{MINUS}47 min"),
    ],
)
def test_a_change_in_a_sleep_amount_has_a_real_minus_sign(change: float, shown: str) -> None:
    assert signed_hours_minutes(change) == shown
    assert "-" not in shown  # a hyphen-minus reads as a dash


def test_a_change_in_minutes_and_a_change_in_points_carry_their_sign() -> None:
    assert signed_minutes(-75) == f"{MINUS}75 min"
    assert signed_minutes(5) == "+5 min"
    assert signed(-1.25) == f"{MINUS}1.3"
    assert signed(3) == "+3.0"
    assert signed(Decimal("0.04")) == "±0.0"
    assert signed(12, 0) == "+12"


def test_scores_and_percentages_have_fixed_places() -> None:
    assert decimal(Decimal("5.10")) == "5.1"
    assert decimal(2.45) == "2.5"
    assert decimal(5) == "5.0"
    assert decimal(-0.25) == f"{MINUS}0.3"
    assert percent(85.25) == "85.3 %"
    assert percent(43, 0) == "43 %"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("48.00"), "48"),
        (Decimal("410.50"), "410.5"),
        (Decimal("59.95"), "59.95"),
        (Decimal("100.00"), "100"),
        (Decimal("0.00"), "0"),
        (None, "–"),
    ],
)
def test_a_lab_number_drops_the_zeros_its_column_pads_it_with(
    value: Decimal | None, shown: str
) -> None:
    assert lab_value(value) == shown

"""Numbers and dates as each language writes them (diary.formatting): a decimal comma in
German and Spanish, month names in the language's order."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from diary import formatting

MINUS = "\u2212"


@pytest.mark.parametrize(
    ("language", "separator", "day"),
    [("en", ".", "5 Oct 2026"), ("de", ",", "5. Okt. 2026"), ("es", ",", "5 oct 2026")],
)
def test_numbers_and_dates_are_written_as_the_language_writes_them(
    language: str, separator: str, day: str
) -> None:
    with translation.override(language):
        assert formatting.decimal(2.45) == f"2{separator}5"
        assert formatting.decimal(Decimal("5.714"), 2) == f"5{separator}71"
        assert formatting.signed(-1.45, 2) == f"{MINUS}1{separator}45"
        assert formatting.signed(0) == f"±0{separator}0"
        assert formatting.percent(85.25) == f"85{separator}3 %"
        # A stored lab value keeps its places and is never grouped by thousands.
        assert formatting.number(Decimal("1180.0")) == f"1180{separator}0"
        assert formatting.number(None) == "–"
        assert formatting.day_month_year(date(2026, 10, 5)) == day
        assert formatting.decimal(None) == "–"

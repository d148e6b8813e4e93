"""The from=/to= night filter (domain.md section 6), written once for the API, the CSV
downloads and the weekly trends: both bounds inclusive, both optional, dates as YYYY-MM-DD."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django_filters import DateFilter, FilterSet
from django_filters.utils import translate_validation

from diary.fields import DayField
from diary.models import Night


class RangeDayField(DayField):
    """YYYY-MM-DD only, as everywhere else, but any date: a range reaching far ahead (to=9999-12-31
    for "no end") only selects, nothing is stored or worked out from its bounds."""

    latest = None


class NightDateFilter(DateFilter):  # type: ignore[misc]  # django-filter ships no types
    field_class = RangeDayField


class NightRangeFilter(FilterSet):  # type: ignore[misc]  # django-filter ships no types
    class Meta:
        model = Night
        fields: list[str] = []


# `from` is a Python keyword, so the two filters are added by name rather than declared.
NightRangeFilter.base_filters.update(
    {
        "from": NightDateFilter(
            field_name="night",
            lookup_expr="gte",
            help_text="First night, inclusive (YYYY-MM-DD).",
        ),
        "to": NightDateFilter(
            field_name="night",
            lookup_expr="lte",
            help_text="Last night, inclusive (YYYY-MM-DD).",
        ),
    }
)


def night_range(params: Any) -> tuple[date | None, date | None]:
    """The bounds of a query string; a malformed date is a 400 naming the parameter."""
    filters = NightRangeFilter(params, queryset=Night.objects.none())
    if not filters.is_valid():
        raise translate_validation(filters.errors)
    return filters.form.cleaned_data.get("from"), filters.form.cleaned_data.get("to")


def in_range(nights: QuerySet[Night], start: date | None, end: date | None) -> QuerySet[Night]:
    """The nights from `start` to `end` (either may be None), by the same filters."""
    return NightRangeFilter({"from": start, "to": end}, queryset=nights).qs

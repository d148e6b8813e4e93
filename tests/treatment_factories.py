"""Treatments for the tests (domain.md section 9), made the way the app makes them."""

from datetime import date
from decimal import Decimal
from typing import Any

from diary.models import Treatment, User
from diary.treatments import clean_treatment, save_treatment

# pramipexole 0.25 mg a day, last dose usually at 21:00, since 1 November 2026, ongoing.
COURSE: dict[str, Any] = {
    "kind": "medication",
    "schedule": "",
    "name": "pramipexole",
    "dose": Decimal("0.25"),
    "dose_unit": "mg",
    "dose_time": "21:00",
    "started": date(2026, 11, 1),
    "stopped": None,
    "notes": "",
}
# One ferric carboxymaltose infusion of 500 mg.
SESSION: dict[str, Any] = {
    **COURSE,
    "kind": "iron_iv",
    "name": "ferric_carboxymaltose",
    "dose": Decimal(500),
    "dose_time": None,
}


def _values(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    if "dose" in overrides and overrides["dose"] is None:
        overrides = {"dose_unit": "", **overrides}  # no dose, no unit
    return {**base, **overrides}


def make_treatment(patient: User, **overrides: Any) -> Treatment:
    """A stored course (COURSE with overrides), judged and saved as the app does."""
    return save_treatment(clean_treatment(patient=patient, values=_values(COURSE, overrides)))


def make_session(patient: User, started: date | str, **overrides: Any) -> Treatment:
    """A stored session (SESSION on `started`, with overrides)."""
    if isinstance(started, str):
        started = date.fromisoformat(started)
    values = _values(SESSION, {"started": started, **overrides})
    return save_treatment(clean_treatment(patient=patient, values=values))


def treatment_form(**overrides: Any) -> dict[str, str]:
    """The add form's POST body for COURSE with overrides; an empty value is an empty field."""
    values = {**COURSE, **overrides}
    return {name: "" if value is None else str(value) for name, value in values.items()}

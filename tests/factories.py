"""One valid night for every test (domain.md section 2), in each shape the app takes it: Python
values, a JSON body, a web form's POST body, and a stored Night made the way the app makes one."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the plain builders are used without Django set up (benchmarks, subprocesses)
    from diary.models import Night, User

# 22:30 in bed, lights out 23:00, 30 min to fall asleep, 20 min awake, final awakening 06:30,
# up at 07:00: TIB 510, TST 430, SE 84.3 %, sleep loss 50 with the default need of 480.
VALID_NIGHT: dict[str, Any] = {
    "night": date(2026, 11, 20),
    "in_bed": time(22, 30),
    "lights_out": time(23, 0),
    "sleep_latency_min": 30,
    "awakenings": 2,
    "waso_min": 20,
    "final_wake": time(6, 30),
    "out_of_bed": time(7, 0),
    "sleep_quality": 3,
    "severity": 5,
    "onset": time(21, 15),
    "sensations": ["urge", "creeping"],
    "areas": ["left_leg", "right_leg"],
    "relief": ["walking"],
    "factors": ["caffeine"],
    "notes": "",
    "day_fatigue": None,
    "day_mood": None,
}
# What a night with severity 0 leaves empty; factors may still be given.
NO_SYMPTOMS: dict[str, Any] = {"onset": None, "sensations": [], "areas": [], "relief": []}


def night_values(**overrides: Any) -> dict[str, Any]:
    """A valid night as Python values, with overrides (given exactly as they are)."""
    return {**VALID_NIGHT, **overrides}


def _wire(value: Any, *, empty: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return empty if value is None else value


def night_json(**overrides: Any) -> dict[str, Any]:
    """The API's JSON body for a valid night: dates YYYY-MM-DD, times HH:MM, sets as lists."""
    return {name: _wire(value, empty=None) for name, value in night_values(**overrides).items()}


def form_data(**overrides: Any) -> dict[str, Any]:
    """The night form's POST body for a valid night: an empty value is an empty field."""
    return {name: _wire(value, empty="") for name, value in night_values(**overrides).items()}


def make_night(patient: User, night: date | str = VALID_NIGHT["night"], **overrides: Any) -> Night:
    """A stored night, judged and saved as the app does. With severity 0 the symptoms of
    VALID_NIGHT are left out (section 2), unless the test gives its own."""
    if isinstance(night, str):
        night = date.fromisoformat(night)
    if overrides.get("severity") == 0:
        overrides = {**{k: v for k, v in NO_SYMPTOMS.items() if k not in overrides}, **overrides}
    from diary.nights import clean_night, save_night

    values = night_values(night=night, **overrides)
    return save_night(clean_night(patient=patient, values=values))

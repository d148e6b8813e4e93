"""Valid treatments for the API tests (domain.md section 9), as JSON bodies and stored rows."""

from typing import Any

from diary.models import Treatment, User
from diary.treatments import clean_treatment, save_treatment

# A dopamine agonist course, ongoing: 0.25 mg a day, the last dose usually at 21:00.
ROPINIROLE: dict[str, Any] = {
    "kind": "medication",
    "schedule": "course",
    "name": "ropinirole",
    "dose": 0.25,
    "dose_unit": "mg",
    "dose_time": "21:00",
    "started": "2026-11-01",
    "stopped": None,
    "notes": "",
}
# A cryotherapy session as posted: nothing but its kind and date.
CRYOTHERAPY: dict[str, Any] = {"kind": "cryotherapy", "started": "2026-11-10"}
# The same session with every field given, to store with make_treatment.
CRYOTHERAPY_IN_FULL: dict[str, Any] = {
    **{name: None for name in ROPINIROLE},
    **CRYOTHERAPY,
    "schedule": "session",
}


def treatment_json(**overrides: Any) -> dict[str, Any]:
    return {**ROPINIROLE, **overrides}


def make_treatment(patient: User, **overrides: Any) -> Treatment:
    """A stored treatment, judged and saved as the app does."""
    values = treatment_json(**overrides)
    return save_treatment(clean_treatment(patient=patient, values=values))

"""An import that loses a race to a concurrent write (issue 13, "No lost updates").

The import looks up the nights already logged once for the whole file, then inserts them all in
one transaction. A night another request logs in between breaks the unique constraint at the
insert: that is the same conflict as one found by the look-up, and answers the same (409, the
conflicting nights listed), not a 400 without them or a 500.

The race is made real rather than imitated: a database hook (Django's execute_wrapper, on this
test's connection only) lets the import's look-up run, then, before the import's next statement,
a second thread logs the night through its own connection and commits, as another request
would. The import's code runs unchanged.
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from diary.choices import AccountType
from diary.models import Night, User
from tests.factories import make_night
from tests.helpers import logged_in, make_user, token_client

HEADER = (
    "night,in_bed,lights_out,sleep_latency_min,awakenings,waso_min,final_wake,out_of_bed,"
    "sleep_quality,severity,onset,sensations,areas,relief,factors,notes"
)
ROW = ",22:30,23:00,30,2,20,06:30,07:00,3,5,21:15,urge;creeping,left_leg,walking,,"
NIGHTS = [date(2025, 6, 1), date(2025, 6, 2), date(2025, 6, 3)]
RACED = NIGHTS[1]  # line 3 of the file
FILE = ("\n".join([HEADER, *(f"{night}{ROW}" for night in NIGHTS)]) + "\n").encode()

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def patient() -> User:
    return make_user("racer", AccountType.PATIENT, timezone="Europe/Berlin")


@contextmanager
def logged_meanwhile(patient: User, night: date) -> Iterator[None]:
    """Another connection logs `night` right after the import has read the patient's nights
    and before its next statement (the insert's transaction)."""
    state = {"looked_up": False, "raced": False}

    def log_it_elsewhere() -> None:
        try:
            make_night(patient, night, severity=9)
        finally:
            connections.close_all()  # this thread's own connection

    def hook(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        if state["looked_up"] and not state["raced"]:
            state["raced"] = True
            other = threading.Thread(target=log_it_elsewhere)
            other.start()
            other.join()
        result = execute(sql, *args)
        if sql.startswith("SELECT") and 'FROM "diary_night"' in sql:
            state["looked_up"] = True
        return result

    with connection.execute_wrapper(hook):
        yield
    assert state["raced"], "the import never read the patient's nights"


def conflict_only(patient: User) -> None:
    # Nothing of the file was stored; the night logged meanwhile is as it was logged.
    assert list(Night.objects.filter(patient=patient).values_list("night", "severity")) == [
        (RACED, 9)
    ]


def test_an_api_import_that_loses_a_race_answers_409_with_the_conflicting_night(
    patient: User,
) -> None:
    api = token_client(patient)
    with logged_meanwhile(patient, RACED):
        response = api.post("/api/v1/nights/import/", FILE, content_type="text/csv")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Nothing was imported: 1 night is already logged or repeated in the file.",
        "errors": [],
        "conflicts": [
            {
                "line": 3,
                "night": RACED.isoformat(),
                "message": f"You have already logged the night of {RACED}.",
            }
        ],
    }
    conflict_only(patient)


def test_a_web_import_that_loses_a_race_shows_the_conflicting_night_with_a_409(
    patient: User,
) -> None:
    client = logged_in(patient)
    upload = SimpleUploadedFile("nights.csv", FILE, content_type="text/csv")
    with logged_meanwhile(patient, RACED):
        page = client.post("/nights/import/", {"file": upload})
    assert page.status_code == 409
    refusal = page.context["refusal"]
    assert [(c.line, c.night) for c in refusal.conflicts] == [(3, RACED)]
    assert f"You have already logged the night of {RACED}." in page.content.decode()
    conflict_only(patient)

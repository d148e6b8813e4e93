"""Drafts of a night (issue 15): the evening part saved at 2 a.m., the sleep part added in the
morning; until then a draft counts nowhere (weeks, flags, exports, the API, clinicians)."""

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from diary.account_deletion import delete_account
from diary.drafts import InvalidDraft, discard_draft, finish_draft, save_draft
from diary.forms import first_unlogged_night
from diary.models import SLEEP_FIELDS, Night, NightDraft, User
from diary.nights import entry_values
from insights.dashboard import dashboard_rows
from insights.models import ReviewSnapshot
from tests.factories import VALID_NIGHT, make_night
from tests.helpers import PASSWORD, logged_in, share_with, token_client

# 07:00 UTC is 02:00 in New York (alice's zone) on Saturday 21 November: last night is Friday.
AT_2_AM = "2026-11-21 07:00:00+00:00"
FRIDAY = date(2026, 11, 20)
SECRET = "draft only: legs awful after the film"
EVENING: dict[str, Any] = {
    "night": FRIDAY,
    "severity": 6,
    "onset": time(21, 15),
    "sensations": ["urge", "creeping"],
    "areas": ["left_leg", "arms"],
    "relief": ["walking"],
    "factors": ["caffeine", "stress"],
    "notes": SECRET,
    "day_fatigue": 7,
    "day_mood": 2,
}
MORNING: dict[str, Any] = {name: VALID_NIGHT[name] for name in SLEEP_FIELDS}


@pytest.fixture(autouse=True)
def at_2_am() -> Iterator[None]:
    with time_machine.travel(AT_2_AM, tick=False):
        yield


def test_it_saves_a_draft_with_only_the_evening_part(alice: User) -> None:
    draft = save_draft(patient=alice, values=EVENING)

    stored = NightDraft.objects.get(pk=draft.pk)
    assert stored.patient == alice
    assert {name: getattr(stored, name) for name in EVENING} == EVENING
    assert not Night.objects.exists()


def test_it_ignores_sleep_items_sent_with_a_draft_even_unreadable_ones(alice: User) -> None:
    save_draft(patient=alice, values={**EVENING, "final_wake": "99:99", "in_bed": ""})
    assert NightDraft.objects.get().severity == 6


def test_it_takes_the_night_forms_text_as_the_web_sends_it(alice: User) -> None:
    values = {
        "night": "2026-11-20",
        "severity": "4",
        "onset": "22:40",
        "areas": ["right_leg"],
        "notes": "",
        "day_fatigue": "",
        "day_mood": "",
    }
    draft = save_draft(patient=alice, values=values)
    assert (draft.severity, draft.onset, draft.areas) == (4, time(22, 40), ["right_leg"])
    assert (draft.day_fatigue, draft.day_mood) == (None, None)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("severity", 11),
        ("severity", None),
        ("onset", "25:00"),
        ("sensations", ["wobbly"]),
        ("day_fatigue", 11),
        ("day_mood", 9),
        ("notes", "x" * 2001),
        ("night", "1999-12-31"),
        ("night", "2026-11-22"),  # tomorrow for alice
    ],
)
def test_an_invalid_evening_value_is_refused_with_a_field_error_and_nothing_is_stored(
    alice: User, field: str, value: Any
) -> None:
    with pytest.raises(InvalidDraft) as refused:
        save_draft(patient=alice, values={**EVENING, field: value})
    assert list(refused.value.form.errors) == [field]
    assert not NightDraft.objects.exists()


def test_symptoms_with_severity_0_are_refused_field_by_field_as_for_a_night(alice: User) -> None:
    with pytest.raises(InvalidDraft) as refused:
        save_draft(patient=alice, values={**EVENING, "severity": 0})
    assert set(refused.value.form.errors) == {"onset", "sensations", "areas", "relief"}
    assert not NightDraft.objects.exists()


def test_a_symptom_free_evening_may_still_name_its_triggers(alice: User) -> None:
    values = {**EVENING, "severity": 0, "onset": None, "sensations": [], "areas": []}
    draft = save_draft(patient=alice, values={**values, "relief": []})
    assert (draft.severity, draft.factors) == (0, ["caffeine", "stress"])


def test_a_night_already_logged_cannot_get_a_draft(alice: User) -> None:
    logged = make_night(alice, FRIDAY)
    with pytest.raises(InvalidDraft) as refused:
        save_draft(patient=alice, values=EVENING)
    assert refused.value.form.errors["night"] == [
        "You have already logged the night of 2026-11-20."
    ]
    assert refused.value.form.duplicate_of == logged
    assert not NightDraft.objects.exists()


def test_saving_the_evening_part_again_replaces_the_draft(alice: User) -> None:
    first = save_draft(patient=alice, values=EVENING)
    second = save_draft(patient=alice, values={**EVENING, "severity": 8, "notes": ""})
    assert second.pk == first.pk
    stored = NightDraft.objects.get()
    assert (stored.severity, stored.notes) == (8, "")


def test_the_database_refuses_what_the_night_table_refuses(alice: User) -> None:
    for bad in ({"severity": 11}, {"severity": 0, "onset": time(22, 0)}, {"day_mood": 6}):
        with pytest.raises(IntegrityError), transaction.atomic():
            NightDraft.objects.create(patient=alice, night=FRIDAY, **{"severity": 5, **bad})
    NightDraft.objects.create(patient=alice, night=FRIDAY, severity=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        NightDraft.objects.create(patient=alice, night=FRIDAY, severity=3)


def test_finishing_creates_exactly_the_night_and_removes_the_draft(alice: User) -> None:
    draft = save_draft(patient=alice, values=EVENING)
    night = finish_draft(draft=draft, values=MORNING)

    assert entry_values(Night.objects.get()) == {**EVENING, **MORNING}
    assert night.patient == alice
    assert not NightDraft.objects.exists()


def test_an_evening_value_given_again_in_the_morning_wins(alice: User) -> None:
    draft = save_draft(patient=alice, values=EVENING)
    finish_draft(draft=draft, values={**MORNING, "severity": 7, "night": date(2026, 11, 19)})
    # The night stays the draft's: a draft finishes its own night, never another.
    assert entry_values(Night.objects.get()) == {**EVENING, **MORNING, "severity": 7}


def test_a_refused_morning_part_stores_nothing_and_keeps_the_draft(alice: User) -> None:
    draft = save_draft(patient=alice, values=EVENING)
    with pytest.raises(ValidationError) as refused:
        finish_draft(draft=draft, values={**MORNING, "final_wake": time(22, 0)})
    assert "final_wake" in refused.value.message_dict
    assert not Night.objects.exists()
    assert NightDraft.objects.get() == draft


def test_finishing_a_night_logged_meanwhile_is_a_duplicate_and_keeps_the_draft(
    alice: User,
) -> None:
    draft = save_draft(patient=alice, values=EVENING)
    logged = make_night(alice, FRIDAY, severity=2)
    with pytest.raises(ValidationError) as refused:
        finish_draft(draft=draft, values=MORNING)
    assert "night" in refused.value.message_dict
    assert Night.objects.get() == logged and logged.severity == 2
    assert NightDraft.objects.get() == draft


def test_a_draft_can_be_discarded(alice: User) -> None:
    discard_draft(draft=save_draft(patient=alice, values=EVENING))
    assert not NightDraft.objects.exists()


def test_the_log_form_offers_a_draft_only_on_the_most_recent_unlogged_night(alice: User) -> None:
    # An older draft does not take over from last night, which is not logged either.
    save_draft(patient=alice, values={**EVENING, "night": date(2026, 11, 18)})
    assert first_unlogged_night(alice) == FRIDAY
    save_draft(patient=alice, values=EVENING)
    assert first_unlogged_night(alice) == FRIDAY
    # Tonight's draft (saved before midnight) is the one the patient started last.
    save_draft(patient=alice, values={**EVENING, "night": date(2026, 11, 21)})
    assert first_unlogged_night(alice) == date(2026, 11, 21)


def test_a_draft_whose_night_was_logged_elsewhere_is_not_offered(alice: User) -> None:
    save_draft(patient=alice, values=EVENING)
    make_night(alice, FRIDAY)
    assert first_unlogged_night(alice) == date(2026, 11, 19)


def test_a_draft_does_not_change_the_diarys_version(alice: User) -> None:
    version = alice.nights_version
    draft = save_draft(patient=alice, values=EVENING)
    discard_draft(draft=draft)
    alice.refresh_from_db()
    assert alice.nights_version == version


# What a draft must not change: every list of nights, every week, every flag, every export.
PATIENT_VIEWS = (
    "/api/v1/nights/",
    "/api/v1/nights/?format=csv",
    "/api/v1/weeks/",
    "/api/v1/weeks/?format=csv",
    "/api/v1/response/",
    "/api/v1/response/?format=csv",
)
WEB_DOWNLOADS = ("/nights/export.csv", "/trends/weeks.csv")


def _body(response: Any) -> bytes:
    assert response.status_code == 200, response.content
    if response.streaming:
        return b"".join(response.streaming_content)
    content: bytes = response.content
    return content


def _everything_counted(alice: User, clinician: User) -> dict[str, Any]:
    api, web = token_client(alice), logged_in(alice)
    seen: dict[str, Any] = {path: _body(api.get(path)) for path in PATIENT_VIEWS}
    seen.update({path: _body(web.get(path)) for path in WEB_DOWNLOADS})
    export = zipfile.ZipFile(io.BytesIO(_body(web.get("/settings/export.zip"))))
    seen.update({f"zip:{name}": export.read(name) for name in export.namelist()})
    # The clinician's reads below are logged: the log changes, whatever a draft does.
    del seen["zip:access_log.json"]
    seen["zip:names"] = sorted(export.namelist())
    doctor = token_client(clinician)
    for path in ("nights/", "weeks/", "response/"):
        seen[path] = _body(doctor.get(f"/api/v1/patients/{alice.pk}/{path}"))
    seen["clinic"] = _body(doctor.get("/api/v1/patients/nights/?format=csv"))
    # The dashboard's flags, computed afresh rather than read from a kept snapshot.
    ReviewSnapshot.objects.all().delete()
    seen["flags"] = [
        (row.figures.urgency, str(row.figures.cells)) for row in dashboard_rows(clinician)
    ]
    review = _body(logged_in(clinician).get(f"/clinician/patients/{alice.pk}/"))
    seen["review"] = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", review)
    return seen


def test_a_draft_counts_in_no_list_week_flag_export_or_clinician_view(
    alice: User, clinician: User
) -> None:
    for day in (2, 3, 4, 5, 6, 9, 10, 11):
        make_night(alice, date(2026, 11, day), severity=3)
    share_with(alice, clinician)
    before = _everything_counted(alice, clinician)
    # Last night's draft: were it counted, the gap flag (no entry for 7 nights) would go, a
    # week would gain a night and severity 9, and the notes would show.
    save_draft(patient=alice, values={**EVENING, "severity": 9})
    save_draft(patient=alice, values={**EVENING, "night": date(2026, 11, 8), "severity": 10})
    after = _everything_counted(alice, clinician)

    assert after.pop("zip:drafts.csv").decode().count("\n") == 3  # the patient's own file
    after["zip:names"].remove("drafts.csv")
    after["zip:README.txt"] = after["zip:README.txt"].split(b"drafts.csv")[0]
    assert after == before
    assert "No entry for 9 nights" in str(before["flags"])
    assert not any(SECRET.encode() in value for value in after.values() if isinstance(value, bytes))


def test_the_patients_full_export_holds_the_drafts_in_a_file_of_their_own(alice: User) -> None:
    save_draft(patient=alice, values={**EVENING, "notes": "=not a formula"})
    export = zipfile.ZipFile(io.BytesIO(_body(logged_in(alice).get("/settings/export.zip"))))
    assert export.read("drafts.csv").decode() == (
        "night,severity,onset,sensations,areas,relief,factors,notes,day_fatigue,day_mood\n"
        "2026-11-20,6,21:15,urge;creeping,left_leg;arms,walking,caffeine;stress,"
        "'=not a formula,7,2\n"
    )
    assert "drafts.csv" in export.read("README.txt").decode()


def test_deleting_the_account_deletes_its_drafts(alice: User, client: Client) -> None:
    save_draft(patient=alice, values=EVENING)
    request = client.get("/").wsgi_request
    delete_account(request=request, user=alice, password=PASSWORD)
    assert not NightDraft.objects.exists()

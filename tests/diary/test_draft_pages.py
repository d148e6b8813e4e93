"""The log form's "Save evening part, finish in the morning", the draft on the nights list, and
finishing or discarding it (issue 15)."""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from diary.drafts import save_draft
from diary.models import SLEEP_FIELDS, Night, NightDraft, User
from tests.factories import form_data, make_night, night_json
from tests.helpers import logged_in, share_with, text, token_client

# 02:00 in New York (alice's zone), Saturday 21 November; last night is Friday the 20th.
AT_2_AM = "2026-11-21 07:00:00+00:00"
# 07:30 the same morning.
IN_THE_MORNING = "2026-11-21 12:30:00+00:00"
FRIDAY = date(2026, 11, 20)
NOTE = "kicked all evening"


def evening_post(**overrides: Any) -> dict[str, Any]:
    """The log form as sent at 2 a.m. with the draft button: the evening part filled in, the
    sleep items as the form offered them (or as typed)."""
    values = {"severity": 6, "notes": NOTE, "day_fatigue": 7, **overrides}
    body = form_data(night="2026-11-20", **values)
    body["part"] = "evening"
    return body


@pytest.fixture
def at_2_am() -> Iterator[None]:
    with time_machine.travel(AT_2_AM, tick=False):
        yield


pytestmark = pytest.mark.usefixtures("at_2_am")


def test_the_log_form_offers_to_save_the_evening_part(alice_client: Client) -> None:
    page = text(alice_client.get("/nights/log/"))
    assert 'name="part" value="evening"' in page
    assert "Save evening part, finish in the morning" in page


def test_the_draft_button_saves_only_the_evening_part(alice: User, alice_client: Client) -> None:
    # At 2 a.m. the final awakening has not happened: whatever the sleep items hold is ignored.
    response = alice_client.post("/nights/log/", evening_post(final_wake="", out_of_bed="x"))
    assert response.status_code == 302 and response["Location"] == "/nights/"

    draft = NightDraft.objects.get(patient=alice)
    assert (draft.night, draft.severity, draft.notes, draft.day_fatigue) == (FRIDAY, 6, NOTE, 7)
    assert not Night.objects.exists()
    page = text(alice_client.get("/nights/"))
    assert "Saved the evening part of Friday night, 20 Nov as a draft" in page
    assert "Draft — finish the sleep part" in page
    assert 'href="/nights/log/?night=2026-11-20"' in page


def test_a_refused_draft_shows_the_evening_errors_and_keeps_what_was_typed(
    alice_client: Client,
) -> None:
    body = evening_post(severity=0, in_bed="23:59", final_wake="")
    response = alice_client.post("/nights/log/", body)

    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"onset", "sensations", "areas", "relief"}
    assert not set(form.errors) & set(SLEEP_FIELDS)
    page = text(response)
    assert 'value="23:59"' in page and NOTE in page
    assert not NightDraft.objects.exists()


def test_a_draft_for_a_logged_night_is_refused_with_the_way_to_that_entry(
    alice: User, alice_client: Client
) -> None:
    make_night(alice, FRIDAY)
    response = alice_client.post("/nights/log/", evening_post())
    assert response.status_code == 400
    assert 'href="/nights/2026-11-20/"' in text(response)
    assert not NightDraft.objects.exists()


def test_in_the_morning_the_log_form_opens_on_the_draft_with_its_evening_part(
    alice: User, alice_client: Client
) -> None:
    alice_client.post("/nights/log/", evening_post())
    with time_machine.travel(IN_THE_MORNING, tick=False):
        response = alice_client.get("/nights/log/")
    initial = response.context["form"].initial
    assert (initial["night"], initial["severity"], initial["notes"]) == (FRIDAY, 6, NOTE)
    assert "Finish the diary of Friday night, 20 Nov" in text(response)


def test_saving_the_whole_night_finishes_the_draft(alice: User, alice_client: Client) -> None:
    alice_client.post("/nights/log/", evening_post())
    with time_machine.travel(IN_THE_MORNING, tick=False):
        body = form_data(night="2026-11-20", severity=6, notes=NOTE, day_fatigue=7)
        response = alice_client.post("/nights/log/", body)
    assert response.status_code == 302
    night = Night.objects.get(patient=alice)
    assert (night.night, night.severity, night.notes, night.day_fatigue) == (FRIDAY, 6, NOTE, 7)
    assert not NightDraft.objects.exists()
    assert "Draft" not in text(alice_client.get("/nights/"))


def test_a_refused_morning_save_keeps_the_draft_and_its_banner(alice_client: Client) -> None:
    alice_client.post("/nights/log/", evening_post())
    body = form_data(night="2026-11-20", severity=6, final_wake="22:00")
    response = alice_client.post("/nights/log/", body)
    assert response.status_code == 400
    assert "Finish the diary of Friday night, 20 Nov" in text(response)
    assert NightDraft.objects.count() == 1 and not Night.objects.exists()


def test_a_night_logged_elsewhere_meanwhile_shows_the_draft_as_a_conflict(
    alice: User, alice_client: Client
) -> None:
    alice_client.post("/nights/log/", evening_post())
    created = token_client(alice).post("/api/v1/nights/", night_json(), format="json")
    assert created.status_code == 201

    page = text(alice_client.get("/nights/"))
    assert "This night has been logged meanwhile" in page
    assert 'href="/nights/drafts/2026-11-20/discard/"' in page
    # Never dropped silently: the discard page shows what the draft holds.
    confirm = text(alice_client.get("/nights/drafts/2026-11-20/discard/"))
    assert NOTE in confirm and "Open the logged night" in confirm
    assert NightDraft.objects.count() == 1


def test_the_log_form_on_a_drafts_night_logged_meanwhile_says_so_rather_than_finish_it(
    alice: User, alice_client: Client
) -> None:
    alice_client.post("/nights/log/", evening_post())
    assert (
        token_client(alice).post("/api/v1/nights/", night_json(), format="json").status_code == 201
    )

    page = text(alice_client.get("/nights/log/?night=2026-11-20"))
    assert "Friday night, 20 Nov has been logged meanwhile" in page
    assert "Finish the diary" not in page and "save the night" not in page
    assert 'href="/nights/2026-11-20/"' in page
    assert 'href="/nights/drafts/2026-11-20/discard/"' in page


def test_the_banner_says_the_full_export_keeps_a_draft(alice_client: Client) -> None:
    alice_client.post("/nights/log/", evening_post())
    page = text(alice_client.get("/nights/log/?night=2026-11-20"))
    assert "not in your trends, flags or CSV downloads" in page
    assert "your full data export keeps it" in page


def test_a_draft_can_be_discarded_from_the_list(alice_client: Client) -> None:
    alice_client.post("/nights/log/", evening_post())
    response = alice_client.post("/nights/drafts/2026-11-20/discard/")
    assert response.status_code == 302
    assert not NightDraft.objects.exists()
    assert "Discarded the draft of Friday night, 20 Nov." in text(alice_client.get("/nights/"))


def test_bob_cannot_see_finish_or_discard_alices_draft(
    alice: User, alice_client: Client, bob_client: Client
) -> None:
    alice_client.post("/nights/log/", evening_post())
    assert bob_client.get("/nights/drafts/2026-11-20/discard/").status_code == 404
    assert bob_client.post("/nights/drafts/2026-11-20/discard/").status_code == 404
    assert NOTE not in text(bob_client.get("/nights/"))
    # Bob's form for that night is his own, empty of alice's evening.
    form = bob_client.get("/nights/log/?night=2026-11-20")
    initial = form.context["form"].initial
    assert NOTE not in text(form) and (initial["severity"], initial["notes"]) == (None, "")
    assert bob_client.post("/nights/log/", form_data(night="2026-11-20")).status_code == 302
    assert NightDraft.objects.get().patient == alice
    assert not Night.objects.filter(patient=alice).exists()


def test_a_clinician_with_a_share_sees_no_draft(
    alice: User, alice_client: Client, clinician: User
) -> None:
    share_with(alice, clinician)
    alice_client.post("/nights/log/", evening_post())
    doctor = logged_in(clinician)
    for path in (f"/clinician/patients/{alice.pk}/", "/clinician/"):
        assert NOTE not in text(doctor.get(path))
    assert doctor.get("/nights/drafts/2026-11-20/discard/").status_code in (403, 404)
    api = token_client(clinician)
    assert api.get(f"/api/v1/patients/{alice.pk}/nights/").json()["count"] == 0


def test_a_link_to_a_night_in_the_future_or_before_2000_falls_back_to_the_usual_night(
    alice_client: Client,
) -> None:
    for asked in ("2026-11-22", "not-a-date", "2026-02-30", "0001-01-01", "1999-12-31"):
        form = alice_client.get(f"/nights/log/?night={asked}").context["form"]
        assert form.initial["night"] == FRIDAY


def test_the_list_shows_a_new_draft_at_once(alice: User, alice_client: Client) -> None:
    make_night(alice, date(2026, 11, 19))
    assert "Draft" not in text(alice_client.get("/nights/"))
    save_draft(patient=alice, values={"night": FRIDAY, "severity": 3})
    assert "Draft — finish the sleep part" in text(alice_client.get("/nights/"))


def test_the_list_reads_its_drafts_with_the_nights_count_in_no_extra_query(
    alice: User, alice_client: Client, django_assert_num_queries: Any
) -> None:
    for day in range(60):
        make_night(alice, date(2026, 9, 1) + timedelta(days=day))
    save_draft(patient=alice, values={"night": FRIDAY, "severity": 3})
    save_draft(patient=alice, values={"night": date(2026, 11, 19), "severity": 4})
    make_night(alice, date(2026, 11, 19))  # logged elsewhere after its draft: a conflict
    # session, user, the drafts with the nights' count, the page of nights: as without drafts
    with django_assert_num_queries(4):
        response = alice_client.get("/nights/")
    drafts = response.context["drafts"]
    assert [(d.night, d.logged) for d in drafts] == [(FRIDAY, False), (date(2026, 11, 19), True)]
    assert response.context["page"].paginator.count == 61
    assert "Page 1 of 2" in text(response)

"""The access matrix of every clinician-facing page, and what each one records."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client

from diary.models import AccessEvent, Night, Share, User

PAGES = [
    "/clinician/patients/{id}/",
    "/clinician/patients/{id}/report.pdf",
]


@pytest.fixture
def urls(alice: User) -> list[str]:
    return [page.format(id=alice.pk) for page in PAGES]


@pytest.mark.parametrize("page", PAGES)
def test_a_clinician_with_a_share_can_open_it(
    alice: User,
    alice_shares: Share,
    clinician_client: Client,
    page: str,
    make_night: Callable[..., Night],
) -> None:
    make_night(alice, "2026-11-20")
    assert clinician_client.get(page.format(id=alice.pk)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_a_clinician_without_a_share_gets_404(
    alice: User, lonely_clinician_client: Client, page: str
) -> None:
    assert lonely_clinician_client.get(page.format(id=alice.pk)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_a_revoked_clinician_gets_404(alice: User, revoked_client: Client, page: str) -> None:
    assert revoked_client.get(page.format(id=alice.pk)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_another_patient_gets_404(
    alice: User, alice_shares: Share, bob_client: Client, page: str
) -> None:
    assert bob_client.get(page.format(id=alice.pk)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_the_patient_themselves_gets_404_on_the_clinician_pages(
    alice: User, alice_shares: Share, alice_client: Client, page: str
) -> None:
    assert alice_client.get(page.format(id=alice.pk)).status_code == 404


@pytest.mark.parametrize("page", [*PAGES, "/clinician/"])
def test_anonymous_users_are_sent_to_log_in(client: Client, alice: User, page: str) -> None:
    response = client.get(page.format(id=alice.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_patients_have_no_clinician_dashboard(alice_client: Client) -> None:
    assert alice_client.get("/clinician/").status_code == 404


def test_revoking_refuses_the_clinicians_very_next_request(
    alice: User, alice_shares: Share, alice_client: Client, clinician_client: Client
) -> None:
    url = f"/clinician/patients/{alice.pk}/"
    assert clinician_client.get(url).status_code == 200
    alice_client.post(f"/sharing/{alice_shares.pk}/revoke/")
    assert clinician_client.get(url).status_code == 404
    assert alice.username not in clinician_client.get("/clinician/").content.decode()


def test_opening_the_review_page_and_the_report_is_recorded(
    alice: User, alice_shares: Share, clinician: User, clinician_client: Client
) -> None:
    clinician_client.get(f"/clinician/patients/{alice.pk}/")
    clinician_client.get(f"/clinician/patients/{alice.pk}/report.pdf")
    actions = list(
        AccessEvent.objects.filter(patient=alice, clinician=clinician)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["redeemed", "viewed", "report"]


def test_a_clinician_cannot_edit_a_shared_patients_nights(
    alice: User, alice_shares: Share, clinician_client: Client, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-20")
    for url in ("/nights/2026-11-20/", "/nights/2026-11-20/delete/"):
        assert clinician_client.post(url, {"severity": 1}).status_code == 404
    assert alice.nights.get().severity == 5


def test_the_review_page_shows_the_patients_clinical_context(
    alice: User, alice_client: Client, clinician_client: Client, alice_shares: Share
) -> None:
    response = alice_client.post(
        "/settings/",
        {
            "timezone": "America/New_York",
            "sleep_need_min": 480,
            "conditions": ["iron_deficiency", "neuropathy"],
            "family_history": "yes",
        },
    )
    assert response.status_code == 302
    page = clinician_client.get(f"/clinician/patients/{alice.pk}/").content.decode()
    assert (
        "Clinical context: conditions: Iron deficiency, Neuropathy; "
        "restless legs in the family: yes"
    ) in page


@time_machine.travel("2026-11-22 15:00:00+00:00", tick=False)
def test_the_review_page_lists_every_night_of_the_range_with_its_notes_a_page_at_a_time(
    alice: User,
    clinician_client: Client,
    alice_shares: Share,
    make_night: Callable[..., Night],
) -> None:
    # 40 nights with notes from 2026-10-13 to 2026-11-21; the 4-week range starts on Monday
    # 2026-10-26, so it holds the 27 nights from then: one page of 28 at most.
    for i in range(40):
        make_night(alice, date(2026, 10, 13) + timedelta(days=i), notes=f"note {i}")
    page = clinician_client.get(f"/clinician/patients/{alice.pk}/?range=4").content.decode()
    assert "note 39" in page and "note 13" in page and "note 12" not in page
    assert "Page 1 of" not in page
    # "All": 40 nights, two pages, newest first; the report link keeps the range.
    first = clinician_client.get(f"/clinician/patients/{alice.pk}/?range=all").content.decode()
    assert "note 39" in first and "note 11" not in first and "Page 1 of 2" in first
    assert f"/clinician/patients/{alice.pk}/report.pdf?range=all" in first
    second = clinician_client.get(f"/clinician/patients/{alice.pk}/?range=all&page=2")
    assert "note 11" in second.content.decode() and "note 12" not in second.content.decode()

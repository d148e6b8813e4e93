"""Share codes: created once, redeemed once by a clinician, expiring, revocable."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from diary.models import AccessEvent, Share, User
from diary.models.sharing import hash_code
from tests.helpers import text

CODE = re.compile(r'id="share-code">([A-Z0-9-]+)<')


def new_code(client: Client) -> str:
    response = client.post("/sharing/codes/")
    assert response.status_code == 302
    match = CODE.search(text(client.get(response["Location"])))
    assert match is not None
    return match.group(1)


def test_a_code_is_shown_once_and_only_its_hash_is_stored(alice_client: Client) -> None:
    code = new_code(alice_client)
    share = Share.objects.get()
    assert share.code_hash == hash_code(code)
    assert code.replace("-", "") not in share.code_hash
    assert code not in text(alice_client.get("/sharing/"))


def test_creating_a_code_redirects_and_the_next_page_alone_shows_it(
    alice_client: Client,
) -> None:
    response = alice_client.post("/sharing/codes/")
    assert response.status_code == 302
    assert response["Location"] == "/sharing/"
    page = alice_client.get("/sharing/")
    assert "no-store" in page["Cache-Control"]
    match = CODE.search(text(page))
    assert match is not None
    code = match.group(1)
    assert code not in response["Location"]
    assert Share.objects.get().code_hash == hash_code(code)
    refreshed = text(alice_client.get("/sharing/"))
    assert code not in refreshed and 'id="share-code"' not in refreshed
    assert Share.objects.count() == 1


def test_the_code_is_not_kept_in_the_session_once_shown(alice_client: Client) -> None:
    code = new_code(alice_client)
    assert code not in str(dict(alice_client.session))


def test_times_on_the_sharing_page_are_in_the_patients_zone_and_name_it(
    alice: User, alice_shares: Share, alice_client: Client
) -> None:
    # 02:05 UTC on 21 Nov is 21:05 on 20 Nov in New York (EST, UTC-5).
    instant = datetime(2026, 11, 21, 2, 5, tzinfo=UTC)
    Share.objects.filter(pk=alice_shares.pk).update(redeemed_at=instant)
    pending, _code = Share.create_for(alice)
    Share.objects.filter(pk=pending.pk).update(
        created_at=instant, expires_at=instant + timedelta(days=7)
    )
    with time_machine.travel(instant + timedelta(hours=1)):
        page = text(alice_client.get("/sharing/"))
    assert "since 20 Nov 2026, 21:05 (America/New_York)" in page
    assert "Created 20 Nov 2026, 21:05, expires 27 Nov 2026, 21:05 (America/New_York)" in page
    assert "02:05" not in page


def test_stop_sharing_asks_first_and_only_the_post_revokes(
    alice_shares: Share, alice_client: Client
) -> None:
    url = f"/sharing/{alice_shares.pk}/revoke/"
    assert f'href="{url}"' in text(alice_client.get("/sharing/"))
    page = alice_client.get(url)
    assert page.status_code == 200
    assert "Stop sharing with dr_carol?" in text(page)
    alice_shares.refresh_from_db()
    assert alice_shares.revoked_at is None
    response = alice_client.post(url)
    assert response.status_code == 302 and response["Location"] == "/sharing/"
    alice_shares.refresh_from_db()
    assert alice_shares.revoked_at is not None


def test_only_the_owner_sees_the_stop_sharing_confirmation(
    alice_shares: Share, bob_client: Client, clinician_client: Client
) -> None:
    url = f"/sharing/{alice_shares.pk}/revoke/"
    assert bob_client.get(url).status_code == 404
    assert clinician_client.get(url).status_code == 404
    assert clinician_client.post(url).status_code == 404
    alice_shares.refresh_from_db()
    assert alice_shares.revoked_at is None


def test_a_clinician_redeems_a_code_and_the_patient_sees_it(
    alice: User, alice_client: Client, clinician_client: Client
) -> None:
    code = new_code(alice_client)
    response = clinician_client.post("/clinician/redeem/", {"code": code.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/clinician/patients/{alice.pk}/"
    page = text(alice_client.get("/sharing/"))
    assert "dr_carol" in page and "gained access" in page


def test_a_reused_code_is_refused(
    alice_client: Client, clinician_client: Client, lonely_clinician_client: Client
) -> None:
    code = new_code(alice_client)
    clinician_client.post("/clinician/redeem/", {"code": code})
    response = lonely_clinician_client.post("/clinician/redeem/", {"code": code})
    assert response.status_code == 400
    assert "already been used" in text(response)
    assert Share.objects.active().count() == 1


def test_a_second_code_from_a_patient_already_shared_is_refused_and_stays_pending(
    alice_client: Client, clinician_client: Client
) -> None:
    clinician_client.post("/clinician/redeem/", {"code": new_code(alice_client)})
    response = clinician_client.post("/clinician/redeem/", {"code": new_code(alice_client)})
    assert response.status_code == 400
    assert "You already have access to this patient" in text(response)
    assert Share.objects.active().count() == 1
    assert Share.objects.pending().count() == 1


def test_an_expired_code_is_refused(
    alice_client: Client, clinician: User, clinician_client: Client
) -> None:
    code = new_code(alice_client)
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)):
        # Signed in again: a clinician's session ends after 12 hours idle.
        clinician_client.force_login(clinician)
        response = clinician_client.post("/clinician/redeem/", {"code": code})
    assert response.status_code == 400
    assert "expired" in text(response)
    assert not Share.objects.active().exists()


def test_a_code_still_works_just_before_it_expires(
    alice_client: Client, clinician_client: Client
) -> None:
    code = new_code(alice_client)
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        assert clinician_client.post("/clinician/redeem/", {"code": code}).status_code == 302


@pytest.mark.parametrize(
    ("code", "message"), [("", "required"), ("NOPE-NOPE-NOPE", "No share code matches")]
)
def test_a_wrong_code_is_refused_with_a_message(
    clinician_client: Client, db: None, code: str, message: str
) -> None:
    response = clinician_client.post("/clinician/redeem/", {"code": code})
    assert response.status_code == 400
    assert message in text(response)
    assert response.context["form"].data["code"] == code


def test_a_patient_cannot_redeem_a_code(alice_client: Client, bob_client: Client) -> None:
    code = new_code(alice_client)
    assert bob_client.post("/clinician/redeem/", {"code": code}).status_code == 404
    assert not Share.objects.active().exists()


def test_a_cancelled_code_is_refused(alice_client: Client, clinician_client: Client) -> None:
    code = new_code(alice_client)
    alice_client.post(f"/sharing/{Share.objects.get().pk}/revoke/")
    response = clinician_client.post("/clinician/redeem/", {"code": code})
    assert response.status_code == 400
    assert "cancelled" in text(response)


def test_revoking_is_logged_and_shown_to_the_patient(
    alice: User, alice_shares: Share, alice_client: Client
) -> None:
    response = alice_client.post(f"/sharing/{alice_shares.pk}/revoke/")
    assert response.status_code == 302
    assert AccessEvent.objects.filter(action="revoked", patient=alice).count() == 1
    assert "lost access" in text(alice_client.get("/sharing/"))


def test_a_patient_cannot_revoke_someone_elses_share(
    alice_shares: Share, bob_client: Client
) -> None:
    assert bob_client.post(f"/sharing/{alice_shares.pk}/revoke/").status_code == 404
    alice_shares.refresh_from_db()
    assert alice_shares.revoked_at is None


def test_clinicians_have_no_sharing_page(clinician_client: Client) -> None:
    assert clinician_client.get("/sharing/").status_code == 404
    assert clinician_client.post("/sharing/codes/").status_code == 404
    assert not Share.objects.exists()


def test_the_copy_button_waits_for_the_script_so_without_it_the_code_is_plain_text(
    alice_client: Client,
) -> None:
    page = text(alice_client.get(alice_client.post("/sharing/codes/")["Location"]))
    assert re.search(r'<button type="button" id="copy-code"[^>]* hidden>', page)
    assert "js/copy-code.js" in page
    assert "js/copy-code.js" not in text(alice_client.get("/sharing/"))

"""Share codes: created once, redeemed once by a clinician, expiring, revocable."""

import re
from datetime import timedelta

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
    assert response.status_code == 200
    match = CODE.search(text(response))
    assert match is not None
    return match.group(1)


def test_a_code_is_shown_once_and_only_its_hash_is_stored(alice_client: Client) -> None:
    code = new_code(alice_client)
    share = Share.objects.get()
    assert share.code_hash == hash_code(code)
    assert code.replace("-", "") not in share.code_hash
    assert code not in text(alice_client.get("/sharing/"))


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

"""No lost updates in the API (issue 13): every night, treatment, lab result and assessment
answers GET with an ETag, and a PUT, PATCH or DELETE whose If-Match names an old version is
refused with 412 and changes nothing. Without If-Match, or with `*`, writes go ahead as the
contract (domain.md section 6) describes."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from diary.models import Assessment, LabResult, Night, Share, Treatment, User
from tests.diary.api.lab_data import make_assessment, make_lab
from tests.diary.api.treatment_data import make_treatment
from tests.factories import make_night
from tests.helpers import token_client


@dataclass(frozen=True)
class Entry:
    """One stored entry behind a detail URL, two different changes to it, and a way to read
    the field they change from the database."""

    url: str
    first: dict[str, Any]
    second: dict[str, Any]
    stored: Callable[[], Any]
    client: Callable[[], APIClient]  # a new API client (its own token) of whoever may write


def night_entry(alice: User) -> Entry:
    night = make_night(alice, "2026-11-20")
    return Entry(
        "/api/v1/nights/2026-11-20/",
        {"notes": "from the phone"},
        {"severity": 8},
        lambda: Night.objects.values_list("notes", "severity").get(pk=night.pk),
        lambda: token_client(alice),
    )


def treatment_entry(alice: User) -> Entry:
    treatment = make_treatment(alice)
    return Entry(
        f"/api/v1/treatments/{treatment.pk}/",
        {"notes": "with food"},
        {"dose_time": "20:00"},
        lambda: Treatment.objects.values_list("notes", "dose_time").get(pk=treatment.pk),
        lambda: token_client(alice),
    )


def lab_entry(alice: User) -> Entry:
    lab = make_lab(alice)
    return Entry(
        f"/api/v1/labs/{lab.pk}/",
        {"ferritin_ng_ml": 60.0},
        {"crp_mg_l": 2.0},
        lambda: LabResult.objects.values_list("ferritin_ng_ml", "crp_mg_l").get(pk=lab.pk),
        lambda: token_client(alice),
    )


def clinician_lab_entry(alice: User, clinician: User) -> Entry:
    lab = make_lab(alice, by=clinician)
    return Entry(
        f"/api/v1/patients/{alice.pk}/labs/{lab.pk}/",
        {"ferritin_ng_ml": 60.0},
        {"crp_mg_l": 2.0},
        lambda: LabResult.objects.values_list("ferritin_ng_ml", "crp_mg_l").get(pk=lab.pk),
        lambda: token_client(clinician),
    )


def assessment_entry(alice: User, clinician: User) -> Entry:
    assessment = make_assessment(alice, by=clinician)
    return Entry(
        f"/api/v1/patients/{alice.pk}/assessments/{assessment.pk}/",
        {"irls_total": 22},
        {"cgi_severity": 5},
        lambda: Assessment.objects.values_list("irls_total", "cgi_severity").get(pk=assessment.pk),
        lambda: token_client(clinician),
    )


KINDS = ["night", "treatment", "lab", "clinician_lab", "assessment"]


@pytest.fixture(params=KINDS)
def entry(request: pytest.FixtureRequest, alice: User, clinician: User) -> Entry:
    if request.param in ("clinician_lab", "assessment"):
        request.getfixturevalue("alice_shares")
        make = clinician_lab_entry if request.param == "clinician_lab" else assessment_entry
        return make(alice, clinician)
    return {"night": night_entry, "treatment": treatment_entry, "lab": lab_entry}[request.param](
        alice
    )


def etag_of(client: APIClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return str(response["ETag"])


def test_it_answers_get_with_a_strong_quoted_etag(entry: Entry) -> None:
    tag = etag_of(entry.client(), entry.url)
    assert tag.startswith('"') and tag.endswith('"') and len(tag) > 10
    # The same stored entry, read again by another client, has the same version.
    assert etag_of(entry.client(), entry.url) == tag


def test_it_refuses_the_second_of_two_patches_from_one_version_and_keeps_the_first(
    entry: Entry,
) -> None:
    phone, laptop = entry.client(), entry.client()
    before = entry.stored()
    phone_tag, laptop_tag = etag_of(phone, entry.url), etag_of(laptop, entry.url)
    assert phone_tag == laptop_tag

    first = phone.patch(entry.url, entry.first, format="json", HTTP_IF_MATCH=phone_tag)
    assert first.status_code == 200, first.json()
    after_first = entry.stored()
    assert after_first != before

    second = laptop.patch(entry.url, entry.second, format="json", HTTP_IF_MATCH=laptop_tag)
    assert second.status_code == 412
    assert second["Content-Type"] == "application/json"
    assert "changed since you read it" in second.json()["detail"]
    # The refusal names the version now stored, to read and retry from.
    assert second["ETag"] == first["ETag"]
    assert entry.stored() == after_first


def test_it_refuses_a_stale_put(alice: User, alice_api: APIClient, night_json: Any) -> None:
    make_night(alice, "2026-11-20")
    url = "/api/v1/nights/2026-11-20/"
    old = etag_of(alice_api, url)
    alice_api.patch(url, {"notes": "first"}, format="json")
    body = night_json(night="2026-11-20", notes="second")
    response = alice_api.put(url, body, format="json", HTTP_IF_MATCH=old)
    assert response.status_code == 412
    assert Night.objects.get(patient=alice).notes == "first"


def test_a_write_answers_with_the_new_etag_that_a_fresh_get_also_gives(entry: Entry) -> None:
    client = entry.client()
    old = etag_of(client, entry.url)
    response = client.patch(entry.url, entry.first, format="json", HTTP_IF_MATCH=old)
    assert response.status_code == 200
    assert response["ETag"] != old
    assert response["ETag"] == etag_of(client, entry.url)
    # And that new version is one a next write may name.
    again = client.patch(entry.url, entry.second, format="json", HTTP_IF_MATCH=response["ETag"])
    assert again.status_code == 200


def test_it_writes_with_if_match_star_and_without_if_match(entry: Entry) -> None:
    client = entry.client()
    old = etag_of(client, entry.url)
    client.patch(entry.url, entry.first, format="json")  # another change: `old` is stale now
    star = client.patch(entry.url, entry.second, format="json", HTTP_IF_MATCH="*")
    assert star.status_code == 200
    plain = client.patch(entry.url, entry.first, format="json")
    assert plain.status_code == 200
    assert client.patch(entry.url, entry.first, format="json", HTTP_IF_MATCH=old).status_code == 412


def test_it_matches_one_of_several_tags_but_never_a_weak_or_unreadable_one(entry: Entry) -> None:
    client = entry.client()
    tag = etag_of(client, entry.url)
    for refused in (f"W/{tag}", tag.strip('"'), "garbage", '"nope"'):
        answer = client.patch(entry.url, entry.first, format="json", HTTP_IF_MATCH=refused)
        assert answer.status_code == 412, refused
    listed = client.patch(entry.url, entry.first, format="json", HTTP_IF_MATCH=f'"old", {tag}')
    assert listed.status_code == 200


def test_it_refuses_a_stale_delete_and_keeps_the_entry(entry: Entry) -> None:
    client = entry.client()
    old = etag_of(client, entry.url)
    new = client.patch(entry.url, entry.first, format="json")["ETag"]
    refused = client.delete(entry.url, HTTP_IF_MATCH=old)
    assert refused.status_code == 412
    assert client.get(entry.url).status_code == 200
    deleted = client.delete(entry.url, HTTP_IF_MATCH=new)
    assert deleted.status_code == 204
    assert client.get(entry.url).status_code == 404


def test_a_bad_body_with_a_current_version_is_still_a_400_and_changes_nothing(
    entry: Entry,
) -> None:
    client = entry.client()
    tag = etag_of(client, entry.url)
    before = entry.stored()
    bad = {name: "not a value" for name in entry.second}
    response = client.patch(entry.url, bad, format="json", HTTP_IF_MATCH=tag)
    assert response.status_code == 400
    assert entry.stored() == before
    assert etag_of(client, entry.url) == tag


def test_who_may_not_see_or_change_an_entry_gets_404_or_403_not_412(
    alice: User, bob_api: APIClient, clinician: User, alice_shares: Share, alice_api: APIClient
) -> None:
    make_night(alice, "2026-11-20")
    stale = '"stale"'
    assert bob_api.patch(
        "/api/v1/nights/2026-11-20/", {}, format="json", HTTP_IF_MATCH=stale
    ).status_code == (404)
    lab = make_lab(alice, by=clinician)
    # Alice may read the clinician's entry, not change it: 403 whatever the version.
    assert alice_api.patch(
        f"/api/v1/labs/{lab.pk}/", {}, format="json", HTTP_IF_MATCH=stale
    ).status_code == (403)
    assert alice_api.delete(f"/api/v1/labs/{lab.pk}/", HTTP_IF_MATCH=stale).status_code == 403

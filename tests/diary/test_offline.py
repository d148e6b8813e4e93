"""Offline logging (issue 16) without a browser: the manifest, the service worker's script and
headers, the account key, the sign-outs that clear site data, and the endpoint a night kept on
the phone is sent to (diary.offline)."""

import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from PIL import Image

from diary.models import Night, User
from diary.offline import ACCOUNT_HEADER, account_key
from tests.factories import form_data, make_night
from tests.helpers import PASSWORD

FROZEN = "2026-11-22 15:00:00+00:00"
SEND = "/nights/log/offline/"


def sent(client: Client, user: User, **overrides: Any) -> Any:
    return client.post(SEND, {**form_data(**overrides), "account": account_key(user)})


def test_it_serves_the_manifest_with_its_content_type_and_icons(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == manifest["short_name"] == "RLS Diary"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "/",
        "/",
        "standalone",
    )
    # app.css's dark theme.
    assert manifest["theme_color"] == manifest["background_color"] == "#111418"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        path = Path(settings.STATICFILES_DIRS[0]) / icon["src"].removeprefix("/static/")
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_every_page_links_the_manifest(client: Client) -> None:
    assert '<link rel="manifest" href="/manifest.webmanifest">' in client.get("/").content.decode()


def test_it_serves_the_worker_from_the_root_never_cached_and_importing_the_push_handlers(
    client: Client,
) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    assert script.splitlines()[1] == 'importScripts("/static/js/sw-push.js");'
    # The Content-Security-Policy lets a script from this site register it and import files.
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_worker_keeps_only_the_log_form_and_the_nights_list(client: Client) -> None:
    script = client.get("/sw.js").content.decode()
    assert 'var PAGES = ["/nights/", "/nights/log/"];' in script
    for never in ("/api/", "/settings/", "/clinician/", ".csv"):
        assert never not in script


def test_the_worker_changes_when_a_static_file_it_keeps_changes(client: Client) -> None:
    from diary.offline import offline_assets

    urls, version = offline_assets()
    assert "/static/css/app.css" in urls and "/static/js/offline.js" in urls
    assert f'var VERSION = "{version}";' in client.get("/sw.js").content.decode()


def test_the_account_key_names_neither_the_user_nor_the_id(alice: User, bob: User) -> None:
    key = account_key(alice)
    assert key == account_key(User.objects.get(pk=alice.pk))
    assert key != account_key(bob)
    assert "alice" not in key and str(alice.pk) != key


def test_the_log_form_and_the_list_carry_the_account_their_copy_belongs_to(
    alice: User, alice_client: Client
) -> None:
    for url in ("/nights/", "/nights/log/"):
        response = alice_client.get(url)
        assert response[ACCOUNT_HEADER] == account_key(alice)
        assert f'data-account="{account_key(alice)}"' in response.content.decode()
    # Any other page is never kept by the worker, and never says whose it is.
    for url in ("/settings/", "/trends/", "/nights/export.csv", "/api/v1/nights/"):
        response = alice_client.get(url)
        assert response.status_code == 200
        assert ACCOUNT_HEADER not in response


def test_a_clinicians_pages_have_no_offline_part(clinician_client: Client) -> None:
    page = clinician_client.get("/clinician/").content.decode()
    assert 'id="offline"' not in page and "offline.js" not in page


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/accounts/logout/", {}),
        ("/settings/sign-out-everywhere/", {}),
        ("/settings/delete-account/", {"password": PASSWORD, "confirm": "on"}),
    ],
)
def test_every_sign_out_clears_the_sites_caches_and_storage(
    alice_client: Client, url: str, data: dict[str, str]
) -> None:
    response = alice_client.post(url, data)
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_a_signed_out_phone_is_told_to_sign_in_and_keeps_its_night(
    db: None, client: Client
) -> None:
    for response in (client.get(SEND), client.post(SEND, form_data())):
        assert response.status_code == 401
        assert response.json() == {"signin": "/accounts/login/"}
    assert not Night.objects.exists()


def test_a_clinician_has_no_queue_to_send(clinician_client: Client) -> None:
    assert clinician_client.get(SEND).status_code == 404


def test_it_gives_the_phone_its_account_and_a_fresh_csrf_token(
    alice: User, alice_client: Client
) -> None:
    body = alice_client.get(SEND).json()
    assert body["account"] == account_key(alice)
    assert len(body["csrf"]) == 64


@time_machine.travel(FROZEN, tick=False)
def test_a_night_sent_from_the_phone_is_saved(alice: User, alice_client: Client) -> None:
    response = sent(alice_client, alice, night="2026-11-20")
    assert response.status_code == 201
    assert response.json() == {"saved": "/nights/2026-11-20/"}
    assert alice.nights.get().night.isoformat() == "2026-11-20"


@time_machine.travel(FROZEN, tick=False)
def test_a_night_queued_under_another_account_is_refused_and_not_stored(
    alice: User, bob: User, bob_client: Client
) -> None:
    response = sent(bob_client, alice)
    assert response.status_code == 403
    assert response.json() == {"error": "account"}
    assert not Night.objects.exists()


@time_machine.travel(FROZEN, tick=False)
def test_a_night_logged_meanwhile_is_a_conflict_with_what_was_typed_and_a_link(
    alice: User, alice_client: Client
) -> None:
    make_night(alice, "2026-11-20", severity=2)
    response = sent(alice_client, alice, night="2026-11-20", severity=7, notes="from the phone")
    assert response.status_code == 409
    body = response.json()
    assert body["logged"] == "/nights/2026-11-20/"
    assert ["Notes", "from the phone"] in body["typed"]
    assert ["Night of", "Fri 20 Nov 2026"] in body["typed"]
    assert alice.nights.get().severity == 2


@time_machine.travel(FROZEN, tick=False)
def test_the_conflicts_night_is_written_in_the_patients_language(
    alice: User, alice_client: Client
) -> None:
    alice.language = "es"
    alice.save(update_fields=["language"])
    make_night(alice, "2026-11-19", severity=2)
    response = sent(alice_client, alice, night="2026-11-19", severity=7)
    assert response.status_code == 409
    [night] = [value for label, value in response.json()["typed"] if label == "Noche del"]
    assert "2026-11-19" not in night
    assert "19" in night and "nov" in night


@pytest.mark.parametrize("path", ["/sw.js", "/manifest.webmanifest"])
def test_a_head_request_gets_the_headers_not_a_405(client: Client, path: str) -> None:
    response = client.head(path)
    assert response.status_code == 200
    assert response["Content-Type"] == client.get(path)["Content-Type"]


def test_the_queue_has_a_heading_for_nights_that_need_the_patient(alice_client: Client) -> None:
    page = alice_client.get("/nights/log/").content.decode()
    assert 'data-attention="Not saved: these nights need you"' in page
    assert 'data-waiting="Waiting to send"' in page


@time_machine.travel(FROZEN, tick=False)
def test_a_night_the_diary_refuses_comes_back_with_the_reason_and_nothing_stored(
    alice: User, alice_client: Client
) -> None:
    response = sent(alice_client, alice, night="2026-11-20", sleep_quality=9)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] and "logged" not in body
    assert not Night.objects.exists()


@time_machine.travel(FROZEN, tick=False)
def test_sending_needs_the_csrf_token(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    data = {**form_data(night="2026-11-20"), "account": account_key(alice)}
    assert client.post(SEND, data).status_code == 403
    token = client.get(SEND).json()["csrf"]
    assert client.post(SEND, data, headers={"X-CSRFToken": token}).status_code == 201

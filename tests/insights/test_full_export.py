"""Issue 13, "a patient's data rights": everything a patient can export, in one zip, from the
settings page and GET /api/v1/export.zip; its nights file imports back byte for byte."""

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from diary.choices import AccountType
from diary.models import User
from diary.transfer.importing import import_nights
from tests.diary.api.lab_data import make_assessment, make_lab
from tests.factories import make_night
from tests.helpers import logged_in, make_user, share_with, token_client
from tests.treatment_factories import make_treatment

WEB = "/settings/export.zip"
API = "/api/v1/export.zip"
FILES = {
    "README.txt",
    "nights.csv",
    "weeks.csv",
    "treatments.csv",
    "labs.csv",
    "assessments.csv",
    "response.csv",
    "profile.json",
    "shares.json",
    "access_log.json",
}


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel("2026-11-22 15:00:00+00:00", tick=False):
        yield


@pytest.fixture
def alice_diary(alice: User, clinician: User) -> None:
    for day, notes in ((10, "=1+1 is not a formula here"), (11, 'a "quoted", note'), (20, "")):
        make_night(alice, f"2026-11-{day:02d}", notes=notes)
    make_treatment(alice)
    share_with(alice, clinician)
    make_lab(alice)
    make_lab(alice, by=clinician)
    make_assessment(alice, by=clinician, note="-started iron")
    token_client(clinician).get(f"/api/v1/patients/{alice.pk}/nights/")


def zip_of(response: Any) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def download(client: Client | APIClient, url: str) -> str:
    response: Any = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_the_settings_page_links_to_the_download(alice_client: Client) -> None:
    assert WEB in alice_client.get("/settings/").content.decode()


def test_it_is_one_zip_named_after_the_patient_and_the_day_kept_by_no_cache(
    alice: User, alice_client: Client
) -> None:
    response = alice_client.get(WEB)
    assert response["Content-Disposition"] == 'attachment; filename="rlsdiary-alice-2026-11-22.zip"'
    assert "no-store" in response["Cache-Control"]
    assert set(zip_of(response).namelist()) == FILES


def test_each_csv_in_the_zip_is_the_file_its_own_download_gives(
    alice: User, alice_diary: None, alice_client: Client
) -> None:
    archive = zip_of(alice_client.get(WEB))
    api = token_client(alice)
    singles = {
        "nights.csv": download(alice_client, "/nights/export.csv"),
        "weeks.csv": download(alice_client, "/trends/weeks.csv"),
        "treatments.csv": download(api, "/api/v1/treatments/?format=csv"),
        "labs.csv": download(api, "/api/v1/labs/?format=csv"),
        "assessments.csv": download(api, "/api/v1/assessments/?format=csv"),
        "response.csv": download(api, "/api/v1/response/?format=csv"),
    }
    for name, single in singles.items():
        assert archive.read(name).decode() == single, name
    assert archive.read("nights.csv").decode().count("\n") == 4  # header and three nights
    assert "'-started iron" in archive.read("assessments.csv").decode()


def test_the_profile_shares_and_access_log_are_json(
    alice: User, alice_diary: None, alice_client: Client
) -> None:
    archive = zip_of(alice_client.get(WEB))
    profile = json.loads(archive.read("profile.json"))
    assert profile == token_client(alice).get("/api/v1/profile/").json()
    shares = json.loads(archive.read("shares.json"))
    assert [(share["status"], share["clinician"]) for share in shares] == [("active", "dr_carol")]
    log = json.loads(archive.read("access_log.json"))
    assert [line["action"] for line in log][:2] == ["redeemed", "lab_added"]
    assert {line["clinician"] for line in log} == {"dr_carol"}
    assert "nights" in {line["action"] for line in log}
    assert set(log[0]) == {
        "at",
        "last_at",
        "count",
        "clinician",
        "clinician_account_deleted",
        "action",
        "description",
    }


def test_the_readme_names_every_file_and_its_columns(alice: User, alice_client: Client) -> None:
    readme = zip_of(alice_client.get(WEB)).read("README.txt").decode()
    for name in FILES - {"README.txt"}:
        assert f"\n{name}\n" in readme
    assert "night, in_bed, lights_out" in readme
    assert "section 5" in readme
    assert 'account "alice"' in readme


def test_the_nights_file_of_the_zip_imports_back_byte_for_byte(
    alice: User, alice_diary: None, alice_client: Client
) -> None:
    exported = zip_of(alice_client.get(WEB)).read("nights.csv")
    twin = make_user(
        "alice_again",
        AccountType.PATIENT,
        timezone=alice.timezone,
        sleep_need_min=alice.sleep_need_min,
    )
    assert import_nights(twin, exported) == 3
    again = zip_of(logged_in(twin).get(WEB)).read("nights.csv")
    assert again == exported


def test_the_api_gives_the_same_files(alice: User, alice_diary: None, alice_client: Client) -> None:
    web = zip_of(alice_client.get(WEB))
    api = zip_of(token_client(alice).get(API))
    assert api.namelist() == web.namelist()
    for name in web.namelist():
        assert api.read(name) == web.read(name), name


def test_an_empty_diary_still_gives_every_file(alice_client: Client) -> None:
    archive = zip_of(alice_client.get(WEB))
    assert set(archive.namelist()) == FILES
    assert archive.read("nights.csv").decode().startswith("night,in_bed,")
    assert json.loads(archive.read("access_log.json")) == []


def test_another_patients_zip_holds_only_their_own(
    alice: User, alice_diary: None, bob: User, bob_client: Client
) -> None:
    archive = zip_of(bob_client.get(WEB))
    assert archive.read("nights.csv").decode().count("\n") == 1  # the header only
    assert json.loads(archive.read("profile.json"))["username"] == "bob"
    assert json.loads(archive.read("shares.json")) == []


def test_a_clinician_gets_404_shared_with_or_not(
    alice: User, alice_diary: None, clinician: User, revoked_clinician: User
) -> None:
    for doctor in (clinician, revoked_clinician):
        assert logged_in(doctor).get(WEB).status_code == 404
        assert token_client(doctor).get(API).status_code == 404


def test_anonymous_visitors_log_in_first_and_the_api_answers_401(db: None) -> None:
    response = Client().get(WEB)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert APIClient().get(API).status_code == 401


def test_the_schema_documents_the_zip(db: None) -> None:
    schema = APIClient().get("/api/schema/?format=json").json()
    answers = schema["paths"][API]["get"]["responses"]
    assert set(answers["200"]["content"]) == {"application/zip"}
    assert set(answers) == {"200", "401", "404", "414"}  # 414: the server, for a URL too long

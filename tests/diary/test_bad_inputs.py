"""A table of bad inputs (issue 13): every one answers a 4xx (or, for a harmless query, the
ordinary page), never a 5xx, names the field where the answer is a field's error, and changes
nothing stored. Run on SQLite and PostgreSQL alike (CI runs the suite on both).

Three causes of a 500 are covered for every path they reach: a date so far ahead that date
arithmetic overflows (a night of 9999-12-31), a lone surrogate ("\\ud800") that cannot be
encoded, and JSON nested deeply enough to exhaust the parser's recursion; NUL characters, which
PostgreSQL refuses in text, ride along.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client
from rest_framework.test import APIClient

from diary.choices import AccountType
from diary.models import ApiToken, Assessment, LabResult, Night, Share, Treatment, User
from diary.validators import FUTURE_DATE, FUTURE_NIGHT, FUTURE_TREATMENT
from tests.diary.api.lab_data import make_assessment, make_lab
from tests.diary.api.treatment_data import make_treatment
from tests.factories import form_data, make_night, night_json
from tests.helpers import PASSWORD, logged_in, make_user, share_with, token_client

# 15:00 UTC is 10:00 in New York: alice's last loggable night is 2026-11-21.
FROZEN = "2026-11-22 15:00:00+00:00"
NIGHT = "2026-11-20"  # alice's one stored night
FAR = "9999-12-31"  # the last day Python has: one day more overflows
SURROGATE = "\ud800"
# Far deeper than Python's recursion limit: json.loads alone ends in a RecursionError.
DEEP = "[" * 100_000 + "]" * 100_000
UNBALANCED = "{" * 100_000
HEADER = (
    "night,in_bed,lights_out,sleep_latency_min,awakenings,waso_min,final_wake,out_of_bed,"
    "sleep_quality,severity,onset,sensations,areas,relief,factors,notes\n"
)
ROW = "2026-11-10,22:30,23:00,30,2,20,06:30,07:00,3,5,21:15,urge,left_leg,walking,,\n"


@dataclass(frozen=True)
class Bad:
    """One request. `body` is a dict (JSON: each string as written, "\\ud800" escaped; a form
    post), a str (sent as it is, as JSON text or a urlencoded form) or bytes (a CSV file);
    `field` is the field (or CSV column) the answer must name, None for a body-level 4xx."""

    who: str  # alice, clinician or anonymous
    method: str
    url: str
    body: Any = None
    kind: str = "json"  # json, csv (a text/csv body), upload (multipart `file`), form, query
    status: int = 400
    field: str | None = None


def csv_file(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


TREATMENT = {"kind": "medication", "name": "ropinirole", "started": "2026-11-01"}
LAB = {"drawn": "2026-11-20", "ferritin_ng_ml": 45.0}
VISIT = {"assessed": "2026-11-20", "irls_total": 18}
WEB_TREATMENT = {**TREATMENT, "schedule": "course", "dose": "0.25", "dose_unit": "mg"}

API = [
    # Nights: a far date is the contract's "in the future", whatever the path.
    Bad("alice", "POST", "/api/v1/nights/", night_json(night=FAR), field="night"),
    Bad("alice", "POST", "/api/v1/nights/", night_json(night="9999-12-30"), field="night"),
    Bad("alice", "POST", "/api/v1/nights/", night_json(night="0001-01-01"), field="night"),
    Bad("alice", "PUT", f"/api/v1/nights/{NIGHT}/", night_json(night=FAR), field="night"),
    Bad("alice", "PATCH", f"/api/v1/nights/{NIGHT}/", {"night": FAR}, field="night"),
    Bad("alice", "PATCH", f"/api/v1/nights/{NIGHT}/", {"night": "0001-01-01"}, field="night"),
    Bad("alice", "POST", "/api/v1/nights/", night_json(severity=SURROGATE)),
    Bad("alice", "POST", "/api/v1/nights/", night_json(sleep_quality=SURROGATE)),
    Bad("alice", "POST", "/api/v1/nights/", night_json(notes=SURROGATE)),
    Bad("alice", "POST", "/api/v1/nights/", night_json(sensations=[SURROGATE])),
    Bad("alice", "POST", "/api/v1/nights/", {**night_json(), SURROGATE: 1}),
    Bad("alice", "PATCH", f"/api/v1/nights/{NIGHT}/", {"onset": SURROGATE}),
    Bad("alice", "POST", "/api/v1/nights/", night_json(notes="a\x00b"), field="notes"),
    Bad("alice", "POST", "/api/v1/nights/", night_json(severity="\x00"), field="severity"),
    Bad("alice", "POST", "/api/v1/nights/", DEEP),
    Bad("alice", "POST", "/api/v1/nights/", UNBALANCED),
    Bad("alice", "PUT", f"/api/v1/nights/{NIGHT}/", DEEP),
    Bad("alice", "PATCH", f"/api/v1/nights/{NIGHT}/", DEEP),
    # Date filters select; a far or early bound is no error and no overflow.
    Bad("alice", "GET", f"/api/v1/nights/?from={FAR}", kind="query", status=200),
    Bad("alice", "GET", f"/api/v1/nights/?from={FAR}&to={FAR}", kind="query", status=200),
    Bad("alice", "GET", "/api/v1/nights/?to=0001-01-01", kind="query", status=200),
    Bad("alice", "GET", f"/api/v1/nights/?format=csv&to={FAR}", kind="query", status=200),
    Bad("alice", "GET", f"/api/v1/weeks/?from=0001-01-01&to={FAR}", kind="query", status=200),
    Bad("alice", "GET", f"/api/v1/weeks/?from={FAR}", kind="query", status=200),
    Bad("alice", "GET", f"/api/v1/weeks/?format=csv&to={FAR}", kind="query", status=200),
    Bad("alice", "GET", "/api/v1/nights/?from=%ED%A0%80", kind="query", field="from"),
    Bad("alice", "GET", "/api/v1/weeks/?to=%00", kind="query", field="to"),
    Bad("alice", "GET", "/api/v1/weeks/?from=2026-02-30", kind="query", field="from"),
    Bad("alice", "GET", "/api/v1/nights/?page=0", kind="query", status=404),
    Bad("alice", "GET", "/api/v1/nights/?page=-1", kind="query", status=404),
    Bad("alice", "GET", "/api/v1/nights/?page=99999999999999999999", kind="query", status=404),
    Bad("alice", "GET", "/api/v1/nights/?page=%00", kind="query", status=404),
    Bad("alice", "GET", "/api/v1/nights/?format=unknown", kind="query", status=404),
    Bad("alice", "GET", "/api/v1/response/?from=%ED%A0%80", kind="query", status=200),
    Bad("alice", "GET", "/api/v1/nights/0001-01-01/", kind="query", status=404),
    Bad("alice", "GET", f"/api/v1/nights/{FAR}/", kind="query", status=404),
    Bad("alice", "GET", "/api/v1/treatments/99999999999999999999999/", kind="query", status=404),
    Bad("alice", "GET", "/api/v1/nights/2026-13-45/", kind="query", status=404),
    Bad("alice", "GET", "/api/v1/labs/-1/", kind="query", status=404),
    Bad("anonymous", "GET", "/api/v1/no-such-thing/", kind="query", status=404),
    # Import, as a text/csv body and as an upload.
    Bad("alice", "POST", "/api/v1/nights/import/", csv_file(ROW, f"{FAR}{ROW[10:]}"), "csv"),
    Bad("alice", "POST", "/api/v1/nights/import/", csv_file(f"{FAR}{ROW[10:]}"), "upload"),
    Bad("alice", "POST", "/api/v1/nights/import/", csv_file(f"0001-01-01{ROW[10:]}"), "csv"),
    Bad("alice", "POST", "/api/v1/nights/import/", csv_file(ROW[:-1] + "a\x00b\n"), "csv"),
    Bad("alice", "POST", "/api/v1/nights/import/", csv_file(ROW[:-1] + "a\x00b\n"), "upload"),
    Bad("alice", "POST", "/api/v1/nights/import/", HEADER.encode() + b"\xed\xa0\x80\n", "csv"),
    Bad("alice", "POST", "/api/v1/nights/import/", b"\x00" * 100, "csv"),
    # Treatments: a course's last day may lie ahead, but not past diary.fields.LATEST_DAY.
    Bad("alice", "POST", "/api/v1/treatments/", {**TREATMENT, "started": FAR}, field="started"),
    Bad("alice", "POST", "/api/v1/treatments/", {**TREATMENT, "stopped": FAR}, field="stopped"),
    Bad(
        "alice",
        "POST",
        "/api/v1/treatments/",
        {**TREATMENT, "stopped": "2200-01-01"},
        field="stopped",
    ),
    Bad("alice", "PATCH", "/api/v1/treatments/{treatment}/", {"stopped": FAR}, field="stopped"),
    Bad(
        "alice",
        "PUT",
        "/api/v1/treatments/{treatment}/",
        {**TREATMENT, "started": FAR},
        field="started",
    ),
    Bad("alice", "POST", "/api/v1/treatments/", {**TREATMENT, "kind": SURROGATE}),
    Bad("alice", "POST", "/api/v1/treatments/", {**TREATMENT, "name": SURROGATE}),
    Bad("alice", "POST", "/api/v1/treatments/", {**TREATMENT, "dose_unit": SURROGATE}),
    Bad("alice", "POST", "/api/v1/treatments/", {**TREATMENT, "name": "a\x00"}, field="name"),
    Bad("alice", "POST", "/api/v1/treatments/", {**TREATMENT, "dose": "NaN"}, field="dose"),
    Bad("alice", "POST", "/api/v1/treatments/", '{"dose": NaN}'),
    Bad("alice", "POST", "/api/v1/treatments/", DEEP),
    Bad("alice", "GET", f"/api/v1/treatments/?format=csv&to={FAR}", kind="query", status=200),
    # Labs: the patient's own, and a clinician's for a sharing patient.
    Bad("alice", "POST", "/api/v1/labs/", {**LAB, "drawn": FAR}, field="drawn"),
    Bad("alice", "PATCH", "/api/v1/labs/{lab}/", {"drawn": FAR}, field="drawn"),
    Bad("alice", "POST", "/api/v1/labs/", {**LAB, "ferritin_ng_ml": SURROGATE}),
    Bad("alice", "POST", "/api/v1/labs/", {**LAB, "iron_free_24h": "\x00"}, field="iron_free_24h"),
    Bad("alice", "POST", "/api/v1/labs/", DEEP),
    Bad(
        "clinician",
        "POST",
        "/api/v1/patients/{patient}/labs/",
        {**LAB, "drawn": FAR},
        field="drawn",
    ),
    Bad(
        "clinician",
        "PATCH",
        "/api/v1/patients/{patient}/labs/{clinician_lab}/",
        {"drawn": FAR},
        field="drawn",
    ),
    Bad("clinician", "POST", "/api/v1/patients/{patient}/labs/", DEEP),
    Bad(
        "clinician",
        "POST",
        "/api/v1/patients/{patient}/assessments/",
        {**VISIT, "assessed": FAR},
        field="assessed",
    ),
    Bad(
        "clinician", "POST", "/api/v1/patients/{patient}/assessments/", {**VISIT, "note": SURROGATE}
    ),
    Bad(
        "clinician",
        "POST",
        "/api/v1/patients/{patient}/assessments/",
        {**VISIT, "note": "a\x00"},
        field="note",
    ),
    Bad(
        "clinician",
        "PATCH",
        "/api/v1/patients/{patient}/assessments/{assessment}/",
        {"assessed": FAR},
        field="assessed",
    ),
    # A clinician's reads of a sharing patient.
    Bad(
        "clinician",
        "GET",
        f"/api/v1/patients/{{patient}}/nights/?from={FAR}",
        kind="query",
        status=200,
    ),
    Bad(
        "clinician",
        "GET",
        f"/api/v1/patients/{{patient}}/weeks/?to={FAR}",
        kind="query",
        status=200,
    ),
    Bad(
        "clinician",
        "GET",
        "/api/v1/patients/{patient}/weeks/?to=0001-01-01",
        kind="query",
        status=200,
    ),
    Bad(
        "clinician",
        "GET",
        f"/api/v1/patients/nights/?format=csv&from={FAR}",
        kind="query",
        status=200,
    ),
    Bad("clinician", "GET", "/api/v1/patients/nights/?to=%ED%A0%80", kind="query", field="to"),
    Bad("clinician", "GET", "/api/v1/patients/{patient}/response/", kind="query", status=200),
    Bad(
        "clinician",
        "GET",
        "/api/v1/patients/99999999999999999999999/nights/",
        kind="query",
        status=404,
    ),
    # Profile, sharing, log-in.
    Bad("alice", "PATCH", "/api/v1/profile/", {"timezone": SURROGATE}),
    Bad("alice", "PATCH", "/api/v1/profile/", {"timezone": "Europe/\x00"}, field="timezone"),
    Bad("alice", "PATCH", "/api/v1/profile/", {"family_history": SURROGATE}),
    Bad("alice", "PATCH", "/api/v1/profile/", {"conditions": [SURROGATE]}),
    Bad(
        "alice", "PATCH", "/api/v1/profile/", {"sleep_need_min": "9" * 400}, field="sleep_need_min"
    ),
    Bad("alice", "PATCH", "/api/v1/profile/", DEEP),
    Bad("clinician", "POST", "/api/v1/shares/redeem/", {"code": SURROGATE}),
    Bad("clinician", "POST", "/api/v1/shares/redeem/", {"code": "a\x00"}, field="code"),
    Bad("clinician", "POST", "/api/v1/shares/redeem/", DEEP),
    Bad("anonymous", "POST", "/api/v1/auth/token/", DEEP),
    Bad("anonymous", "POST", "/api/v1/auth/token/", UNBALANCED),
    Bad("anonymous", "POST", "/api/v1/auth/token/", {"username": SURROGATE, "password": "x"}),
    Bad(
        "anonymous",
        "POST",
        "/api/v1/auth/token/",
        {"username": "alice\x00", "password": PASSWORD},
        field="username",
    ),
]

WEB = [
    Bad("alice", "POST", "/nights/log/", form_data(night=FAR), "form", field="night"),
    Bad("alice", "POST", "/nights/log/", form_data(night="0001-01-01"), "form", field="night"),
    Bad("alice", "POST", "/nights/log/", form_data(notes="a\x00b"), "form", field="notes"),
    Bad(
        "alice",
        "POST",
        "/nights/log/",
        "night=%ED%A0%80&severity=%ED%A0%80",
        "form",
        field="severity",
    ),
    Bad("alice", "POST", f"/nights/{NIGHT}/", form_data(night=FAR), "form", field="night"),
    Bad("alice", "POST", f"/nights/{NIGHT}/", form_data(night="not a date"), "form", field="night"),
    Bad("alice", "POST", f"/nights/{NIGHT}/", form_data(notes="a\x00b"), "form", field="notes"),
    Bad(
        "alice",
        "POST",
        "/settings/",
        {"timezone": "Europe/\x00", "sleep_need_min": "480"},
        "form",
        field="timezone",
    ),
    Bad(
        "alice",
        "POST",
        "/settings/",
        "timezone=%ED%A0%80&sleep_need_min=480",
        "form",
        field="timezone",
    ),
    Bad(
        "alice",
        "POST",
        "/settings/",
        {"timezone": "UTC", "sleep_need_min": "9" * 400},
        "form",
        field="sleep_need_min",
    ),
    Bad(
        "alice",
        "POST",
        "/treatments/add/",
        {**WEB_TREATMENT, "started": FAR},
        "form",
        field="started",
    ),
    Bad(
        "alice",
        "POST",
        "/treatments/add/",
        {**WEB_TREATMENT, "stopped": FAR},
        "form",
        field="stopped",
    ),
    Bad(
        "alice",
        "POST",
        "/treatments/add/",
        {**WEB_TREATMENT, "name": "a\x00"},
        "form",
        field="name",
    ),
    Bad(
        "alice",
        "POST",
        "/treatments/{treatment}/edit/",
        {**WEB_TREATMENT, "stopped": FAR},
        "form",
        field="stopped",
    ),
    Bad(
        "alice", "POST", "/treatments/{treatment}/stop/", {"stopped": FAR}, "form", field="stopped"
    ),
    Bad(
        "alice",
        "POST",
        "/treatments/{treatment}/change-dose/",
        {"starts": FAR, "dose": "1", "dose_unit": "mg"},
        "form",
        field="starts",
    ),
    Bad("alice", "POST", "/labs/add/", {**LAB, "drawn": FAR}, "form", field="drawn"),
    Bad("alice", "POST", "/labs/{lab}/edit/", {**LAB, "drawn": FAR}, "form", field="drawn"),
    Bad(
        "clinician",
        "POST",
        "/clinician/patients/{patient}/labs/add/",
        {**LAB, "drawn": FAR},
        "form",
        field="drawn",
    ),
    Bad(
        "clinician",
        "POST",
        "/clinician/patients/{patient}/assessments/add/",
        {**VISIT, "assessed": FAR},
        "form",
        field="assessed",
    ),
    Bad("clinician", "POST", "/clinician/redeem/", {"code": "a\x00"}, "form", field="code"),
    Bad("alice", "POST", "/nights/import/", csv_file(f"{FAR}{ROW[10:]}"), "upload"),
    Bad("alice", "POST", "/nights/import/", csv_file(ROW[:-1] + "a\x00b\n"), "upload"),
    Bad("alice", "GET", "/nights/?page=99999999999999999999", kind="query", status=200),
    Bad("alice", "GET", "/nights/?page=-1", kind="query", status=200),
    Bad("alice", "GET", "/trends/?range=%00", kind="query", status=200),
    Bad(
        "clinician",
        "GET",
        "/clinician/patients/{patient}/?page=99999999999999999999",
        kind="query",
        status=200,
    ),
    Bad(
        "anonymous",
        "POST",
        "/accounts/login/",
        {"username": "alice\x00", "password": PASSWORD},
        "form",
        status=200,
        field="username",
    ),
    Bad(
        "anonymous", "POST", "/accounts/login/", "username=%ED%A0%80&password=x", "form", status=200
    ),
    Bad(
        "anonymous",
        "POST",
        "/accounts/signup/",
        {
            "username": "a\x00",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "account_type": "patient",
            "timezone": "UTC",
        },
        "form",
        field="username",
    ),
]


@dataclass
class World:
    alice: User
    clinician: User
    ids: dict[str, int | str]
    api: dict[str, APIClient]
    web: dict[str, Client]


@pytest.fixture
def world(db: None) -> Iterator[World]:
    with time_machine.travel(FROZEN, tick=False):
        alice = make_user("alice", AccountType.PATIENT, timezone="America/New_York")
        clinician = make_user("dr_carol", AccountType.CLINICIAN, timezone="America/New_York")
        share_with(alice, clinician)
        make_night(alice, NIGHT)
        ids: dict[str, int | str] = {
            "patient": alice.pk,
            "treatment": make_treatment(alice).pk,
            "lab": make_lab(alice).pk,
            "clinician_lab": make_lab(alice, by=clinician, drawn="2026-11-19").pk,
            "assessment": make_assessment(alice, by=clinician).pk,
        }
        people = {"alice": alice, "clinician": clinician}
        api = {who: token_client(user) for who, user in people.items()}
        web = {who: logged_in(user) for who, user in people.items()}
        yield World(
            alice, clinician, ids, {**api, "anonymous": APIClient()}, {**web, "anonymous": Client()}
        )


STORED: list[type[Model]] = [User, Night, Treatment, LabResult, Assessment, Share, ApiToken]


def stored() -> dict[str, list[dict[str, Any]]]:
    """Every row a request could add or change (a user's last log-in and a token's last use
    aside)."""
    rows = {
        model.__name__: list(model._default_manager.order_by("pk").values()) for model in STORED
    }
    for user in rows["User"]:
        user.pop("last_login")
    for token in rows["ApiToken"]:
        token.pop("last_used")
    return rows


def send(bad: Bad, world: World) -> Any:
    url = bad.url.format(**world.ids)
    client = world.api[bad.who] if url.startswith("/api/") else world.web[bad.who]
    if bad.kind == "query":
        return client.get(url)
    if bad.kind == "upload":
        upload = SimpleUploadedFile("nights.csv", bad.body, content_type="text/csv")
        return client.post(url, {"file": upload})
    if bad.kind == "csv":
        return client.generic(bad.method, url, bad.body, content_type="text/csv")
    if bad.kind == "form":
        if isinstance(bad.body, str):  # a urlencoded body as a browser would send it
            return client.generic(
                bad.method, url, bad.body, content_type="application/x-www-form-urlencoded"
            )
        return client.post(url, bad.body)
    # JSON text as written: json.dumps escapes a lone surrogate, which no client library can
    # encode as UTF-8 itself.
    text = bad.body if isinstance(bad.body, str) else json.dumps(bad.body)
    return client.generic(bad.method, url, text.encode(), content_type="application/json")


def assert_refused(bad: Bad, response: Any) -> None:
    assert response.status_code < 500
    assert response.status_code == bad.status, response.content[:300]
    is_json = response.get("Content-Type", "").startswith("application/json")
    # Every API error is JSON (domain.md section 6), even one Django answers before any view.
    assert is_json or bad.status < 400 or not bad.url.startswith("/api/")
    if is_json:
        body = response.json()
        if bad.status >= 400:
            if bad.field is None:
                assert "detail" in body
            elif "errors" in body:  # an import: problems by line and column
                assert bad.field in {problem["column"] for problem in body["errors"]}
            else:
                assert bad.field in body
    elif bad.field is not None:
        assert bad.field in response.context["form"].errors


VALID_BODIES = [night_json(), form_data(), TREATMENT, WEB_TREATMENT, LAB, VISIT]


def case_id(bad: Bad) -> str:
    """Who sends what where, the body shortened to what makes it bad."""
    body = bad.body
    if isinstance(body, dict):
        base = max(VALID_BODIES, key=lambda valid: sum(valid.get(k) == v for k, v in body.items()))
        body = {name: value for name, value in body.items() if base.get(name) != value}
    elif isinstance(body, bytes):  # a CSV file: its last row's date and notes
        row = body.splitlines()[-1]
        body = row if len(row) < 24 else row[:10] + b"..." + row[-6:]
    shown = ascii(body)
    shown = shown if len(shown) < 50 else shown[:40] + "…"
    return f"{bad.who} {bad.method} {bad.url} {bad.kind} {shown}"


@pytest.mark.parametrize("bad", API + WEB, ids=[case_id(bad) for bad in API + WEB])
def test_it_answers_bad_input_with_a_4xx_and_stores_nothing(bad: Bad, world: World) -> None:
    before = stored()
    with time_machine.travel(FROZEN, tick=False):
        response = send(bad, world)
    assert_refused(bad, response)
    assert stored() == before


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (Bad("alice", "POST", "/api/v1/nights/", night_json(night=FAR)), FUTURE_NIGHT),
        (Bad("alice", "PATCH", f"/api/v1/nights/{NIGHT}/", {"night": FAR}), FUTURE_NIGHT),
        (
            Bad("alice", "POST", "/api/v1/treatments/", {**TREATMENT, "started": FAR}),
            FUTURE_TREATMENT,
        ),
        (Bad("alice", "POST", "/api/v1/labs/", {**LAB, "drawn": FAR}), FUTURE_DATE),
    ],
)
def test_a_date_too_far_ahead_to_judge_is_told_it_is_in_the_future(
    bad: Bad, message: str, world: World
) -> None:
    with time_machine.travel(FROZEN, tick=False):
        response = send(bad, world)
    assert response.status_code == 400
    field = next(iter(response.json()))
    assert response.json() == {field: [str(message)]}


def test_an_imported_night_too_far_ahead_is_refused_with_its_line_and_column(
    world: World,
) -> None:
    bad = Bad("alice", "POST", "/api/v1/nights/import/", csv_file(ROW, f"{FAR}{ROW[10:]}"), "csv")
    with time_machine.travel(FROZEN, tick=False):
        response = send(bad, world)
    assert response.status_code == 400
    assert {"line": 3, "column": "night", "message": str(FUTURE_NIGHT)} in response.json()["errors"]
    assert world.alice.nights.count() == 1


def test_a_course_may_still_end_on_a_planned_day_ahead(world: World) -> None:
    with time_machine.travel(FROZEN, tick=False):
        response = world.api["alice"].post(
            "/api/v1/treatments/", {**TREATMENT, "stopped": "2199-12-31"}, format="json"
        )
        assert response.status_code == 201
        # ...and every page that works dates out from it still renders.
        for url in ("/trends/", "/treatments/"):
            assert world.web["alice"].get(url).status_code == 200
        review = f"/clinician/patients/{world.alice.pk}/"
        for url in ("/clinician/", review, f"{review}report.pdf", "/api/v1/response/"):
            client = world.api["alice"] if url.startswith("/api/") else world.web["clinician"]
            assert client.get(url).status_code == 200


def test_an_emoji_written_as_a_surrogate_pair_is_text_and_is_kept(world: World) -> None:
    # "\ud83d\ude00" is one character (😀) written as two escapes: no lone surrogate.
    body = json.dumps(night_json(night="2026-11-21", notes="\U0001f600 [{"))
    assert "\\ud83d\\ude00" in body
    with time_machine.travel(FROZEN, tick=False):
        response = world.api["alice"].post("/api/v1/nights/", body, content_type="application/json")
    assert response.status_code == 201
    assert world.alice.nights.get(night="2026-11-21").notes == "\U0001f600 [{"


def test_a_web_page_that_does_not_exist_is_still_the_sites_own_404(world: World) -> None:
    response = world.web["alice"].get("/nights/2026-13-45/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")

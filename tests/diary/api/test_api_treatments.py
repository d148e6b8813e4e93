"""Treatments through the API (domain.md sections 6 and 9): shapes, create/read/update/delete,
every rule as a field-level 400 with nothing stored, the derived drug class, and who may see
what. (The CSV is in test_api_treatments_csv.py.)"""

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from diary.models import Share, Treatment, User
from tests.diary.api.treatment_data import (
    CRYOTHERAPY,
    CRYOTHERAPY_IN_FULL,
    make_treatment,
    treatment_json,
)
from tests.helpers import make_user, token_client

URL = "/api/v1/treatments/"


def test_a_posted_course_comes_back_with_its_id_location_and_derived_drug_class(
    alice: User, alice_api: APIClient
) -> None:
    response = alice_api.post(URL, treatment_json(), format="json")
    assert response.status_code == 201
    stored = alice.treatments.get()
    assert response["Location"] == f"/api/v1/treatments/{stored.pk}/"
    assert response.json() == {
        "id": stored.pk,
        **treatment_json(),
        "drug_class": "dopamine_agonist",
    }
    assert (stored.dose, stored.dose_time) == (Decimal("0.250"), time(21, 0))


def test_a_session_needs_only_its_kind_and_date_and_the_rest_comes_back_empty(
    alice_api: APIClient,
) -> None:
    session = alice_api.post(URL, CRYOTHERAPY, format="json").json()
    assert session == {
        "id": session["id"],
        "kind": "cryotherapy",
        "schedule": "session",  # from the kind
        "name": "",
        "drug_class": "other",
        "dose": None,
        "dose_unit": None,
        "dose_time": None,
        "started": "2026-11-10",
        "stopped": None,
        "notes": "",
    }


@pytest.mark.parametrize(
    ("kind", "schedule"),
    [("medication", "course"), ("iron_oral", "course"), ("iron_iv", "session"),
     ("ketamine_iv", "session"), ("cryotherapy", "session"), ("other", "course")],
)  # fmt: skip
def test_a_left_out_schedule_is_the_kinds_own(
    alice_api: APIClient, kind: str, schedule: str
) -> None:
    body = {"kind": kind, "name": "something", "started": "2026-11-01"}
    assert alice_api.post(URL, body, format="json").json()["schedule"] == schedule


def test_other_may_be_a_session(alice_api: APIClient) -> None:
    body = {"kind": "other", "schedule": "session", "name": "TMS", "started": "2026-11-01"}
    assert alice_api.post(URL, body, format="json").json()["schedule"] == "session"


@pytest.mark.parametrize(
    ("sent", "stored", "shown"),
    [
        (0.25, "0.250", 0.25),
        ("0.25", "0.250", 0.25),
        (100, "100.000", 100),  # a whole dose is a whole number, as in the CSV
        ("100.000", "100.000", 100),
        (2.5, "2.500", 2.5),
        ("1E+2", "100.000", 100),
        (99999.999, "99999.999", 99999.999),
        (100000, "100000.000", 100000),
        (0.001, "0.001", 0.001),
    ],
)
def test_a_dose_is_read_from_a_number_or_a_decimal_string_and_shown_as_a_number(
    alice: User, alice_api: APIClient, sent: Any, stored: str, shown: Any
) -> None:
    response = alice_api.post(URL, treatment_json(dose=sent), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["dose"] == shown
    assert type(response.json()["dose"]) is type(shown)
    assert alice.treatments.get().dose == Decimal(stored)
    assert alice_api.get(response["Location"]).json()["dose"] == shown


def test_the_list_is_paginated_and_ordered_by_started_then_id(
    alice: User, alice_api: APIClient
) -> None:
    late = make_treatment(alice, started="2026-11-05")
    first = make_treatment(alice, started="2026-10-01")
    same_day = make_treatment(alice, started="2026-11-05", name="pregabalin")
    page = alice_api.get(URL).json()
    assert (page["count"], page["next"], page["previous"]) == (3, None, None)
    assert [t["id"] for t in page["results"]] == [first.pk, late.pk, same_day.pk]


def test_a_page_holds_100_treatments_and_links_to_the_next(
    alice: User, alice_api: APIClient
) -> None:
    Treatment.objects.bulk_create(
        Treatment(patient=alice, kind="cryotherapy", schedule="session", started=date(2026, 1, 1))
        for _ in range(101)
    )
    page = alice_api.get(URL).json()
    assert page["count"] == 101 and len(page["results"]) == 100
    assert page["next"].endswith("/api/v1/treatments/?page=2")


def test_get_put_patch_and_delete_one_treatment(alice: User, alice_api: APIClient) -> None:
    treatment = make_treatment(alice, notes="start low")
    url = f"/api/v1/treatments/{treatment.pk}/"
    assert alice_api.get(url).json()["notes"] == "start low"

    # PUT replaces: what it leaves out is emptied (notes, the usual time).
    put = alice_api.put(url, {"kind": "medication", "name": "Pramipexole",
                              "dose": "0.088", "dose_unit": "mg", "started": "2026-11-02"},
                        format="json")  # fmt: skip
    assert put.status_code == 200, put.json()
    assert put.json() == {
        **treatment_json(name="Pramipexole", dose=0.088, started="2026-11-02", dose_time=None),
        "id": treatment.pk,
        "drug_class": "dopamine_agonist",
    }

    # PATCH changes only what it names.
    patch = alice_api.patch(url, {"stopped": "2026-11-20", "notes": "augmenting"}, format="json")
    assert patch.status_code == 200, patch.json()
    treatment.refresh_from_db()
    assert (treatment.name, treatment.dose, treatment.stopped, treatment.notes) == (
        "Pramipexole",
        Decimal("0.088"),
        date(2026, 11, 20),
        "augmenting",
    )

    assert alice_api.delete(url).status_code == 204
    assert not alice.treatments.exists()
    assert alice_api.get(url).status_code == 404


def test_a_patch_to_another_kind_takes_that_kinds_schedule_unless_it_names_one(
    alice: User, alice_api: APIClient
) -> None:
    treatment = make_treatment(alice, kind="other", name="compression socks")
    url = f"/api/v1/treatments/{treatment.pk}/"
    to_iv = alice_api.patch(url, {"kind": "iron_iv", "name": "ferumoxytol"}, format="json")
    assert to_iv.json()["schedule"] == "session"
    # The same kind again keeps the schedule it has: "other" may be a session.
    other = alice_api.patch(url, {"kind": "other", "schedule": "session"}, format="json")
    assert other.json()["schedule"] == "session"
    assert alice_api.patch(url, {"kind": "other"}, format="json").json()["schedule"] == "session"


def test_a_patch_judges_the_merged_treatment_and_changes_nothing_when_it_fails(
    alice: User, alice_api: APIClient
) -> None:
    session = make_treatment(alice, **CRYOTHERAPY_IN_FULL)
    url = f"/api/v1/treatments/{session.pk}/"
    response = alice_api.patch(url, {"stopped": "2026-11-12"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"stopped": ["A session has no stop date; only a course stops."]}
    session.refresh_from_db()
    assert session.stopped is None


# Every rule of domain.md section 9: (overrides, field, message). Alice's clock reads
# 2026-11-22 10:00 in New York (the frozen API clock).
RULES: list[tuple[dict[str, Any], str, str]] = [
    ({"kind": "herbal"}, "kind",
     "Select a valid choice. herbal is not one of the available choices."),
    ({"kind": "herbal", "schedule": None}, "kind",
     "Select a valid choice. herbal is not one of the available choices."),
    ({"kind": None}, "kind", "This field is required."),
    ({"schedule": "session"}, "schedule", "Medication is always a course."),
    ({"kind": "iron_oral", "schedule": "session"}, "schedule", "Oral iron is always a course."),
    ({"kind": "iron_iv", "schedule": "course", "name": "ferumoxytol"}, "schedule",
     "IV iron infusion is always a session."),
    ({"kind": "ketamine_iv", "schedule": "course"}, "schedule",
     "IV ketamine infusion is always a session."),
    ({"kind": "cryotherapy", "schedule": "course"}, "schedule", "Cryotherapy is always a session."),
    ({"schedule": "weekly"}, "schedule",
     "Select a valid choice. weekly is not one of the available choices."),
    ({"name": ""}, "name", "Name the medication, e.g. pramipexole."),
    ({"name": "   "}, "name", "Name the medication, e.g. pramipexole."),
    ({"name": "x" * 81}, "name", "Ensure this value has at most 80 characters (it has 81)."),
    ({"dose": 0}, "dose", "A dose must be more than 0."),
    ({"dose": "-0"}, "dose", "A dose must be more than 0."),
    ({"dose": -1}, "dose", "A dose must be more than 0."),
    ({"dose": 100000.001}, "dose", "Ensure this value is less than or equal to 100000."),
    ({"dose": 100001}, "dose", "Ensure this value is less than or equal to 100000."),
    ({"dose": "0.1234"}, "dose", "Ensure that there are no more than 3 decimal places."),
    ({"dose": 0.0005}, "dose", "Ensure that there are no more than 3 decimal places."),
    ({"dose": None}, "dose_unit", "Leave the unit empty without a dose."),
    ({"dose_unit": None}, "dose_unit", "Give the unit of the dose."),
    ({"dose_unit": ""}, "dose_unit", "Give the unit of the dose."),
    ({"dose_unit": "g"}, "dose_unit",
     "Select a valid choice. g is not one of the available choices."),
    ({"dose_time": "9:00"}, "dose_time", "Enter a valid time."),
    ({"dose_time": "21:00:00"}, "dose_time", "Enter a valid time."),
    ({"started": "1999-12-31", "stopped": None}, "started",
     "A treatment can't start before 1 January 2000."),
    ({"started": "2026-11-23"}, "started",
     "That date is in the future. Record a treatment once it has begun."),
    ({"started": "2026-11-1"}, "started", "Enter a valid date."),
    ({"started": None}, "started", "This field is required."),
    ({"stopped": "2026-10-31"}, "stopped", "A course can't stop before it started."),
    ({"kind": "iron_iv", "schedule": None, "name": "ferumoxytol", "stopped": "2026-11-02"},
     "stopped", "A session has no stop date; only a course stops."),
    ({"kind": "other", "schedule": "session", "stopped": "2026-11-02"},
     "stopped", "A session has no stop date; only a course stops."),
    ({"notes": "x" * 501}, "notes", "Ensure this value has at most 500 characters (it has 501)."),
]  # fmt: skip


@pytest.mark.parametrize(("overrides", "field", "message"), RULES)
def test_every_rule_is_a_400_with_its_field_level_message_and_nothing_stored(
    alice: User, alice_api: APIClient, overrides: dict[str, Any], field: str, message: str
) -> None:
    response = alice_api.post(URL, treatment_json(**overrides), format="json")
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not alice.treatments.exists()


@pytest.mark.parametrize(("overrides", "field", "message"), RULES)
def test_every_rule_refuses_a_change_and_leaves_the_stored_treatment_as_it_was(
    alice: User, alice_api: APIClient, overrides: dict[str, Any], field: str, message: str
) -> None:
    treatment = make_treatment(alice)
    url = f"/api/v1/treatments/{treatment.pk}/"
    for method in ("put", "patch"):
        response = getattr(alice_api, method)(url, treatment_json(**overrides), format="json")
        assert response.status_code == 400
        assert response.json() == {field: [message]}
    assert alice_api.get(url).json() == {
        "id": treatment.pk,
        **treatment_json(),
        "drug_class": "dopamine_agonist",
    }


def test_the_day_that_is_in_the_future_is_the_patients_own(
    alice: User, alice_api: APIClient
) -> None:
    # 2026-11-22 15:00 UTC is already 05:00 on the 23rd at UTC+14 (Kiritimati), but only
    # 10:00 on the 22nd in alice's New York.
    early = make_user("kiri", "patient", timezone="Pacific/Kiritimati")
    body = treatment_json(started="2026-11-23")
    assert token_client(early).post(URL, body, format="json").status_code == 201
    assert alice_api.post(URL, body, format="json").status_code == 400
    today = treatment_json(started="2026-11-22")
    assert alice_api.post(URL, today, format="json").status_code == 201


def test_a_course_may_stop_the_day_it_started_or_later_even_in_the_future(
    alice_api: APIClient,
) -> None:
    for stopped in ("2026-11-01", "2026-12-31"):
        body = treatment_json(stopped=stopped)
        assert alice_api.post(URL, body, format="json").status_code == 201


def test_bad_values_in_several_fields_are_all_listed_at_once(alice_api: APIClient) -> None:
    body = treatment_json(name="", dose=0, started="2027-01-01", notes="x" * 501)
    assert set(alice_api.post(URL, body, format="json").json()) == {
        "name",
        "dose",
        "started",
        "notes",
    }


ODD_VALUES: list[Any] = [
    True,
    False,
    0,
    -1,
    1.5,
    10**30,
    1e308,
    [],
    ["medication"],
    {},
    {"a": 1},
    "",
    "1e999",
    "NaN",
    "Infinity",
    "-Infinity",
    "-0",
    "\x00",
]
FIELDS = ("kind", "schedule", "name", "dose", "dose_unit", "dose_time", "started", "stopped",
          "notes")  # fmt: skip


@pytest.mark.parametrize("field", FIELDS)
def test_no_json_value_in_any_field_is_a_server_error(
    alice: User, alice_api: APIClient, field: str
) -> None:
    for value in ODD_VALUES:
        response = alice_api.post(URL, treatment_json(**{field: value}), format="json")
        assert response.status_code in (201, 400), (field, value)
        if response.status_code == 400:
            # The problem is named on the field that was sent (or the unit its dose needs).
            assert set(response.json()) <= {field, "dose_unit"}, (field, value, response.json())
    # Whatever was accepted reads back, alone and in the list and CSV.
    for stored in alice.treatments.all():
        assert alice_api.get(f"{URL}{stored.pk}/").status_code == 200
    assert alice_api.get(URL).status_code == 200
    assert alice_api.get(URL + "?format=csv").status_code == 200


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "Enter a number."),
        ([1], "Enter a number."),
        ({"value": 1}, "Enter a number."),
        ("NaN", "Enter a number."),
        ("Infinity", "Enter a number."),
        ("-Infinity", "Enter a number."),
        ("a quarter", "Enter a number."),
        (1e308, "Ensure that there are no more than 9 digits in total."),
        ("1e999", "Ensure that there are no more than 9 digits in total."),
        (10**30, "Ensure that there are no more than 9 digits in total."),
    ],
)
def test_a_dose_that_is_no_number_is_refused_on_the_dose_alone(
    alice: User, alice_api: APIClient, value: Any, message: str
) -> None:
    response = alice_api.post(URL, treatment_json(dose=value), format="json")
    assert response.status_code == 400
    assert response.json() == {"dose": [message]}
    assert not alice.treatments.exists()


@pytest.mark.parametrize("value", [5, 1.5, True, ["ropinirole"], {"name": "x"}])
def test_a_name_that_is_not_text_is_refused_not_stored_as_its_python_spelling(
    alice: User, alice_api: APIClient, value: Any
) -> None:
    response = alice_api.post(URL, treatment_json(name=value), format="json")
    assert response.json() == {"name": ["Enter text."]}
    assert not alice.treatments.exists()


@pytest.mark.parametrize("literal", ["1e999", "-1e999"])
def test_a_json_number_too_large_for_a_float_is_a_400(
    alice: User, alice_api: APIClient, literal: str
) -> None:
    body = '{"kind": "medication", "name": "x", "dose_unit": "mg", "started": "2026-11-01", '
    response = alice_api.post(URL, body + f'"dose": {literal}}}', content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"dose": ["Enter a number."]}


@pytest.mark.parametrize("body", ["[]", '"a treatment"', "42", "null", "true", "[{}]"])
def test_a_body_that_is_not_an_object_is_a_400(
    alice: User, alice_api: APIClient, body: str
) -> None:
    for method, url in (("post", URL), ("put", None), ("patch", None)):
        if url is None:
            url = f"/api/v1/treatments/{make_treatment(alice).pk}/"
        response = getattr(alice_api, method)(url, body, content_type="application/json")
        assert response.status_code == 400, (method, body)
        assert list(response.json()) == ["non_field_errors"]
    assert alice.treatments.count() == 2


@pytest.mark.parametrize(
    ("name", "drug_class"),
    [
        ("Ropinirole", "dopamine_agonist"),
        ("PRAMIPEXOLE", "dopamine_agonist"),
        ("rotigotine", "dopamine_agonist"),
        ("Levodopa", "levodopa"),
        ("gabapentin-enacarbil", "alpha2delta"),
        ("Gabapentin Enacarbil", "alpha2delta"),
        ("pregabalin", "alpha2delta"),
        ("oxycodone naloxone", "opioid"),
        ("Methadone", "opioid"),
        ("clonazepam", "benzodiazepine"),
        ("Ferric Carboxymaltose", "iron"),
        ("ferrous-sulfate", "iron"),
        ("Iron Sucrose", "iron"),
        ("magnesium", "other"),
        ("ropinirole XL", "other"),
    ],
)
def test_the_drug_class_is_derived_from_the_catalogue_and_cannot_be_sent(
    alice_api: APIClient, name: str, drug_class: str
) -> None:
    body = treatment_json(name=name, drug_class="opioid", id=99999)
    response = alice_api.post(URL, body, format="json")
    assert response.json()["drug_class"] == drug_class
    assert response.json()["name"] == name  # kept as typed
    assert response.json()["id"] != 99999


# Who may do what (domain.md section 6): anything a user may not see answers 404.
def call(client: APIClient, method: str, url: str, body: dict[str, Any]) -> Any:
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body, format="json")


@pytest.fixture
def alices_treatment(alice: User) -> Treatment:
    return make_treatment(alice)


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_another_patient_gets_404_for_alices_treatment_and_changes_nothing(
    bob_api: APIClient, alices_treatment: Treatment, method: str
) -> None:
    url = f"/api/v1/treatments/{alices_treatment.pk}/"
    response = call(bob_api, method, url, treatment_json(notes="bob"))
    assert response.status_code == 404
    assert Treatment.objects.get().notes == ""


def test_another_patient_never_sees_alices_treatments_in_his_list(
    bob: User, bob_api: APIClient, alices_treatment: Treatment
) -> None:
    assert bob_api.get(URL).json()["count"] == 0
    assert bob_api.get(URL + "?format=csv").getvalue().decode().count("\n") == 1  # header only
    mine = bob_api.post(URL, CRYOTHERAPY, format="json").json()
    assert [t["id"] for t in bob_api.get(URL).json()["results"]] == [mine["id"]]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_clinician_gets_404_from_the_patients_own_endpoints(
    clinician_api: APIClient,
    alice_shares: Share,
    alices_treatment: Treatment,
    method: str,
) -> None:
    for url in (URL, f"/api/v1/treatments/{alices_treatment.pk}/", URL + "?format=csv"):
        response = call(clinician_api, method, url, CRYOTHERAPY)
        assert response.status_code == 404, url
    assert Treatment.objects.count() == 1


def test_a_sharing_patients_treatments_are_the_clinicians_to_read_in_the_same_shape(
    alice: User,
    alice_api: APIClient,
    clinician_api: APIClient,
    alice_shares: Share,
    alices_treatment: Treatment,
) -> None:
    shared = clinician_api.get(f"/api/v1/patients/{alice.pk}/treatments/")
    assert shared.status_code == 200
    assert shared.json() == alice_api.get(URL).json()
    assert shared.json()["results"][0]["drug_class"] == "dopamine_agonist"


@pytest.mark.parametrize("who", ["lonely_clinician", "revoked_clinician", "bob"])
def test_anyone_else_gets_404_for_a_patients_treatments(
    request: pytest.FixtureRequest, alice: User, alices_treatment: Treatment, who: str
) -> None:
    client = token_client(request.getfixturevalue(who))
    for query in ("", "?format=csv"):
        response = client.get(f"/api/v1/patients/{alice.pk}/treatments/{query}")
        assert response.status_code == 404, query


def test_a_revoked_share_answers_404_on_the_clinicians_very_next_request(
    alice: User,
    alice_api: APIClient,
    clinician_api: APIClient,
    alice_shares: Share,
) -> None:
    url = f"/api/v1/patients/{alice.pk}/treatments/"
    assert clinician_api.get(url).status_code == 200
    share = alice_shares
    assert alice_api.delete(f"/api/v1/shares/{share.pk}/").status_code == 204
    assert clinician_api.get(url).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_clinicians_view_of_a_patients_treatments_is_read_only(
    alice: User,
    clinician_api: APIClient,
    alice_shares: Share,
    alices_treatment: Treatment,
    method: str,
) -> None:
    url = f"/api/v1/patients/{alice.pk}/treatments/"
    response = getattr(clinician_api, method)(url, CRYOTHERAPY, format="json")
    assert response.status_code == 405
    assert list(alice.treatments.values_list("kind", flat=True)) == ["medication"]


@pytest.mark.parametrize("huge", [2**63, 2**70])
def test_an_id_beyond_the_databases_integers_is_a_404(
    alice_api: APIClient,
    clinician_api: APIClient,
    alice_shares: Share,
    huge: int,
) -> None:
    assert alice_api.get(f"/api/v1/treatments/{huge}/").status_code == 404
    assert alice_api.delete(f"/api/v1/treatments/{huge}/").status_code == 404
    assert clinician_api.get(f"/api/v1/patients/{huge}/treatments/").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "treatments/"),
        ("get", "treatments/?format=csv"),
        ("post", "treatments/"),
        ("get", "treatments/{id}/"),
        ("put", "treatments/{id}/"),
        ("patch", "treatments/{id}/"),
        ("delete", "treatments/{id}/"),
        ("get", "patients/{alice}/treatments/"),
        ("get", "patients/{alice}/treatments/?format=csv"),
    ],
)
def test_without_credentials_or_with_a_bad_token_every_call_is_a_401(
    alice: User, alices_treatment: Treatment, method: str, path: str
) -> None:
    url = "/api/v1/" + path.format(id=alices_treatment.pk, alice=alice.pk)
    bad_token = APIClient()
    bad_token.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    for client in (APIClient(), bad_token):
        response = call(client, method, url, CRYOTHERAPY)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
    assert Treatment.objects.get().kind == "medication"

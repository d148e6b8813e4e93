"""A night with severity 0 has no symptoms to describe (domain.md section 2): onset, sensations,
areas and relief must be empty, each one set being an error on its own field; factors may still
be given. Every way in (web form, API, CSV import) refuses it with the same words and stores
nothing, and the database refuses it even when validation is bypassed."""

from collections.abc import Callable, Iterator
from datetime import date, time
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.test import Client
from rest_framework.test import APIClient

from diary.models import Night, User
from tests.factories import NO_SYMPTOMS, VALID_NIGHT, form_data, night_json
from tests.helpers import token_client

# 15:00 UTC is 10:00 in New York: alice may log nights up to 2026-11-22.
FROZEN = "2026-11-22 15:00:00+00:00"

MESSAGES = {
    "onset": "Leave the onset empty when severity is 0 (no symptoms).",
    "sensations": "Leave the sensations empty when severity is 0 (no symptoms).",
    "areas": "Leave the body areas empty when severity is 0 (no symptoms).",
    "relief": "Leave “What helped” empty when severity is 0 (no symptoms).",
}
# One symptom given on a severity-0 night, as the web form, the API and the model take it.
TYPED = {
    "onset": "21:15",
    "sensations": ["tingling", "aching"],
    "areas": ["left_leg"],
    "relief": ["none"],  # "Nothing helped" is still an answer about symptoms
}
SYMPTOMS = list(TYPED)
SETS = ["sensations", "areas", "relief"]

HEADER = (
    "night,in_bed,lights_out,sleep_latency_min,awakenings,waso_min,final_wake,out_of_bed,"
    "sleep_quality,severity,onset,sensations,areas,relief,factors,notes"
)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    # "A night in the future" depends on the patient's today.
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def alice_token_api(alice: User) -> APIClient:
    return token_client(alice)


def symptom_free_json(**overrides: Any) -> dict[str, Any]:
    """The API body of a valid severity-0 night, with overrides."""
    return night_json(**{"severity": 0, **NO_SYMPTOMS, **overrides})


def stored(night: Night) -> dict[str, Any]:
    fresh = Night.objects.get(pk=night.pk)
    return {**model_to_dict(fresh), "updated": fresh.updated}


# Web form


@pytest.mark.parametrize("field", SYMPTOMS)
def test_the_web_form_refuses_a_symptom_on_a_severity_0_night_and_keeps_what_was_typed(
    alice_client: Client, db: None, field: str
) -> None:
    data = form_data(severity=0, **{**NO_SYMPTOMS, field: TYPED[field]}, notes="typed")
    response = alice_client.post("/nights/log/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[field] == [MESSAGES[field]]
    assert set(form.errors) == {field}
    value = form[field].value()
    assert (value.strftime("%H:%M") if isinstance(value, time) else value) == TYPED[field]
    assert form["notes"].value() == "typed"
    assert MESSAGES[field] in response.content.decode()
    assert not Night.objects.exists()


def test_the_web_form_names_every_symptom_given_with_severity_0(
    alice_client: Client, db: None
) -> None:
    response = alice_client.post("/nights/log/", form_data(severity=0, **TYPED))
    assert response.status_code == 400
    assert dict(response.context["form"].errors) == {name: [MESSAGES[name]] for name in SYMPTOMS}
    assert not Night.objects.exists()


def test_the_web_form_saves_a_severity_0_night_with_factors(
    alice: User, alice_client: Client
) -> None:
    data = form_data(severity=0, **NO_SYMPTOMS, factors=["caffeine", "stress"])
    assert alice_client.post("/nights/log/", data).status_code == 302
    night = alice.nights.get()
    assert (night.severity, night.onset, night.factors) == (0, None, ["caffeine", "stress"])
    assert (night.sensations, night.areas, night.relief) == ([], [], [])


def test_editing_a_night_to_severity_0_without_clearing_areas_changes_nothing(
    alice: User, alice_client: Client, make_night: Callable[..., Night]
) -> None:
    entry = make_night(alice, "2026-11-20")
    before = stored(entry)
    data = form_data(severity=0, **{**NO_SYMPTOMS, "areas": ["left_leg", "right_leg"]})
    response = alice_client.post("/nights/2026-11-20/", data)
    assert response.status_code == 400
    assert dict(response.context["form"].errors) == {"areas": [MESSAGES["areas"]]}
    assert stored(entry) == before


# API


@pytest.mark.parametrize("field", SYMPTOMS)
def test_the_api_refuses_a_symptom_on_a_severity_0_night(
    alice_token_api: APIClient, db: None, field: str
) -> None:
    body = symptom_free_json(**{field: TYPED[field]})
    response = alice_token_api.post("/api/v1/nights/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {field: [MESSAGES[field]]}
    assert not Night.objects.exists()


def test_the_api_refuses_areas_on_a_severity_0_night(alice_token_api: APIClient, db: None) -> None:
    body = symptom_free_json(areas=["left_leg", "right_leg"])
    response = alice_token_api.post("/api/v1/nights/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "areas": ["Leave the body areas empty when severity is 0 (no symptoms)."]
    }
    assert not Night.objects.exists()


def test_the_api_lists_every_symptom_given_with_severity_0_each_on_its_own_field(
    alice_token_api: APIClient, db: None
) -> None:
    response = alice_token_api.post("/api/v1/nights/", symptom_free_json(**TYPED), format="json")
    assert response.status_code == 400
    assert response.json() == {name: [MESSAGES[name]] for name in SYMPTOMS}
    assert not Night.objects.exists()


def test_the_api_accepts_factors_on_a_severity_0_night(
    alice: User, alice_token_api: APIClient
) -> None:
    body = symptom_free_json(factors=["stress", "caffeine"])
    response = alice_token_api.post("/api/v1/nights/", body, format="json")
    assert response.status_code == 201
    assert response.json()["factors"] == ["caffeine", "stress"]
    night = alice.nights.get()
    assert (night.severity, night.factors, night.sensations, night.areas, night.relief) == (
        0,
        ["caffeine", "stress"],
        [],
        [],
        [],
    )


def test_the_api_accepts_sets_left_out_or_null_onset_on_a_severity_0_night(
    alice: User, alice_token_api: APIClient
) -> None:
    body = symptom_free_json()
    for name in ("onset", *SETS):
        del body[name]
    assert alice_token_api.post("/api/v1/nights/", body, format="json").status_code == 201
    assert alice.nights.get().areas == []


def test_the_api_refuses_to_patch_a_night_to_severity_0_while_it_keeps_its_areas(
    alice: User, alice_token_api: APIClient, make_night: Callable[..., Night]
) -> None:
    entry = make_night(alice, "2026-11-20", severity=5)
    before = stored(entry)
    patch: dict[str, Any] = {"severity": 0, "onset": None, "sensations": [], "relief": []}
    response = alice_token_api.patch("/api/v1/nights/2026-11-20/", patch, format="json")
    assert response.status_code == 400
    assert response.json() == {"areas": [MESSAGES["areas"]]}
    assert stored(entry) == before
    assert stored(entry)["areas"] == ["left_leg", "right_leg"]


def test_the_api_patches_a_night_to_severity_0_once_every_symptom_is_cleared(
    alice: User, alice_token_api: APIClient, make_night: Callable[..., Night]
) -> None:
    make_night(alice, "2026-11-20", severity=5)
    patch: dict[str, Any] = {
        "severity": 0,
        "onset": None,
        "sensations": [],
        "areas": [],
        "relief": [],
    }
    response = alice_token_api.patch("/api/v1/nights/2026-11-20/", patch, format="json")
    assert response.status_code == 200
    night = alice.nights.get()
    assert (night.severity, night.areas, night.factors) == (0, [], VALID_NIGHT["factors"])


# CSV import


def test_an_import_with_areas_on_a_severity_0_row_is_refused_by_line_and_column(
    alice: User, alice_token_api: APIClient
) -> None:
    good = "2026-11-19,22:30,23:00,30,2,20,06:30,07:00,3,5,21:15,urge,left_leg,walking,,"
    bad = "2026-11-20,22:30,23:00,30,2,20,06:30,07:00,3,0,,,left_leg,,caffeine,"
    text = f"{HEADER}\n{good}\n{bad}\n"
    response = alice_token_api.post(
        "/api/v1/nights/import/", text.encode(), content_type="text/csv"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Nothing was imported: 1 line has errors.",
        "errors": [{"line": 3, "column": "areas", "message": MESSAGES["areas"]}],
        "conflicts": [],
    }
    assert not alice.nights.exists()


def test_an_import_of_a_severity_0_row_with_factors_only_is_accepted(
    alice: User, alice_token_api: APIClient
) -> None:
    row = "2026-11-20,22:30,23:00,30,2,20,06:30,07:00,3,0,,,,,caffeine;stress,"
    text = f"{HEADER}\n{row}\n"
    response = alice_token_api.post(
        "/api/v1/nights/import/", text.encode(), content_type="text/csv"
    )
    assert response.status_code == 201
    assert alice.nights.get().factors == ["caffeine", "stress"]


# The model and the database


@pytest.mark.parametrize("field", SYMPTOMS)
def test_the_model_gives_a_field_level_error_with_a_code_for_each_symptom(
    alice: User, field: str
) -> None:
    values = {**TYPED, "onset": time(21, 15)}
    night = Night(
        patient=alice,
        **{
            **VALID_NIGHT,
            **NO_SYMPTOMS,
            "night": date(2026, 11, 20),
            "severity": 0,
            field: values[field],
        },
    )
    with pytest.raises(ValidationError) as refused:
        night.full_clean()
    assert list(refused.value.error_dict) == [field]
    (error,) = refused.value.error_dict[field]
    assert error.message == MESSAGES[field]
    expected = "onset_without_symptoms" if field == "onset" else "symptoms_without_severity"
    assert error.code == expected


@pytest.mark.parametrize("field", SETS)
def test_the_database_refuses_a_symptom_set_on_a_severity_0_night_without_validation(
    alice: User, field: str
) -> None:
    night = Night(
        patient=alice,
        **{
            **VALID_NIGHT,
            **NO_SYMPTOMS,
            "night": date(2026, 11, 20),
            "severity": 0,
            field: TYPED[field],
        },
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        night.save()  # no full_clean: only the check constraint stands in the way
    assert not Night.objects.exists()


def test_the_database_refuses_areas_when_a_stored_night_is_updated_to_severity_0(
    alice: User, make_night: Callable[..., Night]
) -> None:
    entry = make_night(alice, "2026-11-20", severity=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Night.objects.filter(pk=entry.pk).update(severity=0, onset=None, sensations=[], relief=[])
    assert Night.objects.get(pk=entry.pk).severity == 5


def test_the_database_keeps_a_severity_0_night_with_factors_only(alice: User) -> None:
    night = Night(
        patient=alice,
        **{
            **VALID_NIGHT,
            **NO_SYMPTOMS,
            "night": date(2026, 11, 20),
            "severity": 0,
            "factors": ["alcohol"],
        },
    )
    night.save()
    assert Night.objects.get(pk=night.pk).factors == ["alcohol"]

"""Treatments, labs, assessments and sharing in German and Spanish (issue 16, "Languages"): the
pages read in the browser's language, their messages and form errors too, field by field; what
is typed under German is stored as under English, and the downloads do not change."""

import gettext
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from diary import labs, sharing
from diary.models import Assessment, LabResult, Share, Treatment, User
from tests.form_markup import read_form_page
from tests.helpers import share_with, text
from tests.treatment_factories import make_session, make_treatment, treatment_form

# 15:00 UTC is 10:00 on 22 November in alice's New York.
FROZEN = "2026-11-22 15:00:00+00:00"
LAB = {
    "drawn": "2026-11-01",
    "ferritin_ng_ml": "42.5",
    # A decimal serum iron: its column is written with the language's decimal mark.
    "serum_iron_ug_dl": "48.5",
    "tibc_ug_dl": "300",
    "iron_free_24h": "on",
}
ASSESSMENT = {"assessed": "2026-11-20", "irls_total": "24", "cgi_severity": "5"}


@pytest.fixture(autouse=True)
def frozen_clock(db: None) -> Iterator[None]:
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def care(alice: User, clinician: User) -> dict[str, Any]:
    """alice's treatments (a running course, a past one, a series of two infusions), a lab
    result of hers, an assessment and a share with her clinician, and a code not used yet."""
    course = make_treatment(alice)
    make_treatment(alice, name="ropinirole", started=date(2026, 1, 5), stopped=date(2026, 3, 1))
    make_session(alice, "2026-10-01")
    make_session(alice, "2026-10-08")
    lab = labs.clean_lab(patient=alice, values=LAB, by=alice)
    labs.save_entry(lab, by=alice, created=True)
    share = share_with(alice, clinician)
    assessment = labs.clean_assessment(patient=alice, values=ASSESSMENT, by=clinician)
    labs.save_entry(assessment, by=clinician, created=True)
    pending, _code = Share.create_for(alice)
    return {"course": course, "share": share, "pending": pending}


def get(client: Client, url: str, language: str) -> str:
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200, url
    return text(response)


def post(client: Client, url: str, data: dict[str, Any], language: str) -> Any:
    return client.post(url, data, headers={"accept-language": language}, follow=True)


class _Visible(HTMLParser):
    """The words of <main> a person reads or hears: its text, and the attributes a screen reader
    speaks, a phone shows (data-label) or a script writes into the page (data-copied...)."""

    SPOKEN = frozenset(
        {"aria-label", "title", "placeholder", "alt", "data-label", "data-copied", "data-failed"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <main> when > 0
        self.skipping = 0  # inside a <script> or <style>
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main" or self.depth:
            self.depth += tag not in {"br", "input", "img", "hr", "meta", "link", "wbr"}
        if tag in ("script", "style"):
            self.skipping += 1
        if self.depth:
            self.words += [value for name, value in attrs if name in self.SPOKEN and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipping -= 1
        if self.depth and tag not in {"br", "input", "img", "hr", "meta", "link", "wbr"}:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skipping:
            self.words.append(data)


def visible(html: str) -> str:
    reader = _Visible()
    reader.feed(html)
    return " ".join(" ".join(reader.words).split())


def catalogue(language: str) -> dict[str, str]:
    """The project's own translations (not Django's), English -> translated, context dropped."""
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as mo:
        entries = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    return {
        key.split("\x04")[-1]: value
        for key, value in entries.items()
        if isinstance(key, str) and key and value != key.split("\x04")[-1]
    }


def english_left(page: str, language: str) -> list[str]:
    """Every English source text of the catalogue still on the page in its own words."""
    left = []
    for english in catalogue(language):
        pattern = r"\b" + r".+?".join(
            re.escape(part) for part in re.split(r"%\(\w+\)[sd]", english.replace("%%", "%"))
        )
        if len(english) > 2 and re.search(pattern + r"(?!\w)", page):
            left.append(english)
    return left


# The name field's help names what to type: a catalogue entry matches in its English spelling
# (the form's list shows each language's spelling beside it), so it stays English there.
TYPED_NAMES = {"treatment-add": ("ferric carboxymaltose", "pramipexole")}

# ---- every page, in both languages ------------------------------------------------------------

PAGES: dict[str, dict[str, list[str]]] = {
    "treatments": {
        "de": [
            "Aktuelle Einnahmen",
            "0,25 mg täglich",
            "Frühere Einnahmen",
            "2 Sitzungen",
            "Heute eine Sitzung eintragen",
            "Dosis ändern",
            "letzte Dosis meist um 21:00",
        ],
        "es": [
            "Tratamientos actuales",
            "0,25 mg al día",
            "Tratamientos anteriores",
            "2 sesiones",
            "Registrar una sesión hoy",
            "Cambiar la dosis",
            "última dosis normalmente a las 21:00",
        ],
    },
    "treatment-add": {
        "de": [
            "Einnahme oder Sitzung hinzufügen",
            "Medikation",
            "Eisen i.v. (Infusion)",
            "Ketamin-Infusion (i.v.)",
            "Kryotherapie",
            "Regelmäßige Einnahme",
            "keine Dosis",
        ],
        "es": [
            "Añadir un tratamiento o una sesión",
            "Medicación",
            "Infusión de hierro intravenoso",
            "Infusión de ketamina intravenosa",
            "Crioterapia",
            "Tratamiento continuo",
            "sin dosis",
        ],
    },
    "treatment-change-dose": {
        "de": ["Dosis von Pramipexol ändern", "Jetzt 0,25 mg täglich", "Neue Dosis", "Ab"],
        "es": ["Cambiar la dosis de pramipexol", "Ahora 0,25 mg al día", "Nueva dosis", "Desde"],
    },
    "treatment-stop": {
        "de": ["Pramipexol beenden", "Letzter Einnahmetag", "An diesem Tag beenden"],
        "es": ["Terminar pramipexol", "Último día de toma", "Terminar este día"],
    },
    "treatment-delete": {
        "de": ["Pramipexol löschen?", "Kürzlich gelöscht", "30 Tage"],
        "es": ["¿Eliminar pramipexol?", "Eliminado recientemente", "30 días"],
    },
    "labs": {
        "de": [
            "Laborwerte hinzufügen",
            "Transferrinsättigung",
            "TEBK",
            "42,5",
            "48,5",
            "Beurteilungen Ihrer Ärztinnen und Ärzte",
            "24 (schwer)",
            "sehr viel besser",
        ],
        "es": [
            "Añadir un análisis",
            "índice de saturación de transferrina",
            "CTFH",
            "PCR",
            "42,5",
            "48,5",
            "Evaluaciones de sus profesionales sanitarios",
            "24 (grave)",
            "mucho mejor",
        ],
    },
    "lab-add": {
        "de": ["Ferritin (ng/mL)", "Serumeisen (µg/dL)", "Geben Sie mindestens einen Wert an."],
        "es": ["Ferritina (ng/mL)", "Hierro sérico (µg/dL)", "Indique al menos un resultado."],
    },
    "sharing": {
        "de": [
            "Tagebuch mit Ihrer Ärztin oder Ihrem Arzt teilen",
            "Freigabecode erstellen",
            "Freigabe für dr_carol widerrufen",
            "Zugriffsprotokoll",
            "hat Zugriff erhalten",
            "Noch nicht verwendete Codes",
            "Code widerrufen",
        ],
        "es": [
            "Compartir su diario con un profesional sanitario",
            "Crear un código para compartir",
            "Dejar de compartir con dr_carol",
            "Registro de accesos",
            "obtuvo acceso",
            "Códigos aún sin usar",
            "Revocar código",
        ],
    },
    "share-revoke": {
        "de": ["Freigabe für dr_carol widerrufen?", "Weiter teilen"],
        "es": ["¿Dejar de compartir con dr_carol?", "Seguir compartiendo"],
    },
    "share-cancel": {
        "de": ["Diesen Code widerrufen?", "Niemand kann ihn dann noch verwenden."],
        "es": ["¿Revocar este código?", "Nadie podrá usarlo."],
    },
}


def page_url(name: str, care: dict[str, Any]) -> str:
    course = care["course"].pk
    return {
        "treatment-change-dose": reverse("treatment-change-dose", args=[course]),
        "treatment-stop": reverse("treatment-stop", args=[course]),
        "treatment-delete": reverse("treatment-delete", args=[course]),
        "share-revoke": reverse("share-revoke", args=[care["share"].pk]),
        "share-cancel": reverse("share-revoke", args=[care["pending"].pk]),
    }.get(name) or reverse(name)


@pytest.mark.parametrize("language", ["de", "es"])
@pytest.mark.parametrize("name", list(PAGES))
def test_the_patients_pages_read_in_the_browsers_language(
    alice_client: Client, care: dict[str, Any], name: str, language: str
) -> None:
    page = visible(get(alice_client, page_url(name, care), language))
    for words in PAGES[name][language]:
        assert words in page, (name, words)
    assert english_left(page, language) == sorted(TYPED_NAMES.get(name, ())), name


CLINICIAN_PAGES = {
    "assessment-add": {
        "de": [
            "Beurteilung hinzufügen",
            "Für alice",
            "IRLS-Gesamtwert",
            "CGI-Schweregrad",
            "1 sehr viel besser … 4 unverändert … 7 sehr viel schlechter.",
        ],
        "es": [
            "Añadir una evaluación",
            "Para alice",
            "Total IRLS",
            "Gravedad CGI",
            "1 mucho mejor … 4 sin cambios … 7 mucho peor.",
        ],
    },
    "clinician-lab-add": {
        "de": ["Laborwerte hinzufügen", "Für alice; wird als von Ihnen eingetragen angezeigt."],
        "es": ["Añadir un análisis", "Para alice; aparecerá como introducido por usted."],
    },
    "share-redeem": {
        "de": ["Patient hinzufügen", "Freigabecode Ihrer Patientin oder Ihres Patienten"],
        "es": ["Añadir un paciente", "Código de su paciente"],
    },
}


@pytest.mark.parametrize("language", ["de", "es"])
@pytest.mark.parametrize("name", list(CLINICIAN_PAGES))
def test_the_clinicians_forms_read_in_the_browsers_language(
    clinician_client: Client, alice: User, care: dict[str, Any], name: str, language: str
) -> None:
    url = reverse(name) if name == "share-redeem" else reverse(name, args=[alice.pk])
    page = visible(get(clinician_client, url, language))
    for words in CLINICIAN_PAGES[name][language]:
        assert words in page, (name, words)
    assert english_left(page, language) == sorted(TYPED_NAMES.get(name, ())), name


def test_a_new_share_code_and_its_copy_button_speak_the_patients_language(
    alice_client: Client, care: dict[str, Any]
) -> None:
    alice_client.post(reverse("share-create"), headers={"accept-language": "de"})
    html = get(alice_client, reverse("sharing"), "de")
    page = visible(html)
    assert "Ihr Freigabecode" in page and "Er gilt einmal, 7 Tage lang" in page
    # The script's words come from the page, so the catalogue translates them too.
    assert 'data-copied="Kopiert"' in html and 'aria-label="Freigabecode kopieren"' in html
    assert english_left(page, "de") == []


def test_a_clinician_is_asked_in_their_language_before_deleting_their_assessment(
    clinician_client: Client, alice: User, care: dict[str, Any]
) -> None:
    assessment = Assessment.objects.get()
    url = reverse("assessment-delete", args=[alice.pk, assessment.pk])
    assert "¿Eliminar la evaluación del 20 nov 2026?" in visible(get(clinician_client, url, "es"))
    page = visible(text(post(clinician_client, url, {}, "de")))
    assert "Beurteilung vom 20. Nov. 2026 gelöscht." in page
    assert not Assessment.objects.exists()


def test_the_english_check_finds_the_english_of_an_english_page(
    alice_client: Client, care: dict[str, Any]
) -> None:
    # The check above can fail: the same page in English is full of the catalogue's sources.
    page = visible(get(alice_client, reverse("treatments"), "en"))
    left = english_left(page, "de")
    assert {"Taking now", "Log a session today", "%(amount)s a day"} <= set(left)


def test_a_german_page_keeps_no_english_sentence(
    alice_client: Client, care: dict[str, Any]
) -> None:
    # The catalogue check above misses English that was never marked; these words are in
    # nearly every English sentence and in no German or Spanish one.
    for language in ("de", "es"):
        for name in PAGES:
            page = visible(get(alice_client, page_url(name, care), language))
            assert not re.findall(r"\b(?:the|your|and|of|is|a day|since)\b", page), (name, language)


# ---- messages and form errors -----------------------------------------------------------------


def test_form_errors_are_translated_and_stay_by_their_field(
    alice: User, alice_client: Client
) -> None:
    before = list(Treatment.objects.values())
    response = post(alice_client, reverse("treatment-add"), treatment_form(dose_unit=""), "de")
    form = read_form_page(text(response))
    assert "Geben Sie die Einheit der Dosis an." in form.texts["field-id_dose_unit"]
    assert form.summary_heading  # the summary at the top names it too
    assert any("Geben Sie die Einheit der Dosis an." in item for item in form.summary_items)
    assert form.inputs["dose"] == "0.25"  # what was typed is kept, as the number input takes it
    assert list(Treatment.objects.values()) == before


def test_a_kinds_fixed_schedule_is_said_in_the_readers_language(alice_client: Client) -> None:
    data = treatment_form(kind="iron_iv", schedule="course", dose_time="", name="")
    for language, message in (
        ("de", "Eisen i.v. (Infusion) ist immer eine Sitzung."),
        ("es", "Infusión de hierro intravenoso siempre es una sesión."),
        ("en", "IV iron infusion is always a session."),
    ):
        form = read_form_page(text(post(alice_client, reverse("treatment-add"), data, language)))
        assert message in form.texts["field-id_schedule"]
    assert not Treatment.objects.exists()


def test_lab_errors_are_translated_field_by_field(alice_client: Client) -> None:
    data = {**LAB, "tibc_ug_dl": "0", "serum_iron_ug_dl": ""}
    form = read_form_page(text(post(alice_client, reverse("lab-add"), data, "es")))
    assert "La CTFH debe ser mayor que 0." in form.texts["field-id_tibc_ug_dl"]
    assert form.inputs["ferritin_ng_ml"] == "42.5"
    empty = {"drawn": "2026-11-01", "iron_free_24h": "on"}
    form = read_form_page(text(post(alice_client, reverse("lab-add"), empty, "de")))
    assert form.summary_items == [
        "Geben Sie mindestens einen Wert an (Ferritin, TSAT, Eisen, TEBK, Hämoglobin oder CRP)."
    ]
    assert not LabResult.objects.exists()


def test_an_impossible_saturation_is_written_with_the_readers_decimal_mark(
    alice_client: Client,
) -> None:
    data = {**LAB, "tsat_pct": "", "serum_iron_ug_dl": "301.5"}
    form = read_form_page(text(post(alice_client, reverse("lab-add"), data, "de")))
    assert "wäre 100,5 %" in form.texts["field-id_serum_iron_ug_dl"]


def test_a_refused_share_code_is_explained_in_the_clinicians_language(
    clinician_client: Client,
) -> None:
    response = clinician_client.post(
        reverse("share-redeem"), {"code": "AAAA-BBBB-CCCC"}, headers={"accept-language": "es"}
    )
    assert response.status_code == 400
    assert "Ningún código coincide. Compruébelo con su paciente." in visible(text(response))
    assert 'value="AAAA-BBBB-CCCC"' in text(response)


def test_the_messages_after_an_action_are_translated(
    alice: User, alice_client: Client, care: dict[str, Any]
) -> None:
    course = care["course"]
    page = visible(
        text(
            post(
                alice_client,
                reverse("treatment-stop", args=[course.pk]),
                {"stopped": "2026-11-22"},
                "de",
            )
        )
    )
    assert "Pramipexol: letzter Tag 22" in page
    assert "2026-11-22" not in page  # the day as the page writes days, not ISO
    page = visible(
        text(post(alice_client, reverse("share-revoke", args=[care["share"].pk]), {}, "es"))
    )
    assert "dr_carol ya no puede ver su diario." in page
    assert "perdió el acceso" in page  # the access log's new line


# ---- what is stored and downloaded does not change with the language --------------------------


def test_values_typed_under_german_are_stored_as_under_english(
    alice: User, bob: User, alice_client: Client, bob_client: Client
) -> None:
    for client, language in ((alice_client, "en"), (bob_client, "de")):
        post(client, reverse("treatment-add"), treatment_form(dose="0.125"), language)
        post(client, reverse("lab-add"), LAB, language)
    fields = ["kind", "schedule", "name", "dose", "dose_unit", "dose_time", "started", "stopped"]
    treatments = [list(Treatment.objects.filter(patient=p).values(*fields)) for p in (alice, bob)]
    assert treatments[0] == treatments[1] and treatments[0][0]["dose"] == Decimal("0.125")
    lab_fields = ["drawn", "ferritin_ng_ml", "tsat_pct", "serum_iron_ug_dl", "tibc_ug_dl"]
    results = [list(LabResult.objects.filter(patient=p).values(*lab_fields)) for p in (alice, bob)]
    assert results[0] == results[1] and results[0][0]["tsat_pct"] == Decimal(
        "16.2"
    )  # 100 × 48.5 ÷ 300


def test_number_inputs_keep_the_point_under_german(
    alice_client: Client, care: dict[str, Any]
) -> None:
    course = care["course"]
    form = read_form_page(get(alice_client, reverse("treatment-edit", args=[course.pk]), "de"))
    assert form.inputs["dose"] == "0.250"  # as stored, three places, as under English
    lab = LabResult.objects.get()
    form = read_form_page(get(alice_client, reverse("lab-edit", args=[lab.pk]), "de"))
    assert form.inputs["ferritin_ng_ml"] == "42.5"


def export_files(client: Client, language: str) -> dict[str, bytes]:
    response = client.get(reverse("full-export"), headers={"accept-language": language})
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


CARE_FILES = ("treatments.csv", "labs.csv", "assessments.csv", "shares.json")


def test_the_exported_treatments_labs_and_shares_are_the_same_in_every_language(
    alice_client: Client, care: dict[str, Any]
) -> None:
    english = export_files(alice_client, "en")
    assert b"pramipexole" in english["treatments.csv"] and b"42.5" in english["labs.csv"]
    for language in ("de", "es"):
        translated = export_files(alice_client, language)
        assert {name: translated[name] for name in CARE_FILES} == {
            name: english[name] for name in CARE_FILES
        }


# The access log's "description" is the action's label, which this part translates: the
# download stays English through diary.languages (the core part of issue 16, merged apart).
def test_the_whole_export_is_the_same_in_every_language(
    alice_client: Client, care: dict[str, Any]
) -> None:
    english = export_files(alice_client, "en")
    assert b"added an assessment" in english["access_log.json"]
    assert export_files(alice_client, "de") == english
    assert export_files(alice_client, "es") == english


def test_the_access_log_names_a_deleted_clinicians_account_in_the_patients_language(
    alice_client: Client, care: dict[str, Any], clinician: User
) -> None:
    sharing.revoke(care["share"])
    clinician.delete()
    page = visible(get(alice_client, reverse("sharing"), "de"))
    assert "dr_carol (Konto gelöscht)" in page
    assert Assessment.objects.get().entered_by == "dr_carol"

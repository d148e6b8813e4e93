"""The nights area in German and Spanish (issue 16, "Languages"): the pages read in the browser's
language, errors stay at their field, and nothing stored, exported or imported depends on it."""

import re
from collections.abc import Collection, Iterator
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from diary import formatting
from diary.drafts import save_draft
from diary.models import Night, User
from diary.nights import entry_values
from diary.transfer.csv_format import NIGHT_COLUMNS
from tests.factories import form_data, make_night, night_values
from tests.helpers import text

# 07:30 in New York (alice's zone) on Saturday 21 November: last night is Friday the 20th.
MORNING = "2026-11-21 12:30:00+00:00"
FRIDAY = date(2026, 11, 20)
OTHER_LANGUAGES = ("de", "es")


@pytest.fixture(autouse=True)
def morning() -> Iterator[None]:
    with time_machine.travel(MORNING, tick=False):
        yield


def get(client: Client, url: str, language: str) -> str:
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200, url
    return text(response)


def post(client: Client, url: str, language: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, headers={"accept-language": language})


def main_text(page: str) -> str:
    """The words a reader sees in the page's <main> (the part the nights area renders), with
    the labels and titles a screen reader or a pointer shows."""

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth = 0  # inside <main>
            self.hidden = 0  # inside <script> or <style>
            self.words: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "main":
                self.depth += 1
            if tag in ("script", "style"):
                self.hidden += 1
            if self.depth:
                self.words.extend(v or "" for k, v in attrs if k in ("title", "aria-label"))

        def handle_endtag(self, tag: str) -> None:
            if tag == "main":
                self.depth -= 1
            if tag in ("script", "style"):
                self.hidden -= 1

        def handle_data(self, data: str) -> None:
            if self.depth and not self.hidden:
                self.words.append(data)

    reader = Reader()
    reader.feed(page)
    return re.sub(r"\s+", " ", " ".join(reader.words))


# Common words of the nights area's English that are no word of German or Spanish ("in",
# "no", "total", "final", "Import", "Download", "Problem" and "Stress" are, so they are not
# listed). Column names such as day_mood are one word here, and no English one.
_ENGLISH_WORDS = """
the and of to your you night nights sleep save delete deleted draft drafts log logged page
pages severity with for from this that what when time bed efficiency older newer restore
keep discard evening morning file column line nothing until days day minutes symptoms legs
notes quality good poor fair very tiredness mood trends lab results treatments labs loss got
lights out woken awake awakening helped triggers sensations areas onset edit back
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())


def english_words(page: str, besides: Collection[str] = ()) -> list[str]:
    """English words in the page; `besides` are data shown as it is (a CSV column's name)."""
    words = set(re.findall(r"[A-Za-z_]+", main_text(page))) - set(besides)
    return sorted(w for w in words if w.lower() in ENGLISH)


@pytest.fixture
def alice_with_a_draft_and_a_night(alice: User) -> User:
    make_night(alice, date(2026, 11, 19), notes="kalt")
    save_draft(patient=alice, values={"night": "2026-11-20", "severity": "4"})
    return alice


def the_pages() -> dict[str, str]:
    return {
        "log form": "/nights/log/",
        "nights list": "/nights/",
        "discard the draft": "/nights/drafts/2026-11-20/discard/",
        "edit a night": "/nights/2026-11-19/",
        "delete a night": "/nights/2026-11-19/delete/",
        "import": "/nights/import/",
        "recently deleted": "/deleted/",
    }


# What each page must say, in each language: its heading and a few words of its own.
KEY_WORDS = {
    "de": {
        "log form": [
            "Nacht eintragen",
            "Abend: Ihre Beine",
            "Ins Bett gegangen",
            "Mittelmäßig",
            "Nacht von Freitag, 20. Nov.",
            "Entwurf",
        ],
        "nights list": [
            "Ihre Nächte",
            "Entwürfe",
            "Gesamtschlafzeit",
            "Do., 19. Nov.",
            "78,4 %",
            "6 h 40 min",
            "Schweregrad 4",
        ],
        "discard the draft": [
            "Diesen Entwurf verwerfen?",
            "die Nacht von Freitag, 20. Nov.",
            "RLS-Schweregrad",
        ],
        "edit a night": ["Nacht vom Do., 19. Nov. 2026", "Diese Nacht löschen", "Schlaf"],
        "delete a night": ["Diese Nacht löschen?", "Do., 19. Nov. 2026", "„Zuletzt gelöscht“"],
        "import": ["Import und Export", "Nächte importieren", "CSV-Datei", "Importieren"],
        "recently deleted": ["Zuletzt gelöscht", "In den letzten 30 Tagen wurde nichts gelöscht."],
    },
    "es": {
        "log form": [
            "Registrar una noche",
            "Antes de dormir: sus piernas",
            "Hora de acostarse",
            "Regular",
            "Noche del viernes, 20 nov",
            "Borrador",
        ],
        "nights list": [
            "Sus noches",
            "Borradores",
            "Tiempo total de sueño",
            "jue 19 nov",
            "78,4 %",
            "6 h 40 min",
            "gravedad 4",
        ],
        "discard the draft": [
            "¿Descartar este borrador?",
            "la noche del viernes, 20 nov",
            "Gravedad del SPI",
        ],
        "edit a night": ["Noche del jue 19 nov 2026", "Eliminar esta noche", "Sueño"],
        "delete a night": [
            "¿Eliminar esta noche?",
            "jue 19 nov 2026",
            "«Eliminados recientemente»",
        ],
        "import": ["Importar y exportar", "Importar noches", "Archivo CSV"],
        "recently deleted": [
            "Eliminados recientemente",
            "No se ha eliminado nada en los últimos 30 días.",
        ],
    },
}


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_nights_page_reads_in_the_browsers_language(
    alice_with_a_draft_and_a_night: User, alice_client: Client, language: str
) -> None:
    for name, url in the_pages().items():
        page = get(alice_client, url, language)
        for words in KEY_WORDS[language][name]:
            assert words in page, (name, words)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_english_is_left_on_the_nights_pages(
    alice_with_a_draft_and_a_night: User, alice_client: Client, language: str
) -> None:
    left = {
        name: english_words(get(alice_client, url, language)) for name, url in the_pages().items()
    }
    assert left == {name: [] for name in left}


def test_the_english_check_finds_english(
    alice_with_a_draft_and_a_night: User, alice_client: Client
) -> None:
    # The check above must be able to fail: the same pages in English are full of it.
    assert "night" in english_words(get(alice_client, "/nights/", "en"))
    assert "Save" in english_words(get(alice_client, "/nights/log/", "en"))


def test_a_deleted_night_is_listed_and_restored_in_german(
    alice_with_a_draft_and_a_night: User, alice_client: Client
) -> None:
    assert post(alice_client, "/nights/2026-11-19/delete/", "de", {}).status_code == 302
    page = get(alice_client, "/nights/", "de")
    assert "Die Nacht vom Do., 19. Nov. 2026 wurde gelöscht." in page
    page = get(alice_client, "/deleted/", "de")
    assert "Nacht vom Do., 19. Nov. 2026, Schweregrad 5" in page
    assert "Gelöscht am 21. Nov. 2026, 12:30; wiederherstellbar bis 21. Dez. 2026." in page
    assert english_words(page) == []


@pytest.mark.parametrize(
    ("language", "message", "required"),
    [
        (
            "de",
            "„Licht aus“ kann nicht vor dem Zeitpunkt liegen, zu dem Sie ins Bett gegangen sind.",
            "Dieses Feld ist zwingend erforderlich.",
        ),
        (
            "es",
            "La hora de apagar la luz no puede ser anterior a la hora de acostarse.",
            "Este campo es requerido.",
        ),
    ],
)
def test_form_errors_are_translated_at_their_field_and_nothing_is_stored(
    alice: User, alice_client: Client, language: str, message: str, required: str
) -> None:
    response = post(alice_client, "/nights/log/", language, form_data(lights_out="22:00"))
    assert response.status_code == 400
    page = text(response)
    assert message in field_block(page, "lights_out")
    assert 'value="22:00"' in field_block(page, "lights_out")  # what was typed is kept
    response = post(alice_client, "/nights/log/", language, form_data(final_wake=""))
    assert response.status_code == 400
    assert required in field_block(text(response), "final_wake")
    assert not Night.objects.exists()


def field_block(page: str, name: str) -> str:
    start = page.index(f'id="field-id_{name}"')
    end = page.find('<div class="field', start + 1)
    return page[start : end if end != -1 else None]


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_a_night_posted_in_another_language_is_stored_as_in_english(
    alice: User, bob: User, alice_client: Client, language: str
) -> None:
    from tests.helpers import logged_in

    body = form_data(sleep_latency_min="30", notes="Bein, 1.000 Mal")
    assert post(alice_client, "/nights/log/", language, body).status_code == 302
    assert post(logged_in(bob), "/nights/log/", "en", body).status_code == 302
    german, english = (entry_values(Night.objects.get(patient=p)) for p in (alice, bob))
    assert german == english == night_values(notes="Bein, 1.000 Mal")


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_a_decimal_comma_is_refused_in_every_language_not_read_as_a_number(
    alice_client: Client, language: str
) -> None:
    response = post(alice_client, "/nights/log/", language, form_data(waso_min="20,5"))
    assert response.status_code == 400
    assert 'value="20,5"' in field_block(text(response), "waso_min")
    assert not Night.objects.exists()


def export(client: Client, language: str) -> bytes:
    response = client.get("/nights/export.csv", headers={"accept-language": language})
    assert response.status_code == 200
    body: bytes = response.getvalue()
    return body


def test_csv_export_and_import_are_the_same_bytes_in_every_language(
    alice: User, bob: User, alice_client: Client
) -> None:
    from tests.helpers import logged_in

    make_night(bob, date(2026, 11, 18), notes="Müde; 2,5 h wach", day_mood=2)
    make_night(bob, FRIDAY, severity=0, sleep_quality=5, day_fatigue=3)
    bob_client = logged_in(bob)
    english = export(bob_client, "en")
    assert export(bob_client, "de") == export(bob_client, "es") == english

    upload = SimpleUploadedFile("nights.csv", english, content_type="text/csv")
    assert post(alice_client, "/nights/import/", "de", {"file": upload}).status_code == 302
    assert "2 Nächte importiert." in get(alice_client, "/nights/", "de")
    assert export(alice_client, "es") == english


def test_an_import_refusal_is_explained_in_german_with_the_columns_as_they_are(
    alice_client: Client,
) -> None:
    upload = SimpleUploadedFile("nights.csv", b"night;in_bed\n2026-11-20;22:30\n")
    response = post(alice_client, "/nights/import/", "de", {"file": upload})
    assert response.status_code == 400
    page = text(response)
    assert "durch Semikolons statt durch Kommas getrennt" in page
    assert english_words(page) == []


# Known answers: the SI symbols h and min in all three languages (README, "Nights in other
# languages"); the decimal separator follows the language.
DURATIONS = {0: "0 min", 59: "59 min", 60: "1 h 00 min", 61: "1 h 01 min", -61: "−1 h 01 min"}


@pytest.mark.parametrize("language", ("en", "de", "es"))
def test_durations_read_the_same_in_each_language(language: str) -> None:
    with translation.override(language):
        assert {m: formatting.hours_minutes(m) for m in DURATIONS} == DURATIONS
        assert [formatting.minutes(m) for m in (0, 59, 60, 61)] == [
            "0 min",
            "59 min",
            "60 min",
            "61 min",
        ]
        assert formatting.signed_hours_minutes(61) == "+1 h 01 min"
        assert formatting.signed_minutes(0) == "±0 min"


@pytest.mark.parametrize(
    ("language", "percent", "signed", "lab"),
    [
        ("en", "84.3 %", "−1.3", "12.5"),
        ("de", "84,3 %", "−1,3", "12,5"),
        ("es", "84,3 %", "−1,3", "12,5"),
    ],
)
def test_decimals_use_the_languages_separator(
    language: str, percent: str, signed: str, lab: str
) -> None:
    with translation.override(language):
        assert formatting.percent(84.31) == percent
        assert formatting.signed(-1.25) == signed
        assert formatting.lab_value(12.50) == lab
        assert formatting.decimal(None) == formatting.MISSING


@pytest.mark.parametrize(
    ("language", "night", "moment"),
    [
        ("en", "Fri 20 Nov 2026", "20 Nov 2026, 07:30"),
        ("de", "Fr., 20. Nov. 2026", "20. Nov. 2026, 07:30"),
        ("es", "vie 20 nov 2026", "20 nov 2026, 07:30"),
    ],
)
def test_dates_are_written_in_each_languages_order(language: str, night: str, moment: str) -> None:
    from datetime import datetime

    with translation.override(language):
        assert formatting.dated(FRIDAY, formatting.NIGHT_DATE) == night
        assert formatting.dated(datetime(2026, 11, 20, 7, 30), formatting.MOMENT) == moment


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_pages_less_common_states_have_no_english_either(
    alice_with_a_draft_and_a_night: User, alice_client: Client, language: str
) -> None:
    alice = alice_with_a_draft_and_a_night
    # A draft whose night was logged meanwhile (the API, an import): a conflict on the list and
    # on the form; an edited night's previous version; an edit sent from an old version.
    make_night(alice, FRIDAY)
    edited = form_data(night="2026-11-19", notes="geändert")
    assert post(alice_client, "/nights/2026-11-19/", language, edited).status_code == 302
    stale = post(alice_client, "/nights/2026-11-19/", language, {**edited, "version": "old"})
    assert stale.status_code == 409
    bad_file = SimpleUploadedFile("nights.csv", b"night,in_bed\n2026-11-20,22:30\n")
    refused = post(alice_client, "/nights/import/", language, {"file": bad_file})
    assert refused.status_code == 400
    pages = {
        "list with a conflict": get(alice_client, "/nights/", language),
        "form with a conflict": get(alice_client, "/nights/log/?night=2026-11-20", language),
        "previous versions": get(alice_client, "/nights/2026-11-19/", language),
        "edit conflict": text(stale),
        "import refused": text(refused),
    }
    # The refusal names the file's columns as the file has them (domain.md section 5).
    columns = {"import refused": NIGHT_COLUMNS}
    assert {name: english_words(page, columns.get(name, ())) for name, page in pages.items()} == {
        name: [] for name in pages
    }
    assert 'id="previous-versions"' in pages["previous versions"]
    assert 'id="saved-now"' in pages["edit conflict"]
    assert 'id="import-refused"' in pages["import refused"]
    assert "draft-conflict" in pages["list with a conflict"]

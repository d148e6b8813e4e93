"""Dates inside sentences and the catalogue's drug names in the reader's language (issue 16;
README, "Insights in other languages"): English keeps the ISO date and the English INN word it
always wrote, German and Spanish write the date as their DATE_FORMAT and the name in their own
spelling, while CSV, the API and the form's typed values stay as they were."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from diary import catalogue, formatting
from diary.forms import duplicate_error
from diary.management.commands.seed_demo import DEMO_CLINICIAN
from diary.models import LabResult, Treatment, User
from insights.comparisons import period_text
from insights.flags import lab_numbers
from tests.insights.test_insights_i18n import _client, _svgs, _text, demo  # noqa: F401
from tests.treatment_factories import make_session, make_treatment

ISO = re.compile(r"\b\d{4}-\d\d-\d\d\b")
WEEKS_TABLE = re.compile(r'<table class="weeks[^"]*".*?</table>', re.S)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "2026-11-05"), ("de", "5. Nov. 2026"), ("es", "5 nov 2026")],
)
def test_a_date_in_a_sentence_is_written_as_the_language_writes_it(
    language: str, expected: str
) -> None:
    with translation.override(language):
        assert formatting.sentence_date(date(2026, 11, 5)) == expected
        assert formatting.sentence_date(None) == formatting.MISSING


def test_english_sentences_keep_their_iso_dates_byte_for_byte() -> None:
    lab = LabResult(drawn=date(2026, 10, 1), ferritin_ng_ml=Decimal("62.0"), tsat_pct=None)
    with translation.override("en"):
        assert lab_numbers(lab) == "Ferritin 62.0 ng/mL on 2026-10-01"
        assert str(period_text(date(2026, 11, 16))) == (
            "Last full week (2026-11-16 to 2026-11-22) against the 4 weeks before it"
        )
    with translation.override("de"):
        assert lab_numbers(lab) == "Ferritin 62,0 ng/mL am 1. Okt. 2026"
        assert "(16. Nov. 2026 bis 22. Nov. 2026)" in str(period_text(date(2026, 11, 16)))


@pytest.mark.parametrize(
    ("language", "pramipexole", "iron"),
    [
        ("en", "pramipexole", "ferric carboxymaltose"),
        ("de", "Pramipexol", "Eisencarboxymaltose"),
        ("es", "pramipexol", "carboximaltosa férrica"),
    ],
)
def test_a_catalogue_name_is_shown_in_the_languages_spelling(
    language: str, pramipexole: str, iron: str
) -> None:
    with translation.override(language):
        assert catalogue.shown_name("pramipexole") == pramipexole
        assert catalogue.shown_name("ferric_carboxymaltose") == iron
        assert catalogue.shown_name("Ferric carboxymaltose") == (
            "Ferric carboxymaltose" if language == "en" else iron
        )
        assert catalogue.shown_name("my_own_pill") == "my own pill"  # not in the catalogue


def test_every_catalogue_name_has_a_german_and_a_spanish_spelling() -> None:
    assert set(catalogue.SHOWN_NAMES) == set(catalogue.CATALOGUE)
    for language in ("de", "es"):
        with translation.override(language):
            spellings = {catalogue.shown_name(name) for name in catalogue.CATALOGUE}
        assert len(spellings) == len(catalogue.CATALOGUE)
    with translation.override("en"):
        for name in catalogue.CATALOGUE:
            assert catalogue.shown_name(name) == catalogue.readable_name(name)


def _treatments_page(client: Client, language: str) -> str:
    return _text(client.get(reverse("treatments"), HTTP_ACCEPT_LANGUAGE=language).content.decode())


def test_the_treatments_page_names_the_drug_in_the_readers_language(
    alice: User, alice_client: Client
) -> None:
    make_treatment(alice)  # pramipexole
    make_session(alice, "2026-10-01")  # ferric_carboxymaltose

    german = _treatments_page(alice_client, "de")
    spanish = _treatments_page(alice_client, "es")
    english = _treatments_page(alice_client, "en")

    assert "Pramipexol" in german and "Eisencarboxymaltose" in german
    assert "pramipexole" not in german.lower() and "ferric carboxymaltose" not in german
    assert "pramipexol" in spanish and "carboximaltosa férrica" in spanish
    assert "pramipexole" not in spanish
    assert "pramipexole" in english and "ferric carboxymaltose" in english
    # What is stored, and so what the API and CSV give, is the catalogue's word.
    assert set(Treatment.objects.values_list("name", flat=True)) == {
        "pramipexole",
        "ferric_carboxymaltose",
    }


def test_the_add_form_offers_the_catalogue_word_to_type_and_labels_it_in_the_language(
    alice_client: Client,
) -> None:
    german = alice_client.get(reverse("treatment-add"), HTTP_ACCEPT_LANGUAGE="de").content
    english = alice_client.get(reverse("treatment-add"), HTTP_ACCEPT_LANGUAGE="en").content

    assert b'<option value="pramipexole" label="Pramipexol"' in german
    assert b'<option value="pramipexole" data-kinds="medication">' in english


def test_a_german_trends_page_has_no_iso_date_in_its_sentences(demo: User) -> None:  # noqa: F811
    page = _client(demo, "de").get("/trends/").content.decode()
    svgs = _svgs(page)
    # The weekly table's first column is a week's Monday, left ISO (README).
    text = _text(WEEKS_TABLE.sub("", page))

    assert not ISO.findall(text)
    assert "(16. Nov. 2026 bis 22. Nov. 2026)" in text  # the comparisons' period
    assert "Eisencarboxymaltose" in text and "Pramipexol" in text
    assert "ferric carboxymaltose" not in text and "pramipexole" not in text
    # The charts' text alternatives and captions.
    descriptions = re.findall(r'<figcaption[^>]*>.*?</figcaption>|aria-label="[^"]*"', page, re.S)
    assert descriptions and not any(ISO.search(d) for d in descriptions)
    assert svgs


def test_a_german_dashboard_and_review_page_have_no_iso_date_in_their_sentences(
    demo: User,  # noqa: F811
) -> None:
    clinician = _client(User.objects.get(username=DEMO_CLINICIAN), "de")

    dashboard = _text(clinician.get(reverse("clinician-dashboard")).content.decode())
    review_page = clinician.get(reverse("patient-review", args=[demo.pk])).content.decode()
    review = _text(WEEKS_TABLE.sub("", review_page))

    assert "Mögliche Augmentation" in dashboard and "(seit " in dashboard
    assert not ISO.findall(dashboard)
    assert not ISO.findall(review)
    assert "Pramipexol" in review
    # The only English name left is inside the clinician's own note, which is kept as written.
    assert review.count("pramipexole") == review.count("Well controlled on pramipexole")


def test_the_german_pdf_prints_its_sentences_dates_in_german(
    demo: User,  # noqa: F811
    tmp_path: Path,
) -> None:
    clinician = _client(User.objects.get(username=DEMO_CLINICIAN), "de")
    path = tmp_path / "report.pdf"
    path.write_bytes(clinician.get(reverse("patient-report", args=[demo.pk])).content)

    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                       check=True).stdout.split()
    )  # fmt: skip

    assert "gedruckt am 26. Nov. 2026" in text
    assert re.search(r"Nächte \d+\. \w+\.? \d{4} bis \d+\. \w+\.? \d{4}", text)
    assert re.search(r"Pramipexol[^;]* seit \d+\. \w+\.? \d{4}", text)
    assert "gedruckt am 2026" not in text and not re.search(r"(?:seit|am) \d{4}-", text)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "You have already logged the night of 2026-11-05."),
        ("de", "5. Nov. 2026"),
    ],
)
def test_a_form_message_names_its_night_as_the_language_writes_a_date(
    language: str, expected: str
) -> None:
    with translation.override(language):
        error = duplicate_error(date(2026, 11, 5))
        assert expected in " ".join(error.messages)

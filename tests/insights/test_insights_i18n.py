"""Trends, the clinician's dashboard and review page, the before/after table, the night summary,
the print header, the charts and the PDF report in German and Spanish (issue 16, "Languages";
README, "Insights in other languages"): their words from the catalogue, numbers with a decimal
comma and month names in the language, while CSV and the API keep the machine format."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from diary.management.commands.seed_demo import DEMO_CLINICIAN, DEMO_USERNAME
from diary.models import User
from insights.charts import severity
from insights.models import ReviewSnapshot
from insights.views import trends_key
from insights.weekly import weekly_table
from tests.insights.test_chart_geometry import _frames

MINE = re.compile(r"(?:^|\s)(?:insights/|templates/insights/)")
# Placeholders and the words a catalogue entry may share with its translation: what is left
# of a msgid after them must not be found on a translated page.
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*[sdf]|\{\w+\}|%%")

# What each language says where English says it, on the seeded demo (a fixed day).
WORDS: dict[str, dict[str, str]] = {
    "de": {
        "trends_title": "Ihr wöchentlicher Verlauf",
        "period": "Letzte volle Woche (16. Nov. 2026 bis 22. Nov. 2026) im Vergleich zu den 4",
        "chart_title": "Schweregrad der Symptome pro Woche",
        "axis": "Schweregrad (0 bis 10)",
        "right_axis": "Nächte pro Woche",
        "month": "Okt",
        "flags": "Überprüfungshinweise",
        "augmentation": "Mögliche Augmentation",
        "printed": "Gedruckt am 26. Nov. 2026",
        "before_after": "Vorher und nachher bei jeder Behandlung",
        "night_summary": "Was die Nächte in diesem Zeitraum zeigen",
        "pdf_chart": "Schweregrad der Symptome pro Woche",
        "pdf_flags": "Überprüfungshinweise:",
    },
    "es": {
        "trends_title": "Sus tendencias semanales",
        "period": "Última semana completa (16 nov 2026 a 22 nov 2026) frente a las 4 semanas",
        "chart_title": "Gravedad de los síntomas por semana",
        "axis": "Gravedad (0 a 10)",
        "right_axis": "Noches por semana",
        "month": "oct",
        "flags": "Avisos de revisión",
        "augmentation": "Posible aumento",
        "printed": "Impreso el 26 nov 2026",
        "before_after": "Antes y después de cada tratamiento",
        "night_summary": "Lo que dicen las noches de este período",
        "pdf_chart": "Gravedad de los síntomas por semana",
        "pdf_flags": "Avisos de revisión:",
    },
}
SEVERITY_LINE = {
    "de": re.compile(r"Schweregrad \d+,\d/10"),
    "es": re.compile(r"Gravedad \d+,\d/10"),
}


def _text(html: str) -> str:
    html = re.sub(r"<(svg|script)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _svgs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<figure class="chart" id="chart-(\w+)">\s*.*?(<svg\b.*?</svg>)',
                           html, re.S))  # fmt: skip


def _client(user: User, language: str) -> Client:
    # The browser's language, as LocaleMiddleware reads it.
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def demo(db: None) -> Iterator[User]:
    cache.clear()
    with time_machine.travel(datetime(2026, 11, 26, 15, 0, tzinfo=UTC), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        yield User.objects.get(username=DEMO_USERNAME)


def _my_msgids(language: str) -> list[str]:
    """The catalogue's entries from insights/ and templates/insights/, as English phrases of
    at least three words with their placeholders taken out."""
    catalogue = Path(settings.BASE_DIR, "locale", language, "LC_MESSAGES", "django.po")
    phrases = []
    for entry in catalogue.read_text(encoding="utf-8").split("\n\n")[1:]:
        refs = " ".join(line[3:] for line in entry.splitlines() if line.startswith("#: "))
        if not MINE.search(refs):
            continue
        found = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        translated = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', entry, re.M)
        assert found and translated
        msgid, msgstr = ("".join(re.findall(r'"(.*)"', text[1])).replace('\\"', '"')
                         for text in (found, translated))  # fmt: skip
        for part in PLACEHOLDER.split(msgid):
            part = part.strip(" .,:;()")
            # A phrase the language writes the same way ("Ferritin in ng/mL") is not English.
            if len(part.split()) >= 3 and part not in msgstr:
                phrases.append(part)
    return phrases


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_trends_page_and_its_charts_read_in_the_browsers_language(
    demo: User, language: str
) -> None:
    words = WORDS[language]
    page = _client(demo, language).get("/trends/").content.decode()
    text = _text(page)

    assert words["trends_title"] in text and words["period"] in text
    assert SEVERITY_LINE[language].search(text)
    assert words["printed"] in text  # the print header, with the month's name
    assert words["before_after"] in text and words["night_summary"] in text
    # The charts' own text: title, axis titles, month ticks, all inside the SVG.
    svg = _svgs(page)["severity"]
    for key in ("chart_title", "axis", "right_axis"):
        assert words[key] in svg, key
    assert re.search(rf"<text\b[^>]*>\s*{words['month']}\s*</text>", svg)
    # Decimal commas: the weekly table, the night summary's means, the before/after table.
    weeks = re.search(r'<table class="weeks[^"]*".*?</table>', page, re.S)
    assert weeks and re.search(r"<td>\d,\d</td>", weeks[0])
    assert not re.search(r"<td>\d\.\d</td>", weeks[0])
    summary = re.search(r'id="night-summary".*?</section>', page, re.S)
    assert summary and re.search(r"\d,\d\d", _text(summary[0]))
    assert "\u22121,45" in text  # the iron infusion's severity change
    # No English phrase of these templates or of insights is left on the page.
    left = [phrase for phrase in _my_msgids(language) if phrase in text]
    assert not left, left


def test_csv_and_the_api_keep_a_decimal_point_for_a_german_reader(demo: User) -> None:
    client = _client(demo, "de")
    page = client.get("/trends/").content.decode()
    assert re.search(r"<td>\d,\d</td>", page)  # the page itself is German

    csv = client.get(reverse("weeks-export")).getvalue().decode()
    api = client.get(reverse("api-week-list"), HTTP_ACCEPT="application/json").json()

    assert re.search(r",\d+\.\d\d,", csv)  # mean_severity to two places
    assert not re.search(r'"\d+,\d+"', csv)
    weeks = api["results"] if isinstance(api, dict) else api
    severities = [week["mean_severity"] for week in weeks if week["mean_severity"] is not None]
    assert severities and all("," not in str(value) for value in severities)
    assert any(re.fullmatch(r"\d+\.\d\d", str(value)) for value in severities)


def test_a_trends_fragment_cached_in_english_is_not_served_to_a_german_reader(
    demo: User,
) -> None:
    english = _client(demo, "en").get("/trends/").content.decode()
    assert "Symptom severity by week" in english
    today = demo.today()

    german = _client(demo, "de").get("/trends/").content.decode()

    assert "Schweregrad der Symptome pro Woche" in german
    assert "Symptom severity by week" not in german
    # Each language has its own entry, and the English one is still served in English.
    with translation.override("en"):
        english_key = trends_key(demo, "12", today)
    with translation.override("de"):
        german_key = trends_key(demo, "12", today)
    assert english_key != german_key
    again = _client(demo, "en").get("/trends/").content.decode()
    assert "Symptom severity by week" in again and "Schweregrad" not in again


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_dashboard_and_review_page_read_in_the_clinicians_language(
    demo: User, language: str
) -> None:
    words = WORDS[language]
    clinician = User.objects.get(username=DEMO_CLINICIAN)
    # An English reader computes the snapshot first; the other language reads it unchanged.
    english = _client(clinician, "en").get(reverse("clinician-dashboard")).content.decode()
    assert "Possible augmentation" in english
    computed = ReviewSnapshot.objects.get(patient=demo).computed_at
    client = _client(clinician, language)

    dashboard = _text(client.get(reverse("clinician-dashboard")).content.decode())
    review_page = client.get(reverse("patient-review", args=[demo.pk])).content.decode()
    review = _text(review_page)

    assert ReviewSnapshot.objects.get(patient=demo).computed_at == computed
    assert words["augmentation"] in dashboard and "Possible augmentation" not in dashboard
    assert re.search(r"\d,\d \((?:[+\u2212±])\d,\d\)", dashboard)  # severity and its change
    assert re.search(r"Ferritin\w? \d+,\d ng/mL", dashboard)
    assert words["flags"] in review and words["augmentation"] in review
    assert words["printed"] in review
    assert words["chart_title"] in _svgs(review_page)["severity"]
    left = [phrase for phrase in _my_msgids(language) if phrase in dashboard + review]
    assert not left, left


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_pdf_report_is_written_in_the_clinicians_language(
    demo: User, language: str, tmp_path: Path
) -> None:
    words = WORDS[language]
    clinician = User.objects.get(username=DEMO_CLINICIAN)

    pdf = _client(clinician, language).get(reverse("patient-report", args=[demo.pk])).content

    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                       check=True).stdout.split()
    )  # fmt: skip
    assert words["pdf_chart"] in text and words["pdf_flags"] in text
    assert words["augmentation"] in text
    assert "Review flags" not in text and "Symptom severity by week" not in text
    assert re.search(r"\b\d,\d\b", text)  # the weekly table's means


@pytest.mark.parametrize("language", ["de", "es"])
def test_a_chart_drawn_in_a_language_says_its_words_and_numbers_in_it(language: str) -> None:
    table, nights = _frames(84)
    assert not weekly_table(nights).empty
    with translation.override(language):
        svg = severity.render(table, nights, "dark")
        description = severity.describe(table, nights)

    assert WORDS[language]["axis"] in svg and WORDS[language]["right_axis"] in svg
    assert re.search(r"\d,\d/10", description) and not re.search(r"\d\.\d/10", description)

"""Every wide table spells out its abbreviations in a legend under it and links to the glossary,
each term to its own entry where the glossary has one (issue 15)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from diary.management.commands.seed_demo import DEMO_CLINICIAN, DEMO_USERNAME
from diary.models import User
from tests.helpers import logged_in, text

# Page, who opens it, and the glossary entries its tables link to.
PAGES = [
    ("/nights/", DEMO_USERNAME, ("tib", "tst", "se", "sleep-loss", "severity")),
    ("/trends/", DEMO_USERNAME, ("symptomatic", "severity", "onset", "tst", "se", "sol")),
    ("/labs/", DEMO_USERNAME, ("irls", "cgi")),
    ("/clinician/", DEMO_CLINICIAN, ("severity", "sleep-loss")),
    ("review", DEMO_CLINICIAN, ("tst", "se", "sol", "irls", "cgi", "onset")),
]


@pytest.mark.parametrize(("path", "username", "anchors"), PAGES)
def test_each_tables_legend_links_to_the_glossary(
    db: None, path: str, username: str, anchors: tuple[str, ...]
) -> None:
    call_command("seed_demo", stdout=StringIO())
    if path == "review":
        path = f"/clinician/patients/{User.objects.get(username=DEMO_USERNAME).pk}/"
    glossary = reverse("glossary")

    page = text(logged_in(User.objects.get(username=username)).get(path))

    assert 'class="help table-legend"' in page
    assert f'href="{glossary}"' in page
    for anchor in anchors:
        assert f'href="{glossary}#{anchor}"' in page, anchor


def test_the_legends_spell_out_the_nights_lists_abbreviations(db: None) -> None:
    call_command("seed_demo", stdout=StringIO())

    page = text(logged_in(User.objects.get(username=DEMO_USERNAME)).get("/nights/"))

    legend = page.split('id="nights-legend"', 1)[1].split("</p>", 1)[0]
    for words in ("time in bed", "total sleep time", "sleep efficiency", "sleep loss"):
        assert words in legend

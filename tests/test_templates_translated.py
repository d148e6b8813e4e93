"""The pages and mails that no page list of the browser tests reaches (a refusal, a page shown
once after a POST, the e-mails) in German and Spanish: no string of the catalogue left in
English (issue 16)."""

import re
from functools import cache
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

# Template, and what it is given where the app renders it.
TEMPLATES: list[tuple[str, dict[str, Any]]] = [
    ("diary/two_factor_on.html", {"codes": ["abcd-efgh"]}),
    ("registration/too_many_attempts.html", {"seconds": 30}),
    ("registration/locked_out.html", {}),
    ("registration/logged_out.html", {}),
    ("registration/password_change_done.html", {}),
    (
        "registration/password_reset_email.txt",
        {
            "user": {"username": "alice"},
            "domain": "diary.example",
            "protocol": "https",
            "uid": "MQ",
            "token": "set-token",
        },
    ),
    ("registration/password_reset_subject.txt", {}),
    (
        "registration/email_confirm_email.txt",
        {"username": "alice", "site": "diary.example", "days": 3, "link": "https://x/"},
    ),
    ("registration/email_confirm_subject.txt", {}),
]


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


@cache
def english_phrases(language: str) -> frozenset[str]:
    """What the catalogue's English says that the language says differently (or not yet at
    all): whole strings, and the pieces between a string's placeholders, long enough not to be
    words the languages share."""
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    phrases: set[str] = set()
    for entry in polib.pofile(str(path)):
        if entry.msgstr == entry.msgid:
            continue
        for english in filter(None, (entry.msgid, entry.msgid_plural)):
            phrases.update(
                piece.strip()
                for piece in PLACEHOLDER.split(english.replace("%%", "%"))
                if len(piece.strip()) >= 12 and "<" not in piece
            )
    return frozenset(phrases)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("template", "context"), TEMPLATES, ids=[t for t, _c in TEMPLATES])
def test_it_renders_the_page_with_no_english_left(
    template: str, context: dict[str, Any], language: str, db: None
) -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override(language):
        german_or_spanish = text_of(render_to_string(template, context, request=request))
    with translation.override("en"):
        english = text_of(render_to_string(template, context, request=request))
    assert german_or_spanish != english
    left = sorted(p for p in english_phrases(language) if text_of(p) in german_or_spanish)
    assert left == [], f"{template} in {language} still says: {left}"

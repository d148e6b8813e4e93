"""The German and Spanish catalogues are complete and current (issue 16): every marked string
is in them and translated, nothing fuzzy, the placeholders the same as in English, and the
committed .mo files are what the .po files compile to (a stale .mo would serve old text)."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.languages import ENGLISH_ONLY_FILES

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
LOCALE = Path(settings.BASE_DIR) / "locale"
# What scripts/messages reads: the app's code and templates, not tests or tooling.
SOURCES = ("diary", "insights", "rlsdiary", "templates", "manage.py")

needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="needs gettext (scripts/test installs it)"
)


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def counted(entry: polib.POEntry) -> bool:
    """Whether the entry must be translated: some file that uses it is not English by design."""
    files = [path for path, _line in entry.occurrences]
    return not files or any(not ENGLISH_ONLY_FILES.match(path) for path in files)


@pytest.fixture(scope="module")
def remade(tmp_path_factory: pytest.TempPathFactory) -> dict[str, polib.POFile]:
    """makemessages run over a copy of the sources and catalogues, as scripts/messages would:
    what the catalogues would be if they were brought up to date now."""
    if shutil.which("xgettext") is None:
        pytest.skip("needs gettext (scripts/test installs it)")
    copy = tmp_path_factory.mktemp("messages")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        source = Path(settings.BASE_DIR) / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=ignore)
        else:
            shutil.copy(source, copy / name)
    for language in LANGUAGES:
        (copy / "locale" / language / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(catalogue(language), copy / "locale" / language / "LC_MESSAGES")
    # A process of its own: makemessages changes directory and reads LOCALE_PATHS, and the copy
    # must be the only catalogue it can write to.
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            *(f"--locale={language}" for language in LANGUAGES),
            "--add-location=file",
            "--no-obsolete",
            "--verbosity=0",
        ],
        cwd=copy,
        check=True,
        # The copy's settings put LOCALE_PATHS in the copy (BASE_DIR is where they are).
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "rlsdiary.settings", "PYTHONPATH": str(copy)},
    )
    return {language: polib.pofile(str(catalogue_in(copy, language))) for language in LANGUAGES}


def catalogue_in(root: Path, language: str) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


def entries(language: str) -> Iterator[polib.POEntry]:
    yield from (e for e in polib.pofile(str(catalogue(language))) if not e.obsolete)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_has_every_marked_string_in_the_catalogue(
    remade: dict[str, polib.POFile], language: str
) -> None:
    committed = {(e.msgctxt, e.msgid) for e in entries(language)}
    missing = sorted(
        e.msgid for e in remade[language] if (e.msgctxt, e.msgid) not in committed and counted(e)
    )
    assert missing == [], f"marked but not in locale/{language}: run scripts/messages: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_has_every_string_translated_and_none_fuzzy(
    remade: dict[str, polib.POFile], language: str
) -> None:
    untranslated = sorted(
        f"{e.msgid!r} ({', '.join(path for path, _line in e.occurrences)})"
        for e in remade[language]
        if counted(e) and (not e.translated() or e.fuzzy)
    )
    assert untranslated == [], f"{language}: untranslated or fuzzy:\n" + "\n".join(untranslated)


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdfr]|%[sdfr]|\{[a-z_]*\}")


def placeholders(text: str) -> Counter[str]:
    """Each named placeholder once (a translation may name the child twice where English
    says "they" the second time); positional ones as often as they occur."""
    found = PLACEHOLDER.findall(text.replace("%%", ""))
    named = {p for p in found if "(" in p or p not in ("%s", "%d", "%f", "%r", "{}")}
    return Counter(named) + Counter(p for p in found if p not in named)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_keeps_every_placeholder_of_the_english(language: str) -> None:
    wrong = []
    for entry in entries(language):
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for translation in filter(None, translations):
            english = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
            if placeholders(translation) - english or (
                not entry.msgid_plural and placeholders(translation) != english
            ):
                wrong.append(f"{entry.msgid!r} -> {translation!r}")
    assert wrong == [], f"{language}: placeholders differ:\n" + "\n".join(wrong)


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_it_serves_what_the_catalogue_says(tmp_path: Path, language: str) -> None:
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(compiled), str(catalogue(language))], check=True
    )
    committed = catalogue(language).with_suffix(".mo")
    with compiled.open("rb") as fresh, committed.open("rb") as served:
        expected = gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]
        actual = gettext.GNUTranslations(served)._catalog  # type: ignore[attr-defined]
    assert actual == expected, f"locale/{language}'s .mo is stale: run scripts/messages"

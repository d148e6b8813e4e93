"""Every page in German and Spanish (issue 16): no English left, and nothing cut off at 390 px.

Each page of tests/browser/test_accessibility.py's lists is opened in English, German and
Spanish side by side (a browser context each, the language chosen as the footer does, with
Django's language cookie), the same steps taken in each (a button found by its translated
name). From each rendering come its words: the text, SVG text included, the <title>, and the
title, aria-label, placeholder and alt attributes. A German or Spanish page fails when
  - a text is exactly an English string of the catalogue whose translation differs,
  - a text writes a number with a decimal point (German and Spanish write "7,5"), or
  - a text is the same as in the English page and holds a word of the app's English that the
    language's own catalogue never uses (names, units, abbreviations and numbers pass that way:
    they are in the translations too, or no English string has them);
when a data-* attribute or an input's value holds a number with a decimal comma (scripts and
forms read those: they stay "7.5");
and at 390 px wide when the page scrolls sideways, or an element cuts its text off (its content
wider than its box: an element that hides or clips overflow, or ends it with an ellipsis, a
button, a label, a table cell, a link in the navigation)."""

import re
import zoneinfo
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, TextField
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

from diary.management.commands.seed_demo import DEMO_CLINICIAN, DEMO_PASSWORD, DEMO_USERNAME
from diary.models import ApiToken, Assessment, LabResult, Night, Treatment, User
from tests.browser.pages import PHONE, log_in
from tests.browser.test_accessibility import (
    CLINICIAN_PAGES,
    PATIENT_PAGES,
    SIGNED_OUT_PAGES,
    Page,
    Seeded,
    seed,
    serve,
    with_two_factor_on,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
LOCALE = Path(settings.BASE_DIR) / "locale"

# Turning two-factor sign-in on ends every session, the other languages' too; those two pages
# are checked in tests/diary/test_languages.py with the test client instead.
NOT_HERE = {
    page.label
    for page in PATIENT_PAGES
    if page.arrange is with_two_factor_on or page.label == "settings, two-factor on"
}

# Words the same in every language here, that no catalogue need translate.
SAME_IN_EVERY_LANGUAGE = {
    "RLS",
    "IRLS",
    "CGI",
    "API",
    "Authorization",  # the HTTP header, and its scheme
    "Token",
    "CSV",
    "JSON",
    "PDF",
    "QR",
    "PNG",
    "TST",
    "TIB",
    "TSAT",
    "SE",
    "SOL",
    "WASO",
    "min",
    "mg",
    "ng",
    "mL",
    # The languages, each named in itself (settings.LANGUAGES).
    *(word for _code, name in settings.LANGUAGES for word in name.split()),
}

TIME_ZONES = frozenset(zoneinfo.available_timezones())

# German and Spanish write a decimal comma: "7,5". (Dates here have no "7.5" in them.)
ENGLISH_DECIMAL = re.compile(r"(?<![\w.])[0-9]+\.[0-9]+(?!\w|\.[0-9])")

WORD = re.compile(r"[A-Za-z][A-Za-z’']+")

# Visible words of a page: text nodes (SVG's too, and inside <template>s, which scripts show),
# the title, and the attributes people read or hear.
WORDS_OF_PAGE = """
(exclude) => {
  const texts = [document.title];
  const skip = (el) => !el || el.closest('script, style, noscript') ||
    exclude.some((selector) => el.closest(selector));
  const walk = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (skip(node.parentElement)) continue;
      const text = node.textContent.replace(/\\s+/g, ' ').trim();
      if (text) texts.push(text);
    }
  };
  walk(document.body);
  document.querySelectorAll('template').forEach((t) => walk(t.content));
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
    if (skip(el)) continue;
    for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
      const value = el.getAttribute(name);
      if (value && value.trim()) texts.push(value.replace(/\\s+/g, ' ').trim());
    }
  }
  return texts;
}
"""

# What is cut off at this width: the page wider than the window, or an element whose text
# does not fit its box where the overflow does not scroll.
CLIPPED = """
(exclude) => {
  const found = [];
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width) {
    const wide = document.documentElement.scrollWidth;
    found.push(`the page scrolls sideways (${wide} px in ${width})`);
  }
  const fixed = 'button, label, th, td, nav a, a.button, .button, legend, h1, h2, h3';
  for (const el of document.body.querySelectorAll('*')) {
    if (exclude.some((selector) => el.closest(selector))) continue;
    // Out of sight on purpose (the log form's hidden default button is aria-hidden).
    if (el.closest('.skip-link, .visually-hidden, .sr-only, svg, [aria-hidden="true"]')) continue;
    // Inside a closed <details> nothing is drawn (its sizes are not the reader's).
    const details = el.closest('details');
    if (details && !details.open && !el.closest('summary')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || el.clientWidth <= 1) continue;
    const clips = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    if (!clips && !el.matches(fixed)) continue;
    if (['auto', 'scroll'].includes(style.overflowX)) continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.textContent.trim()) {
      const text = el.textContent.replace(/\\s+/g, ' ').trim().slice(0, 60);
      const tag = el.tagName.toLowerCase();
      found.push(`<${tag}> "${text}" needs ${el.scrollWidth} px, has ${el.clientWidth}`);
    }
  }
  return found;
}
"""


# Numbers that scripts and forms read stay as Python writes them ("7.5"), and dates and times
# of date and time inputs as HTML wants them ("2026-11-30", "21:05"), whatever the language: a
# data-* attribute or an input's value in the language's own form was localized by mistake.
LOCALIZED_MACHINE_NUMBERS = """
() => {
  const found = [];
  const comma = /^[-\u2212]?[0-9]+,[0-9]+$/;
  for (const el of document.querySelectorAll('*')) {
    for (const attribute of el.attributes) {
      const read = attribute.name.startsWith('data-') || attribute.name === 'value';
      if (read && comma.test(attribute.value.trim())) {
        found.push(`<${el.tagName.toLowerCase()} ${attribute.name}="${attribute.value}">`);
      }
    }
  }
  const iso = {date: /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, time: /^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$/};
  for (const input of document.querySelectorAll('input[type=date], input[type=time]')) {
    const value = input.getAttribute('value');
    if (value && !iso[input.type].test(value)) {
      found.push(`<input type="${input.type}" value="${value}">`);
    }
  }
  return found;
}
"""


class Translated:
    """A Playwright page whose get_by_role finds a control by its English name in the page's
    language, so that the accessibility test's steps work in every language."""

    def __init__(self, page: Any, language: str) -> None:
        self.page = page
        self.language = language

    def get_by_role(self, role: str, *, name: str | None = None, **options: Any) -> Any:
        if name is not None:
            with translation.override(self.language):
                name = translation.gettext(name)
        return self.page.get_by_role(role, name=name, **options)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.page, attribute)


@cache
def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@cache
def untranslated_if_shown(language: str) -> frozenset[str]:
    """English strings whose translation differs: seen as they are, they were not translated."""
    return frozenset(
        entry.msgid
        for entry in catalogue(language)
        if entry.translated() and not entry.msgid_plural and entry.msgstr != entry.msgid
    )


@cache
def english_words(language: str) -> frozenset[str]:
    """Words of the app's English that the language's catalogue never uses itself."""
    english: set[str] = set()
    own: set[str] = set(SAME_IN_EVERY_LANGUAGE)
    for entry in catalogue(language):
        english.update(WORD.findall(entry.msgid))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            own.update(WORD.findall(text))
    return frozenset(english - own)


def what_people_wrote() -> list[str]:
    """The diary's own words (notes, treatment names, usernames...), longest first: shown as
    they were written, in whatever language that was."""
    written: set[str] = set()
    for model in (User, Night, Treatment, LabResult, Assessment, ApiToken):
        for field in model._meta.get_fields():
            if isinstance(field, CharField | TextField) and not field.choices:
                values = model.objects.values_list(field.name, flat=True).distinct()
                written.update(v for v in values if isinstance(v, str) and len(v) >= 3)
    return sorted(written, key=len, reverse=True)


ADDRESS = re.compile(r"\S+@\S+|https?://\S+")


def without(text: str, written: list[str]) -> str:
    """The text less e-mail or web addresses and what people wrote (addresses first: an address
    typed later than the list was made would otherwise lose its user part to a username)."""
    text = ADDRESS.sub(" ", text)
    for value in written:
        text = text.replace(value, " ")
    return text


def left_in_english(
    language: str, texts: list[str], english: list[str], written: list[str]
) -> list[str]:
    same = set(texts) & set(english)
    found = []
    for text in dict.fromkeys(texts):
        if text in TIME_ZONES:  # the zone choices: names of places, in the IANA's spelling
            continue
        if number := ENGLISH_DECIMAL.search(without(text, written)):
            found.append(f"{text!r} (a decimal point, not the language's comma: {number[0]})")
        if text in untranslated_if_shown(language):
            found.append(f"{text!r} (an English string of the catalogue)")
        elif text in same:
            words = [
                w for w in WORD.findall(without(text, written)) if w in english_words(language)
            ]
            if words:
                found.append(f"{text!r} (as in English: {', '.join(words)})")
    return found


def error_page_in(language: str, status: int, seeded: Seeded) -> str:
    """test_accessibility's error pages, rendered in the language."""
    if status == 400:
        response = Client().get(
            "/", HTTP_HOST="not-our-host.example", headers={"Accept-Language": language}
        )
        return response.content.decode()
    request = RequestFactory().get("/")
    request.user = seeded.patient
    with translation.override(language):
        if status == 403:
            return defaults.permission_denied(request, PermissionDenied()).content.decode()
        return defaults.server_error(request).content.decode()


def open_in(
    open_page: Callable[..., Any], base: str, language: str, user: str | None
) -> Translated:
    page = open_page(PHONE.width, PHONE.height)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
    )
    translated = Translated(page, language)
    if user is not None:
        log_in(translated, base, user, DEMO_PASSWORD)
    return translated


def visit(page: Translated, base: str, spec: Page, seeded: Seeded) -> str | None:
    """Opens the page and takes its steps; what went wrong, if anything."""
    url = spec.url(seeded)
    if spec.served_status is not None:
        html = error_page_in(page.language, spec.served_status, seeded)
        page.route(f"{base}{url}", serve(spec.served_status, html))
    response = page.goto(f"{base}{url}")
    if response is None or response.status != spec.status:
        return f"answered {response.status if response else 'nothing'}, not {spec.status}"
    try:
        if spec.then:
            spec.then(page)
        if spec.ready:
            page.wait_for_selector(spec.ready)
    except Exception as error:  # a step that does not fit the page: say so, go on
        return f"could not get the page ready: {error}"
    return None


def check_languages(
    open_page: Callable[..., Any], base: str, pages: list[Page], seeded: Seeded, user: str | None
) -> Iterator[str]:
    written = what_people_wrote()
    english = open_in(open_page, base, "en", user)
    others = [open_in(open_page, base, language, user) for language in LANGUAGES]
    for spec in pages:
        if spec.label in NOT_HERE:
            continue
        if spec.arrange:
            spec.arrange(english, base, seeded)
        if problem := visit(english, base, spec, seeded):
            yield f"{spec.label} (en): {problem}"
            continue
        exclude = list(spec.exclude)
        reference = english.evaluate(WORDS_OF_PAGE, exclude)
        for page in others:
            if problem := visit(page, base, spec, seeded):
                yield f"{spec.label} ({page.language}): {problem}"
                continue
            where = f"{spec.label} ({page.language}, {page.url.removeprefix(base)})"
            yield from (
                f"{where}: a number for machines in the language's form: {found}"
                for found in page.evaluate(LOCALIZED_MACHINE_NUMBERS)
            )
            lang = page.evaluate("document.documentElement.lang")
            if lang != page.language:
                yield f"{where}: <html lang> is {lang!r}"
            texts = page.evaluate(WORDS_OF_PAGE, exclude)
            yield from (
                f"{where}: {found}"
                for found in left_in_english(page.language, texts, reference, written)
            )
            yield from (f"{where}: {found}" for found in page.evaluate(CLIPPED, exclude))


@pytest.fixture
def seeded(transactional_db: None) -> Seeded:
    return seed()


def assert_translated(
    open_page: Callable[..., Any], base: str, pages: list[Page], seeded: Seeded, user: str | None
) -> None:
    problems = list(check_languages(open_page, base, pages, seeded, user))
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_every_patient_page_is_translated_and_fits_a_phone(
    live_server: Any, open_page: Callable[..., Any], seeded: Seeded
) -> None:
    assert_translated(open_page, live_server.url, PATIENT_PAGES, seeded, DEMO_USERNAME)


@pytest.mark.browser
def test_every_clinician_page_is_translated_and_fits_a_phone(
    live_server: Any, open_page: Callable[..., Any], seeded: Seeded
) -> None:
    assert_translated(open_page, live_server.url, CLINICIAN_PAGES, seeded, DEMO_CLINICIAN)


@pytest.mark.browser
def test_every_signed_out_page_is_translated_and_fits_a_phone(
    live_server: Any, open_page: Callable[..., Any], seeded: Seeded
) -> None:
    assert_translated(open_page, live_server.url, SIGNED_OUT_PAGES, seeded, None)


@pytest.mark.browser
def test_a_visitor_picks_a_language_in_the_footer_without_script(
    live_server: Any, browser: Any
) -> None:
    # No JavaScript at all: the footer's form is a plain POST to Django's set_language.
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/glossary/")
        page.select_option("#footer-language", "de")
        page.get_by_role("button", name="Apply").click()
        page.wait_for_url(f"{live_server.url}/glossary/")
        assert page.evaluate("document.documentElement.lang") == "de"
        assert page.locator("h1").inner_text() == "Glossar"
        page.goto(f"{live_server.url}/accounts/login/")
        assert page.get_by_role("button", name="Anmelden").is_visible()
    finally:
        context.close()

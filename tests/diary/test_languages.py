"""Languages (issue 16): the choice in Settings, the footer's choice, the browser's, and English
for everything machines read."""

import io
import re
import zipfile
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format, localize

from diary.languages import language_for
from diary.models import User
from tests.factories import make_night
from tests.helpers import logged_in
from tests.two_factor_helpers import turn_on

pytestmark = pytest.mark.django_db

GERMAN_BROWSER = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
SPANISH = {"Accept-Language": "es"}


def body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def html_lang(response: Any) -> str:
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


def test_it_follows_the_browser_for_a_visitor(client: Client) -> None:
    response = client.get("/", headers=GERMAN_BROWSER)
    assert html_lang(response) == "de"
    assert "Tagebuch" in response.content.decode()
    assert html_lang(client.get("/")) == "en"


def test_it_follows_the_footer_choice_of_a_visitor_over_the_browser(client: Client) -> None:
    page = client.get("/glossary/")
    assert 'action="/i18n/setlang/"' in page.content.decode()
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/glossary/"})
    assert response.status_code == 302
    assert response["Location"] == "/glossary/"
    assert html_lang(client.get("/glossary/", headers=GERMAN_BROWSER)) == "es"


def test_it_uses_the_language_chosen_in_settings_over_the_browser(
    alice: User, alice_client: Client
) -> None:
    response = alice_client.post("/settings/language/", {"lang-language": "es"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "es"
    page = alice_client.get("/settings/", headers=GERMAN_BROWSER)
    assert html_lang(page) == "es"
    assert "Idioma guardado." in page.content.decode()
    # Another device, no cookie: the account's choice still holds.
    assert html_lang(logged_in(alice).get("/settings/", headers=GERMAN_BROWSER)) == "es"


def test_it_goes_back_to_the_browser_when_the_choice_is_cleared(
    alice: User, alice_client: Client
) -> None:
    alice_client.post("/settings/language/", {"lang-language": "es"})
    response = alice_client.post("/settings/language/", {"lang-language": ""})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == ""
    assert html_lang(alice_client.get("/settings/", headers=GERMAN_BROWSER)) == "de"


def test_it_refuses_a_language_it_does_not_have_and_keeps_the_old_one(
    alice: User, alice_client: Client
) -> None:
    alice_client.post("/settings/language/", {"lang-language": "de"})
    response = alice_client.post("/settings/language/", {"lang-language": "fr"})
    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.language == "de"
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert "Bitte eine gültige Auswahl treffen" in page


def test_it_takes_the_language_only_from_a_post_by_a_signed_in_person(
    client: Client, alice_client: Client
) -> None:
    assert alice_client.get("/settings/language/").status_code == 405
    response = client.post("/settings/language/", {"lang-language": "de"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_gives_each_user_their_own_language_for_mail(alice: User, bob: User) -> None:
    alice.language = "de"
    assert language_for(alice) == "de"
    assert language_for(bob) == "en"  # blank: the site's default


def test_it_shows_a_settings_page_in_the_chosen_language(alice: User, alice_client: Client) -> None:
    User.objects.filter(pk=alice.pk).update(language="de")
    assert "<h1>Einstellungen</h1>" in alice_client.get("/settings/").content.decode()


# What programs read is English and unlocalized whoever asks: byte for byte the same answer.
MACHINE_READABLE = (
    ("/api/v1/nights/", 200),
    ("/api/v1/nights/?format=csv", 200),
    ("/api/v1/nights/2026-11-20/", 200),
    ("/api/v1/nights/1999-01-01/", 404),  # error answers too
    ("/api/v1/nights/?from=yesterday", 400),
    ("/api/v1/profile/", 200),
    ("/nights/export.csv", 200),
    ("/trends/weeks.csv", 200),
)


@pytest.mark.parametrize(("url", "status"), MACHINE_READABLE)
def test_it_answers_machines_in_english_whatever_the_language(
    alice: User, alice_client: Client, url: str, status: int
) -> None:
    make_night(alice, "2026-11-20", sleep_quality=3)
    english = alice_client.get(url)
    assert english.status_code == status
    english_body = body(english)
    assert body(alice_client.get(url, headers=GERMAN_BROWSER)) == english_body
    User.objects.filter(pk=alice.pk).update(language="de")
    german_user = alice_client.get(url, headers=GERMAN_BROWSER)
    assert body(german_user) == english_body
    assert german_user.status_code == english.status_code
    assert german_user["Content-Language"] == "en"


def test_it_keeps_the_api_docs_page_in_the_readers_language(client: Client) -> None:
    assert html_lang(client.get("/api/docs/", headers=GERMAN_BROWSER)) == "de"


def test_it_shows_the_two_factor_off_page_in_the_chosen_language(alice: User) -> None:
    # The browser test leaves this page out: turning two-factor on ends its other sessions.
    turn_on(alice)
    User.objects.filter(pk=alice.pk).update(language="es")
    alice.refresh_from_db()
    page = logged_in(alice).get("/settings/two-factor/off/").content.decode()
    assert "Desactivar el inicio de sesión en dos pasos" in page
    assert "Turn off" not in page


def test_it_sends_the_password_reset_in_the_accounts_language(client: Client, alice: User) -> None:
    alice.email, alice.language = "alice@example.org", "de"
    alice.save()
    client.post("/accounts/password_reset/", {"email": "alice@example.org"}, headers=SPANISH)
    [message] = mail.outbox
    assert message.subject == "Ihr RLS-Diary-Passwort zurücksetzen"
    assert message.body.startswith("Hallo alice,")


def test_it_sends_the_password_reset_in_the_browsers_language_when_none_was_chosen(
    client: Client, alice: User
) -> None:
    alice.email = "alice@example.org"
    alice.save()
    client.post("/accounts/password_reset/", {"email": "alice@example.org"}, headers=SPANISH)
    [message] = mail.outbox
    assert message.subject == "Restablezca su contraseña de RLS Diary"


@pytest.mark.parametrize(
    ("language", "day", "moment", "number"),
    [
        ("en", "30 Nov 2026", "30 Nov 2026, 21:05", "7.5"),
        ("de", "30. Nov. 2026", "30. Nov. 2026, 21:05", "7,5"),
        ("es", "30 nov 2026", "30 nov 2026, 21:05", "7,5"),
    ],
)
def test_it_writes_dates_and_numbers_in_the_languages_way(
    language: str, day: str, moment: str, number: str
) -> None:
    with translation.override(language):
        assert date_format(date(2026, 11, 30), "DATE_FORMAT") == day
        assert date_format(datetime(2026, 11, 30, 21, 5), "DATETIME_FORMAT") == moment
        assert localize(7.5) == number
        assert localize(12345) == "12345"  # no thousands separator


def test_it_names_months_and_days_in_the_language() -> None:
    with translation.override("de"):
        assert date_format(date(2026, 3, 2), "l j. F") == "Montag 2. März"
    with translation.override("es"):
        assert date_format(date(2026, 3, 2), "l j F") == "lunes 2 marzo"


def members(response: Any) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body(response))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_it_writes_the_full_export_in_english_whatever_the_language(
    alice: User, alice_client: Client
) -> None:
    make_night(alice, "2026-11-20", sleep_quality=3)
    with time_machine.travel(datetime(2026, 11, 30, 12, tzinfo=UTC), tick=False):
        english = members(alice_client.get("/settings/export.zip"))
        User.objects.filter(pk=alice.pk).update(language="de")
        german = members(alice_client.get("/settings/export.zip", headers=GERMAN_BROWSER))
    assert "profile.json" in german
    assert german == english


def test_it_follows_the_browser_when_the_chosen_language_is_no_longer_offered(
    alice: User, alice_client: Client
) -> None:
    User.objects.filter(pk=alice.pk).update(language="fr")
    assert html_lang(alice_client.get("/settings/", headers=GERMAN_BROWSER)) == "de"
    alice.refresh_from_db()
    assert language_for(alice) == "en"


SIGN_UP = {
    "username": "newpatient",
    "password1": "night-owl-legs-42",
    "password2": "night-owl-legs-42",
    "account_type": "patient",
    "timezone": "Europe/Berlin",
}


@pytest.mark.parametrize("language", ["de", "es"])
def test_an_account_made_in_german_or_spanish_keeps_that_language(
    client: Client, db: None, language: str
) -> None:
    # Reminders are sent without a browser to ask: they would otherwise go out in English.
    response = client.post("/accounts/signup/", SIGN_UP, headers={"Accept-Language": language})
    assert response.status_code == 302
    user = User.objects.get(username="newpatient")
    assert user.language == language
    assert language_for(user) == language


def test_an_account_made_in_english_follows_the_browser(client: Client, db: None) -> None:
    client.post("/accounts/signup/", SIGN_UP, headers={"Accept-Language": "en"})
    assert User.objects.get(username="newpatient").language == ""


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_the_password_change_page_has_a_title_of_its_own(
    alice: User, alice_client: Client, language: str
) -> None:
    alice.language = language
    alice.save(update_fields=["language"])
    page = body(alice_client.get("/accounts/password_change/")).decode()
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    heading = re.search(r"<h1>(.*?)</h1>", page)
    assert title and heading
    assert title[1].strip().startswith(f"{heading[1]} · ")


def test_the_sign_up_help_and_the_log_in_error_are_in_correct_spanish(client: Client) -> None:
    sign_up = body(client.get("/accounts/signup/", headers=SPANISH)).decode()
    assert "150 caracteres" in sign_up
    assert "carácteres" not in sign_up
    log_in = client.post(
        "/accounts/login/", {"username": "nobody", "password": "wrong"}, headers=SPANISH
    )
    error = body(log_in).decode()
    # The field is "Contraseña"; Django's Spanish calls it "clave".
    assert "nombre de usuario y una contraseña correctos" in error
    assert "clave" not in error

"""Where mail goes, from the environment (rlsdiary.email_url): EMAIL_URL, the separate EMAIL_*
variables, or the console."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from rlsdiary.email_url import CONSOLE, SMTP, MailSettings, mail_settings


def test_it_prints_mail_to_the_console_when_nothing_is_set() -> None:
    assert mail_settings({}) == MailSettings(backend=CONSOLE)


def test_console_url_prints_mail_to_the_console() -> None:
    assert mail_settings({"EMAIL_URL": "console://"}).backend == CONSOLE


@pytest.mark.parametrize(
    ("url", "port", "use_tls", "use_ssl"),
    [
        ("smtp://mail.example.org", 25, False, False),
        ("smtp://mail.example.org:2525", 2525, False, False),
        ("smtp+tls://mail.example.org", 587, True, False),
        ("smtp+ssl://mail.example.org", 465, False, True),
        ("smtp+tls://mail.example.org:2587/", 2587, True, False),
    ],
)
def test_it_reads_the_smtp_server_from_the_url(
    url: str, port: int, use_tls: bool, use_ssl: bool
) -> None:
    mail = mail_settings({"EMAIL_URL": url})
    assert (mail.backend, mail.host, mail.port) == (SMTP, "mail.example.org", port)
    assert (mail.use_tls, mail.use_ssl) == (use_tls, use_ssl)
    assert (mail.user, mail.password) == ("", "")


def test_it_percent_decodes_the_user_and_password() -> None:
    mail = mail_settings({"EMAIL_URL": "smtp+tls://diary%40example.org:p%40ss%3Aw%2Ford@mx:587"})
    assert (mail.user, mail.password) == ("diary@example.org", "p@ss:w/ord")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("smtps://mx.example.org", "scheme 'smtps'"),
        ("mx.example.org:25", "smtp://"),
        ("smtp://:secret@:25", "names no SMTP host"),
        ("smtp://user:secret@mx.example.org:twenty-five", "port that is not a number"),
        ("smtp://user:secret@mx.example.org:99999", "port that is not a number"),
        ("smtp://user:secret@mx.example.org/relay", "nothing after the host"),
        ("smtp://user:secret@mx.example.org?tls=1", "nothing after the host"),
        ("console://anything", "takes nothing after it"),
    ],
)
def test_a_malformed_url_stops_start_up_without_repeating_the_password(
    url: str, message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message) as error:
        mail_settings({"EMAIL_URL": url})
    assert "secret" not in str(error.value)


def test_the_url_and_separate_variables_together_are_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="not both"):
        mail_settings({"EMAIL_URL": "smtp://mx", "EMAIL_HOST": "other"})


def test_it_reads_the_usual_separate_variables() -> None:
    mail = mail_settings(
        {
            "EMAIL_HOST": "mx.example.org",
            "EMAIL_HOST_USER": "diary",
            "EMAIL_HOST_PASSWORD": "s3cret",
            "EMAIL_USE_TLS": "true",
        }
    )
    assert mail == MailSettings(
        backend=SMTP,
        host="mx.example.org",
        port=587,
        user="diary",
        password="s3cret",
        use_tls=True,
    )
    assert mail_settings({"EMAIL_HOST": "mx", "EMAIL_PORT": "2525"}).port == 2525


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"EMAIL_HOST": "mx", "EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number"),
        ({"EMAIL_HOST": "mx", "EMAIL_USE_TLS": "maybe"}, "EMAIL_USE_TLS must be true or false"),
        (
            {"EMAIL_HOST": "mx", "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"},
            "cannot both be true",
        ),
    ],
)
def test_malformed_separate_variables_stop_start_up(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        mail_settings(environ)


def test_the_settings_hold_the_parsed_parts_never_the_url() -> None:
    # Django's debug page hides settings named like *PASS*, not EMAIL_URL.
    from django.conf import settings

    assert not hasattr(settings, "EMAIL_URL")

"""Where mail goes, from the environment (rlsdiary.settings): EMAIL_URL, or the usual EMAIL_HOST,
EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS and EMAIL_USE_SSL, or, with
neither, the console (the mail is printed to the server's output, as in development).

A malformed value stops start-up with ImproperlyConfigured; no message repeats the URL or the
password, which would otherwise end up in a log.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"

# scheme: (use TLS after connecting (STARTTLS), use TLS from the start, default port)
_SMTP_SCHEMES = {
    "smtp": (False, False, 25),
    "smtp+tls": (True, False, 587),
    "smtp+ssl": (False, True, 465),
}
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


@dataclass(frozen=True)
class MailSettings:
    backend: str = CONSOLE
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False


def mail_settings(environ: Mapping[str, str]) -> MailSettings:
    url = environ.get("EMAIL_URL")
    if url is not None:
        if any(environ.get(name) for name in _SEPARATE):
            raise ImproperlyConfigured(
                f"Set EMAIL_URL or {', '.join(_SEPARATE)}, not both: they would disagree"
            )
        return from_url(url)
    if environ.get("EMAIL_HOST"):
        return from_variables(environ)
    return MailSettings()


_SEPARATE = (
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
)


def from_url(url: str) -> MailSettings:
    """ "console://", or "smtp://[user:password@]host[:port]" ("smtp+tls://" for STARTTLS,
    587 by default; "smtp+ssl://" for TLS from the start, 465 by default). The user name and
    password are percent-decoded, so a password may hold any character written as %XX."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        if url != "console://":
            raise ImproperlyConfigured("EMAIL_URL: console:// takes nothing after it")
        return MailSettings()
    if parts.scheme not in _SMTP_SCHEMES:
        raise ImproperlyConfigured(
            "EMAIL_URL must be smtp://[user:password@]host[:port], smtp+tls://..., "
            f"smtp+ssl://... or console://, not a URL of scheme {parts.scheme!r}"
        )
    use_tls, use_ssl, default_port = _SMTP_SCHEMES[parts.scheme]
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL names no SMTP host")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImproperlyConfigured("EMAIL_URL takes nothing after the host and port")
    return MailSettings(
        backend=SMTP,
        host=parts.hostname,
        port=_port(parts) or default_port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )


def _port(parts: SplitResult) -> int | None:
    try:
        return parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a port that is not a number") from None


def from_variables(environ: Mapping[str, str]) -> MailSettings:
    use_tls = _flag(environ, "EMAIL_USE_TLS")
    use_ssl = _flag(environ, "EMAIL_USE_SSL")
    if use_tls and use_ssl:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true")
    raw_port = environ.get("EMAIL_PORT", "")
    if raw_port and not raw_port.isdigit():
        raise ImproperlyConfigured(f"EMAIL_PORT must be a whole number, not {raw_port!r}")
    port = int(raw_port) if raw_port else 465 if use_ssl else 587 if use_tls else 25
    return MailSettings(
        backend=SMTP,
        host=environ["EMAIL_HOST"],
        port=port,
        user=environ.get("EMAIL_HOST_USER", ""),
        password=environ.get("EMAIL_HOST_PASSWORD", ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )


def _flag(environ: Mapping[str, str], name: str) -> bool:
    raw = environ.get(name, "").lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")

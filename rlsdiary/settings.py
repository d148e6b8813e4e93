"""One flat settings module. Everything that differs between machines comes from the environment
through the small strict helpers below: a malformed value stops start-up instead of being guessed.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from rlsdiary.email_url import mail_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The two caches' names in the database, in local memory, and as key prefixes in Redis.
_CACHE_NAMES = {"default": "rlsdiary_cache", "limits": "rlsdiary_limits"}


def env_caches(name: str) -> dict[str, dict[str, Any]]:
    """CACHES from one URL: "db://" (the default) for tables of the database, "locmem://" for
    one process's memory, "redis://[:password@]host[:port][/db]" ("rediss://" over TLS) for a
    Redis server that every app server shares. Both caches ("default" for pages, "limits" for
    rate limits) use the one backend; the error never repeats the URL, which may hold a password.
    """
    raw = os.environ.get(name, "db://")
    if raw == "db://":
        # The counts have a table of their own, so that filling the chart cache can never cull
        # them (diary.limits); `migrate` creates both tables (diary.apps).
        return {
            alias: {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": table,
                **({"OPTIONS": {"MAX_ENTRIES": 50_000}} if alias == "limits" else {}),
            }
            for alias, table in _CACHE_NAMES.items()
        }
    if raw == "locmem://":
        return {
            alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": table}
            for alias, table in _CACHE_NAMES.items()
        }
    if raw.startswith(("redis://", "rediss://")):
        return {
            alias: {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": _redis_location(name, raw),
                # One Redis database holds both: "rlsdiary_cache:1:trends-..." and
                # "rlsdiary_limits:1:throttle_login_...".
                "KEY_PREFIX": prefix,
                # redis-py waits forever by default; a Redis that stops answering should cost
                # a request a second or two, not gunicorn's whole timeout.
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
            }
            for alias, prefix in _CACHE_NAMES.items()
        }
    scheme = urlsplit(raw).scheme
    if scheme in ("db", "locmem"):
        raise ImproperlyConfigured(f"{name}: {scheme}:// takes nothing after it")
    raise ImproperlyConfigured(
        f"{name} must be db://, locmem://, or redis://[:password@]host[:port][/db] "
        f"(rediss:// over TLS), not a URL of scheme {scheme!r}"
    )


def _redis_location(name: str, url: str) -> str:
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number") from None
    if not parts.hostname:
        raise ImproperlyConfigured(f"{name} names no Redis host")
    if parts.path not in ("", "/") and not parts.path[1:].isdigit():
        raise ImproperlyConfigured(f"{name} must end with a database number, e.g. /0")
    # Django reads a LOCATION with "," or ";" as several servers.
    if "," in url or ";" in url:
        raise ImproperlyConfigured(f"{name}: write , and ; in a password as %2C and %3B")
    return url


DEBUG = env_bool("DEBUG", False)
# The default key is for development and tests only; `check --deploy` flags it, and the README's
# production variables replace it.
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-development-key-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # django.contrib.admin, with our log-in page (limits, two-factor) and its verified sessions.
    "diary.apps.DiaryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "axes",
    "csp",
    # Two-factor sign-in: an authenticator app (TOTP) and one-time backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Kept versions of nights, treatments and labs: the 30-day "recently deleted" (diary.undo).
    "simple_history",
    "diary",
    "insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files need neither header (nor no-store, below).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's own language over LocaleMiddleware's guess; English for the API.
    "diary.languages.UserLanguageMiddleware",
    "diary.sessions.IdleTimeoutMiddleware",
    # Two-factor sign-in: marks a session verified by a code, then holds clinicians to it.
    "django_otp.middleware.OTPMiddleware",
    "diary.two_factor_middleware.ClinicianTwoFactorMiddleware",
    # Needs request.user: every answer to a signed-in user, and every API answer, is no-store.
    "rlsdiary.headers.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rlsdiary.urls"
WSGI_APPLICATION = "rlsdiary.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "diary.wording.wording",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite behind a web server: readers never wait for the writer (WAL), a writer waits up to
    # 20 s for another rather than failing with "database is locked", and every transaction
    # takes the write lock when it begins, so that one which reads and then writes never fails
    # halfway when another writer got there first. Our backend queues those transactions on a
    # file lock rather than leaving them to SQLite's polling (rlsdiary/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "rlsdiary.sqlite"
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 0)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    # Persistent connections (3-4x the throughput of a new one per request), checked before
    # each request reuses one.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

AUTH_USER_MODEL = "diary.User"
AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend must come first so locked-out users are refused before checking
    # the password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Five wrong passwords for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Days the lock-out library's logs (log-ins, failures, attempts) are kept before
# `manage.py housekeeping` deletes them.
AXES_LOG_RETENTION_DAYS = env_int("AXES_LOG_RETENTION_DAYS", 90)
if AXES_LOG_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("AXES_LOG_RETENTION_DAYS must be at least 1")

# Two-factor sign-in (diary/two_factor.py). When true, a clinician must set up an authenticator
# app before using anything else, and the API refuses their requests until then.
OTP_REQUIRED_FOR_CLINICIANS = env_bool("OTP_REQUIRED_FOR_CLINICIANS", False)
OTP_TOTP_ISSUER = "RLS Diary"  # the name the authenticator app shows beside the code
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin may delete a lost device, not read its key

# Where a request comes from (diary.client): REMOTE_ADDR, unless the app runs behind this many
# reverse proxies that each append to X-Forwarded-For. Every rate limit and django-axes use it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "diary.client.client_address"

LANGUAGE_CODE = "en"
# Each language is named in itself, so that a person who cannot read the current one finds theirs.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("es", "Español")]
# The catalogues (scripts/messages makes and compiles them; the .mo files are committed so that
# a fresh machine needs no gettext to run the app).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
# Dates and decimal commas follow the language (Django's formats for de and es); no thousands
# separator: the diary's numbers are small, and "1.234" reads as a decimal to half the readers.
USE_THOUSAND_SEPARATOR = False
# Short date formats per language, for templates' |date:"DATE_FORMAT" (rlsdiary/formats).
FORMAT_MODULE_PATH = ["rlsdiary.formats"]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # No manifest: templates then render without a collectstatic step in development and tests.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# Shared by every worker and server of one deployment: cached charts and the rate limits' counts
# (diary.limits). CACHE_URL picks the backend (env_caches): the database's tables by default,
# Redis for a deployment of several app servers (README, "Scaling out").
CACHES = env_caches("CACHE_URL")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "diary.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "diary.api.two_factor.SecondFactorInPlace",
    ],
    # JSON only (CSV where a view adds it): DRF's browsable HTML pages carry inline styles that
    # the Content-Security-Policy refuses; people explore the API at /api/docs/ instead.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's default parsers, with JSON read by one that refuses deep nesting and unpaired
    # surrogates with a 400 (diary/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "diary.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's own, counting per client address as diary.client decides it (diary.limits).
    "DEFAULT_THROTTLE_CLASSES": [
        "diary.limits.AnonRateThrottle",
        "diary.limits.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("THROTTLE_ANON", "60/min"),
        "user": env_str("THROTTLE_USER", "600/min"),
        "login": env_str("THROTTLE_LOGIN", "10/min"),
    },
}

# API tokens (django-rest-knox, diary.models.ApiToken): hashed, named, and they expire.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 30)
KNOX_TOKEN_MODEL = "diary.ApiToken"  # swaps knox's own model out
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": timedelta(days=API_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",  # domain.md: Authorization: Token ...
}
# knox's migrations only build the table of its own model, swapped out above.
MIGRATION_MODULES = {"knox": None}
# Sessions end after this long without a request (diary.sessions); a patient's phone may stay
# signed in, a clinician's shared workstation may not.
SESSION_IDLE_PATIENT_DAYS = env_int("SESSION_IDLE_PATIENT_DAYS", 14)
SESSION_IDLE_CLINICIAN_HOURS = env_int("SESSION_IDLE_CLINICIAN_HOURS", 12)
for _name in ("API_TOKEN_DAYS", "SESSION_IDLE_PATIENT_DAYS", "SESSION_IDLE_CLINICIAN_HOURS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1, not {globals()[_name]}")

# Largest CSV file a patient may import, in bytes (about 40,000 nights fit in 5 MB).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)

SPECTACULAR_SETTINGS = {
    "TITLE": "RLS Diary API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page's JavaScript and CSS are served from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "diary.api.two_factor.document_refusals",
        "diary.api.errors.document_long_urls",
    ],
}

# Production hardening, off by default so that development and tests run over plain HTTP on
# 127.0.0.1; the README lists the variables that a production deployment sets.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The footer's language choice (set_language) is a cookie like the others.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# A load balancer probes /healthz over plain HTTP, inside the HTTPS proxy; a redirect would
# read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): everything from this site, no inline script or style
# at all (charts are inline SVG written with presentation attributes, not style attributes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): a diary needs none of these.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# A new clinician account cannot redeem share codes until a site administrator ticks
# "clinician verified" in the admin; false for a single practice that runs its own copy.
CLINICIAN_VERIFICATION = env_bool("CLINICIAN_VERIFICATION", True)

# Mail (e-mail confirmation, password reset): EMAIL_URL, or EMAIL_HOST and the other usual
# EMAIL_* variables, or with neither the console (rlsdiary.email_url). Only the parsed parts are
# settings: Django's debug page hides EMAIL_HOST_PASSWORD, and would show an EMAIL_URL whole.
_MAIL = mail_settings(os.environ)
EMAIL_BACKEND = _MAIL.backend
EMAIL_HOST = _MAIL.host
EMAIL_PORT = _MAIL.port
EMAIL_HOST_USER = _MAIL.user
EMAIL_HOST_PASSWORD = _MAIL.password
EMAIL_USE_TLS = _MAIL.use_tls
EMAIL_USE_SSL = _MAIL.use_ssl
# An SMTP server that stops answering holds up one request this long, not a worker's whole
# timeout.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "RLS Diary <noreply@localhost>")
del _MAIL
# Days a link to confirm an e-mail address works (diary.email_addresses).
EMAIL_CONFIRM_DAYS = env_int("EMAIL_CONFIRM_DAYS", 3)
if EMAIL_CONFIRM_DAYS < 1:
    raise ImproperlyConfigured(f"EMAIL_CONFIRM_DAYS must be at least 1, not {EMAIL_CONFIRM_DAYS}")
# Seconds a password-reset link works (Django's own setting): one day rather than Django's three,
# since the link alone lets its holder set the password.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 24 * 60 * 60)

LOG_LEVEL = env_str("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The level sits on the handler too: Django's own loggers propagate to it past the root's.
    "handlers": {"console": {"class": "logging.StreamHandler", "level": LOG_LEVEL}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# Reminders to log last night (diary.reminders, README "Reminders (issue 16)"). SITE_URL is
# where the links in a reminder point, since send_reminders runs outside any request.
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")
# A reminder not sent within this many hours after its time is skipped for that night: after
# an outage of the timer, nobody is woken at midnight to log a night they were reminded of
# at 08:30.
REMINDER_WINDOW_HOURS = env_int("REMINDER_WINDOW_HOURS", 3)
if not 1 <= REMINDER_WINDOW_HOURS <= 12:
    raise ImproperlyConfigured(
        f"REMINDER_WINDOW_HOURS must be from 1 to 12, not {REMINDER_WINDOW_HOURS}"
    )
# Web push (diary.push): without both keys the option is not offered. The private key is the
# base64url of the raw key or a PEM file's path (py_vapid reads either); the subject is how a
# push service can reach the site's operator ("mailto:…" or an https URL).
VAPID_PUBLIC_KEY = env_str("VAPID_PUBLIC_KEY", "")
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "mailto:admin@localhost")

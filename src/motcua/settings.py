"""Django settings for Một Cửa. Every knob is an environment variable (docs/configuration.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from motcua.core.conf import env

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(
    env("MOTCUA_VAR_DIR", str(PROJECT_DIR / "var"), "Folder for the SQLite file, uploads and logs.")
)

DEFAULT_SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105 - refused in production below

ENVIRONMENT = env(
    "MOTCUA_ENVIRONMENT",
    "development",
    "`development`, `test` or `production`. Production refuses the default secret key "
    "and turns on secure cookies.",
)
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"MOTCUA_ENVIRONMENT must be development, test or production, not {ENVIRONMENT!r}"
    )
SECRET_KEY = env(
    "MOTCUA_SECRET_KEY", DEFAULT_SECRET_KEY, "Django secret key; required in production."
)
if ENVIRONMENT == "production" and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured(
        "MOTCUA_SECRET_KEY is the default development key; set a long random secret "
        "before running in production (MOTCUA_ENVIRONMENT=production)."
    )
DEBUG = env("MOTCUA_DEBUG", False, "Django debug pages. Never in production.", cast=bool)
ALLOWED_HOSTS = env(
    "MOTCUA_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost", "testserver"],
    "Comma-separated host names the server answers to.",
    cast=list,
)
CSRF_TRUSTED_ORIGINS = env(
    "MOTCUA_CSRF_TRUSTED_ORIGINS",
    [],
    "Comma-separated origins (scheme://host) trusted for form posts behind a proxy.",
    cast=list,
)

DATABASES = {
    "default": dj_database_url.parse(
        env(
            "MOTCUA_DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}",
            "Database URL: `sqlite:///path` or `postgres://user:pass@host:5432/name`.",
        ),
        conn_max_age=env(
            "MOTCUA_DATABASE_CONN_MAX_AGE",
            60,
            "Seconds a PostgreSQL connection is kept open between requests.",
            cast=int,
        ),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiles plans above jit_above_cost for 40-120 ms and never pays back on
    # OLTP statements of this size (docs/benchmarks.md, dossiers at 1,000,000).
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the writer; IMMEDIATE transactions take the write lock
    # at BEGIN so two writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

INSTALLED_APPS = [
    "motcua.core",
    "motcua.accounts",
    "motcua.agencies",
    "motcua.calendar",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.workflow",
    "motcua.api",
    "motcua.portal",
    "motcua.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "motcua.core.middleware.RefuseNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# Staff get the permissions of the roles they hold (roles are data: accounts.Role).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "motcua.agencies.backends.StaffRoleBackend",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English second (DESIGN.md, Conventions).
LANGUAGE_CODE = env("MOTCUA_LANGUAGE_CODE", "vi", "Default interface language (`vi` or `en`).")
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Stored in UTC, shown in Asia/Ho_Chi_Minh (DESIGN.md, Conventions).
USE_TZ = True
TIME_ZONE = env("MOTCUA_TIME_ZONE", "Asia/Ho_Chi_Minh", "Time zone in which times are shown.")

STATIC_URL = "/static/"
STATIC_ROOT = Path(
    env("MOTCUA_STATIC_ROOT", str(VAR_DIR / "static"), "Where `collectstatic` gathers files.")
)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MOTCUA_MEDIA_ROOT", str(VAR_DIR / "media"), "Uploaded files (local disk)."))

SESSION_COOKIE_AGE = env(
    "MOTCUA_SESSION_COOKIE_AGE", 8 * 3600, "Seconds before a login session expires.", cast=int
)
# A bearer token of API v1 lives one working day by default, like a login session.
API_TOKEN_LIFETIME_HOURS = env(
    "MOTCUA_API_TOKEN_LIFETIME_HOURS",
    12,
    "Hours an API token from `POST /api/v1/auth/token` stays valid.",
    cast=int,
)
if API_TOKEN_LIFETIME_HOURS < 1:
    raise ImproperlyConfigured(
        f"MOTCUA_API_TOKEN_LIFETIME_HOURS must be at least 1, not {API_TOKEN_LIFETIME_HOURS}"
    )
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = ENVIRONMENT == "production"
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# The largest request body read into memory: an online submission carries its scans as
# base64 in JSON (a third larger than the files). Larger bodies get 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = env(
    "MOTCUA_REQUEST_MAX_BYTES",
    12 * 1024 * 1024,
    "Largest request body in bytes (an online submission with its files as base64).",
    cast=int,
)

# [U] DOMAIN.md §11: whether a Saturday-morning reception counts toward deadlines is not
# confirmed; most likely it does not, so by default it does not.
SATURDAY_COUNTS_FOR_DEADLINES = env(
    "MOTCUA_SATURDAY_COUNTS_FOR_DEADLINES",
    False,
    "Whether Saturday-morning reception hours count as working time for deadlines "
    "(DOMAIN.md §11, unconfirmed; default no).",
    cast=bool,
)

# [U] Whether time spent waiting for the applicant to pay (status 6) counts toward the
# time limit is not stated in DOMAIN.md; land law excludes it, so by default it pauses.
PAYMENT_PAUSES_CLOCK = env(
    "MOTCUA_PAYMENT_PAUSES_CLOCK",
    True,
    "Whether the clock stops while a dossier waits for a payment (DOMAIN.md §13, "
    "unconfirmed; default yes).",
    cast=bool,
)
# [U] DOMAIN.md §2.5: the apology must come at least 1 day before the deadline (Lai Châu
# 2025) or at the latest on the appointment date (HCMC 2016). Default: any time before
# the appointment passes; a province may require a lead time in working hours.
APOLOGY_MIN_LEAD_WORKING_HOURS = env(
    "MOTCUA_APOLOGY_MIN_LEAD_WORKING_HOURS",
    0,
    "Working hours before the appointment by which an apology with a new date must be "
    "issued (DOMAIN.md §2.5, unconfirmed; default 0: until the appointment passes).",
    cast=int,
)
UPLOAD_MAX_BYTES = env(
    "MOTCUA_UPLOAD_MAX_BYTES",
    4 * 1024 * 1024,
    "Largest file a dossier component may carry, in bytes.",
    cast=int,
)

LOG_LEVEL = env("MOTCUA_LOG_LEVEL", "INFO", "Log level: DEBUG, INFO, WARNING, ERROR.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "motcua.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

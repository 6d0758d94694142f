"""Django settings for Một Cửa. Every knob is an environment variable (docs/configuration.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
# Server-side parameters and prepared statements: the server parses and plans a
# statement a connection has run PREPARE_THRESHOLD times once, not on every run,
# and psycopg sends the values apart instead of quoting them into the text in
# Python. Together they halve the database's CPU per online submission and cut a
# fifth of the worker's (docs/benchmarks.md). A pooler in transaction mode
# (PgBouncer before 1.21) cannot keep prepared statements: set the threshold to 0.
_prepare = env(
    "MOTCUA_DATABASE_PREPARE_THRESHOLD",
    5,
    "PostgreSQL: runs of a statement on one connection before it is prepared; "
    "0 turns prepared statements off (for a pooler in transaction mode).",
    cast=int,
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiles plans above jit_above_cost for 40-120 ms and never pays back on
    # OLTP statements of this size (docs/benchmarks.md, dossiers at 1,000,000).
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}
    DATABASES["default"]["OPTIONS"].update(
        server_side_binding=True, prepare_threshold=_prepare if _prepare > 0 else None
    )
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
    "motcua.notifications",
    "motcua.documents",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.workflow",
    "motcua.feedback",
    "motcua.reports",
    "motcua.api",
    "motcua.portal",
    "motcua.office",
    "motcua.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "motcua.core.middleware.RefuseNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "motcua.core.sessions.SlidingSessionMiddleware",
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
                "motcua.portal.context.unread_notices",
            ],
        },
    },
]

# Sign-in on the portal (any account: officers and applicants); the admin keeps its own.
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:notices"
LOGOUT_REDIRECT_URL = "portal:home"

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
    "MOTCUA_SESSION_COOKIE_AGE",
    2 * 3600,
    "Seconds of inactivity before a login session expires (renewed on every request).",
    cast=int,
)
# The expiry counts from the last request (core.sessions.SlidingSessionMiddleware), so
# an officer at work all day stays signed in and a counter screen left alone signs out.
SIGN_IN_MAX_FAILURES = env(
    "MOTCUA_SIGN_IN_MAX_FAILURES",
    5,
    "Failed sign-ins of one username, inside the lockout window, before it is refused.",
    cast=int,
)
SIGN_IN_LOCKOUT_MINUTES = env(
    "MOTCUA_SIGN_IN_LOCKOUT_MINUTES",
    15,
    "Minutes over which failed sign-ins are counted, and the lockout lasts.",
    cast=int,
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
# One-time codes that verify an applicant's e-mail or phone and reset a password (issue 5
# §2): short-lived, few guesses, resent at most once a minute and a few times an hour.
ACCOUNT_CODE_MINUTES = env(
    "MOTCUA_ACCOUNT_CODE_MINUTES",
    10,
    "Minutes a verification or password-reset code stays valid.",
    cast=int,
)
ACCOUNT_CODE_MAX_ATTEMPTS = env(
    "MOTCUA_ACCOUNT_CODE_MAX_ATTEMPTS",
    5,
    "Wrong entries of one code before it is spent and a new one must be asked for.",
    cast=int,
)
ACCOUNT_CODE_RESEND_SECONDS = env(
    "MOTCUA_ACCOUNT_CODE_RESEND_SECONDS",
    60,
    "Seconds before another code of the same kind can be sent to the same account.",
    cast=int,
)
ACCOUNT_CODE_MAX_PER_HOUR = env(
    "MOTCUA_ACCOUNT_CODE_MAX_PER_HOUR",
    5,
    "Codes of one kind sent to one account in an hour, at most (each SMS costs money).",
    cast=int,
)
if min(ACCOUNT_CODE_MINUTES, ACCOUNT_CODE_MAX_ATTEMPTS, ACCOUNT_CODE_MAX_PER_HOUR) < 1:
    raise ImproperlyConfigured(
        "MOTCUA_ACCOUNT_CODE_MINUTES, _MAX_ATTEMPTS and _MAX_PER_HOUR must be at least 1"
    )
# Sign-in through an OpenID Connect provider (VNeID is one): off unless an issuer and a
# client id are set. Endpoints and keys come from the issuer's discovery document.
OIDC_ISSUER = env(
    "MOTCUA_OIDC_ISSUER",
    "",
    "OpenID Connect issuer URL (VNeID or another provider); blank turns the option off.",
)
OIDC_DISCOVERY_URL = env(
    "MOTCUA_OIDC_DISCOVERY_URL",
    "",
    "Discovery document URL; blank: `<issuer>/.well-known/openid-configuration`.",
)
OIDC_CLIENT_ID = env("MOTCUA_OIDC_CLIENT_ID", "", "Client id registered with the provider.")
OIDC_CLIENT_SECRET = env(
    "MOTCUA_OIDC_CLIENT_SECRET", "", "Client secret registered with the provider."
)
OIDC_SCOPES = env("MOTCUA_OIDC_SCOPES", "openid profile", "Scopes asked for, space-separated.")
OIDC_CITIZEN_ID_CLAIM = env(
    "MOTCUA_OIDC_CITIZEN_ID_CLAIM",
    "citizen_id",
    "Claim (id token or userinfo) that carries the 12-digit citizen ID.",
)
OIDC_PROVIDER_NAME = env(
    "MOTCUA_OIDC_PROVIDER_NAME", "VNeID", "Name of the provider on the sign-in button."
)
OIDC_TIMEOUT = env(
    "MOTCUA_OIDC_TIMEOUT",
    10,
    "Seconds to wait for the provider's token and key endpoints.",
    cast=int,
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
# DOMAIN.md §2.2: an online dossier is accepted, or corrections asked for, within 8
# working hours of its submission (Decree 297/2025's template; unconfirmed for Decree
# 118 itself [U]).
ONLINE_CHECK_WORKING_HOURS = env(
    "MOTCUA_ONLINE_CHECK_WORKING_HOURS",
    8,
    "Working hours a counter officer has to check an online dossier (DOMAIN.md §2.2).",
    cast=int,
)
UPLOAD_MAX_BYTES = env(
    "MOTCUA_UPLOAD_MAX_BYTES",
    4 * 1024 * 1024,
    "Largest file a dossier component may carry, in bytes.",
    cast=int,
)

# --- Feedback and complaints (phản ánh, kiến nghị; issue 5 §7, feedback/complaints.py) ---
# [S] DOMAIN.md §8, Decision 766 indicator 5.2: refuse within 2 working days, ask for
# more information within 5, answer within 15 (from receipt), publish within 2 (here:
# from the answer). Read from a secondary source, so each is a setting.
PAKN_ACCEPT_WORKING_DAYS = env(
    "MOTCUA_PAKN_ACCEPT_WORKING_DAYS",
    2,
    "Working days from receipt to accept or refuse a PAKN (DOMAIN.md §8, 766 indicator 5.2).",
    cast=int,
)
PAKN_INFO_WORKING_DAYS = env(
    "MOTCUA_PAKN_INFO_WORKING_DAYS",
    5,
    "Working days from receipt to ask the sender of a PAKN for more information.",
    cast=int,
)
PAKN_ANSWER_WORKING_DAYS = env(
    "MOTCUA_PAKN_ANSWER_WORKING_DAYS",
    15,
    "Working days from receipt to answer a PAKN.",
    cast=int,
)
PAKN_PUBLISH_WORKING_DAYS = env(
    "MOTCUA_PAKN_PUBLISH_WORKING_DAYS",
    2,
    "Working days from the answer to publish it on the portal.",
    cast=int,
)
if not 0 < PAKN_ACCEPT_WORKING_DAYS <= PAKN_INFO_WORKING_DAYS <= PAKN_ANSWER_WORKING_DAYS:
    raise ImproperlyConfigured(
        "MOTCUA_PAKN_*_WORKING_DAYS must satisfy 0 < accept <= info <= answer"
    )
PAKN_SENDS_PER_HOUR = env(
    "MOTCUA_PAKN_SENDS_PER_HOUR",
    10,
    "PAKN one network address may send in an hour on the portal (no captcha).",
    cast=int,
)
PAKN_LOOKUP_FAILURES_PER_HOUR = env(
    "MOTCUA_PAKN_LOOKUP_FAILURES_PER_HOUR",
    20,
    "Failed PAKN lookups (code with a wrong phone or e-mail) one address may make in an "
    "hour before lookups from it are refused for the rest of the hour.",
    cast=int,
)

# --- Messages at each dossier step, officer reminders, the deadline sweep (issue 6 §3,
# §4; workflow/messages.py, workflow/reminders.py, docs/notifications.md) ---
PUBLIC_BASE_URL = env(
    "MOTCUA_PUBLIC_BASE_URL",
    "http://127.0.0.1:8000",
    "Address of the site as citizens and officers reach it, without a trailing slash; "
    "links in messages start with it (tracking: <address>/tra-cuu/?ma=<code>).",
).rstrip("/")
# The lookup terminals at the centre (portal /kiosk/): back to the blank lookup after
# this long without a touch, so the next person never sees the last one's dossier.
KIOSK_IDLE_SECONDS = env(
    "MOTCUA_KIOSK_IDLE_SECONDS",
    60,
    "Seconds without a touch after which the lookup kiosk (/kiosk/) clears itself.",
    cast=int,
)
if KIOSK_IDLE_SECONDS < 1:
    raise ImproperlyConfigured(
        f"MOTCUA_KIOSK_IDLE_SECONDS must be at least 1, not {KIOSK_IDLE_SECONDS}"
    )
DEADLINE_SWEEP_EVERY_SECONDS = env(
    "MOTCUA_DEADLINE_SWEEP_EVERY_SECONDS",
    300,
    "Seconds between two runs of the deadline sweep (steps due soon, steps late, "
    "dossiers at risk of missing their appointment).",
    cast=int,
)
REMIND_DUE_WITHIN_WORKING_HOURS = env(
    "MOTCUA_REMIND_DUE_WITHIN_WORKING_HOURS",
    4,
    "A step is reminded to its officer when this many working hours or fewer are left "
    "before it falls due (default half a working day).",
    cast=int,
)
# DOMAIN.md §2.5: the apology is due from one working day before the appointment (Lai
# Châu 2025), so the leaders are prompted that early; a province that requires a lead
# time (APOLOGY_MIN_LEAD_WORKING_HOURS) must prompt before it starts.
APOLOGY_PROMPT_WORKING_HOURS = env(
    "MOTCUA_APOLOGY_PROMPT_WORKING_HOURS",
    8,
    "Working hours before the appointment from which the leaders are asked to issue an "
    "apology with a new date (Mẫu 04) for a dossier that will miss it (default 1 day).",
    cast=int,
)
LEADER_DIGEST_AT = env(
    "MOTCUA_LEADER_DIGEST_AT",
    "07:00",
    "Time of day (HH:MM, TIME_ZONE) the leaders' daily digest is sent, on working days.",
)
if DEADLINE_SWEEP_EVERY_SECONDS < 1 or REMIND_DUE_WITHIN_WORKING_HOURS < 1:
    raise ImproperlyConfigured(
        "MOTCUA_DEADLINE_SWEEP_EVERY_SECONDS and MOTCUA_REMIND_DUE_WITHIN_WORKING_HOURS must "
        "be at least 1"
    )
if APOLOGY_PROMPT_WORKING_HOURS <= APOLOGY_MIN_LEAD_WORKING_HOURS:
    raise ImproperlyConfigured(
        "MOTCUA_APOLOGY_PROMPT_WORKING_HOURS must exceed MOTCUA_APOLOGY_MIN_LEAD_WORKING_HOURS "
        f"(now {APOLOGY_PROMPT_WORKING_HOURS} and {APOLOGY_MIN_LEAD_WORKING_HOURS}): the "
        "leaders must be asked before the last moment the apology may be issued"
    )

# Background work: the task worker, its schedule and outbox delivery (issue 6 §1, §5, §6;
# docs/operations.md). Jobs are rows in the same database (django-tasks-db), so a job
# enqueued by a service commits or rolls back with the change that caused it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
WORKER_TICK_SECONDS = env(
    "MOTCUA_WORKER_TICK_SECONDS",
    5,
    "Seconds between a worker's heartbeats; each beat also enqueues due periodic jobs.",
    cast=int,
)
WORKER_STALE_SECONDS = env(
    "MOTCUA_WORKER_STALE_SECONDS",
    60,
    "Seconds without a heartbeat after which a worker counts as dead: its running job is "
    "queued again and /healthz stops counting it.",
    cast=int,
)
if not 0 < WORKER_TICK_SECONDS < WORKER_STALE_SECONDS:
    raise ImproperlyConfigured(
        "MOTCUA_WORKER_TICK_SECONDS must be at least 1 and below MOTCUA_WORKER_STALE_SECONDS "
        f"(now {WORKER_TICK_SECONDS} and {WORKER_STALE_SECONDS})"
    )
OUTBOX_MAX_ATTEMPTS = env(
    "MOTCUA_OUTBOX_MAX_ATTEMPTS",
    6,
    "Attempts to send one message before it is dead and the administrator is alerted.",
    cast=int,
)
OUTBOX_RETRY_BASE_SECONDS = env(
    "MOTCUA_OUTBOX_RETRY_BASE_SECONDS",
    60,
    "Wait before the 2nd attempt; it doubles after each failure (60 s and 6 attempts: "
    "dead after 31 minutes of failures).",
    cast=int,
)
OUTBOX_CLAIM_SECONDS = env(
    "MOTCUA_OUTBOX_CLAIM_SECONDS",
    300,
    "Seconds a worker holds the messages it took; a killed worker's messages go to "
    "another worker after that.",
    cast=int,
)
OUTBOX_BATCH_SIZE = env(
    "MOTCUA_OUTBOX_BATCH_SIZE", 200, "Messages a worker takes from the outbox at a time.", cast=int
)
OUTBOX_SEND_THREADS = env(
    "MOTCUA_OUTBOX_SEND_THREADS",
    8,
    "Messages of one batch a worker sends at the same time.",
    cast=int,
)
OUTBOX_DELIVER_EVERY_SECONDS = env(
    "MOTCUA_OUTBOX_DELIVER_EVERY_SECONDS",
    5,
    "Seconds between two runs of outbox delivery (a run drains the outbox).",
    cast=int,
)
OUTBOX_RETENTION_DAYS = env(
    "MOTCUA_OUTBOX_RETENTION_DAYS",
    365,
    "Days a sent message is kept before the nightly clean-up deletes it.",
    cast=int,
)
TASK_RESULT_RETENTION_DAYS = env(
    "MOTCUA_TASK_RESULT_RETENTION_DAYS",
    14,
    "Days finished job results and periodic-run records are kept.",
    cast=int,
)
for _name, _value in {
    "MOTCUA_OUTBOX_MAX_ATTEMPTS": OUTBOX_MAX_ATTEMPTS,
    "MOTCUA_OUTBOX_RETRY_BASE_SECONDS": OUTBOX_RETRY_BASE_SECONDS,
    "MOTCUA_OUTBOX_CLAIM_SECONDS": OUTBOX_CLAIM_SECONDS,
    "MOTCUA_OUTBOX_BATCH_SIZE": OUTBOX_BATCH_SIZE,
    "MOTCUA_OUTBOX_SEND_THREADS": OUTBOX_SEND_THREADS,
    "MOTCUA_OUTBOX_DELIVER_EVERY_SECONDS": OUTBOX_DELIVER_EVERY_SECONDS,
    "MOTCUA_OUTBOX_RETENTION_DAYS": OUTBOX_RETENTION_DAYS,
    "MOTCUA_TASK_RESULT_RETENTION_DAYS": TASK_RESULT_RETENTION_DAYS,
}.items():
    if _value < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1, not {_value}")
del _name, _value
# Jobs the workers enqueue on a schedule, once per slot whatever the number of workers:
# {"task": dotted path of a django-tasks Task, "every": seconds} or
# {"task": ..., "daily_at": "HH:MM"} in TIME_ZONE. A slot is skipped while the job's
# previous run is still queued or running, so no job runs twice at once.
PERIODIC_TASKS: list[dict[str, Any]] = [
    {
        "task": "motcua.notifications.tasks.outbox_deliver_task",
        "every": OUTBOX_DELIVER_EVERY_SECONDS,
    },
    {"task": "motcua.notifications.tasks.outbox_cleanup_task", "daily_at": "02:30"},
    {"task": "motcua.core.worker.tasks.worker_cleanup_task", "daily_at": "02:00"},
    {"task": "motcua.workflow.tasks.deadline_sweep_task", "every": DEADLINE_SWEEP_EVERY_SECONDS},
    {"task": "motcua.workflow.tasks.leader_digest_task", "daily_at": LEADER_DIGEST_AT},
    # The report aggregates trail the history by the fold's lag (ADR 0007), plus this.
    {"task": "motcua.reports.tasks.reports_fold_task", "every": 60},
]

# --- Notification channels (issue 6 §2; notifications/channels, docs/notifications.md) ---
SMS_GATEWAY_URL = env(
    "MOTCUA_SMS_GATEWAY_URL",
    "",
    "URL the SMS channel POSTs each message to. Blank: SMS are written like the console "
    "channel does (development), and production leaves `sms` out of the default channels.",
)
NOTIFY_CHANNELS = env(
    "MOTCUA_NOTIFY_CHANNELS",
    # Production without a gateway would write citizens' SMS to a log: leave SMS out
    # unless a gateway is set (naming `sms` explicitly without one is refused below).
    ["email", "in_app"]
    if ENVIRONMENT == "production" and not SMS_GATEWAY_URL
    else ["sms", "email", "in_app"],
    "Comma-separated channels people are told on, in order: `sms`, `email`, `in_app`, "
    "`console`, or the key of a plugin from MOTCUA_NOTIFY_PLUGINS.",
    cast=list,
)
NOTIFY_PLUGINS = env(
    "MOTCUA_NOTIFY_PLUGINS",
    [],
    "Comma-separated dotted paths of extra channel classes (a Zalo plugin; see "
    "docs/notifications.md).",
    cast=list,
)
NOTIFY_CONSOLE_FILE = env(
    "MOTCUA_NOTIFY_CONSOLE_FILE",
    "",
    "File the `console` channel (and `sms` without a gateway) appends one JSON line per "
    "message to; blank: standard error.",
)
SMS_GATEWAY_API_KEY = env(
    "MOTCUA_SMS_GATEWAY_API_KEY",
    "",
    "Credential sent to the SMS gateway as `Authorization: Bearer <key>`.",
)
SMS_SENDER = env(
    "MOTCUA_SMS_SENDER", "MOTCUA", "Brand name (sender) registered with the SMS gateway."
)
SMS_COST_PER_PART = env(
    "MOTCUA_SMS_COST_PER_PART",
    0,
    "Price of one SMS part in đồng under the gateway contract; each message records parts × price.",
    cast=int,
)
SMS_UNSIGNED = env(
    "MOTCUA_SMS_UNSIGNED",
    True,
    "Whether the gateway needs unsigned text: fold Vietnamese diacritics and đ→d before "
    "sending (160 characters a part instead of 70).",
    cast=bool,
)
SMS_TIMEOUT_MS = env(
    "MOTCUA_SMS_TIMEOUT_MS",
    10_000,
    "Milliseconds to wait for the SMS gateway before the attempt counts as failed and is retried.",
    cast=int,
)
if SMS_TIMEOUT_MS < 1:
    raise ImproperlyConfigured(f"MOTCUA_SMS_TIMEOUT_MS must be at least 1, not {SMS_TIMEOUT_MS}")
if ENVIRONMENT == "production" and "sms" in NOTIFY_CHANNELS and not SMS_GATEWAY_URL:
    raise ImproperlyConfigured(
        "MOTCUA_SMS_GATEWAY_URL is blank while `sms` is in MOTCUA_NOTIFY_CHANNELS: set the "
        "gateway, or remove `sms` from the channels."
    )
# E-mail goes through Django's backend: SMTP in production, a folder of .eml files in
# development (the console backend prints them instead).
EMAIL_BACKEND = env(
    "MOTCUA_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend",
    "Django e-mail backend: `django.core.mail.backends.smtp.EmailBackend` in production; "
    "the default writes each message to MOTCUA_EMAIL_FILE_PATH; "
    "`django.core.mail.backends.console.EmailBackend` prints it.",
)
EMAIL_FILE_PATH = env(
    "MOTCUA_EMAIL_FILE_PATH",
    str(VAR_DIR / "mail"),
    "Folder the file e-mail backend writes to.",
)
EMAIL_HOST = env("MOTCUA_EMAIL_HOST", "localhost", "SMTP server.")
EMAIL_PORT = env("MOTCUA_EMAIL_PORT", 25, "SMTP port.", cast=int)
EMAIL_HOST_USER = env("MOTCUA_EMAIL_HOST_USER", "", "SMTP user name.")
EMAIL_HOST_PASSWORD = env("MOTCUA_EMAIL_HOST_PASSWORD", "", "SMTP password.")
EMAIL_USE_TLS = env("MOTCUA_EMAIL_USE_TLS", False, "STARTTLS to the SMTP server.", cast=bool)
EMAIL_USE_SSL = env(
    "MOTCUA_EMAIL_USE_SSL", False, "Implicit TLS to the SMTP server (port 465).", cast=bool
)
EMAIL_TIMEOUT = env("MOTCUA_EMAIL_TIMEOUT", 30, "Seconds to wait for the SMTP server.", cast=int)
DEFAULT_FROM_EMAIL = env(
    "MOTCUA_EMAIL_FROM",
    "Một Cửa <no-reply@localhost>",
    "Sender of the e-mails to citizens and staff.",
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOG_LEVEL = env("MOTCUA_LOG_LEVEL", "INFO", "Log level: DEBUG, INFO, WARNING, ERROR.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "motcua.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

"""Settings for the Yuhang self-media regulation portal.

One module, read from the environment. ``YUHANG_ENV`` is ``production`` unless
said otherwise; production refuses to start while a required value is missing or
malformed. ``development`` (the demo and the test suite) runs on embedded
defaults: a SQLite file, Celery over the filesystem, and secrets generated once
into the git-ignored ``var/dev-secrets.env``.
"""

import ipaddress
import re
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

YUHANG_ENV = env.str("YUHANG_ENV", default="production")
if YUHANG_ENV not in ("production", "development"):
    raise ImproperlyConfigured(f"YUHANG_ENV must be 'production' or 'development', not {YUHANG_ENV!r}.")
PRODUCTION = YUHANG_ENV == "production"


def _dev_secrets() -> dict[str, str]:
    """Secrets for development, generated once and kept in a git-ignored file."""
    path = VAR_DIR / "dev-secrets.env"
    if not path.exists():
        from cryptography.fernet import Fernet

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
            f"FIELD_ENCRYPTION_KEYS={Fernet.generate_key().decode()}\n"
            f"HMAC_KEY={secrets.token_urlsafe(32)}\n",
            encoding="utf-8",
        )
    pairs = (line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)
    return dict(pairs)


_DEV = {} if PRODUCTION else _dev_secrets()


def required(name: str, dev_default: str | None = None) -> str:
    """A value production cannot run without; development may fall back to a default."""
    value = env.str(name, default="")
    if not value and not PRODUCTION:
        value = _DEV.get(name, dev_default or "")
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required in production.")
    return value


def host_list(name: str, dev_default: str = "") -> list[str]:
    raw = env.str(name, default="" if PRODUCTION else dev_default)
    return [h.strip() for h in raw.split(",") if h.strip()]


def network_list(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    try:
        return [ipaddress.ip_network(n.strip()) for n in env.str(name, default="").split(",") if n.strip()]
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name} must be a comma-separated list of addresses or networks: {exc}"
        ) from exc


def rate(name: str, default: str) -> tuple[int, int]:
    """A rate limit written "count/unit" (unit s, m, h or d, e.g. "20/h") → (count, seconds)."""
    value = env.str(name, default=default)
    match = re.fullmatch(r"\s*([1-9]\d*)\s*/\s*([smhd])\s*", value)
    if not match:
        raise ImproperlyConfigured(f"{name} must look like 20/h (a count per s, m, h or d), not {value!r}.")
    return int(match[1]), {"s": 1, "m": 60, "h": 3600, "d": 86400}[match[2]]


SECRET_KEY = required("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
if DEBUG and PRODUCTION:
    raise ImproperlyConfigured("DEBUG may not be on in production.")

ALLOWED_HOSTS = host_list("ALLOWED_HOSTS", dev_default="localhost,127.0.0.1,[::1],testserver")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS is required in production.")

# docs/domain.md §9: citizens reach the public pages from the Internet, staff work on
# the government network. On a public host every non-public URL answers 404.
PUBLIC_HOSTS = host_list("PUBLIC_HOSTS")
STAFF_HOSTS = host_list("STAFF_HOSTS")
if PRODUCTION and not (PUBLIC_HOSTS and STAFF_HOSTS):
    raise ImproperlyConfigured(
        "The environment variables PUBLIC_HOSTS and STAFF_HOSTS are required in production."
    )
if set(PUBLIC_HOSTS) & set(STAFF_HOSTS):
    raise ImproperlyConfigured("A host may not be in both PUBLIC_HOSTS and STAFF_HOSTS.")
# The client address comes from X-Forwarded-For only when the peer is one of these.
if PRODUCTION and "TRUSTED_PROXIES" not in env:
    raise ImproperlyConfigured(
        "The environment variable TRUSTED_PROXIES is required in production (it may be empty: no proxy)."
    )
TRUSTED_PROXIES = network_list("TRUSTED_PROXIES")

# docs/domain.md §8: a list of Fernet keys, newest first, so they can be rotated; the
# HMAC key for exact look-ups is separate.
FIELD_ENCRYPTION_KEYS = [k.strip() for k in required("FIELD_ENCRYPTION_KEYS").split(",") if k.strip()]
HMAC_KEY = required("HMAC_KEY")
try:
    from cryptography.fernet import Fernet

    [Fernet(k) for k in FIELD_ENCRYPTION_KEYS]
except ValueError as exc:
    raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS holds a key that is not a Fernet key: {exc}") from exc
if len(HMAC_KEY) < 32:
    raise ImproperlyConfigured("HMAC_KEY must be at least 32 characters long.")

INSTALLED_APPS = [
    "yuhang_cac.users",
    "yuhang_cac.core",
    "yuhang_cac.audit",
    "yuhang_cac.workdays",
    "yuhang_cac.notifications",
    "yuhang_cac.dashboard",
    "yuhang_cac.documents",
    "accounts",
    "reports",
    "summons",
    "blacklist",
    "evaluation",
    "yuhang_cac.core.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "yuhang_cac.core.middleware.ForwardedProtoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yuhang_cac.core.middleware.HostSplitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "yuhang_cac.users.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yuhang_cac.urls"
WSGI_APPLICATION = "yuhang_cac.wsgi.application"

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
                "yuhang_cac.core.context_processors.shell",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Databases: a SQLite file unless DATABASE_URL says otherwise. SQLite runs in WAL
# mode with IMMEDIATE transactions and a busy timeout, so the web process and the
# Celery worker wait for each other instead of failing with "database is locked".
if "DATABASE_URL" in env:
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Memoize nodes only pay off on large joins; on a list page's joins by primary key
        # the planner spends more time weighing them (about 6 ms on the report queue) than
        # they could save. docs/performance.md.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c enable_memoize=off")
elif PRODUCTION:
    raise ImproperlyConfigured("The environment variable DATABASE_URL is required in production.")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.str("SQLITE_PATH", default=str(VAR_DIR / "portal.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured("The environment variable REDIS_URL is required in production.")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "yuhang_cac.core.cache.PortalRedisCache", "LOCATION": REDIS_URL}}
else:
    # A file cache is shared by the web process and the worker, unlike local memory. It holds the
    # sessions and what the lists keep: past MAX_ENTRIES it drops a third of its files at random,
    # which Django's default of 300 would do within minutes of use.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

AUTH_USER_MODEL = "users.User"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/dashboard/"
LOGOUT_REDIRECT_URL = "/login/"
# django-axes first: a locked-out user name and address never reaches the password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "yuhang_cac.users.backends.PortalBackend",
]

# Password policy (GB/T 22239-2019 8.1.4.1 a; ASVS V2.1), written down in docs/security.md.
PASSWORD_MIN_LENGTH = env.int("PASSWORD_MIN_LENGTH", default=12)
PASSWORD_MIN_CLASSES = env.int("PASSWORD_MIN_CLASSES", default=3)
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=90)
# A longer password is refused before it is hashed: hashing a megabyte costs every staff page.
PASSWORD_MAX_LENGTH = 128
if not 8 <= PASSWORD_MIN_LENGTH <= PASSWORD_MAX_LENGTH or not 1 <= PASSWORD_MIN_CLASSES <= 4:
    raise ImproperlyConfigured("PASSWORD_MIN_LENGTH must be 8–128 and PASSWORD_MIN_CLASSES 1–4.")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "yuhang_cac.users.passwords.MaximumLengthValidator"},
    {
        "NAME": "yuhang_cac.users.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "yuhang_cac.users.passwords.RotationValidator"},
]

# Sign-in limits (django-axes): failures counted per user name AND address together, so
# one office behind a NAT is not locked out by a colleague's typing; a second limit per
# address over any user names stops guessing across many accounts. The security
# administrator unlocks early.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "yuhang_cac.core.net.client_ip"
AXES_LOCKOUT_CALLABLE = "yuhang_cac.users.signin.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
LOGIN_ADDRESS_FAILURE_RATE = rate("LOGIN_ADDRESS_FAILURE_RATE", "30/h")
# Two-factor sign-in (django-otp, TOTP): the issuer shown in the authenticator app; a
# half-finished sign-in (password given, code not yet) lasts this long.
OTP_TOTP_ISSUER = "余杭区自媒体管理平台"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
SIGNIN_PENDING_SECONDS = 300
SIGNIN_CODE_ATTEMPTS = 5

# Sessions: signed out after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS
# after signing in whatever happens; the cookie dies with the browser.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=8)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
# Read from the cache, written through to the database: a signed-in request reads no session row.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
if SESSION_IDLE_MINUTES < 1 or SESSION_MAX_HOURS < 1:
    raise ImproperlyConfigured("SESSION_IDLE_MINUTES and SESSION_MAX_HOURS must be positive.")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Nothing uploaded is ever served under a public URL: staff views stream files.
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers. Production is served over HTTPS behind a proxy that sets
# X-Forwarded-Proto; development is plain HTTP on localhost.
# X-Forwarded-Proto is believed only from TRUSTED_PROXIES (ForwardedProtoMiddleware removes
# it from anyone else), and only when there is a proxy at all.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A strict policy on every page (django-csp 4): scripts and styles from this site only, an
# inline script only with the request's nonce; nothing from any other host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Report deadlines in working days (Art.22): accept within 7, verify within 15.
REPORT_ACCEPT_DAYS = env.int("REPORT_ACCEPT_DAYS", default=7)
REPORT_VERIFY_DAYS = env.int("REPORT_VERIFY_DAYS", default=15)
# Working days an evaluator has for a rectification (Art.14).
SUMMONS_EVALUATION_DAYS = env.int("SUMMONS_EVALUATION_DAYS", default=10)
# The images of a rectification report, checked as evidence is (yuhang_cac.core.uploads).
SUMMONS_MAX_IMAGE_BYTES = env.int("SUMMONS_MAX_IMAGE_BYTES", default=8 * 1024 * 1024)
SUMMONS_MAX_IMAGE_PIXELS = env.int("SUMMONS_MAX_IMAGE_PIXELS", default=40_000_000)
if min(SUMMONS_MAX_IMAGE_BYTES, SUMMONS_MAX_IMAGE_PIXELS) < 1:
    raise ImproperlyConfigured("SUMMONS_MAX_IMAGE_BYTES and SUMMONS_MAX_IMAGE_PIXELS must be positive")
# The management list (Art.15, docs/blacklist.md): working days to state a defence after the
# notice is served; the repeat-offender rule (so many violations within so many days); the
# look-ups each partner department's token may make.
BLACKLIST_DEFENCE_DAYS = env.int("BLACKLIST_DEFENCE_DAYS", default=5)
BLACKLIST_REPEAT_VIOLATIONS = env.int("BLACKLIST_REPEAT_VIOLATIONS", default=2)
BLACKLIST_REPEAT_WINDOW_DAYS = env.int("BLACKLIST_REPEAT_WINDOW_DAYS", default=365)
BLACKLIST_LOOKUP_RATE = rate("BLACKLIST_LOOKUP_RATE", "120/h")
if min(BLACKLIST_DEFENCE_DAYS, BLACKLIST_REPEAT_WINDOW_DAYS) < 1 or BLACKLIST_REPEAT_VIOLATIONS < 2:
    raise ImproperlyConfigured("BLACKLIST_* need positive days and at least two violations.")
# Daily assessment (Art.20): negative points within the window (calendar days) that reach the
# line flag the account as 日常考核问题突出 (Art.12, ground G5).
EVALUATION_DAILY_WINDOW_DAYS = env.int("EVALUATION_DAILY_WINDOW_DAYS", default=90)
EVALUATION_DAILY_LINE = env.int("EVALUATION_DAILY_LINE", default=10)
if EVALUATION_DAILY_WINDOW_DAYS < 1 or EVALUATION_DAILY_LINE < 1:
    raise ImproperlyConfigured("EVALUATION_DAILY_WINDOW_DAYS and EVALUATION_DAILY_LINE must be at least 1.")

# docs/domain.md §8: security events are kept at least 185 days.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=400)
if AUDIT_RETENTION_DAYS < 185:
    raise ImproperlyConfigured("AUDIT_RETENTION_DAYS must be at least 185 (docs/domain.md §8).")

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")

# The public report form (Art.22). Each evidence image is checked for its bytes, then for
# its pixels (read from the header, before decoding); images kept across a form error are
# purged after REPORT_STAGING_HOURS. A form posted faster than a person could fill it, or
# older than REPORT_FORM_MAX_AGE_HOURS, is refused.
REPORT_MAX_IMAGES = env.int("REPORT_MAX_IMAGES", default=5)
REPORT_MAX_IMAGE_BYTES = env.int("REPORT_MAX_IMAGE_BYTES", default=8 * 1024 * 1024)
REPORT_MAX_IMAGE_PIXELS = env.int("REPORT_MAX_IMAGE_PIXELS", default=40_000_000)
REPORT_MAX_DESCRIPTION_CHARS = env.int("REPORT_MAX_DESCRIPTION_CHARS", default=5000)
REPORT_STAGING_HOURS = env.int("REPORT_STAGING_HOURS", default=24)
REPORT_MIN_FILL_SECONDS = env.int("REPORT_MIN_FILL_SECONDS", default=3)
REPORT_FORM_MAX_AGE_HOURS = env.int("REPORT_FORM_MAX_AGE_HOURS", default=12)
if min(REPORT_MAX_IMAGES, REPORT_MAX_IMAGE_BYTES, REPORT_MAX_IMAGE_PIXELS, REPORT_MAX_DESCRIPTION_CHARS) < 1:
    raise ImproperlyConfigured("The REPORT_MAX_* limits must be positive.")
# Rate limits per client address (yuhang_cac.core.ratelimit), "count/unit". Many citizens
# share one mobile-carrier NAT address, so they are generous: they stop floods, not people.
# Failed receipt look-ups are limited harder, as that is how a code would be guessed.
REPORT_SUBMIT_RATE = rate("REPORT_SUBMIT_RATE", "20/h")
REPORT_LOOKUP_RATE = rate("REPORT_LOOKUP_RATE", "60/h")
REPORT_LOOKUP_FAILURE_RATE = rate("REPORT_LOOKUP_FAILURE_RATE", "10/h")
# Submissions from all addresses together, per hour: past it the form answers with a
# friendly page and the office is told once an hour.
REPORT_GLOBAL_RATE = rate("REPORT_GLOBAL_RATE", "300/h")
# Request bodies: form fields over 5 MB, or more files than any form takes, are refused
# while parsing (400, a Chinese page); below that an over-long description reaches the form
# and is answered with a field error. Uploads over 2.5 MB go to a temporary file, not memory.
# Bound the whole body at the reverse proxy too (README, "Abuse limits").
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = REPORT_MAX_IMAGES + 5

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport in
# var/celery, which the web process and the worker share.
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    CELERY_QUEUE_DIR = VAR_DIR / "celery"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
    for folder in ("queue", "processed", "control"):
        (CELERY_QUEUE_DIR / folder).mkdir(parents=True, exist_ok=True)
# Each app adds its periodic jobs here; every entry carries `expires` so that a
# backlog after downtime does not run stale sweeps.
CELERY_BEAT_SCHEDULE = {
    "blacklist-repeat-offenders": {
        "task": "blacklist.tasks.propose_repeat_offenders",
        "schedule": 3600,
        "options": {"expires": 1800},
    },
    "blacklist-defence-reminders": {
        "task": "blacklist.tasks.remind_defence_windows",
        "schedule": 3600,
        "options": {"expires": 1800},
    },
    "blacklist-maximum-periods": {
        "task": "blacklist.tasks.lift_expired_listings",
        "schedule": 3600,
        "options": {"expires": 1800},
    },
    "summons-overdue-rectifications": {
        "task": "summons.tasks.sweep_overdue_rectifications",
        "schedule": 3600,
        "options": {"expires": 1800},
    },
    "summons-reminders": {
        "task": "summons.tasks.remind_summons_deadlines",
        "schedule": 3600,
        "options": {"expires": 1800},
    },
    "summons-measure-periods": {
        "task": "summons.tasks.end_measure_periods",
        "schedule": 3600,
        "options": {"expires": 1800},
    },
    "remind-report-deadlines": {
        "task": "reports.tasks.remind_report_deadlines",
        "schedule": 3600,
        "options": {"expires": 1800},
    },
    "calendar-next-year-missing": {
        "task": "yuhang_cac.workdays.tasks.remind_missing_calendar_year",
        "schedule": 6 * 3600,
        "options": {"expires": 3600},
    },
    "audit-retention": {
        "task": "yuhang_cac.audit.tasks.purge_expired_audit_events",
        "schedule": 24 * 3600,
        "options": {"expires": 6 * 3600},
    },
    "rate-limit-buckets": {
        "task": "yuhang_cac.core.tasks.purge_idle_rate_limits",
        "schedule": 24 * 3600,
        "options": {"expires": 6 * 3600},
    },
    "expired-sessions": {
        "task": "yuhang_cac.users.tasks.clear_expired_sessions",
        "schedule": 3600,
        "options": {"expires": 1800},
    },
    "evidence-staging": {
        "task": "reports.tasks.purge_stale_staging",
        "schedule": 3600,
        "options": {"expires": 1800},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Every sign-in is in the audit log already; django-axes need only report its own problems.
        "axes": {"level": "WARNING"},
        # WeasyPrint reports each rendering step at INFO; issuing a document is logged by its history.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "yuhang_cac.core.views.csrf_failure"

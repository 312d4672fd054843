"""Settings for the JMDI Platform, read from the environment.

Every variable is documented where it is read and listed in `.env.example`. With no
environment at all the platform runs for development on a local SQLite file; with
`JMDI_ENV=production` it refuses to start without a secret key and turns on every
transport-security setting that `manage.py check --deploy` asks for.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import structlog
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# JMDI_ENV: "development" (default), "test" or "production".
JMDI_ENV = env_str("JMDI_ENV", "development")
PRODUCTION = JMDI_ENV == "production"

# DEBUG: never on in production, whatever the variable says.
DEBUG = env_bool("DEBUG", default=not PRODUCTION) and not PRODUCTION

# SECRET_KEY: required in production; a fixed, clearly-labelled key elsewhere.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production refuses to start without one: "
            "set SECRET_KEY to a long random string (see .env.example)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

# ALLOWED_HOSTS: comma-separated host names.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
# CSRF_TRUSTED_ORIGINS: comma-separated origins (scheme://host) behind a proxy.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_permissions_policy",
    "simple_history",
    "huey.contrib.djhuey",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "jmdi.core",
    "jmdi.search",
    "jmdi.directory",
    "jmdi.accounts",
    "jmdi.programmes",
    "jmdi.results",
    "jmdi.governance",
    "jmdi.monitoring",
    "jmdi.finance",
    "jmdi.initiatives",
    "jmdi.selection",
    "jmdi.proposals",
    "jmdi.grants",
    "jmdi.followup",
    "jmdi.community",
    "jmdi.projectdb",
    "jmdi.resources",
    "jmdi.discussions",
    "jmdi.support",
    "jmdi.events",
    "jmdi.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Static files are answered here, before anything below runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses HTML (a 60 KB page becomes 8 KB). Django masks CSRF tokens per request,
    # which is what makes compressing pages that carry them safe against BREACH; pages
    # that show other secrets (recovery codes, a TOTP secret) are sent uncompressed.
    "jmdi.core.middleware.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "jmdi.accounts.middleware.RequireTwoFactorMiddleware",
    "jmdi.accounts.middleware.PreferredLanguageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "jmdi.core.middleware.RequestLogMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jmdi.core.context_processors.navigation",
                "jmdi.programmes.context_processors.programme_permissions",
            ],
        },
    },
]

# DATABASE_URL: e.g. postgres://user:pass@host:5432/name; a local SQLite file by default.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'jmdi.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Measured on this kind of machine: in the default (deferred) mode, 62 % of concurrent
    # writes failed with "database is locked". WAL + IMMEDIATE + a busy timeout fixes it.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PG_RANDOM_PAGE_COST: the planner's cost of a random page read. PostgreSQL's default
    # (4) assumes spinning disks and made it sort 3,800 organisations instead of walking
    # their collation index (page 37 of a country: 44.7 ms against 4.4 ms at 1.1, the usual
    # value on SSDs). Empty leaves the server's setting.
    _page_cost = env_str("PG_RANDOM_PAGE_COST", "1.1")
    if _page_cost:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c random_page_cost={float(_page_cost)}"
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the sign-in throttles, so every web process must share it.
# REDIS_URL: Redis (preferred), e.g. redis://127.0.0.1:6379/0.
# DATABASE_CACHE: "true" to keep the cache in the database instead (`manage.py
# createcachetable` creates its table); slower, but needs no other server.
# Without either, each process keeps its own cache: fine for development, refused in
# production, where a per-process throttle lets an attacker try N times more passwords
# with N workers.
REDIS_URL = env_str("REDIS_URL")
DATABASE_CACHE = env_bool("DATABASE_CACHE")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
elif DATABASE_CACHE:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "jmdi_cache",
        }
    }
elif PRODUCTION:
    raise ImproperlyConfigured(
        "No shared cache is configured. Production refuses to start without one, because "
        "the sign-in throttles live in the cache: set REDIS_URL (or DATABASE_CACHE=true "
        "and run `manage.py createcachetable`); see docs/deployment.md."
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Where the platform is reached: e-mailed links are built from this, never from the
# request's Host header (which a client chooses). JMDI_SITE_URL: scheme and host, e.g.
# https://platform.jmdi.example.org; required in production. JMDI_SITE_NAME: the name
# e-mails and pages use.
JMDI_SITE_URL = env_str("JMDI_SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not JMDI_SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "JMDI_SITE_URL is not set to an https:// address. Production builds the links it "
        "e-mails from it: set JMDI_SITE_URL, e.g. https://platform.jmdi.example.org."
    )
JMDI_SITE_NAME = env_str("JMDI_SITE_NAME", "JMDI Platform")

# Client addresses (used by the sign-in throttles and written to the logs). With no
# proxy configured, the address is the TCP peer and forwarding headers are ignored.
# TRUSTED_PROXY_COUNT: how many proxies in front of the platform append to
# X-Forwarded-For (1 for one load balancer); the client is the address that many
# entries from the end, so entries a client adds itself are never used.
# TRUSTED_CLIENT_IP_HEADER: alternatively, a header your proxy sets to the client
# address and strips from incoming requests (e.g. X-Real-IP).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER")
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# Background work: Django's tasks framework, run by huey (a worker that needs no other
# server). Tasks are queued in Redis when REDIS_URL is set, else in PostgreSQL when the
# database is PostgreSQL, else in a SQLite file beside the database. The worker is
# `manage.py run_huey` (started by `make run` beside the web server); it also runs the
# periodic schedule (reminders, digests). Tests run every task at once, in-process.
# TASK_WORKERS: threads of one worker process.
if REDIS_URL:
    _huey_storage: dict[str, object] = {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _db = DATABASES["default"]
    _huey_storage = {
        "huey_class": "huey.PostgresHuey",
        "dsn": (
            f"host={_db.get('HOST') or 'localhost'} port={_db.get('PORT') or 5432} "
            f"dbname={_db['NAME']} user={_db.get('USER') or ''} "
            f"password={_db.get('PASSWORD') or ''}"
        ),
    }
else:
    _huey_storage = {
        "huey_class": "huey.SqliteHuey",
        "filename": str(BASE_DIR / "var" / "tasks.sqlite3"),
    }
HUEY = {
    "name": "jmdi",
    "immediate": False,
    "utc": True,
    **_huey_storage,
    "consumer": {"workers": env_int("TASK_WORKERS", 2), "worker_type": "thread"},
}
TASKS = {
    "default": {
        "BACKEND": "huey.contrib.djhuey.tasks_backend.HueyBackend",
        # A task sees the records its request wrote only once they are committed.
        "OPTIONS": {"enqueue_on_commit": True},
    }
}

AUTH_USER_MODEL = "accounts.User"
# One backend: allauth's, which signs in by e-mail address (the admin's sign-in is
# allauth's too). Two backends cost two password hashes per failed attempt.
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# django-allauth: sign-in by email, verified addresses, throttled failures.
ACCOUNT_ADAPTER = "jmdi.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[JMDI] "
ACCOUNT_FORMS = {"signup": "jmdi.accounts.forms.SignupForm"}
# Throttles, kept in the shared cache. Keys are built only from what a client cannot
# vary: the normalised address it signs in with, and its client address (see
# TRUSTED_PROXY_COUNT). Failed sign-ins: 10 a minute from one client address, whatever
# the accounts tried; and 5 in 5 minutes for one (account, client address) pair, so a
# stranger elsewhere cannot lock a colleague out. Sign-up and password reset as well.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# Tell people when a password, an address or a second factor of theirs changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "JMDI Platform"
# A code from the 30-second step before or after also counts (RFC 6238's allowance for
# clock drift and for a code typed as the step turns); each code still works once.
MFA_TOTP_TOLERANCE = 1
# TOTP keys and recovery-code seeds are stored encrypted (see jmdi/accounts/mfa_adapter.py).
MFA_ADAPTER = "jmdi.accounts.mfa_adapter.MFAAdapter"
# JMDI_REQUIRE_2FA_FOR_PMU: PMU officers (and staff and superusers) must sign in with a
# second factor (TOTP) before they can use the platform; enrolling one needs a link sent
# to their verified address, not only the password.
JMDI_REQUIRE_2FA_FOR_PMU = env_bool("JMDI_REQUIRE_2FA_FOR_PMU", default=PRODUCTION)
# How long the e-mailed link to set up two-factor sign-in stays valid, in seconds.
JMDI_TWO_FACTOR_ENROLMENT_MAX_AGE = env_int("JMDI_TWO_FACTOR_ENROLMENT_MAX_AGE", 30 * 60)
# How long the link in an invitation to the platform stays valid, in days.
JMDI_INVITATION_MAX_AGE_DAYS = env_int("JMDI_INVITATION_MAX_AGE_DAYS", 14)

# Email (Django 6.1 MAILERS). EMAIL_BACKEND picks the backend: SMTP in production,
# the console in development; EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD and EMAIL_USE_TLS configure SMTP.
_email_backend = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
_email_options: dict[str, object] = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 587),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", default=True),
    }
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "JMDI Platform <no-reply@jmdi.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Languages: the interface and the translated reference data.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_NAME = "jmdi_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files, compressed and cached by whitenoise. Vendor files come from npm
# (`make assets`) into static/vendor.
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
# MEDIA_ROOT: uploaded files on local disk; STORAGE_BACKEND switches to an S3-compatible store.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# JMDI_EVIDENCE_MAX_BYTES: the largest evidence file a grantee may attach to a deliverable
# or progress report (10 MB); JMDI_IMPORT_MAX_BYTES: the largest spreadsheet of initiatives
# the PMU may import (20 MB).
JMDI_EVIDENCE_MAX_BYTES = env_int("JMDI_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
JMDI_IMPORT_MAX_BYTES = env_int("JMDI_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
STORAGES = {
    "default": {
        "BACKEND": env_str("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 365 * 24 * 3600 if PRODUCTION else 0
WHITENOISE_USE_FINDERS = not PRODUCTION

# Security. Strict CSP everywhere: nothing inline without a nonce, nothing from elsewhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Nothing here needs the camera, microphone, location, payments or other device features.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "magnetometer", "microphone", "midi",
        "payment", "picture-in-picture", "publickey-credentials-get", "screen-wake-lock",
        "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe web processes directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logging: one JSON object per line in production, readable lines in development.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processor": structlog.processors.JSONRenderer(),
        },
        "console": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processor": structlog.dev.ConsoleRenderer(colors=False),
        },
    },
    "handlers": {
        "default": {
            "class": "logging.StreamHandler",
            "formatter": "json" if PRODUCTION else "console",
        },
    },
    "root": {"handlers": ["default"], "level": LOG_LEVEL},
    "loggers": {
        "django_structlog": {"level": LOG_LEVEL},
        "django.db.backends": {"level": "WARNING"},
        # The PDF renderer logs every step of every report at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
structlog.configure(
    processors=[
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.filter_by_level,
        structlog.processors.TimeStamper(fmt="iso"),
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        structlog.processors.UnicodeDecoder(),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    cache_logger_on_first_use=True,
)

# The programme the public pages show when none is named in the URL.
JMDI_DEFAULT_PROGRAMME = env_str("JMDI_DEFAULT_PROGRAMME", "jmdi-2")
# JMDI_CONTACT_EMAIL: where people write about the platform, their access or their
# personal data; the help and privacy pages show it.
JMDI_CONTACT_EMAIL = env_str("JMDI_CONTACT_EMAIL", "jmdi.pmu@jmdi.example.org")

if JMDI_ENV == "test":
    # Tests: every task runs at once, in-process, in memory (huey's immediate mode).
    HUEY = {"name": "jmdi-test", "huey_class": "huey.MemoryHuey", "immediate": True}
    TASKS["default"]["OPTIONS"] = {"enqueue_on_commit": False}
    # Tests: fast password hashing, no throttling surprises across tests, mail kept in memory.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

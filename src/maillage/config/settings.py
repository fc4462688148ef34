"""Settings for Maillage, read from the environment (12-factor).

Modes, chosen by MAILLAGE_MODE:
- "production" (default): SECRET_KEY and DATABASE_URL must come from the environment;
- "demo": set by `maillage demo`, SQLite under .maillage-demo/, e-mails printed to the console;
- "test": set by the test suite.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent

MODE = os.environ.get("MAILLAGE_MODE", "production")
if MODE not in {"production", "demo", "test"}:
    raise ImproperlyConfigured(f"MAILLAGE_MODE inconnu : {MODE!r} (production, demo ou test).")


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "oui", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("MAILLAGE_DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if MODE == "production":
        raise ImproperlyConfigured(
            "La variable d'environnement SECRET_KEY est obligatoire en production."
        )
    SECRET_KEY = "maillage-insecure-key-for-demo-and-tests-only-" + MODE * 8

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if MODE != "production" else ""
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Public address used in e-mails (invitations, password reset).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # Serves the API docs' Swagger UI from its own static files (never from a CDN).
    "ninja",
    "maillage.core",
    "maillage.accounts",
    "maillage.organisations",
    "maillage.projects",
    "maillage.evaluation",
    "maillage.collection",
    "maillage.analysis",
    "maillage.reports",
    "maillage.demo",
    "maillage.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "maillage.core.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "maillage.config.urls"
WSGI_APPLICATION = "maillage.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maillage.core.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL, or SQLite (demo: .maillage-demo/, production default: ./maillage.sqlite3).
DEFAULT_SQLITE = os.environ.get("MAILLAGE_SQLITE_PATH", str(Path.cwd() / "maillage.sqlite3"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer (the worker, an import) holds the database.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if MODE == "test":
    # Hashing dominates test time; Argon2 stays the production hasher (checked by a test).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Login rate limiting (django-axes): 5 failures for one account from one address lock it for 15 min.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", Path.cwd() / "var" / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", Path.cwd() / "var" / "media"))
if MODE == "production":
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
else:
    # Demo and tests serve static files straight from the apps, with no collectstatic step.
    STATIC_ROOT = None
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = DEBUG

# E-mail: console in demo and tests; SMTP from the environment otherwise.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Maillage <ne-pas-repondre@maillage.local>"
)
if MODE == "demo":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif MODE == "test":
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)

# Background tasks: Django's task API through django-tasks, stored in the database.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if MODE == "test"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
        if not os.environ.get("REDIS_URL")
        else "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "maillage"),
    },
    # Counters of the public answer pages' limits (collection/throttle.py). Without Redis, memory
    # of each process: no service, no table, no database write per POST; the cost is that each
    # gunicorn worker counts apart (2 workers: up to twice the limit) and a restart forgets.
    "throttle": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
        if not os.environ.get("REDIS_URL")
        else "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "maillage-throttle"),
        "KEY_PREFIX": "throttle",
        "OPTIONS": {} if os.environ.get("REDIS_URL") else {"MAX_ENTRIES": 50_000},
    },
}

# Public answer pages (no account): POSTs per client address and per link (token) in a window.
# An address is often a whole venue's wifi: 30 pages sent in 10 minutes is ten people answering
# a three-page survey. A link's ceiling bounds a leaked link posted to from many addresses.
MAILLAGE_ANSWER_RATE_WINDOW = int(os.environ.get("MAILLAGE_ANSWER_RATE_WINDOW", "600"))
MAILLAGE_ANSWER_RATE_PER_ADDRESS = int(os.environ.get("MAILLAGE_ANSWER_RATE_PER_ADDRESS", "30"))
MAILLAGE_ANSWER_RATE_PER_LINK = int(os.environ.get("MAILLAGE_ANSWER_RATE_PER_LINK", "600"))
# The client address comes from REMOTE_ADDR unless a trusted proxy sets a header, named here as
# in request.META (e.g. HTTP_X_FORWARDED_FOR); only set it when every request goes through it.
MAILLAGE_TRUSTED_PROXY_HEADER = os.environ.get("MAILLAGE_TRUSTED_PROXY_HEADER", "")
# A survey page's POST: tens of answers, long texts included, stay far below 256 KB.
MAILLAGE_ANSWER_MAX_BODY = int(os.environ.get("MAILLAGE_ANSWER_MAX_BODY", str(256 * 1024)))
# Every other form and the API's JSON: Django's defaults, set here on purpose (files uploaded
# go to disk and are not counted). Larger bodies are refused with the French 400 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Security. Production is HTTPS behind a proxy; demo and tests run on plain HTTP on loopback.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
if MODE == "production":
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preload lists are hard to leave: each operator opts in (SECURE_HSTS_PRELOAD=true).
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
CSRF_FAILURE_VIEW = "maillage.core.views.csrf_failure"

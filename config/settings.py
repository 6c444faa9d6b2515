"""Settings for the spaceflight incident knowledge base: one file, driven by the environment.

DATABASE_URL  sqlite:///path (default: db.sqlite3 in the project) or postgres://user@host/db
SECRET_KEY    required when DEBUG is off (or SECRET_KEY_FILE: a file that holds it)
DEBUG         on by default for local use; off in the Docker image and in production
ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS  comma-separated
CACHE_URL     redis://host:port/db; unset: the database cache
TRUSTED_PROXIES  how many reverse proxies stand before the site (default 0)
The README's settings table lists them all.
"""

import datetime
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_cache,
    env_database,
    env_int,
    env_list,
    env_origins,
    env_secret,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = BASE_DIR.parent / "shared"

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off: give SECRET_KEY, or SECRET_KEY_FILE "
            "naming a file that holds it (a Docker secret)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_origins("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "incidents",
    "articles",
    "search",  # above incidents and articles
    "api",
    "config",  # (its migration creates the database cache's table)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "config.page_cache.PageCacheMiddleware",  # inside those that add headers to every answer
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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

# On PostgreSQL: give up connecting after DB_CONNECT_TIMEOUT seconds, and cancel a statement
# after DB_STATEMENT_TIMEOUT seconds (0: never). The web process (config/wsgi.py) sets 10 s,
# so that a stuck database is a 503 within seconds; the worker and commands have no limit.
DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        connect_timeout=env_int("DB_CONNECT_TIMEOUT", 5),
        statement_timeout=env_int("DB_STATEMENT_TIMEOUT", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Incident's status/date index INCLUDEs the id lists search filters by, for PostgreSQL's
# index-only scans; SQLite builds it without them (models.W040), as intended there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
FORMAT_MODULE_PATH = ["config.formats"]  # dates in forms as YYYY-MM-DD
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploads: the importer reads each file itself and rejects anything over its own limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 500
# The most files one import run (an upload, or one `import_articles` command) takes; the
# files past it are refused, each with a reason, and can be imported in another run. A zip
# archive counts each of its members.
IMPORT_MAX_FILES_PER_RUN = env_int("IMPORT_MAX_FILES_PER_RUN", 500)
# An admin change page posts every inline row (50 rows at most per inline, see
# articles.admin.INLINE_ROWS): an article's mentions and citations come to some 1,400 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 4000

# Background work (imports uploaded in the admin): the Django Tasks API, with the database as
# the queue, so nothing else needs to run but `manage.py worker` (as many as you like; it
# wraps django-tasks-db's db_worker: see articles.tasks.work).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# The read-only API (Django REST framework; schema and docs by drf-spectacular).
# How many reverse proxies stand before the site, each adding the address it was called from
# to X-Forwarded-For. 0: the header is ignored (anyone can write it) and the client is the
# connection's address; N: the Nth address from the right is the client. The API's rate
# limits (NUM_PROXIES) and the login lockouts (config.security.client_ip) both read it so.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)

REST_FRAMEWORK = {
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Anyone may read; a logged-in editor's session only earns the higher rate limit.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "config.security.SignedInRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_RATE_ANON") or "120/minute",
        "user": env_str("API_RATE_USER") or "600/minute",
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Spaceflight Incidents API",
    "DESCRIPTION": "Read-only: launch failures and other spaceflight incidents, the GCAT "
    "catalog's launches, vehicles, agencies and sites, and the articles and passages cited.",
    "VERSION": "1",
    # Redoc's logo: a file of this site, so the docs page's CSP (img-src 'self') lets it in.
    "EXTENSIONS_INFO": {
        "x-logo": {"url": "/static/img/logo.svg", "altText": "Spaceflight Incidents"}
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "IncidentKindEnum": "incidents.models.IncidentKind",
        "ArticleKindEnum": "articles.models.Article.Kind",
        "DatePrecisionEnum": "incidents.models.DatePrecision",
    },
}

LOGIN_URL = "admin:login"

# One cache for all processes (the API's rate limits, the data version, the filter menus, the
# statistics, public pages): the database's (no server to run), or Redis at CACHE_URL. What is
# cached from the data is kept under the data version (incidents/data_version.py), which every
# write changes: it is never stale, and these times only say when an unread entry goes.
CACHES = {"default": env_cache("CACHE_URL")}
MENU_CACHE_SECONDS = 60 * 60
# Public pages for anonymous readers (config/page_cache.py); 0: none is cached.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 10 * 60)

if not DEBUG:
    # HTTPS_ONLY=0 only for a local production-like run over plain http (docker compose).
    HTTPS_ONLY = env_bool("HTTPS_ONLY", True)
    if HTTPS_ONLY:  # behind a TLS-terminating proxy that sets X-Forwarded-Proto
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = HTTPS_ONLY
    SESSION_COOKIE_SECURE = HTTPS_ONLY
    CSRF_COOKIE_SECURE = HTTPS_ONLY
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"short_outage_errors": {"()": "config.errors.ShortOutageErrors"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {"class": "logging.StreamHandler", "filters": ["short_outage_errors"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django.request": {"handlers": ["requests"], "propagate": False}},
}

# Login attempts (django-axes): after 5 wrong passwords from one address, that address waits
# 15 minutes (answered 429 with Retry-After); a right password resets the count. The address
# is the client's behind TRUSTED_PROXIES proxies, as the API's rate limits see it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
AXES_LOCKOUT_CALLABLE = "config.security.locked_out"

# Content-Security-Policy (django-csp): scripts, styles and images from this site only; no
# inline script runs, no page may frame ours.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Where readers send corrections (the About page); empty: the page says none is published.
CONTACT_EMAIL = env_str("CONTACT_EMAIL")
if CONTACT_EMAIL and ("@" not in CONTACT_EMAIL or any(c.isspace() for c in CONTACT_EMAIL)):
    raise ImproperlyConfigured(f"CONTACT_EMAIL is not an e-mail address: {CONTACT_EMAIL!r}")

CATALOG_DIR = Path(env_str("CATALOG_DIR") or SHARED_DIR / "catalog")
SEEDS_DIR = Path(env_str("SEEDS_DIR") or SHARED_DIR / "seeds")

# Importing from the web (articles/web): the fetcher refuses addresses that resolve to
# loopback, private, link-local, multicast or reserved ranges unless this is on (development
# and tests, whose pages are served on 127.0.0.1).
IMPORT_ALLOW_PRIVATE_ADDRESSES = env_bool("IMPORT_ALLOW_PRIVATE_ADDRESSES", False)
# Seconds between two requests to one host, and between two checks of one news feed.
IMPORT_HOST_INTERVAL = 1.0
IMPORT_RETRY_BACKOFF = 1.0  # seconds before the 2nd try of a timed-out or 5xx fetch; doubles
FEED_POLL_MINUTES = env_int("FEED_POLL_MINUTES", 30)
# Names the site to the servers it fetches from; SITE_CONTACT_URL says where to read about it.
_CONTACT = env_str("SITE_CONTACT_URL")
IMPORT_USER_AGENT = "SpaceflightIncidentsBot/1.0 (Spaceflight Incident Knowledge Base" + (
    f"; +{_CONTACT})" if _CONTACT else ")"
)

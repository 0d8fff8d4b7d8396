"""INF KB settings: one module, configured by environment variables.

Every variable has a safe development default, except SECRET_KEY, which is
required once DEBUG is off. The README lists them all.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "sources",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "infkb.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a login refused for too many failures into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "infkb.urls"

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

WSGI_APPLICATION = "infkb.wsgi.application"

# SQLite is the embedded default so that `make run` works with nothing installed;
# production sets DATABASE_URL=postgres://…
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "infkb.storage.StaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# ---------------------------------------------------------------- behind a reverse proxy (docs/deploy.md)

BEHIND_HTTPS_PROXY = envbool("BEHIND_HTTPS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS_PROXY else None
# How many proxies in front of the app append to X-Forwarded-For; the client's address is that many
# entries from the right (infkb/client_ip.py). 0: the header is ignored and REMOTE_ADDR is the client.
# Behind one HTTPS proxy (BEHIND_HTTPS_PROXY=true) the default is 1.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 1 if BEHIND_HTTPS_PROXY else 0)

# ---------------------------------------------------------------- the shared cache

# Rate limits count in the cache, so it must be one store for every worker process and every host:
# the database by default (`manage.py createcachetable` makes its table), or Redis with
# CACHE_URL=redis://host:6379/0 (needs the `redis` package), which is better with several hosts.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL.startswith(("redis://", "rediss://"))
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "infkb_cache",
            # Past this many entries Django drops a third of them, and with them those clients' counts.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    )
}

# ---------------------------------------------------------------- HTTPS (`manage.py check --deploy`)

# docs/deploy.md gives the production values; each is here so that no check needs a file edited.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
# Both commit every subdomain (and, with preload, browsers' built-in lists) to HTTPS: off unless asked.
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "same-origin")
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp; docs/deploy.md): scripts only from our own files, never inline,
# so an injected <script> or onclick= does not run; pages read their data from json_script elements.
# Styles may be inline: the admin's widgets and Swagger UI set style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The largest file an import accepts (a .txt article, a .json sidecar, a JSON Lines file of many
# articles); one article's text is at most 1 MB besides (sources.models.ARTICLE_MAX_BYTES).
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# A form or API body without its files: an article's 1 MB text, percent-encoded, still fits.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 4 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# ---------------------------------------------------------------- brute-force protection (django-axes)

# After LOGIN_FAILURE_LIMIT wrong passwords from one address, or for one account, the admin's login
# and the API's token endpoint refuse even the right password (429) for LOGIN_COOLOFF_MINUTES;
# each further failure meanwhile starts the wait again. `manage.py axes_reset` lifts every lockout.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15))
# Each entry is locked on its own; "username+ip_address" would lock only that pair.
AXES_LOCKOUT_PARAMETERS = [
    entry.split("+") if "+" in entry else entry
    for entry in envlist("LOGIN_LOCKOUT_PARAMETERS", "ip_address,username")
]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "infkb.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "infkb.lockout.lockout_response"

# ---------------------------------------------------------------- the researchers' API (docs/api.md)

API_PAGE_SIZE = envint("API_PAGE_SIZE", 50)
API_MAX_PAGE_SIZE = envint("API_MAX_PAGE_SIZE", 500)
# Connections that copy a whole-table export at once on PostgreSQL (infkb/copy_stream.py); 1: one COPY.
EXPORT_CONNECTIONS = envint("EXPORT_CONNECTIONS", 2)
# Requests per minute from one address without an account; editors are not throttled.
API_ANON_RATE = f"{envint('API_ANON_PER_MINUTE', 120)}/min"
# The full-text search, a module of the top app (search_queryset, QueryTooLong, MAX_QUERY_CHARS,
# MAX_QUERY_TERMS, LIST_SEARCH_WINDOW, pg_document_sql): named here so that the layers below it
# (infkb/viewsets.py's ?q=, sources/models.py's size check of an article's search document) import
# no app above them.
SEARCH_MODULE = "claims.search"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["infkb.api.EditorsWrite"],
    "DEFAULT_FILTER_BACKENDS": ["infkb.api.StrictFilterBackend", "infkb.api.StrictOrdering"],
    "DEFAULT_PAGINATION_CLASS": "infkb.api.Cursor",
    "DEFAULT_RENDERER_CLASSES": [
        "infkb.renderers.FastJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["infkb.api.AnonymousThrottle"],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,  # for any DRF throttle; ours reads infkb/client_ip.py
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "ORDERING_PARAM": "ordering",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "INF KB API",
    "DESCRIPTION": (
        "Claims and evidence about the INF Treaty dispute: who said what, where and when, "
        "which claims their statements assert or deny, and how claims answer each other. "
        "Guide with examples: docs/api.md."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc from drf-spectacular-sidecar's files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "infkb.openapi.declare_error_responses",  # 400, 401, 403, 404, 409, 429 on every operation
        "infkb.negotiation.document_streamed_formats",  # lists' ?format=csv|jsonl
    ],
    "ENUM_NAME_OVERRIDES": {
        "RelationKindEnum": "claims.models.ClaimRelation.Kind",
        "DatePrecisionEnum": "infkb.dates.DatePrecision",
        "StatementKindEnum": "claims.models.Statement.Kind",
        "SearchKindEnum": "claims.search.KINDS",
    },
}

"""Settings shared by every environment.

Every value that differs between machines comes from an environment variable
(django-environ); the defaults make `make run` work with nothing set.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("CROSSDESK_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
# Keys the signature chain (HMAC); empty: derived from SECRET_KEY. Set it to keep signatures
# verifiable across a SECRET_KEY rotation; changing it makes every signature read invalid.
SIGNATURE_CHAIN_KEY = env.str("CROSSDESK_SIGNATURE_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

COMPANY_NAME = env.str("CROSSDESK_COMPANY_NAME", default="Crossdesk")
# Links in emails, notifications and PDFs. Unset, it follows the port `make run` serves
# (CROSSDESK_PORT, exported to every process it starts), so links never point at a dead port.
SITE_URL = env.str(
    "CROSSDESK_SITE_URL",
    default=f"http://127.0.0.1:{env.int('CROSSDESK_PORT', default=8000)}",
).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_celery_beat",
    "axes",
    "csp",
    "django_htmx",
    "collab",
    "tasks",
    "meetings",
    "feedback",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "collab.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "collab.urls"
WSGI_APPLICATION = "collab.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "collab.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# Embedded default: SQLite under var/, written by web, worker and beat at once.
# WAL, a busy timeout and IMMEDIATE transactions keep "database is locked" away.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'crossdesk.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "collab.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: Django tells validators when a password was changed (any door: the pages,
    # a reset, the admin, `changepassword`), and this one then revokes the API tokens.
    {"NAME": "collab.passwords.RevokeApiTokensOnPasswordChange"},
]
# The password-reset form: requests per client address, and per email address asked for.
PASSWORD_RESET_RATE_PER_CLIENT = env.str("PASSWORD_RESET_RATE_PER_CLIENT", default="5/m")
PASSWORD_RESET_RATE_PER_EMAIL = env.str("PASSWORD_RESET_RATE_PER_EMAIL", default="5/h")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username + address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# How many proxies of ours append to X-Forwarded-For in front of the app (collab/client.py);
# 0 believes only the connection's address. Throttles, axes and the signature audit use it.
CROSSDESK_TRUSTED_PROXIES = env.int("CROSSDESK_TRUSTED_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "collab.client.client_address_for_axes"

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_TZ = True
# Dates and amounts in the reader's language (collab/formats/): 27 Nov 2026 / 2026年11月27日,
# 120,000.00. Grouping applies to every number a template prints, so numbers that go into
# URLs, attributes or data are printed with |unlocalize; the API and form inputs stay plain.
FORMAT_MODULE_PATH = ["collab.formats"]
USE_THOUSAND_SEPARATOR = True

# --- Working-day calendar -------------------------------------------------
# ISO country code of the public-holiday calendar; "CN" uses China's official
# calendar with its make-up working days.
WORKING_CALENDAR_COUNTRY = env.str("WORKING_CALENDAR_COUNTRY", default="CN")
BUSINESS_HOURS_START = env.str("BUSINESS_HOURS_START", default="09:00")
BUSINESS_HOURS_END = env.str("BUSINESS_HOURS_END", default="18:00")

# --- Static and media -----------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Stored files go out only through views that check who may see them (there is no /media/
# route), handed over by django-sendfile2: by Django here, by the web server in production
# (production.py, CROSSDESK_SENDFILE=nginx).
SENDFILE_BACKEND = "django_sendfile.backends.simple"
SENDFILE_ROOT = str(MEDIA_ROOT)
# Uploads: the services refuse bigger files and unlisted types (collab/uploads.py).
CROSSDESK_MAX_UPLOAD_BYTES = env.int("CROSSDESK_MAX_UPLOAD_MB", default=20) * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Email ----------------------------------------------------------------
# EMAIL_URL (smtp://user:password@host:port, consolemail://, ...) sets EMAIL_BACKEND,
# EMAIL_HOST, EMAIL_PORT and friends. Unset, each message is written as a file under
# var/mail/ for developers to read.
if env.str("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Crossdesk <crossdesk@localhost>")
# Seconds a mail server may leave a send waiting before it fails and is retried later.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Seconds after which a send claimed by a worker that died is taken over by the sweep.
EMAIL_CLAIM_TIMEOUT = env.int("EMAIL_CLAIM_TIMEOUT", default=900)

# --- Celery ---------------------------------------------------------------
# Embedded default: kombu's filesystem transport needs no server.
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL", default=env.str("REDIS_URL", default="filesystem://")
)
_celery_folder = VAR_DIR / "celery"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(_celery_folder / "queue"),
        "data_folder_out": str(_celery_folder / "queue"),
        "control_folder": str(_celery_folder / "control"),
        "processed_folder": str(_celery_folder / "processed"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem://")
    else {"visibility_timeout": 3600}
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- REST API -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "collab.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "collab.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "collab.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "collab.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "collab.api.parsers.JSONParser",  # with a nesting limit
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Every throttle counts per client address as collab.client resolves it.
    "DEFAULT_THROTTLE_CLASSES": ["collab.api.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute", "verify": "30/minute"},
}
# API tokens (django-rest-knox): only a hash of each token is stored. Personal tokens
# expire when their owner says, by default after API_TOKEN_DEFAULT_DAYS (the services set
# each expiry, so TOKEN_TTL is None); the token exchange's sign-in tokens after
# API_SIGN_IN_TOKEN_TTL. The services limit how many live tokens a person holds.
KNOX_TOKEN_MODEL = "collab.ApiToken"
# knox's migrations create its own token table even when the model is swapped out. Nothing
# would use it, and its foreign key to the user stops the test suite emptying the tables.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": None,
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": None,
}
API_SIGN_IN_TOKEN_TTL = timedelta(hours=env.float("API_SIGN_IN_TOKEN_HOURS", default=10))
# Personal tokens: the lifetime of one made without an expiry date, and the longest allowed.
API_TOKEN_DEFAULT_DAYS = env.int("API_TOKEN_DEFAULT_DAYS", default=90)
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
SPECTACULAR_SETTINGS = {
    "TITLE": "Crossdesk API",
    "DESCRIPTION": "Cross-department task cards, meetings, feedback forms and sign-offs.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for the weekday list a digest and a weekly item both use.
    "ENUM_NAME_OVERRIDES": {"Weekday": "collab.models.organisation.Weekday"},
}

# --- Security headers -----------------------------------------------------
# No inline scripts anywhere: every script is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

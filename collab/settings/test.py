"""Tests: PostgreSQL and Redis given by the test harness (bin/with-test-services)."""

import os

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env.str(
    "TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = env.str("TEST_EMAIL_FILE_PATH", default="")
# The browser tests run the live server in pytest's event-loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# A signable document and notification templates that exist only to exercise the core.
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]  # noqa: F405
INSTALLED_APPS = [*INSTALLED_APPS, "tests.signoff_app"]  # noqa: F405

if not env.str("DATABASE_URL", default="").startswith("postgres"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "The tests run on PostgreSQL: use `make test`, or set DATABASE_URL and REDIS_URL "
        "(bin/with-test-services does both)."
    )

# Serve static files from the app folders: the tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

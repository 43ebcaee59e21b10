"""Tests: PostgreSQL and Redis given by the test harness (bin/with-test-services)."""

import os
from urllib.parse import urlsplit, urlunsplit


def _own_redis_database(url: str, worker: str) -> str:
    """The same Redis server, database 1 + the pytest-xdist worker's number (gw0 -> /1)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{1 + int(worker.removeprefix('gw'))}"))


# Under pytest-xdist every worker (gw0, gw1, ...) has a Redis database of its own, so a
# real Celery worker started by one test never takes the jobs another test queued, and a
# purge empties only its own queue. Written back to the environment before the base
# settings read it, so the worker processes the tests start use the same database.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker.startswith("gw"):
    for _name in ("REDIS_URL", "CELERY_BROKER_URL"):
        if os.environ.get(_name, "").startswith("redis://"):
            os.environ[_name] = _own_redis_database(os.environ[_name], _xdist_worker)

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

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

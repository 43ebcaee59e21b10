"""The embedded default: SQLite, filesystem broker, mail in var/mail.

`make run` serves it as a small team may really run it: gunicorn, DEBUG off, static files
through whitenoise (collected at setup), a secret key generated once into var/.
`make dev` turns DEBUG on (DJANGO_DEBUG=true) for the autoreloading development server.
"""

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR, env
from .secret_file import secret_key_from_file

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = SECRET_KEY or secret_key_from_file(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# Shared by gunicorn's workers and the Celery processes, so that throttles, rate limits and
# the signing-password count hold across them (no Redis in the embedded setup).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}

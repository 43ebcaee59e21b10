"""Production: everything from the environment; refuses to start without secrets."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, MEDIA_ROOT, SECRET_KEY, env

DEBUG = False

if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: production refuses to start without it.")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 varied characters long.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set DJANGO_ALLOWED_HOSTS (comma-separated host names): production refuses to start "
        "without it."
    )

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Who hands a checked download's bytes over: Django itself ("simple"), or nginx from an
# `internal` location (X-Accel-Redirect; deploy/nginx.conf), which frees a web worker.
SENDFILE_BACKENDS = {
    "simple": "django_sendfile.backends.simple",
    "nginx": "django_sendfile.backends.nginx",
}
_sendfile = env.str("CROSSDESK_SENDFILE", default="simple")
if _sendfile not in SENDFILE_BACKENDS:
    raise ImproperlyConfigured(
        f"CROSSDESK_SENDFILE must be one of {', '.join(SENDFILE_BACKENDS)}, not {_sendfile!r}."
    )
SENDFILE_BACKEND = SENDFILE_BACKENDS[_sendfile]
SENDFILE_ROOT = str(MEDIA_ROOT)
SENDFILE_URL = env.str("CROSSDESK_SENDFILE_URL", default="/protected/")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# Throttles, rate limits and the signing-password count must be shared by every worker.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("CACHE_URL", default=env.str("REDIS_URL", default="")),
        "KEY_PREFIX": "crossdesk",
    }
}
if not CACHES["default"]["LOCATION"]:
    raise ImproperlyConfigured(
        "Set REDIS_URL (or CACHE_URL): throttles and rate limits need a cache every worker shares."
    )

"""DRF throttles that count per client as collab.client resolves it.

DRF's own `get_ident` believes any `X-Forwarded-For` unless NUM_PROXIES is set, so a client
that sends a new one per request is never throttled. These use the one client address that
django-axes and the signature audit use too (CROSSDESK_TRUSTED_PROXIES).
"""

from rest_framework import throttling

from collab.client import client_address


class ClientAddressMixin:
    def get_ident(self, request):
        return client_address(request) or "unknown"


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    """`throttle_scope = "token"` on a view: the REST_FRAMEWORK default throttle class."""


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    """Counts signed-in callers by user; only anonymous ones by address."""

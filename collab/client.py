"""The client's address, resolved one way for throttles, django-axes and the signature
audit.

`REMOTE_ADDR` is the client unless `CROSSDESK_TRUSTED_PROXIES` (default 0) says how many
proxies of ours stand in front of the app. Each appends the address it saw to
`X-Forwarded-For` (nginx: `$proxy_add_x_forwarded_for`), so with N proxies the client is
the N-th entry from the right; whatever a client wrote to the left is never believed.
(django-ipware counts proxies differently, and that difference is how one is fooled.)
"""

from ipaddress import ip_address

from django.conf import settings


def client_address(request) -> str | None:
    proxies = settings.CROSSDESK_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR") or None
    if not proxies:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < proxies:
        return remote  # the request did not come through all our proxies
    candidate = entries[-proxies]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote


def client_address_for_axes(request, credentials=None) -> str | None:
    """django-axes' AXES_CLIENT_IP_CALLABLE."""
    return client_address(request)

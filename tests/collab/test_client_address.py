"""One trusted client address for every throttle and for axes: a forged X-Forwarded-For
changes nothing, and behind CROSSDESK_TRUSTED_PROXIES proxies the address the proxy saw
counts."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.urls import reverse
from rest_framework.test import APIClient

from collab.api.throttling import ScopedRateThrottle

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("throttle_history_cleared")]

TOKEN_URL = "/api/v1/auth/token/"


def token_rate() -> int:
    return int(django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"].split("/")[0])


def exchange(api, **headers):
    return api.post(TOKEN_URL, {"username": "alice", "password": "wrong"}, format="json", **headers)


def test_a_new_forwarded_for_per_request_does_not_defeat_the_token_throttle(user):
    api = APIClient()
    for n in range(token_rate()):
        response = exchange(api, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert response.status_code == 401, response.json()
    response = exchange(api, HTTP_X_FORWARDED_FOR="203.0.113.250")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"


def test_behind_one_trusted_proxy_the_address_it_appended_is_counted(user, settings):
    settings.CROSSDESK_TRUSTED_PROXIES = 1
    api = APIClient()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(token_rate()):
        # Whatever the client wrote on the left, our proxy appended 203.0.113.7.
        response = exchange(api, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7", **proxy)
        assert response.status_code == 401
    assert exchange(api, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    # Another client behind the same proxy still gets through.
    assert exchange(api, HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).status_code == 401


def test_every_configured_throttle_scope_counts_by_the_client_address():
    assert django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == [
        "collab.api.throttling.ScopedRateThrottle"
    ]
    from collab.api.organisation import TokenView

    assert all(issubclass(cls, ScopedRateThrottle) for cls in TokenView.throttle_classes)


def test_axes_locks_out_by_the_client_address_whatever_forwarded_for_says(client, user, password):
    for n in range(django_settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "alice", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = client.post(
        reverse("login"),
        {"username": "alice", "password": password},
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_axes_behind_a_trusted_proxy_locks_only_the_client_it_saw(client, user, password, settings):
    settings.CROSSDESK_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "alice", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7",
            **proxy,
        )
    locked = client.post(
        reverse("login"),
        {"username": "alice", "password": password},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        **proxy,
    )
    assert locked.status_code == 429
    elsewhere = client.post(
        reverse("login"),
        {"username": "alice", "password": password},
        HTTP_X_FORWARDED_FOR="203.0.113.8",
        **proxy,
    )
    assert elsewhere.status_code == 302

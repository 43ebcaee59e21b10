"""Tokens and passwords: personal tokens expire by default and at the latest after the
configured maximum, every token dies with a password change or reset, and the password-reset
form is rate-limited."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from collab import services
from collab.errors import RuleViolation
from collab.models import ApiToken

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-secret-42"


def api_with(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


# --- lifetime ---------------------------------------------------------------------------------


def test_a_token_without_a_date_expires_after_the_default_lifetime(user, settings):
    settings.API_TOKEN_DEFAULT_DAYS = 30
    client = APIClient()
    client.force_login(user)
    response = client.post("/api/v1/tokens/", {"name": "Nightly export"}, format="json")
    assert response.status_code == 201
    expiry = dt.datetime.fromisoformat(response.json()["expiry"])
    now = timezone.now()
    assert now + dt.timedelta(days=30) < expiry <= now + dt.timedelta(days=31)


def test_a_token_cannot_outlive_the_maximum_lifetime(user, settings):
    settings.API_TOKEN_MAX_DAYS = 100
    too_late = timezone.localdate() + dt.timedelta(days=101)
    with pytest.raises(RuleViolation) as refused:
        services.api_token_create(by=user, name="Forever", expires_on=too_late)
    assert "expires_on" in refused.value.errors
    client = APIClient()
    client.force_login(user)
    response = client.post(
        "/api/v1/tokens/",
        {"name": "Forever", "expires_on": too_late.isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "100 days" in response.json()["fields"]["expires_on"][0]
    assert not ApiToken.objects.exists()


def test_the_last_allowed_day_is_accepted(user, settings):
    settings.API_TOKEN_MAX_DAYS = 100
    last = timezone.localdate() + dt.timedelta(days=100)
    token, _secret = services.api_token_create(by=user, name="Long", expires_on=last)
    assert token.expiry is not None


# --- revoked with the password ------------------------------------------------------------------


def test_changing_the_password_revokes_every_token(client, user, password, personal_token):
    _token, secret = personal_token
    services.api_token_sign_in(by=user)
    assert api_with(secret).get("/api/v1/tokens/").status_code == 200
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=user).exists()
    assert api_with(secret).get("/api/v1/tokens/").status_code == 401


def test_resetting_the_password_revokes_every_token(client, user, personal_token):
    _token, secret = personal_token
    client.post(reverse("password_reset"), {"email": user.email})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=user).exists()
    assert api_with(secret).get("/api/v1/tokens/").status_code == 401


def test_other_peoples_tokens_survive_a_password_change(user, personal_token):
    from tests.factories import UserFactory

    bob = UserFactory(username="bob")
    services.api_token_create(by=bob, name="Bob's")
    user.set_password(NEW_PASSWORD)
    user.save()
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["Bob's"]


def test_saving_a_person_without_a_new_password_keeps_their_tokens(user, personal_token):
    user.display_name = "Alice A."
    user.save()
    assert ApiToken.objects.filter(user=user).count() == 1


# --- the password-reset form is rate-limited ---------------------------------------------------


@pytest.fixture
def clean_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("clean_rate_limits")
def test_the_sixth_reset_request_in_a_minute_from_one_address_sends_no_mail(client, user):
    for _attempt in range(5):
        assert client.post(reverse("password_reset"), {"email": user.email}).status_code == 302
    assert len(mail.outbox) == 5
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert len(mail.outbox) == 5


@pytest.mark.usefixtures("clean_rate_limits")
def test_reset_requests_for_one_address_are_limited_whatever_the_client(client, user):
    for n in range(5):
        client.post(reverse("password_reset"), {"email": user.email}, REMOTE_ADDR=f"192.0.2.{n}")
    response = client.post(
        reverse("password_reset"), {"email": user.email.upper()}, REMOTE_ADDR="192.0.2.77"
    )
    assert response.status_code == 429
    assert len(mail.outbox) == 5


@pytest.mark.usefixtures("clean_rate_limits")
def test_the_reset_form_still_shows_to_a_limited_client(client, user):
    for _attempt in range(6):
        client.post(reverse("password_reset"), {"email": user.email})
    assert client.get(reverse("password_reset")).status_code == 200

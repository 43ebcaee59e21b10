"""Login, logout, throttling, password reset, CSRF."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_and_logout(client, user, password):
    response = client.post(reverse("login"), {"username": "alice", "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_pages_need_login(client):
    for name in ["home", "notifications", "profile", "tasks:cards", "signoffs"]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login"))


def test_bad_password_shows_an_error(client, user):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_empty_login_form_names_the_fields(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"username", "password"}


def test_repeated_failures_lock_the_login(client, user, password, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    # Even the right password is refused now.
    response = client.post(reverse("login"), {"username": "alice", "password": password})
    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="alice").failures_since_start >= 5


def test_other_people_are_not_locked_by_someones_failures(client, user, password, settings):
    from tests.factories import UserFactory

    UserFactory(username="bob")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "bob", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "alice", "password": password})
    assert response.status_code == 302


def test_password_reset_by_email(client, user):
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url,
        {"new_password1": "a-brand-new-secret-42", "new_password2": "a-brand-new-secret-42"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-secret-42")


def test_password_change_rejects_a_wrong_old_password(logged_in_client):
    response = logged_in_client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "x-new-pass-77",
            "new_password2": "x-new-pass-77",
        },
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors


def test_post_without_csrf_token_is_refused_clearly(user, password):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("notifications-read-all"))
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()

"""Signing is no password oracle: "are you a signer" first, and wrong passwords are throttled."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from collab.errors import RuleViolation
from collab.models import Signature
from tests.factories import PASSWORD, UserFactory

from .conftest import sign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    """Wrong-password counts live in the cache; no test may inherit another's."""
    cache.clear()
    yield
    cache.clear()


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def sign_url(signature_request):
    return f"/api/v1/signature-requests/{signature_request.pk}/sign/"


def test_a_reader_who_is_not_a_signer_learns_nothing_about_passwords(signature_request, finance):
    reader = UserFactory(department=finance)  # may read the document, is not asked to sign
    api = api_for(reader)
    for password in ["wrong", PASSWORD]:
        response = api.post(
            sign_url(signature_request), {"decision": "approve", "password": password}
        )
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
        assert "not asked to sign" in response.json()["detail"]
        assert response.json()["fields"] == {}


def test_an_outsider_gets_404_whatever_the_password(signature_request):
    api = api_for(UserFactory())
    for password in ["wrong", PASSWORD]:
        response = api.post(
            sign_url(signature_request), {"decision": "approve", "password": password}
        )
        assert response.status_code == 404


def test_the_sixth_password_guess_is_refused_even_when_right(signature_request, finance_head):
    for _guess in range(5):
        with pytest.raises(RuleViolation) as refused:
            sign(signature_request, finance_head, password="guess")
        assert refused.value.code == "wrong_password"
    with pytest.raises(RuleViolation) as refused:
        sign(signature_request, finance_head)
    assert refused.value.code == "too_many_attempts"
    assert refused.value.field == "password"
    assert not Signature.objects.exists()
    cache.clear()  # the fifteen minutes pass
    sign(signature_request, finance_head)
    assert Signature.objects.count() == 1


def test_one_persons_guesses_do_not_lock_out_another(signature_request, finance_head, tech_head):
    for _guess in range(5):
        with pytest.raises(RuleViolation):
            sign(signature_request, finance_head, password="guess")
    sign(signature_request, tech_head)
    assert Signature.objects.filter(signer=tech_head).exists()


def test_the_api_answers_429_after_five_wrong_passwords(signature_request, finance_head):
    api = api_for(finance_head)
    for _guess in range(5):
        response = api.post(sign_url(signature_request), {"decision": "approve", "password": "x"})
        assert response.json()["code"] == "wrong_password"
    response = api.post(sign_url(signature_request), {"decision": "approve", "password": PASSWORD})
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "too_many_attempts"
    assert "Too many wrong passwords" in body["fields"]["password"][0]
    assert not Signature.objects.exists()


def test_the_page_refuses_clearly_after_five_wrong_passwords(
    client, signature_request, finance_head
):
    client.force_login(finance_head)
    url = reverse("signoff-detail", args=[signature_request.pk])
    for _guess in range(5):
        client.post(url, {"decision": "approve", "password": "nope"})
    response = client.post(url, {"decision": "approve", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many wrong passwords" in str(response.context["form"].errors["password"])
    assert not Signature.objects.exists()


def test_a_control_character_in_the_browser_name_is_not_a_500(
    client, signature_request, finance_head
):
    client.force_login(finance_head)
    response = client.post(
        reverse("signoff-detail", args=[signature_request.pk]),
        {"decision": "approve", "password": PASSWORD},
        HTTP_USER_AGENT="Mozilla\x00\u202eevil",
    )
    assert response.status_code == 302
    assert Signature.objects.get().user_agent == "Mozillaevil"

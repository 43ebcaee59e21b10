"""`Idempotency-Key` on API creates: a retry after a dropped connection returns the first
answer instead of creating a second object."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from collab.models import IdempotencyKey
from tasks.models import ActionItem, Card
from tests.tasks import builders
from tests.tasks.api_support import DAY, card_payload, today

pytestmark = pytest.mark.django_db

CARDS = "/api/v1/cards/"


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def create_card(api, payload, key="retry-1"):
    return api.post(CARDS, payload, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_retry_with_the_same_key_returns_the_first_answer_and_creates_nothing(org):
    api = api_for(org.initiator)
    first = create_card(api, card_payload(org))
    assert first.status_code == 201, first.json()
    again = create_card(api, card_payload(org))
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Card.objects.count() == 1


def test_without_a_key_each_request_creates(org):
    api = api_for(org.initiator)
    api.post(CARDS, card_payload(org), format="json")
    api.post(CARDS, card_payload(org), format="json")
    assert Card.objects.count() == 2


def test_the_same_key_with_another_body_is_refused(org):
    api = api_for(org.initiator)
    assert create_card(api, card_payload(org)).status_code == 201
    response = create_card(api, card_payload(org, title="Something else"))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "idempotency_key_reused"
    assert set(body) == {"detail", "code", "fields"}
    assert Card.objects.count() == 1


def test_keys_belong_to_their_user(org):
    create_card(api_for(org.initiator), card_payload(org))
    other = create_card(api_for(org.lead), card_payload(org))
    assert other.status_code == 201
    assert Card.objects.count() == 2


def test_a_refused_request_keeps_no_key_so_the_corrected_retry_creates(org):
    api = api_for(org.initiator)
    refused = create_card(api, card_payload(org, planned_end="2000-01-01"))
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert create_card(api, card_payload(org)).status_code == 201
    assert Card.objects.count() == 1


def test_a_key_is_remembered_for_24_hours_then_forgotten(org):
    api = api_for(org.initiator)
    payload = card_payload(org)
    create_card(api, payload)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=23)):
        assert create_card(api, payload)["Idempotent-Replayed"] == "true"
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        assert create_card(api, payload).status_code == 201
        assert IdempotencyKey.objects.count() == 1  # the old one was purged
    assert Card.objects.count() == 2


def test_a_key_longer_than_255_characters_is_a_400(org):
    response = create_card(api_for(org.initiator), card_payload(org), key="k" * 256)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not Card.objects.exists()


def test_action_items_take_a_key_too(org):
    card = builders.active_card(org)
    api = api_for(org.lead)
    body = {
        "card": card.code,
        "title": "Licence list",
        "owner": org.tec_member.pk,
        "due_date": (today() + 5 * DAY).isoformat(),
    }
    first = api.post("/api/v1/action-items/", body, format="json", HTTP_IDEMPOTENCY_KEY="a1")
    again = api.post("/api/v1/action-items/", body, format="json", HTTP_IDEMPOTENCY_KEY="a1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert ActionItem.objects.count() == 1


def test_the_schema_documents_the_header(org):
    schema = api_for(org.initiator).get("/api/schema/", {"format": "json"}).json()
    for path in (CARDS, "/api/v1/action-items/"):
        parameters = schema["paths"][path]["post"].get("parameters", [])
        assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in parameters)
        assert "422" in schema["paths"][path]["post"]["responses"]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_with_one_key_create_one_card(org):
    payload = card_payload(org)
    answers = []
    barrier = threading.Barrier(2)

    def send():
        try:
            barrier.wait()
            answers.append(create_card(api_for(org.initiator), payload, key="race"))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert Card.objects.count() == 1

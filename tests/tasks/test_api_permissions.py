"""Who may see and do what through the API, role by role (DESIGN.md section 4)."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from tasks import services

pytestmark = pytest.mark.django_db

ROLES = ["initiator", "lead", "fin_contact", "fin_head", "executive", "admin", "outsider"]


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_reading_a_card_and_its_items(org, active_card, role):
    item, _ = services.action_item_create(
        by=org.lead,
        card=active_card,
        values={"title": "Price list", "owner": org.fin_contact, "due_date": dt.date(2026, 12, 1)},
    )
    api = api_for(getattr(org, role))
    sees = role != "outsider"
    assert api.get(f"/api/v1/cards/{active_card.code}/").status_code == (200 if sees else 404)
    assert api.get(f"/api/v1/action-items/{item.pk}/").status_code == (200 if sees else 404)
    codes = [card["code"] for card in api.get("/api/v1/cards/").json()["results"]]
    assert (active_card.code in codes) is sees


@pytest.mark.parametrize(
    ("role", "outcome"),
    [
        ("initiator", 200),
        ("lead", 200),
        ("fin_contact", "forbidden"),
        ("fin_head", "forbidden"),
        ("executive", "forbidden"),
        ("outsider", 404),
    ],
)
def test_only_editors_send_a_card_for_confirmation(org, draft, role, outcome):
    response = api_for(getattr(org, role)).post(f"/api/v1/cards/{draft.code}/submit/")
    if outcome in (200, 404):
        assert response.status_code == outcome
    else:
        assert response.status_code == 400
        assert response.json()["code"] == outcome


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("fin_contact", True), ("fin_head", True), ("tec_contact", False), ("lead", False)],
)
def test_a_department_confirms_only_for_itself(org, draft, role, allowed):
    services.card_submit(card=draft, by=org.initiator)
    response = api_for(getattr(org, role)).post(
        f"/api/v1/cards/{draft.code}/departments/FIN/confirm/"
    )
    assert (response.status_code == 200) is allowed
    if not allowed:
        assert response.json()["code"] == "forbidden"


@pytest.mark.parametrize(("role", "allowed"), [("fin_contact", True), ("tec_contact", False)])
def test_owners_update_their_own_items(org, active_card, role, allowed):
    item, _ = services.action_item_create(
        by=org.lead,
        card=active_card,
        values={"title": "Price list", "owner": org.fin_contact, "due_date": dt.date(2026, 12, 1)},
    )
    response = api_for(getattr(org, role)).post(
        f"/api/v1/action-items/{item.pk}/progress/",
        {"status": "in_progress", "percent": 30},
        format="json",
    )
    assert (response.status_code == 200) is allowed


def test_a_confidential_card_is_hidden_from_its_departments_other_members(org):
    from .conftest import card_input

    card = services.card_create(by=org.initiator, data=card_input(org, confidential=True))
    assert api_for(org.mkt_head).get(f"/api/v1/cards/{card.code}/").status_code == 404
    assert api_for(org.executive).get(f"/api/v1/cards/{card.code}/").status_code == 404
    assert api_for(org.fin_contact).get(f"/api/v1/cards/{card.code}/").status_code == 200

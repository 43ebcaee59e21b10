"""Who may see and do what through the API, role by role (DESIGN.md section 4): 404 for
those who may not see the card, 403 `forbidden` for the wrong role, 409 `invalid_state`
for the wrong state."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from tasks import services

from . import builders

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
        ("tracker", 200),
        ("admin", 200),
        ("fin_contact", (403, "forbidden")),
        ("fin_head", (403, "forbidden")),
        ("executive", (403, "forbidden")),
        ("outsider", (404, "not_found")),
    ],
)
def test_only_editors_send_a_card_for_confirmation(org, draft, role, outcome):
    response = api_for(getattr(org, role)).post(f"/api/v1/cards/{draft.code}/submit/")
    if outcome == 200:
        assert response.status_code == 200
    else:
        assert (response.status_code, response.json()["code"]) == outcome


@pytest.mark.parametrize(
    ("role", "outcome"),
    [
        ("initiator", (409, "invalid_state")),
        ("lead", (409, "invalid_state")),
        ("fin_contact", (403, "forbidden")),
        ("executive", (403, "forbidden")),
        ("outsider", (404, "not_found")),
    ],
)
def test_the_role_is_judged_before_the_state(org, active_card, role, outcome):
    """An active card is not sent again: its managers hear why (409), others that it is not
    theirs to send (403), outsiders nothing (404)."""
    response = api_for(getattr(org, role)).post(f"/api/v1/cards/{active_card.code}/submit/")
    assert (response.status_code, response.json()["code"]) == outcome
    active_card.refresh_from_db()
    assert active_card.status == "active"


@pytest.mark.parametrize(
    ("role", "status_code"),
    [("lead", 200), ("tracker", 200), ("fin_contact", 403), ("tec_member", 403), ("outsider", 404)],
)
def test_only_managers_cancel_an_open_card(org, active_card, role, status_code):
    response = api_for(getattr(org, role)).post(
        f"/api/v1/cards/{active_card.code}/cancel/", {"reason": "Market changed"}, format="json"
    )
    assert response.status_code == status_code
    active_card.refresh_from_db()
    assert (active_card.status == "cancelled") is (status_code == 200)


@pytest.mark.parametrize(
    ("role", "outcome"),
    [("lead", (409, "invalid_state")), ("fin_contact", (403, "forbidden"))],
)
def test_a_closed_card_is_cancelled_by_nobody(org, closed_card, role, outcome):
    response = api_for(getattr(org, role)).post(
        f"/api/v1/cards/{closed_card.code}/cancel/", {"reason": "Too late"}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == outcome


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("fin_contact", True), ("fin_head", True), ("tec_contact", False), ("lead", False)],
)
def test_a_department_confirms_only_for_itself(org, draft, role, allowed):
    services.card_submit(card=draft, by=org.initiator)
    response = api_for(getattr(org, role)).post(
        f"/api/v1/cards/{draft.code}/departments/FIN/confirm/"
    )
    if allowed:
        assert response.status_code == 200
    else:
        assert (response.status_code, response.json()["code"]) == (403, "forbidden")


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
    assert response.status_code == (200 if allowed else 403)


def test_a_confidential_card_is_hidden_from_its_departments_other_members(org):
    card = builders.draft_card(org, confidential=True)
    assert api_for(org.mkt_head).get(f"/api/v1/cards/{card.code}/").status_code == 404
    assert api_for(org.executive).get(f"/api/v1/cards/{card.code}/").status_code == 404
    assert api_for(org.fin_contact).get(f"/api/v1/cards/{card.code}/").status_code == 200

"""A department's overview over the API: its shape, who may read it, and parity with the page."""

import pytest
from rest_framework.test import APIClient

from tasks import services

from . import builders
from .test_api_contract import api_schema

pytestmark = pytest.mark.django_db


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_an_executive_reads_figures_and_red_flags_of_a_department_he_oversees(org):
    card = builders.active_card(org)  # its milestone was due 6 days ago
    builders.raise_risk(org, card)
    builders.add_item(org, card, title="Budget sheet", owner=org.initiator)
    response = api_for(org.executive).get("/api/v1/departments/mkt/overview/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["department"], body["role"]) == ("MKT", "executive")
    assert body["figures"] == {
        "active_cards": 1,
        "cards_on_track": 0,
        "cards_at_risk": 0,
        "cards_overdue": 1,
        "overdue_items": 0,
        "overdue_milestones": 1,
        "open_high_risks": 1,
        "missed_confirmations": 0,
        "late_signoffs": 0,
    }
    [row] = body["cards"]
    assert (row["code"], row["health"], row["status"]) == (card.code, "overdue", "active")
    assert row["flags"] == [
        {"flag": "overdue_milestones", "label": "overdue milestones", "count": 1},
        {"flag": "open_high_risks", "label": "open high risks", "count": 1},
    ]
    assert row["url"] == f"http://testserver/api/v1/cards/{card.code}/"
    [item] = body["items"]
    assert (item["title"], item["health"], item["card"]) == ("Budget sheet", "on_track", card.code)
    assert body["open_items"] == 1
    assert body["people"] == [
        {
            "person": {"id": org.initiator.pk, "username": "mkt.contact", "name": "王芳"},
            "open_items": 1,
            "overdue_items": 0,
            "confirmations_owed": 0,
        }
    ]


@pytest.mark.parametrize(
    ("who", "code", "status"),
    [
        ("mkt_head", "MKT", 200),
        ("admin", "FIN", 200),
        ("initiator", "MKT", 404),
        ("fin_contact", "FIN", 404),
        ("executive", "FIN", 404),
        ("outsider", "MKT", 404),
    ],
)
def test_only_the_head_the_executive_and_administrators_read_it(org, who, code, status):
    response = api_for(getattr(org, who)).get(f"/api/v1/departments/{code}/overview/")
    assert response.status_code == status
    if status == 404:
        assert response.json()["code"] == "not_found"


def test_anonymous_callers_are_refused():
    assert APIClient().get("/api/v1/departments/MKT/overview/").status_code == 401


def test_page_and_api_show_the_same_red_flags(client, org):
    confirming = builders.submitted_card(org, title="Waiting for answers")
    services.department_confirm(card=confirming, department_code="TEC", by=org.tec_head)
    active = builders.active_card(org)
    builders.raise_risk(org, active)
    client.force_login(org.executive)
    page = client.get("/departments/MKT/overview/").context["overview"].figures
    api = api_for(org.executive).get("/api/v1/departments/MKT/overview/").json()
    from_page = {card.code: [(f.flag, f.count) for f in card.flags] for card in page.cards}
    from_api = {
        row["code"]: [(f["flag"], f["count"]) for f in row["flags"]] for row in api["cards"]
    }
    assert from_page == from_api
    assert from_api[active.code] == [("overdue_milestones", 1), ("open_high_risks", 1)]
    assert from_api[confirming.code] == [("overdue_milestones", 1)]


def test_the_schema_documents_the_overview_and_its_errors():
    operation = api_schema()["paths"]["/api/v1/departments/{code}/overview/"]["get"]
    assert set(operation["responses"]) == {"200", "401", "404"}
    assert "Who may call it:" in operation["description"]


def test_lists_show_the_worst_cards_and_the_figures_count_them_all(client, org, monkeypatch):
    monkeypatch.setattr("tasks.overviews.departments.CARDS_SHOWN", 1)
    builders.active_card(org)
    builders.active_card(org, title="Second launch")
    body = api_for(org.executive).get("/api/v1/departments/MKT/overview/").json()
    assert (len(body["cards"]), body["figures"]["active_cards"]) == (1, 2)
    client.force_login(org.executive)
    page = client.get("/departments/MKT/overview/").content.decode()
    assert 'href="/cards/?department=MKT"' in page

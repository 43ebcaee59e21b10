"""The card list over the API: filters, ordering and paging; what outsiders get; card codes,
route names and the list's query count."""

import re

import pytest
from django.urls import reverse

from tasks import services
from tasks.models import Card
from tests.factories import DepartmentFactory, UserFactory

from . import builders
from .api_support import (
    DAY,
    api_for,
    card_payload,
    card_url,
    today,
)

pytestmark = pytest.mark.django_db


# --- filters and ordering -------------------------------------------------------------------------


def test_card_filters_search_and_ordering(org):
    start = today()
    budget = builders.draft_card(org, priority="low")
    overdue = builders.draft_card(
        org,
        title="Office move",
        priority="high",
        planned_start=start - 30 * DAY,
        planned_end=start - 1 * DAY,
    )
    hr = DepartmentFactory(code="HR", head=UserFactory(username="hr.head"))
    alone = services.card_create(
        by=org.tec_head,
        data=services.CardInput(
            fields={
                **builders.card_input(org).fields,
                "title": "Hiring plan",
                "initiating_department": hr,
                "lead": org.tec_head,
                "tracker": org.tec_head,
                "priority": "medium",
            }
        ),
    )
    builders.add_item(org, alone, by=org.tec_head, owner=org.tracker)
    api = api_for(org.tracker)

    def codes(query):
        response = api.get(f"/api/v1/cards/?{query}")
        assert response.status_code == 200, response.json()
        return [card["code"] for card in response.json()["results"]]

    assert set(codes("")) == {budget.code, overdue.code, alone.code}
    assert codes("ordering=priority") == [overdue.code, alone.code, budget.code]
    assert codes("ordering=-priority") == [budget.code, alone.code, overdue.code]
    assert set(codes("department=TEC")) == {budget.code, overdue.code}
    assert set(codes("department=tec")) == {budget.code, overdue.code}
    assert codes("department=HR") == [alone.code]
    assert codes("overdue=true") == [overdue.code]
    assert codes("search=office") == [overdue.code]
    assert codes(f"search={alone.code}") == [alone.code]
    assert set(codes("mine=true")) == {budget.code, overdue.code, alone.code}
    assert codes("mine=true&department=HR") == [alone.code]
    assert api_for(org.tec_member).get("/api/v1/cards/?mine=true").json()["count"] == 0
    services.card_submit(card=budget, by=org.lead)
    assert codes("status=confirming") == [budget.code]
    listed = api.get(f"/api/v1/cards/?search={overdue.code}").json()["results"][0]
    assert listed["overdue"] is True
    assert [d["department"] for d in listed["departments"]] == ["FIN", "TEC"]
    for bad in ("status=finished", "department=NOPE", "ordering=colour", "mine=perhaps"):
        assert api.get(f"/api/v1/cards/?{bad}").status_code == 400, bad


def test_the_card_list_is_paged(org):
    for n in range(3):
        builders.draft_card(org, title=f"Card {n}")

    body = api_for(org.lead).get("/api/v1/cards/", {"page_size": 2}).json()

    assert set(body) == {"count", "count_is_estimate", "next", "previous", "results"}
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"] and body["previous"] is None


# --- visibility -----------------------------------------------------------------------------------


def test_outsiders_get_404_on_every_card_route(org):
    card = builders.active_card(org)
    api = api_for(org.outsider)

    assert api.get("/api/v1/cards/").json()["count"] == 0
    requests = [
        ("get", card_url(card)),
        ("patch", card_url(card)),
        ("put", card_url(card)),
        ("post", card_url(card, "submit")),
        ("post", card_url(card, "departments/FIN/confirm")),
        ("post", card_url(card, "departments/FIN/object")),
        ("post", card_url(card, "change-request")),
        ("post", card_url(card, "submit-acceptance")),
        ("post", card_url(card, "accept")),
        ("post", card_url(card, "reject-acceptance")),
        ("post", card_url(card, "retrospective")),
        ("post", card_url(card, "cancel")),
    ]
    for method, url in requests:
        response = getattr(api, method)(url, {}, format="json")
        assert response.status_code == 404, (method, url, response.content)
        assert response.json()["code"] == "not_found"
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE


def test_a_card_code_that_does_not_exist_is_404(org):
    response = api_for(org.lead).get(card_url("TC-2026-9999"))

    assert response.status_code == 404
    assert set(response.json()) == {"detail", "code", "fields"}


def test_a_confidential_card_is_hidden_from_its_departments_other_members(org):
    card = builders.draft_card(org, confidential=True)
    colleague = UserFactory(username="fin.member", department=org.finance)

    assert api_for(colleague).get(card_url(card)).status_code == 404
    assert api_for(org.fin_contact).get(card_url(card)).status_code == 200


# --- codes, routes, query counts ------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_card_list_runs_constant_queries(org, rows, django_assert_max_num_queries):
    for n in range(rows):
        card = builders.draft_card(org, title=f"Card {n}")
        if n % 2:
            builders.add_item(org, card, title=f"Item {n}")
    api = api_for(org.lead)

    # the reader's departments, count, rows, the rows' departments, their item counts
    with django_assert_max_num_queries(5):
        body = api.get("/api/v1/cards/?page_size=100&ordering=priority").json()

    assert body["count"] == rows
    assert sum(card["open_items"] for card in body["results"]) == rows // 2


def test_card_codes_count_up_within_the_year(org):
    first = api_for(org.lead).post("/api/v1/cards/", card_payload(org), format="json").json()
    second = api_for(org.lead).post("/api/v1/cards/", card_payload(org), format="json").json()

    assert re.fullmatch(rf"TC-{today().year}-0001", first["code"])
    assert second["code"] == f"TC-{today().year}-0002"


def test_api_routes_leave_the_page_url_names_to_the_pages(org):
    """The services reverse "tasks:card-detail" and "tasks:action-item-detail" for
    notification links; the API's names carry "api-"."""
    assert reverse("tasks:card-detail", args=["TC-2026-0001"]) == "/cards/TC-2026-0001/"
    assert reverse("tasks:action-item-detail", args=[7]) == "/items/7/"
    assert reverse("api-card-detail", args=["TC-2026-0001"]) == "/api/v1/cards/TC-2026-0001/"
    assert reverse("api-delay-notice-acknowledge", args=[7, 9]) == (
        "/api/v1/action-items/7/delay-notices/9/acknowledge/"
    )

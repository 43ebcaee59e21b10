"""The card pages: forms with inline rows, the tabs, the workflow buttons, permissions, queries."""

import datetime as dt

import pytest
from django.urls import reverse

from tasks import services
from tasks.models import ActionItem, Card

from . import builders

DAY = dt.timedelta(days=1)

pytestmark = pytest.mark.django_db


def card_form_data(org, **overrides):
    data = {
        "title": "新品上市协同",
        "kind": "project",
        "priority": "high",
        "initiating_department": org.marketing.pk,
        "lead": org.lead.pk,
        "tracker": org.tracker.pk,
        "goal": "Launch in 3 cities",
        "key_results": "3 cities live\nReturns under 2%",
        "in_scope": "Pricing, stock",
        "out_of_scope": "",
        "planned_start": "2026-11-02",
        "planned_end": "2026-12-31",
        "budget_amount": "120000",
        "budget_currency": "CNY",
        "people_needed": "",
        "equipment_needed": "",
        "meeting_cadence": "weekly",
        "meeting_channel": "online",
        "acceptance_department": org.finance.pk,
        "departments-TOTAL_FORMS": "2",
        "departments-INITIAL_FORMS": "0",
        "departments-0-department": org.finance.pk,
        "departments-0-role": "resources",
        "departments-0-responsibilities": "Approve the budget in 3 days",
        "departments-0-contact": org.fin_contact.pk,
        "departments-1-department": org.technology.pk,
        "departments-1-role": "executor",
        "departments-1-responsibilities": "Ship the order page by 15 Dec",
        "departments-1-contact": org.tec_contact.pk,
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-name": "Pricing agreed",
        "milestones-0-due_date": "2026-11-20",
        "milestones-0-buffer_days": "2",
    }
    data.update(overrides)
    return data


def test_create_a_card_in_the_browser_form(client, org):
    client.force_login(org.initiator)
    assert client.get(reverse("tasks:card-create")).status_code == 200
    response = client.post(reverse("tasks:card-create"), card_form_data(org))
    card = Card.objects.get()
    assert response["Location"] == reverse("tasks:card-detail", args=[card.code])
    assert card.key_results == ["3 cities live", "Returns under 2%"]
    assert card.departments.count() == 2 and card.milestones.count() == 1


@pytest.mark.parametrize(
    ("overrides", "where"),
    [
        ({"planned_end": "2026-10-01"}, "planned_end"),
        ({"budget_amount": "-5"}, "budget_amount"),
        ({"departments-1-department": None}, "departments"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_card_input_shows_errors_and_saves_nothing(client, org, overrides, where):
    if overrides.get("departments-1-department", 1) is None:
        overrides = {"departments-1-department": org.finance.pk}
    client.force_login(org.initiator)
    response = client.post(reverse("tasks:card-create"), card_form_data(org, **overrides))
    assert response.status_code == 200
    if where == "departments":
        assert "is listed twice" in str(response.context["departments"].non_form_errors())
    else:
        assert where in response.context["form"].errors
    assert not Card.objects.exists()


def test_htmx_adds_a_row_and_bumps_the_counter(client, org):
    client.force_login(org.initiator)
    response = client.get(
        reverse("tasks:card-form-row", args=["departments"]) + "?index=2", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'name="departments-2-department"' in html
    assert 'id="id_departments-TOTAL_FORMS"' in html and 'value="3"' in html
    assert 'hx-get="/cards/rows/departments/?index=3"' in html
    assert client.get(reverse("tasks:card-form-row", args=["nope"])).status_code == 404


@pytest.mark.parametrize(
    "tab",
    [
        "overview",
        "departments",
        "milestones",
        "items",
        "progress",
        "risks",
        "documents",
        "history",
        "bogus",
    ],
)
def test_every_tab_renders(client, org, active_card, tab):
    services.action_item_create(
        by=org.lead,
        card=active_card,
        values={"title": "Price list", "owner": org.fin_contact, "due_date": dt.date(2026, 12, 1)},
    )
    client.force_login(org.lead)
    response = client.get(reverse("tasks:card-detail", args=[active_card.code]) + f"?tab={tab}")
    assert response.status_code == 200
    assert active_card.title in response.content.decode()


def test_confirm_and_object_from_the_departments_tab(client, org, draft):
    services.card_submit(card=draft, by=org.initiator)
    client.force_login(org.fin_contact)
    page = client.get(reverse("tasks:card-detail", args=[draft.code]) + "?tab=departments")
    assert "Confirm for Finance" in page.content.decode()
    client.post(reverse("tasks:card-confirm", args=[draft.code, "FIN"]))
    client.force_login(org.tec_contact)
    response = client.post(
        reverse("tasks:card-object", args=[draft.code, "TEC"]),
        {"topic": "dates", "objection": "", "proposed_change": ""},
    )
    assert "objection" in response.context["form"].errors
    client.post(
        reverse("tasks:card-object", args=[draft.code, "TEC"]),
        {"topic": "dates", "objection": "Too early", "proposed_change": "Move a week"},
    )
    draft.refresh_from_db()
    assert draft.status == "draft"
    page = client.get(reverse("tasks:card-detail", args=[draft.code])).content.decode()
    assert "Too early" in page  # shown beside the dates on the overview


def test_someone_elses_department_cannot_be_confirmed(client, org, draft):
    services.card_submit(card=draft, by=org.initiator)
    client.force_login(org.fin_contact)
    response = client.post(reverse("tasks:card-confirm", args=[draft.code, "TEC"]), follow=True)
    assert "Only the contact or the head of" in response.content.decode()
    assert draft.departments.get(department__code="TEC").confirmation == "pending"


def test_action_item_form_and_delay_notice_pages(client, org, active_card):
    due = active_card.planned_end + 31 * DAY  # after the card's planned end: a warning
    new_due = due + 9 * DAY
    client.force_login(org.lead)
    response = client.post(
        reverse("tasks:card-item-create", args=[active_card.code]),
        {
            "title": "Price list",
            "owner": org.fin_contact.pk,
            "due_date": due.isoformat(),
            "priority": "medium",
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("after the card's planned end" in m for m in messages)
    client.force_login(org.fin_contact)
    response = client.post(
        reverse("tasks:delay-notice-file", args=[item.pk]),
        {"reason": "", "new_due_date": "2026-01-01"},
    )
    assert "reason" in response.context["form"].errors
    client.post(
        reverse("tasks:delay-notice-file", args=[item.pk]),
        {"reason": "Supplier late", "new_due_date": new_due.isoformat()},
    )
    notice = item.delay_notices.get()
    client.force_login(org.tracker)
    client.post(reverse("tasks:delay-notice-acknowledge", args=[item.pk, notice.pk]))
    item.refresh_from_db()
    assert item.due_date == new_due
    page = client.get(reverse("tasks:action-item-detail", args=[item.pk])).content.decode()
    assert "originally" in page and f"{due.day} {due:%b} {due.year}" in page  # 27 Nov 2026


def test_an_item_that_depends_on_itself_is_refused_in_the_form(client, org, active_card):
    item = builders.add_item(org, active_card, title="A", owner=org.fin_contact)
    other = builders.add_item(org, active_card, title="B", owner=org.fin_contact)
    services.action_item_update(item=other, by=org.lead, values={}, depends_on=[item])
    client.force_login(org.lead)
    response = client.post(
        reverse("tasks:action-item-edit", args=[item.pk]),
        {
            "title": "A",
            "owner": org.fin_contact.pk,
            "due_date": item.due_date.isoformat(),
            "priority": "medium",
            "depends_on": [other.pk],
        },
    )
    assert "would make a cycle" in str(response.context["form"].errors)


# --- permissions ------------------------------------------------------------------------

CARD_PAGES = [
    "tasks:card-detail",
    "tasks:card-pdf",
    "tasks:card-retrospective-pdf",
    "tasks:card-archive",
    "tasks:card-edit",
    "tasks:card-change",
    "tasks:card-cancel",
    "tasks:card-item-create",
    "tasks:milestone-add",
    "tasks:card-acceptance",
    "tasks:card-acceptance-decide",
    "tasks:card-close",
]
CARD_ROW_PAGES = ["tasks:milestone-edit", "tasks:risk-edit", "tasks:risk-coordinate"]
ITEM_PAGES = ["tasks:action-item-detail", "tasks:action-item-edit", "tasks:action-item-output"]


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("initiator", True),
        ("lead", True),
        ("fin_contact", True),
        ("fin_head", True),
        ("tec_head", True),
        ("executive", True),
        ("admin", True),
        ("mkt_head", True),
        ("outsider", False),
    ],
)
def test_who_sees_the_card(client, org, active_card, who, sees):
    client.force_login(getattr(org, who))
    response = client.get(reverse("tasks:card-detail", args=[active_card.code]))
    assert response.status_code == (200 if sees else 404)
    listed = client.get(reverse("tasks:cards")).context["page"].object_list
    assert (active_card in list(listed)) is sees


def test_outsiders_get_404_everywhere(client, org, active_card):
    item = builders.add_item(org, active_card, title="A", owner=org.fin_contact)
    builders.finish(item, org.fin_contact)
    risk = services.risk_raise(
        card=active_card,
        by=org.lead,
        description="Chip shortage",
        impact="high",
        likelihood="low",
        owner=org.lead,
    )
    notice_item = builders.add_item(org, active_card, title="B", owner=org.fin_contact)
    notice = services.delay_notice_file(
        item=notice_item,
        by=org.fin_contact,
        reason="x",
        new_due_date=notice_item.due_date + 5 * DAY,
    )
    milestone = active_card.milestones.get()
    client.force_login(org.outsider)
    for name in CARD_PAGES:
        assert client.get(reverse(name, args=[active_card.code])).status_code == 404, name
    for name, pk in zip(CARD_ROW_PAGES, [milestone.pk, risk.pk, risk.pk], strict=True):
        assert client.get(reverse(name, args=[active_card.code, pk])).status_code == 404, name
    for name in ITEM_PAGES:
        assert client.get(reverse(name, args=[item.pk])).status_code == 404, name
    posts = [
        reverse("tasks:action-item-progress", args=[item.pk]),
        reverse("tasks:milestone-achieved", args=[active_card.code, milestone.pk]),
        reverse("tasks:risk-close", args=[active_card.code, risk.pk]),
        reverse("tasks:delay-notice-acknowledge", args=[notice_item.pk, notice.pk]),
    ]
    for url in posts:
        assert client.post(url, {"status": "done", "percent": 100}).status_code == 404, url
    risk.refresh_from_db()
    notice.refresh_from_db()
    assert (risk.status, notice.acknowledged_at) == ("open", None)


def test_a_confidential_card_is_only_for_the_people_named_on_it(client, org):
    card = builders.draft_card(org, confidential=True)
    client.force_login(org.mkt_head)  # same department, not named
    assert client.get(reverse("tasks:card-detail", args=[card.code])).status_code == 404
    client.force_login(org.executive)
    assert client.get(reverse("tasks:card-detail", args=[card.code])).status_code == 404
    for named in (org.lead, org.tracker, org.fin_contact, org.tec_head):
        client.force_login(named)
        assert client.get(reverse("tasks:card-detail", args=[card.code])).status_code == 200


def test_only_editors_see_the_edit_pages(client, org, draft):
    client.force_login(org.fin_contact)  # sees the card: refused by role, not hidden
    assert client.get(reverse("tasks:card-edit", args=[draft.code])).status_code == 403
    client.force_login(org.tracker)
    assert client.get(reverse("tasks:card-edit", args=[draft.code])).status_code == 200


# --- query counts -----------------------------------------------------------------------


def make_cards(org, count):
    for n in range(count):
        card = builders.draft_card(org, title=f"Card {n}")
        builders.add_item(
            org, card, title=f"Item {n}", owner=org.fin_contact, due_date=dt.date(2026, 1, 5)
        )


@pytest.mark.parametrize("rows", [5, 60])
def test_card_list_runs_constant_queries(client, org, rows, django_assert_max_num_queries):
    make_cards(org, rows)
    client.force_login(org.fin_contact)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("tasks:cards") + "?status=draft&mine=&ordering=planned_end")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(rows, 25)


@pytest.mark.parametrize("rows", [5, 60])
def test_my_action_items_runs_constant_queries(client, org, rows, django_assert_max_num_queries):
    make_cards(org, rows)
    client.force_login(org.fin_contact)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("tasks:my-action-items"))
    assert len(response.context["page"].object_list) == min(rows, 50)


@pytest.mark.parametrize("rows", [5, 60])
def test_department_action_items_run_constant_queries(
    client, org, rows, django_assert_max_num_queries
):
    make_cards(org, rows)
    client.force_login(org.fin_head)
    with django_assert_max_num_queries(10):
        response = client.get(
            reverse("tasks:my-action-items"), {"scope": "department", "ordering": "priority"}
        )
    assert len(response.context["page"].object_list) == min(rows, 50)


@pytest.mark.parametrize("rows", [5, 60])
def test_card_detail_runs_constant_queries(
    client, org, active_card, rows, django_assert_max_num_queries
):
    for n in range(rows):
        builders.add_item(
            org,
            active_card,
            title=f"Item {n}",
            owner=org.fin_contact,
            due_date=dt.date(2026, 12, 1),
        )
    client.force_login(org.lead)
    for tab in ("overview", "items"):
        with django_assert_max_num_queries(24):
            client.get(reverse("tasks:card-detail", args=[active_card.code]) + f"?tab={tab}")


def test_a_milestone_is_marked_reached_by_the_lead_only(client, org, active_card):
    milestone = active_card.milestones.get()
    client.force_login(org.fin_contact)
    client.post(reverse("tasks:milestone-achieved", args=[active_card.code, milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.achieved_on is None
    client.force_login(org.lead)
    page = client.get(reverse("tasks:card-detail", args=[active_card.code]) + "?tab=milestones")
    assert "Mark as reached today" in page.content.decode()
    client.post(reverse("tasks:milestone-achieved", args=[active_card.code, milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.achieved_on is not None


# --- the card list's filters ------------------------------------------------------------


def test_the_card_list_searches_and_orders_by_its_filter_names(client, org):
    for priority in ("low", "high", "medium"):
        builders.draft_card(org, priority=priority, title=f"{priority} launch")
    builders.draft_card(org, priority="low", title="Office move")
    client.force_login(org.initiator)

    found = client.get(reverse("tasks:cards"), {"search": "launch", "ordering": "priority"})

    titles = [card.title for card in found.context["page"].object_list]
    assert titles == ["high launch", "medium launch", "low launch"]
    wrong = client.get(reverse("tasks:cards"), {"status": "finished"})
    assert wrong.context["filters"].errors["status"]
    assert not wrong.context["page"].object_list

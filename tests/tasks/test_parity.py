"""One rule, two doors: the same input through the page and through the API gives the same
outcome (the four defects of the "one shape" review among them)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tasks import services
from tasks.models import ActionItem, Card, DelayNotice, Milestone

from . import builders

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def page_for(client, user):
    client.force_login(user)
    return client


def page_errors(response) -> str:
    """Everything a refused page shows: form errors and messages."""
    text = [str(m) for m in response.context.get("messages", [])] if response.context else []
    form = response.context.get("form") if response.context else None
    if form is not None:
        text += [str(e) for errors in form.errors.values() for e in errors]
    return " ".join(text)


# --- defect 1: ordering by priority is high, medium, low in both ------------------------------


def test_priority_order_is_high_medium_low_on_the_page_and_in_the_api(client, org):
    for priority in ("low", "high", "medium"):
        builders.draft_card(org, priority=priority, title=f"{priority} card")
    expected = ["high", "medium", "low"]

    page = page_for(client, org.initiator).get(reverse("tasks:cards"), {"ordering": "priority"})
    assert [card.priority for card in page.context["page"].object_list] == expected

    api = api_for(org.initiator).get("/api/v1/cards/", {"ordering": "priority"})
    assert [row["priority"] for row in api.json()["results"]] == expected


# --- defect 2: a refused dependency leaves the whole edit unsaved -----------------------------


def _cycle(org):
    card = builders.active_card(org)
    first = builders.add_item(org, card, title="First")
    second = builders.add_item(org, card, title="Second")
    services.action_item_update(item=second, by=org.lead, values={}, depends_on=[first])
    return first, second


def test_a_dependency_cycle_saves_nothing_through_the_page(client, org):
    first, second = _cycle(org)
    response = page_for(client, org.lead).post(
        reverse("tasks:action-item-edit", args=[first.pk]),
        {
            "title": "Renamed",
            "owner": first.owner_id,
            "due_date": first.due_date.isoformat(),
            "priority": "medium",
            "depends_on": [second.pk],
        },
    )
    assert response.status_code == 200
    assert "cycle" in page_errors(response)
    first.refresh_from_db()
    assert first.title == "First"
    assert not first.depends_on.exists()


def test_a_dependency_cycle_saves_nothing_through_the_api(org):
    first, second = _cycle(org)
    response = api_for(org.lead).patch(
        f"/api/v1/action-items/{first.pk}/",
        {"title": "Renamed", "depends_on": [second.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "cycle" in response.json()["fields"]["depends_on"][0]
    first.refresh_from_db()
    assert first.title == "First"
    assert not first.depends_on.exists()


# --- defect 3: the same limits on both doors --------------------------------------------------


def test_buffer_days_over_365_are_refused_on_the_card_form(client, org):
    card = builders.draft_card(org)
    milestone = card.milestones.get()
    form = {
        "title": card.title,
        "kind": card.kind,
        "priority": card.priority,
        "initiating_department": org.marketing.pk,
        "lead": org.lead.pk,
        "tracker": org.tracker.pk,
        "goal": card.goal,
        "in_scope": card.in_scope,
        "planned_start": card.planned_start.isoformat(),
        "planned_end": card.planned_end.isoformat(),
        "budget_currency": "CNY",
        "meeting_cadence": "weekly",
        "meeting_channel": "online",
        "departments-TOTAL_FORMS": "1",
        "departments-INITIAL_FORMS": "0",
        "departments-0-department": org.finance.pk,
        "departments-0-role": "resources",
        "departments-0-responsibilities": "Approve the budget",
        "departments-0-contact": org.fin_contact.pk,
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-name": milestone.name,
        "milestones-0-due_date": milestone.due_date.isoformat(),
        "milestones-0-buffer_days": "366",
        "milestones-0-id": milestone.pk,
    }
    response = page_for(client, org.initiator).post(
        reverse("tasks:card-edit", args=[card.code]), form
    )
    assert response.status_code == 200
    assert "from 0 to 365" in " ".join(response.context["milestones"].non_form_errors())
    milestone.refresh_from_db()
    assert milestone.buffer_days == 2


def test_buffer_days_over_365_are_refused_on_the_card_api(org):
    card = builders.draft_card(org)
    response = api_for(org.initiator).patch(
        f"/api/v1/cards/{card.code}/",
        {
            "milestones": [
                {
                    "name": "Pricing agreed",
                    "due_date": (card.planned_start + 5 * DAY).isoformat(),
                    "buffer_days": 366,
                }
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert "from 0 to 365" in response.json()["fields"]["milestones"][0]
    assert card.milestones.get().buffer_days == 2


@pytest.mark.parametrize("buffer_days", [366, 32767, -1])
def test_a_milestone_with_buffer_days_out_of_range_is_refused_by_page_and_api(
    client, org, buffer_days
):
    card = builders.draft_card(org)
    due = (card.planned_start + 5 * DAY).isoformat()
    data = {"name": "Stock ready", "due_date": due, "buffer_days": buffer_days}

    page = page_for(client, org.initiator).post(
        reverse("tasks:milestone-add", args=[card.code]), data
    )
    assert page.status_code == 200
    assert page.context["form"].errors

    api = api_for(org.initiator).post(f"/api/v1/cards/{card.code}/milestones/", data, format="json")
    assert api.status_code == 400
    assert "buffer_days" in api.json()["fields"]
    assert not Milestone.objects.filter(name="Stock ready").exists()


def _big_file():
    return SimpleUploadedFile("report.bin", b"0" * (20 * 1024 * 1024 + 1))


def test_an_output_file_over_20_mb_is_refused_by_page_and_api(client, org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    page = page_for(client, org.tec_member).post(
        reverse("tasks:action-item-progress", args=[item.pk]),
        {"status": "in_progress", "percent": 50, "output_file": _big_file()},
    )
    assert page.status_code == 200
    assert "20 MB" in " ".join(page.context["form"].errors["output_file"])

    api = api_for(org.tec_member).post(
        f"/api/v1/action-items/{item.pk}/progress/",
        {"status": "in_progress", "percent": 50, "output_file": _big_file()},
        format="multipart",
    )
    assert api.status_code == 400
    assert "20 MB" in api.json()["fields"]["output_file"][0]
    item.refresh_from_db()
    assert item.percent == 0 and not item.output_file


# --- defect 4: who may acknowledge a delay notice is one rule ---------------------------------


def _late_item(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card, due_date=timezone.localdate() + 5 * DAY)
    notice = services.delay_notice_file(
        item=item, by=org.tec_member, reason="Supplier", new_due_date=item.due_date + 7 * DAY
    )
    return item, notice


def test_an_administrator_sees_and_uses_the_acknowledge_button(client, org):
    item, notice = _late_item(org)
    page = page_for(client, org.admin)
    detail = page.get(reverse("tasks:action-item-detail", args=[item.pk]))
    ack_url = reverse("tasks:delay-notice-acknowledge", args=[item.pk, notice.pk])
    assert ack_url in detail.content.decode()
    page.post(ack_url)
    notice.refresh_from_db()
    assert notice.acknowledged_by == org.admin


def test_an_administrator_acknowledges_through_the_api(org):
    item, notice = _late_item(org)
    response = api_for(org.admin).get(f"/api/v1/action-items/{item.pk}/")
    assert response.json()["permissions"]["can_acknowledge_delay_notices"] is True
    response = api_for(org.admin).post(
        f"/api/v1/action-items/{item.pk}/delay-notices/{notice.pk}/acknowledge/"
    )
    assert response.status_code == 200
    assert DelayNotice.objects.get(pk=notice.pk).acknowledged_by == org.admin


@pytest.mark.parametrize("who", ["fin_contact", "tec_member"])
def test_others_get_no_button_and_are_refused_on_both_doors(client, org, who):
    item, notice = _late_item(org)
    user = getattr(org, who)
    ack_url = reverse("tasks:delay-notice-acknowledge", args=[item.pk, notice.pk])
    page = page_for(client, user)
    assert (
        ack_url
        not in page.get(reverse("tasks:action-item-detail", args=[item.pk])).content.decode()
    )
    page.post(ack_url)
    api = api_for(user).post(
        f"/api/v1/action-items/{item.pk}/delay-notices/{notice.pk}/acknowledge/"
    )
    assert api.status_code == 403
    assert api.json()["code"] == "forbidden"
    notice.refresh_from_db()
    assert notice.acknowledged_at is None


# --- refusals by role and by state, and outsiders ---------------------------------------------


def test_a_visible_non_manager_cannot_send_a_card_on_either_door(client, org):
    card = builders.draft_card(org)
    page = page_for(client, org.fin_contact).post(
        reverse("tasks:card-submit", args=[card.code]), follow=True
    )
    assert "lead, tracker or initiator" in page_errors(page)
    api = api_for(org.fin_contact).post(f"/api/v1/cards/{card.code}/submit/")
    assert (api.status_code, api.json()["code"]) == (403, "forbidden")
    assert "lead, tracker or initiator" in api.json()["detail"]
    card.refresh_from_db()
    assert card.status == Card.Status.DRAFT


def test_a_closed_card_refuses_new_items_on_either_door(client, org):
    card = builders.closed_card(org)
    page = page_for(client, org.lead).get(
        reverse("tasks:card-item-create", args=[card.code]), follow=True
    )
    assert "takes no new action items" in page_errors(page)
    api = api_for(org.lead).post(
        "/api/v1/action-items/",
        {"card": card.code, "title": "Late", "owner": org.tec_member.pk, "due_date": "2027-01-05"},
        format="json",
    )
    assert (api.status_code, api.json()["code"]) == (409, "invalid_state")
    assert not ActionItem.objects.filter(title="Late").exists()


def test_outsiders_get_404_on_both_doors(client, org):
    card = builders.active_card(org)
    page = page_for(client, org.outsider)
    assert page.get(reverse("tasks:card-detail", args=[card.code])).status_code == 404
    assert (
        page.post(reverse("tasks:card-cancel", args=[card.code]), {"reason": "x"}).status_code
        == 404
    )
    api = api_for(org.outsider)
    assert api.get(f"/api/v1/cards/{card.code}/").status_code == 404
    assert api.post(f"/api/v1/cards/{card.code}/cancel/", {"reason": "x"}).status_code == 404
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE


# --- filters: one FilterSet, the same answers -------------------------------------------------


def test_an_unknown_filter_value_is_an_error_on_both_doors(client, org):
    builders.draft_card(org)
    page = page_for(client, org.initiator).get(reverse("tasks:cards"), {"department": "nope"})
    assert page.context["filters"].errors["department"]
    assert not page.context["page"].object_list
    api = api_for(org.initiator).get("/api/v1/cards/", {"department": "nope"})
    assert api.status_code == 400
    assert "department" in api.json()["fields"]
    for bad in ({"status": "finished"}, {"overdue": "maybe"}, {"ordering": "colour"}):
        assert api_for(org.initiator).get("/api/v1/cards/", bad).status_code == 400, bad


def test_codes_are_case_insensitive_on_both_doors(client, org):
    card = builders.draft_card(org)
    lower = card.code.lower()
    page = page_for(client, org.initiator)
    assert page.get(reverse("tasks:card-detail", args=[lower])).status_code == 200
    listed = page.get(reverse("tasks:cards"), {"department": "fin"}).context["page"].object_list
    assert [c.code for c in listed] == [card.code]
    api = api_for(org.initiator)
    assert api.get(f"/api/v1/cards/{lower}/").json()["code"] == card.code
    assert [
        c["code"] for c in api.get("/api/v1/cards/", {"department": "fin"}).json()["results"]
    ] == [card.code]


def test_mine_and_overdue_mean_the_same_on_both_doors(client, org):
    builders.draft_card(
        org,
        title="Late",
        planned_start=timezone.localdate() - 40 * DAY,
        planned_end=timezone.localdate() - DAY,
    )
    builders.draft_card(org, title="On time")
    for params, expected in (({"overdue": "true"}, ["Late"]), ({"overdue": "false"}, ["On time"])):
        page = page_for(client, org.initiator).get(reverse("tasks:cards"), params)
        api = api_for(org.initiator).get("/api/v1/cards/", params)
        assert [c.title for c in page.context["page"].object_list] == expected
        assert [c["title"] for c in api.json()["results"]] == expected

"""A card's milestones, risks and items' output files on their own pages."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tasks import services
from tasks.models import Card, Risk

from . import builders

DAY = dt.timedelta(days=1)

pytestmark = pytest.mark.django_db


# --- milestones, risks and output files: their own pages ----------------------------------


def test_a_milestone_is_added_and_changed_on_a_draft(client, org, draft):
    client.force_login(org.initiator)
    due = draft.planned_start + 3 * DAY
    assert client.get(reverse("tasks:milestone-add", args=[draft.code])).status_code == 200

    response = client.post(
        reverse("tasks:milestone-add", args=[draft.code]),
        {"name": "Stock ready", "due_date": due.isoformat(), "buffer_days": "1"},
    )

    assert response["Location"].endswith("?tab=milestones")
    milestone = draft.milestones.get(name="Stock ready")
    response = client.post(
        reverse("tasks:milestone-edit", args=[draft.code, milestone.pk]),
        {"name": "Stock in the warehouse", "due_date": due.isoformat(), "buffer_days": "4"},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.name, milestone.buffer_days) == ("Stock in the warehouse", 4)


def test_a_milestone_outside_the_plan_is_refused_beside_its_field(client, org, draft):
    client.force_login(org.initiator)

    response = client.post(
        reverse("tasks:milestone-add", args=[draft.code]),
        {"name": "Late", "due_date": (draft.planned_end + DAY).isoformat(), "buffer_days": "0"},
    )

    assert response.status_code == 200
    assert "falls outside the planned dates" in str(response.context["form"].errors["due_date"])
    assert draft.milestones.count() == 1


def test_a_milestone_of_an_active_card_changes_by_change_request(client, org, active_card):
    milestone = active_card.milestones.get()
    client.force_login(org.lead)
    url = reverse("tasks:milestone-edit", args=[active_card.code, milestone.pk])
    moved = (milestone.due_date + 2 * DAY).isoformat()

    no_reason = client.post(url, {"name": milestone.name, "due_date": moved, "buffer_days": "2"})
    assert "reason" in no_reason.context["form"].errors
    client.post(
        url,
        {"name": milestone.name, "due_date": moved, "buffer_days": "2", "reason": "Supplier"},
    )

    active_card.refresh_from_db()
    assert active_card.status == Card.Status.CONFIRMING
    assert active_card.change_requests.get().reason == "Supplier"


def test_only_managers_reach_the_milestone_pages(client, org, draft, closed_card):
    client.force_login(org.fin_contact)
    assert client.get(reverse("tasks:milestone-add", args=[draft.code])).status_code == 403
    client.force_login(org.lead)
    response = client.get(reverse("tasks:milestone-add", args=[closed_card.code]), follow=True)
    assert "Milestones change on a draft" in response.content.decode()


def test_a_risk_is_edited_and_closed_by_the_cards_managers(client, org, active_card):
    risk = services.risk_raise(
        card=active_card,
        by=org.tec_member,
        description="Chip shortage",
        impact="high",
        likelihood="high",
        owner=org.tec_head,
    )
    edit = reverse("tasks:risk-edit", args=[active_card.code, risk.pk])
    values = {
        "description": "Chip shortage in Q1",
        "impact": "low",
        "likelihood": "medium",
        "mitigation": "",
        "owner": org.tec_head.pk,
    }
    client.force_login(org.tec_member)
    refused = client.post(edit, values)
    assert "lead, tracker or initiator" in str(refused.context["form"].errors)
    client.force_login(org.tracker)
    assert client.post(edit, values).status_code == 302
    risk.refresh_from_db()
    assert (risk.description, risk.level) == ("Chip shortage in Q1", "low")

    client.post(reverse("tasks:risk-close", args=[active_card.code, risk.pk]))

    risk.refresh_from_db()
    assert risk.status == Risk.Status.CLOSED


def test_an_items_output_file_downloads_for_those_who_see_it(client, org, active_card):
    item = builders.add_item(org, active_card)
    url = reverse("tasks:action-item-output", args=[item.pk])
    client.force_login(org.fin_contact)
    assert client.get(url).status_code == 404  # nothing delivered yet
    services.action_item_report_progress(
        item=item,
        by=org.tec_member,
        status="done",
        percent=100,
        output_file=SimpleUploadedFile("licences.csv", b"CAD,4\n"),
    )

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content == b"CAD,4\n"
    page = client.get(reverse("tasks:action-item-detail", args=[item.pk])).content.decode()
    assert url in page


def test_the_item_page_shows_the_acknowledge_button_to_the_lead_only(client, org, active_card):
    item = builders.add_item(org, active_card, due_date=timezone.localdate() + 5 * DAY)
    notice = services.delay_notice_file(
        item=item, by=org.tec_member, reason="Supplier", new_due_date=item.due_date + 7 * DAY
    )
    url = reverse("tasks:delay-notice-acknowledge", args=[item.pk, notice.pk])
    client.force_login(org.tec_member)
    assert (
        url not in client.get(reverse("tasks:action-item-detail", args=[item.pk])).content.decode()
    )
    client.force_login(org.lead)
    assert url in client.get(reverse("tasks:action-item-detail", args=[item.pk])).content.decode()

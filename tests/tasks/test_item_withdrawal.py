"""An action item added by mistake: withdrawn (deleted) while its card is a draft; once the
card was sent for confirmation, never deleted but cancelled with a reason. Page and API."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from collab.errors import Forbidden, InvalidState, RuleViolation
from tasks import services
from tasks.models import ActionItem

from . import builders
from .api_support import api_for, assert_refused, item_url

pytestmark = pytest.mark.django_db

CANCEL_INSTEAD = "cancel the item with a reason"


def messages_of(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


# --- the services ----------------------------------------------------------------------


def test_an_item_of_a_draft_card_is_withdrawn_and_gone(org):
    card = builders.draft_card(org)
    item = builders.add_item(org, card)
    services.action_item_withdraw(item=item, by=org.lead)
    assert not ActionItem.objects.filter(pk=item.pk).exists()


def test_once_the_card_is_sent_for_confirmation_items_are_never_deleted(org):
    card = builders.draft_card(org)
    item = builders.add_item(org, card)
    services.card_submit(card=card, by=org.initiator)
    with pytest.raises(InvalidState, match=CANCEL_INSTEAD):
        services.action_item_withdraw(item=item, by=org.lead)
    assert ActionItem.objects.filter(pk=item.pk).exists()


def test_cancelling_needs_a_reason_and_keeps_the_item(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    with pytest.raises(RuleViolation) as refused:
        services.action_item_cancel(item=item, by=org.lead, reason="  ")
    assert "reason" in refused.value.errors
    services.action_item_cancel(item=item, by=org.lead, reason="Duplicate of the pricing item")
    item.refresh_from_db()
    assert item.status == ActionItem.Status.CANCELLED
    assert item.cancel_reason == "Duplicate of the pricing item"
    assert item.cancelled_at is not None
    with pytest.raises(InvalidState):
        services.action_item_cancel(item=item, by=org.lead, reason="Again")


def test_only_the_cards_managers_withdraw_or_cancel(org):
    card = builders.draft_card(org)
    item = builders.add_item(org, card)
    for person in (org.tec_member, org.fin_contact):  # the owner, a department's contact
        with pytest.raises(Forbidden):
            services.action_item_withdraw(item=item, by=person)
        with pytest.raises(Forbidden):
            services.action_item_cancel(item=item, by=person, reason="No")
    services.action_item_withdraw(item=item, by=org.tracker)


# --- page and API: the same outcome -------------------------------------------------------


def test_withdraw_in_draft_through_the_page(client, org):
    card = builders.draft_card(org)
    item = builders.add_item(org, card)
    client.force_login(org.lead)
    page = client.get(reverse("tasks:action-item-detail", args=[item.pk])).content.decode()
    assert reverse("tasks:action-item-withdraw", args=[item.pk]) in page
    response = client.post(reverse("tasks:action-item-withdraw", args=[item.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith("?tab=items")
    assert not ActionItem.objects.filter(pk=item.pk).exists()


def test_withdraw_in_draft_through_the_api(org):
    card = builders.draft_card(org)
    item = builders.add_item(org, card)
    response = api_for(org.lead).delete(item_url(item))
    assert response.status_code == 204
    assert not ActionItem.objects.filter(pk=item.pk).exists()


def test_after_confirmation_the_page_refuses_and_offers_cancel(client, org):
    card = builders.submitted_card(org)
    item = builders.add_item(org, card)
    client.force_login(org.lead)
    page = client.get(reverse("tasks:action-item-detail", args=[item.pk])).content.decode()
    assert reverse("tasks:action-item-withdraw", args=[item.pk]) not in page
    assert reverse("tasks:action-item-cancel", args=[item.pk]) in page

    response = client.post(reverse("tasks:action-item-withdraw", args=[item.pk]))
    assert response.status_code == 302
    assert CANCEL_INSTEAD in messages_of(response)
    assert ActionItem.objects.filter(pk=item.pk).exists()

    url = reverse("tasks:action-item-cancel", args=[item.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "id_reason_error" in refused.content.decode()
    response = client.post(url, {"reason": "Added twice"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.cancel_reason) == (ActionItem.Status.CANCELLED, "Added twice")


def test_after_confirmation_the_api_answers_409_and_cancel_works(org):
    card = builders.submitted_card(org)
    item = builders.add_item(org, card)
    api = api_for(org.lead)
    body = assert_refused(api.delete(item_url(item)), 409, "invalid_state")
    assert CANCEL_INSTEAD in body["detail"]
    assert ActionItem.objects.filter(pk=item.pk).exists()

    refused = api.post(item_url(item, "cancel"), {"reason": ""}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["fields"]
    response = api.post(item_url(item, "cancel"), {"reason": "Added twice"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancel_reason"] == "Added twice"


def test_outsiders_get_404_and_members_403(client, org):
    card = builders.draft_card(org)
    item = builders.add_item(org, card)
    assert api_for(org.outsider).delete(item_url(item)).status_code == 404
    client.force_login(org.outsider)
    assert client.post(reverse("tasks:action-item-withdraw", args=[item.pk])).status_code == 404
    assert client.get(reverse("tasks:action-item-cancel", args=[item.pk])).status_code == 404
    assert_refused(api_for(org.tec_member).delete(item_url(item)), 403, "forbidden")
    assert ActionItem.objects.filter(pk=item.pk).exists()


# --- save and add another -----------------------------------------------------------------


def test_save_and_add_another_comes_back_to_a_blank_form(client, org):
    card = builders.active_card(org)
    client.force_login(org.lead)
    url = reverse("tasks:card-item-create", args=[card.code])
    assert "Save and add another" in client.get(url).content.decode()
    data = {
        "title": "Price list",
        "owner": org.fin_contact.pk,
        "due_date": "2026-12-10",
        "priority": "medium",
        "add_another": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    assert "Price list" in messages_of(response)
    assert card.action_items.count() == 1
    del data["add_another"]
    response = client.post(url, {**data, "title": "Stock plan"})
    assert response["Location"].endswith("?tab=items")
    assert card.action_items.count() == 2


def test_progress_reports_cannot_cancel_an_item_without_a_reason(client, org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    response = api_for(org.lead).post(
        item_url(item, "progress"), {"status": "cancelled", "percent": 0}, format="json"
    )
    assert response.status_code == 400 and "status" in response.json()["fields"]
    client.force_login(org.lead)
    page = client.post(
        reverse("tasks:action-item-progress", args=[item.pk]),
        {"status": "cancelled", "percent": "0"},
    )
    assert "giving a reason" in page.content.decode()
    item.refresh_from_db()
    assert item.status == ActionItem.Status.NOT_STARTED


def test_the_items_tab_of_a_draft_says_items_are_withdrawn_and_owners_told_later(client, org):
    draft = builders.draft_card(org)
    builders.add_item(org, draft)
    active = builders.active_card(org)
    builders.add_item(org, active)
    client.force_login(org.lead)
    hint = 'data-testid="items-draft-hint"'
    tab = reverse("tasks:card-detail", args=[draft.code]) + "?tab=items"
    assert hint in client.get(tab).content.decode()
    tab = reverse("tasks:card-detail", args=[active.code]) + "?tab=items"
    assert hint not in client.get(tab).content.decode()

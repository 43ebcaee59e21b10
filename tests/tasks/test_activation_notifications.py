"""Owners hear of a card's action items when it goes active, not while it is a draft."""

import pytest

from collab.models import Notification
from tasks import services

from . import builders

pytestmark = pytest.mark.django_db


def item_notifications(user):
    return Notification.objects.filter(
        recipient=user, reason__in=["action_item_assigned", "card_items_assigned"]
    )


def test_no_owner_hears_of_an_item_while_the_card_is_unconfirmed(org):
    card = builders.draft_card(org)
    builders.add_item(org, card, owner=org.tec_member)
    services.card_submit(card=card, by=org.initiator)
    card.refresh_from_db()
    builders.add_item(org, card, owner=org.fin_contact, title="Budget sheet")
    assert not item_notifications(org.tec_member).exists()
    assert not item_notifications(org.fin_contact).exists()


def test_on_activation_each_owner_gets_one_notification_listing_their_items(org):
    card = builders.draft_card(org)
    builders.add_item(org, card, owner=org.tec_member, title="Licence list")
    builders.add_item(org, card, owner=org.tec_member, title="Order page")
    builders.add_item(org, card, owner=org.fin_contact, title="Budget sheet")
    withdrawn = builders.add_item(org, card, owner=org.acceptor, title="By mistake")
    services.action_item_withdraw(item=withdrawn, by=org.lead)

    services.card_submit(card=card, by=org.initiator)
    services.department_confirm(card=card, department_code="FIN", by=org.fin_contact)
    services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
    builders.sign_letter(card, org.fin_head, org.tec_head)
    assert card.status == card.Status.ACTIVE

    tom = item_notifications(org.tec_member).get()
    assert tom.reason == "card_items_assigned" and tom.key == str(card.pk)
    assert "Licence list" in tom.body and "Order page" in tom.body
    assert "Budget sheet" not in tom.body
    assert "Budget sheet" in item_notifications(org.fin_contact).get().body
    assert not item_notifications(org.acceptor).exists()


def test_an_item_added_to_an_active_card_notifies_its_owner_at_once(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card, owner=org.fin_contact)
    notification = item_notifications(org.fin_contact).get()
    assert notification.reason == "action_item_assigned" and notification.key == str(item.pk)


def test_an_item_of_no_card_notifies_at_once(org):
    builders.add_item(org, None, owner=org.fin_contact)
    assert item_notifications(org.fin_contact).filter(reason="action_item_assigned").exists()

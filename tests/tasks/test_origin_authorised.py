"""An item another app produced (a meeting's minutes): that app's own rule decided who adds
it, and says so with `origin_authorised`; tasks still guards the card's state and never
widens the card managers' rule over the card's own items."""

import datetime as dt

import pytest
from django.utils import timezone

from collab.errors import Forbidden, InvalidState
from tasks import services
from tasks.models import ActionItem
from tests.tasks import builders

pytestmark = pytest.mark.django_db


def values(org):
    return {
        "title": "From the minutes",
        "owner": org.fin_head,
        "due_date": timezone.localdate() + dt.timedelta(days=3),
    }


def create(org, card, **kwargs):
    return services.action_item_create(
        by=org.tec_head,
        card=card,
        values=values(org),
        origin=ActionItem.Origin.MEETING,
        origin_reference="MT-2026-0001",
        **kwargs,
    )[0]


def test_without_it_a_non_manager_is_refused_with_it_the_item_lands_on_the_card(org):
    card = builders.active_card(org)
    with pytest.raises(Forbidden):
        create(org, card)
    item = create(org, card, origin_authorised=True)
    assert item.card == card and item.origin == ActionItem.Origin.MEETING
    services.action_item_update(
        item=item, by=org.tec_head, values={"deliverable": "x"}, origin_authorised=True
    )
    services.action_item_cancel(
        item=item, by=org.tec_head, reason="Dropped", origin_authorised=True
    )
    with pytest.raises(Forbidden):
        services.action_item_update(item=item, by=org.tec_head, values={"deliverable": "y"})


def test_a_closed_card_still_takes_no_new_item(org):
    card = builders.closed_card(org)
    with pytest.raises(InvalidState):
        create(org, card, origin_authorised=True)

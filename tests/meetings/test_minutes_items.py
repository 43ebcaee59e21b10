import pytest

from collab.errors import Forbidden, InvalidState, RuleViolation
from meetings import services
from meetings.models import MinutesActionItem
from tasks import selectors as task_selectors
from tasks.models import ActionItem
from tests.meetings import builders
from tests.tasks import builders as task_builders

pytestmark = pytest.mark.django_db


def test_an_item_from_the_minutes_is_the_owners_and_numbered(org):
    meeting = builders.recorded_meeting(org)
    first = builders.add_item(org, meeting)
    second = builders.add_item(org, meeting, title="Build the page", owner=org.tec_contact)
    assert (first.number, second.number) == (1, 2)
    item = first.action_item
    assert item.origin == ActionItem.Origin.MEETING and item.origin_reference == meeting.code
    assert item.department == org.finance  # from the owner
    assert item.card is None
    mine = task_selectors.my_action_items(org.fin_head)
    assert list(mine.filter(origin_reference=meeting.code)) == [item]


def test_on_a_card_meeting_the_item_lands_on_the_card_though_the_recorder_manages_nothing(org):
    card = task_builders.active_card(org)
    meeting = builders.recorded_meeting(org, card=card, recorder=org.tec_head)
    assert org.tec_head.pk not in (card.lead_id, card.tracker_id, card.initiator_id)
    link = builders.add_item(org, meeting, by=org.tec_head)
    assert link.action_item.card == card
    assert card.action_items.filter(pk=link.action_item_id).exists()
    # Through tasks itself, the same person still may not add an item to the card.
    with pytest.raises(Forbidden):
        task_builders.add_item(org, card, by=org.tec_head)


def test_an_item_with_no_owner_is_a_field_error_and_nothing_is_saved(org):
    meeting = builders.recorded_meeting(org)
    with pytest.raises(RuleViolation) as refused:
        services.minutes_item_add(
            meeting=meeting, by=org.tracker, values=builders.item_values(org, owner=None)
        )
    assert "owner" in refused.value.errors
    assert not ActionItem.objects.exists() and not MinutesActionItem.objects.exists()


def test_only_the_recorder_or_host_adds_items(org):
    meeting = builders.recorded_meeting(org)
    with pytest.raises(Forbidden):
        builders.add_item(org, meeting, by=org.fin_head)
    with pytest.raises(InvalidState):
        builders.add_item(org, builders.meeting(org))  # not started yet
    assert not ActionItem.objects.exists()


def test_items_are_edited_and_removed_while_draft_and_the_rest_renumbered(org):
    card = task_builders.active_card(org)
    meeting = builders.recorded_meeting(org, card=card, recorder=org.tec_head)
    first = builders.add_item(org, meeting, by=org.tec_head)
    second = builders.add_item(org, meeting, by=org.tec_head, title="Second")
    services.minutes_item_update(
        meeting=meeting, by=org.tec_head, link=second, values={"deliverable": "A draft"}
    )
    assert ActionItem.objects.get(pk=second.action_item_id).deliverable == "A draft"
    services.minutes_item_remove(meeting=meeting, by=org.tec_head, link=first)
    removed = ActionItem.objects.get(pk=first.action_item_id)
    assert removed.status == ActionItem.Status.CANCELLED and meeting.code in removed.cancel_reason
    assert list(meeting.minutes.item_links.values_list("number", "action_item")) == [
        (1, second.action_item_id)
    ]


def test_a_card_items_own_managers_rule_is_not_widened(org):
    """origin_authorised opens only items another origin produced."""
    card = task_builders.active_card(org)
    item = task_builders.add_item(org, card)
    with pytest.raises(Forbidden):
        from tasks import services as task_services

        task_services.action_item_update(
            item=item, by=org.tec_head, values={"title": "x"}, origin_authorised=True
        )

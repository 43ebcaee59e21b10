"""A card's milestones as things of their own: added and changed directly on a draft, by
change request on an active card, marked as reached; refused otherwise."""

import datetime as dt

import pytest
from django.utils import timezone

from collab.errors import Forbidden, InvalidState, RuleViolation
from tasks import services
from tasks.models import Card, ChangeRequest

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def test_a_milestone_is_added_to_a_draft_directly(org, draft):
    milestone = services.milestone_add(
        card=draft,
        by=org.tracker,
        name=" Stock ready ",
        due_date=draft.planned_start + 3 * DAY,
        buffer_days=1,
    )
    assert (milestone.card, milestone.name, milestone.buffer_days) == (draft, "Stock ready", 1)
    assert draft.milestones.count() == 2
    draft.refresh_from_db()
    assert draft.status == Card.Status.DRAFT


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": " "}, "name"),
        ({"due_date": dt.date(2020, 1, 1)}, "due_date"),
        ({"buffer_days": 366}, "buffer_days"),
        ({"buffer_days": -1}, "buffer_days"),
    ],
)
def test_a_bad_milestone_is_refused_by_field(org, draft, values, field):
    row = {"name": "Stock ready", "due_date": draft.planned_start, "buffer_days": 0, **values}
    with pytest.raises(RuleViolation) as refused:
        services.milestone_add(card=draft, by=org.initiator, **row)
    assert field in refused.value.errors
    assert draft.milestones.count() == 1


def test_on_an_active_card_a_milestone_changes_by_change_request(org, active_card):
    milestone = active_card.milestones.get()
    moved = milestone.due_date + 2 * DAY
    with pytest.raises(RuleViolation) as refused:
        services.milestone_update(milestone=milestone, by=org.lead, values={"due_date": moved})
    assert refused.value.field == "reason"

    changed = services.milestone_update(
        milestone=milestone, by=org.lead, values={"due_date": moved}, reason="Supplier slipped"
    )

    assert (changed.pk, changed.due_date) == (milestone.pk, moved)
    active_card.refresh_from_db()
    assert active_card.status == Card.Status.CONFIRMING
    change = ChangeRequest.objects.get(card=active_card)
    assert set(change.changes) == {"milestones"}


def test_milestones_change_only_by_managers_and_only_on_a_draft_or_active_card(
    org, draft, closed_card
):
    with pytest.raises(Forbidden, match="change milestones"):
        services.milestone_add(
            card=draft, by=org.fin_contact, name="Mine", due_date=draft.planned_start
        )
    services.card_submit(card=draft, by=org.initiator)
    with pytest.raises(InvalidState, match="not while the card is being confirmed"):
        services.milestone_update(
            milestone=draft.milestones.get(), by=org.lead, values={"name": "Later"}
        )
    with pytest.raises(InvalidState):
        services.milestone_add(
            card=closed_card, by=org.lead, name="After", due_date=closed_card.planned_end
        )


def test_a_milestone_is_reached_today_or_on_a_past_day_by_a_manager(org, active_card):
    milestone = active_card.milestones.get()
    today = timezone.localdate()
    with pytest.raises(Forbidden, match="record milestones"):
        services.milestone_mark_achieved(milestone=milestone, by=org.fin_contact)
    with pytest.raises(RuleViolation) as refused:
        services.milestone_mark_achieved(milestone=milestone, by=org.lead, on=today + DAY)
    assert refused.value.field == "on"
    assert services.milestone_mark_achieved(milestone=milestone, by=org.lead).achieved_on == today

"""Who sees a card: the audience rows the services keep agree with the rule of DESIGN.md 4,
whatever happens to the card, and whichever way they are rebuilt."""

import pytest
from django.db.models import Q

from collab.models import Department, User
from collab.selectors import departments_of_user
from tasks import services
from tasks.models import ActionItem, Card, CardAudience
from tasks.permissions import action_items_visible_to, cards_visible_to
from tasks.services.audience import audience_rows, card_audience_rebuild_all
from tests.factories import UserFactory

from . import builders

pytestmark = pytest.mark.django_db


def cards_by_the_rule(user) -> set[int]:
    """DESIGN.md 4, read straight off the cards: members, heads, contacts and executives of
    the initiating and participating departments, and the people the card names; a
    confidential card only the people it names; administrators everything."""
    if user.is_staff:
        return set(Card.objects.values_list("pk", flat=True))
    named = (
        Q(initiator=user)
        | Q(lead=user)
        | Q(tracker=user)
        | Q(acceptance_user=user)
        | Q(acceptance_department__head=user)
        | Q(departments__contact=user)
        | Q(departments__department__head=user)
        | Q(action_items__owner=user)
    )
    mine = departments_of_user(user)
    by_department = Q(confidential=False) & (
        Q(initiating_department__in=mine) | Q(departments__department__in=mine)
    )
    return set(Card.objects.filter(named | by_department).values_list("pk", flat=True))


def assert_everyone_sees_by_the_rule():
    for user in User.objects.all():
        seen = set(cards_visible_to(user).values_list("pk", flat=True))
        assert seen == cards_by_the_rule(user), user.username


def make_cards(org):
    """An open card, a confidential one with the acceptance by a person, a loose item."""
    open_card = builders.active_card(org)
    secret = builders.draft_card(
        org, confidential=True, acceptance_department=None, acceptance_user=org.acceptor
    )
    builders.add_item(org, open_card, owner=org.drifter, department=org.legal)
    builders.add_item(org, None, owner=org.tec_member)
    return open_card, secret


def test_everyone_sees_what_the_rule_says(org):
    cards = make_cards(org)
    assert_everyone_sees_by_the_rule()
    open_card, secret = cards
    assert set(cards_visible_to(org.drifter)) == {open_card}  # owns an item of it only
    assert secret in cards_visible_to(org.acceptor)
    assert secret not in cards_visible_to(org.executive)  # confidential: not named
    assert set(cards_visible_to(org.outsider)) == set()


def test_the_audience_follows_every_change(org):
    cards = make_cards(org)
    open_card, secret = cards
    # The draft becomes public, changes lead and swaps Technology for Legal.
    data = services.card_input_of(
        secret,
        fields={"confidential": False, "lead": org.fin_contact},
        departments=[row for row in services.card_input_of(secret).departments][:1],
    )
    data.departments.append(
        services.DepartmentRow(
            department=org.legal,
            role="support",
            responsibilities="Legal reviews the terms",
            contact=org.outsider,
        )
    )
    services.card_update(card=secret, by=org.initiator, data=data)
    assert_everyone_sees_by_the_rule()
    assert secret in cards_visible_to(org.outsider)
    # An item changes owner: the old owner no longer sees the card, the new one does.
    item = ActionItem.objects.get(owner=org.drifter)
    services.action_item_update(item=item, by=org.lead, values={"owner": org.outsider})
    assert open_card not in cards_visible_to(org.drifter)
    assert_everyone_sees_by_the_rule()


def test_a_new_head_sees_the_confidential_cards_of_the_department(org):
    secret = builders.draft_card(org, confidential=True)
    successor = UserFactory(username="tec.successor", department=org.technology)
    assert secret not in cards_visible_to(successor)
    Department.objects.filter(pk=org.technology.pk).update(head=successor)
    assert secret in cards_visible_to(successor)
    assert_everyone_sees_by_the_rule()


def test_items_are_visible_with_their_cards_and_to_their_owners(org):
    cards = make_cards(org)
    open_card, _secret = cards
    loose = ActionItem.objects.get(card__isnull=True)
    assert set(action_items_visible_to(org.outsider)) == set()
    assert loose in action_items_visible_to(org.tec_head)  # Technology's loose item
    assert loose not in action_items_visible_to(org.fin_head)
    assert set(action_items_visible_to(org.drifter)) == set(open_card.action_items.all())


def test_rebuilding_all_cards_at_once_writes_the_same_rows(org):
    make_cards(org)

    def rows():
        return sorted(
            CardAudience.objects.values_list("card_id", "kind", "user_id", "department_id")
        )

    kept_by_services = rows()
    card_audience_rebuild_all()
    assert rows() == kept_by_services
    computed = sorted(
        (row.card_id, row.kind, row.user_id, row.department_id)
        for row in audience_rows(Card.objects.values_list("pk", flat=True))
    )
    assert computed == kept_by_services

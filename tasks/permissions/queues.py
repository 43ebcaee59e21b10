"""Whose turn it is: the rules of `rules.py` as query filters, for inboxes and reminders.

Each filter selects the rows on which `user` holds the role a rule asks for, in the state
the rule allows (tests check each against its rule). Administrators may act on anything
but are not *asked* to: their inbox holds only what their own roles give them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from collab.models import User

from ..models import AcceptanceSubmission, ActionItem, Card, CardDepartment, Risk


def confirmations_owed_by(user: User) -> Q:
    """On CardDepartment: `ANSWER_RULE`, the contact or head answers while it is asked."""
    return confirmations_owed_by_any([user.pk])


def confirmations_owed_by_any(user_ids: Iterable[int]) -> Q:
    """`confirmations_owed_by` for a batch of people at once (the weekly digest): a row is
    owed by its `contact_id` and by its `department.head_id`."""
    return Q(
        card__status=Card.Status.CONFIRMING,
        confirmation=CardDepartment.Confirmation.PENDING,
    ) & (Q(contact_id__in=user_ids) | Q(department__head_id__in=user_ids))


def delay_notices_acknowledged_by(user: User) -> Q:
    """On DelayNotice: `acknowledge_delay_notice`, the card's lead or tracker (an item of no
    card: its creator), never whoever filed it, while the notice waits and the card is open."""
    on_card = Q(action_item__card__status__in=Card.OPEN_STATUSES) & (
        Q(action_item__card__lead=user) | Q(action_item__card__tracker=user)
    )
    no_card = Q(action_item__card__isnull=True, action_item__created_by=user)
    return Q(acknowledged_at__isnull=True) & (on_card | no_card) & ~Q(filed_by=user)


def risks_coordinated_by(user: User) -> Q:
    """On Risk: `manage_risks`, the card's lead, tracker or initiator, for an open risk of an
    open card."""
    return Q(status=Risk.Status.OPEN, card__status__in=Card.OPEN_STATUSES) & (
        Q(card__lead=user) | Q(card__tracker=user) | Q(card__initiator=user)
    )


def acceptances_decided_by(user: User) -> Q:
    """On AcceptanceSubmission: `decide_acceptance`, the acceptance party (the person named,
    else the department's head), never the lead, while the submission waits."""
    party = Q(card__acceptance_user=user) | Q(
        card__acceptance_user__isnull=True, card__acceptance_department__head=user
    )
    return (
        Q(decision=AcceptanceSubmission.Decision.PENDING, card__status=Card.Status.IN_ACCEPTANCE)
        & party
        & ~Q(card__lead=user)
    )


def open_items_owned_by(user: User) -> Q:
    """On ActionItem: `report_progress` for the owner, while the item is open on an open card
    (or of no card)."""
    return open_items_owned_by_any([user.pk])


def open_items_owned_by_any(user_ids: Iterable[int]) -> Q:
    """`open_items_owned_by` for a batch of owners at once (the weekly digest)."""
    return Q(owner_id__in=user_ids, status__in=ActionItem.OPEN_STATUSES) & (
        Q(card__isnull=True) | Q(card__status__in=Card.OPEN_STATUSES)
    )

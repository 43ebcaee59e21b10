"""Who may see a card or an action item (DESIGN.md 4): index lookups over the audience
rows the services keep, never the whole visible set."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from collab.models import User
from collab.selectors import departments_of_user

from ..models import ActionItem, Card, CardAudience

# A card's audience (CardAudience rows: the people it names, its departments' heads and,
# unless confidential, its departments' people) is kept by the services; reading it is an
# index lookup per card, so no request ever computes everyone's visible set.


@dataclass(frozen=True)
class Reader:
    """What a person's visibility depends on, read once (one small query): their
    departments as constants keep every visibility check a simple index lookup."""

    user: User
    departments: tuple[int, ...]  # member, head, contact or executive of
    headed: tuple[int, ...]

    @classmethod
    def of(cls, user: User) -> Reader:
        rows = list(departments_of_user(user).values_list("pk", "head_id"))
        return cls(
            user=user,
            departments=tuple(pk for pk, _head in rows),
            headed=tuple(pk for pk, head in rows if head == user.pk),
        )

    def audience(self) -> Q:
        """The audience rows that reach this person."""
        return (
            Q(kind=CardAudience.Kind.PERSON, user=self.user)
            | Q(kind=CardAudience.Kind.DEPARTMENT, department__in=self.departments)
            | Q(kind=CardAudience.Kind.HEAD, department__in=self.headed)
        )

    def sees_card(self, card_ref) -> Exists:
        """True for a card (`card_ref`: an OuterRef to its id) that reaches this person."""
        return Exists(CardAudience.objects.filter(self.audience(), card_id=card_ref))

    def sees_card_id(self, card_id: int) -> bool:
        return CardAudience.objects.filter(self.audience(), card_id=card_id).exists()


def cards_visible_to(user: User) -> QuerySet[Card]:
    """Cards of the user's departments (as member, head, contact or executive), and any card
    naming the user; a confidential card only for the people it names. Admins see all."""
    if not user.is_authenticated:
        return Card.objects.none()
    if user.is_staff:
        return Card.objects.all()
    return Card.objects.filter(Reader.of(user).sees_card(OuterRef("pk")))


def card_is_visible_to(user: User, card: Card) -> bool:
    """One card's check: an index lookup, never the visible set."""
    if not user.is_authenticated:
        return False
    return user.is_staff or Reader.of(user).sees_card_id(card.pk)


def action_items_visible_to(user: User) -> QuerySet[ActionItem]:
    """Items of visible cards, plus the user's own and their departments' loose items."""
    if user.is_staff:
        return ActionItem.objects.all()
    reader = Reader.of(user)
    return ActionItem.objects.filter(
        reader.sees_card(OuterRef("card_id"))
        | Q(owner=user)
        | Q(card__isnull=True, department__in=reader.departments)
    )


def action_item_is_visible_to(user: User, item: ActionItem) -> bool:
    """One item's check, by index lookups."""
    if user.is_staff or user.pk == item.owner_id:
        return True
    reader = Reader.of(user)
    if item.card_id:
        return reader.sees_card_id(item.card_id)
    return item.department_id in reader.departments

"""Cards and action items have comment threads (collab.threads): the rules come from
tasks.permissions, the objects from tasks.selectors."""

from django.urls import reverse

from collab.history import history_entries
from collab.threads import Discussable, register_discussable

from . import selectors
from .models import ActionItem, Card
from .permissions import (
    action_item_is_visible_to,
    card_comment_require,
    card_is_visible_to,
    card_mentionable,
    item_comment_require,
    item_mentionable,
)


def _card(code: str, user) -> Card:
    return selectors.card_get_for_user(code=code, user=user, people=False)


def _item(key: str, user) -> ActionItem:
    return selectors.action_item_get_for_user(pk=key, user=user)


def register_threads() -> None:
    register_discussable(
        Discussable(
            kind="card",
            model=Card,
            get_for_user=_card,
            key_of=lambda card: card.code,
            may_read=lambda user, card: card_is_visible_to(user, card),
            comment_require=card_comment_require,
            mentionable=card_mentionable,
            url_of=lambda card: reverse("tasks:card-detail", args=[card.code]) + "?tab=discussion",
            title_of=lambda card: f"{card.code} {card.title}",
            history=lambda card: history_entries(card, exclude=["retrospective_pdf"]),
        )
    )
    register_discussable(
        Discussable(
            kind="action-item",
            model=ActionItem,
            get_for_user=_item,
            key_of=lambda item: str(item.pk),
            may_read=lambda user, item: action_item_is_visible_to(user, item),
            comment_require=item_comment_require,
            mentionable=item_mentionable,
            url_of=lambda item: reverse("tasks:action-item-detail", args=[item.pk]),
            title_of=lambda item: item.title,
            history=lambda item: history_entries(item, limit=50),
        )
    )

"""Who may write in a card's or an action item's thread (collab.threads asks here).

Reading follows seeing: whoever may see the card or item reads its thread (visibility.py).
Writing is for the same people — the thread is where departments discuss the work, so
a participant who is not a manager must be able to ask and answer — while the card is
open: a closed or cancelled card is archived, and so is its discussion.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from collab.models import User

from ..models import ActionItem, Card
from .rules import Rule, _check
from .visibility import action_item_is_visible_to, card_is_visible_to

DISCUSSION_READ_ONLY = _("The card is closed or cancelled; its discussion is read-only.")

COMMENT_ON_CARD = Rule(
    who=lambda user, card, facts: True,  # whoever sees it; the others got a 404 already
    when=lambda card, facts: card.is_open,
    not_you="",
    not_now=DISCUSSION_READ_ONLY,
    who_text=_("anyone who sees the card, while it is open."),
)
COMMENT_ON_ITEM = Rule(
    who=lambda user, item, facts: True,
    when=lambda item, facts: not item.card_id or item.card.is_open,
    not_you="",
    not_now=DISCUSSION_READ_ONLY,
    who_text=_("anyone who sees the action item, while its card is open."),
)


def card_comment_require(user: User, card: Card) -> None:
    _check(COMMENT_ON_CARD, user, card, {})


def item_comment_require(user: User, item: ActionItem) -> None:
    """`item` has its card loaded."""
    _check(COMMENT_ON_ITEM, user, item, {})


def card_mentionable(card: Card, users) -> set[int]:
    """Those of `users` who may see `card`: only they can be mentioned (two index lookups
    a person; a comment mentions a handful at most)."""
    return {user.pk for user in users if card_is_visible_to(user, card)}


def item_mentionable(item: ActionItem, users) -> set[int]:
    return {user.pk for user in users if action_item_is_visible_to(user, item)}

"""Who may do what with a card or an action item: the only place that says so.

Each action is a `Rule` (`rules.py`): *who* may do it (a role on the card) and *when* (the
card's or item's state). Services call `card_require(...)`/`item_require(...)`, which
refuse with `Forbidden` (403) when the role is wrong and `InvalidState` (409) when the
state is; pages and the API read `card_permissions(...)`/`item_permissions(...)`
(`summary.py`), small frozen objects that say what the caller can do right now. Who may
*see* a card or item is `visibility.py`; whoever cannot see it never gets this far (404).
Who may read a department's overview (its head, its executive, administrators) is
`overviews.py`.
"""

from .discussion import (
    COMMENT_ON_CARD,
    COMMENT_ON_ITEM,
    card_comment_require,
    card_mentionable,
    item_comment_require,
    item_mentionable,
)
from .overviews import (
    OverviewRole,
    may_read_risk_report,
    may_see_department_overview,
    overseen_departments,
    overview_role,
    risk_report_departments,
)
from .rules import (
    ANSWER_RULE,
    CARD_RULES,
    ITEM_RULES,
    acceptance_party_id,
    answers_for,
    card_require,
    describe,
    is_acceptance_party,
    is_card_lead,
    is_card_manager,
    is_item_manager,
    item_require,
    may_acknowledge_delays,
    may_be_contact_for,
    participation_require_answer,
)
from .summary import CardPermissions, ItemPermissions, card_permissions, item_permissions
from .visibility import (
    Reader,
    action_item_is_visible_to,
    action_items_visible_to,
    card_is_visible_to,
    cards_visible_to,
)

__all__ = [
    "ANSWER_RULE",
    "CARD_RULES",
    "COMMENT_ON_CARD",
    "COMMENT_ON_ITEM",
    "ITEM_RULES",
    "CardPermissions",
    "ItemPermissions",
    "OverviewRole",
    "Reader",
    "acceptance_party_id",
    "action_item_is_visible_to",
    "action_items_visible_to",
    "answers_for",
    "card_comment_require",
    "card_is_visible_to",
    "card_mentionable",
    "card_permissions",
    "card_require",
    "cards_visible_to",
    "describe",
    "is_acceptance_party",
    "is_card_lead",
    "is_card_manager",
    "is_item_manager",
    "item_comment_require",
    "item_mentionable",
    "item_permissions",
    "item_require",
    "may_acknowledge_delays",
    "may_be_contact_for",
    "may_read_risk_report",
    "may_see_department_overview",
    "overseen_departments",
    "overview_role",
    "participation_require_answer",
    "risk_report_departments",
]

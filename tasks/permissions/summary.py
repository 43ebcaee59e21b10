"""What the caller can do now: read by templates and serialized by the API."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from collab.models import User

from ..models import AcceptanceSubmission, ActionItem, Card, CardDepartment
from .rules import (
    ANSWER_RULE,
    CARD_RULES,
    ITEM_RULES,
    answers_for,
    is_card_lead,
    is_card_manager,
    rule_allows,
)

# --- what the caller can do now: read by templates and serialized by the API ------------------


@dataclass(frozen=True)
class CardPermissions:
    can_edit: bool
    can_submit: bool
    can_request_change: bool
    can_cancel: bool
    can_add_item: bool
    can_edit_milestones: bool
    can_record_milestones: bool
    can_post_progress: bool
    can_raise_risk: bool
    can_manage_risks: bool
    can_submit_for_acceptance: bool
    can_decide_acceptance: bool
    can_close: bool
    can_download_archive: bool
    # Codes of the departments whose pending confirmation the caller can give now.
    answers_for: tuple[str, ...]
    # Codes of the departments the caller may post progress for.
    progress_departments: tuple[str, ...]

    def as_dict(self) -> dict:
        return asdict(self)


def card_permissions(
    user: User,
    card: Card,
    *,
    participations: list[CardDepartment],
    acceptance: AcceptanceSubmission | None,
) -> CardPermissions:
    """What `user` can do with `card` right now. `participations` are the card's departments
    (with `department` loaded), `acceptance` its newest acceptance submission, so that this
    runs no query of its own."""
    facts = {"participations": participations, "acceptance": acceptance}
    allowed = {name: rule_allows(rule, user, card, facts) for name, rule in CARD_RULES.items()}
    answerable = tuple(
        p.department.code
        for p in participations
        if rule_allows(ANSWER_RULE, user, p, {"card": card})
    )
    if not allowed["post_progress"]:
        progress = ()
    elif is_card_manager(user, card):
        progress = tuple(p.department.code for p in participations)
    else:
        progress = tuple(p.department.code for p in participations if answers_for(user, p))
    return CardPermissions(
        **{f"can_{name}": value for name, value in allowed.items()},
        answers_for=answerable,
        progress_departments=progress,
    )


@dataclass(frozen=True)
class ItemPermissions:
    can_edit: bool
    can_withdraw: bool
    can_cancel: bool
    can_report_progress: bool
    can_file_delay_notice: bool
    can_acknowledge_delay_notices: bool
    # The card's lead may close an item whose dependencies are open, with a reason.
    can_close_over_dependencies: bool
    can_repeat: bool
    can_stop_repeating: bool

    def as_dict(self) -> dict:
        return asdict(self)


def item_permissions(user: User, item: ActionItem, *, pending_notice: bool) -> ItemPermissions:
    """What `user` can do with `item` now (its card loaded; `pending_notice`: a delay notice
    waits for acknowledgement)."""
    facts = {"pending_notice": pending_notice}
    return ItemPermissions(
        can_edit=rule_allows(ITEM_RULES["edit"], user, item, facts),
        can_withdraw=rule_allows(ITEM_RULES["withdraw"], user, item, facts),
        can_cancel=rule_allows(ITEM_RULES["cancel"], user, item, facts),
        can_report_progress=rule_allows(ITEM_RULES["report_progress"], user, item, facts),
        can_file_delay_notice=rule_allows(ITEM_RULES["file_delay_notice"], user, item, facts),
        can_acknowledge_delay_notices=pending_notice
        and rule_allows(ITEM_RULES["acknowledge_delay_notice"], user, item, facts),
        can_close_over_dependencies=bool(item.card_id) and is_card_lead(user, item.card),
        can_repeat=rule_allows(ITEM_RULES["repeat"], user, item, facts),
        can_stop_repeating=rule_allows(ITEM_RULES["stop_repeating"], user, item, facts),
    )

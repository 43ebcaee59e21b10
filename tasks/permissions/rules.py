"""Who may do what with a card or an action item, and when: one `Rule` per action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from collab.errors import Forbidden, InvalidState
from collab.models import User

from ..models import AcceptanceSubmission, ActionItem, Card, CardDepartment

OPEN = tuple(Card.OPEN_STATUSES)

# --- roles ------------------------------------------------------------------------------


def is_card_manager(user: User, card: Card) -> bool:
    """The lead, the tracker and the initiator manage a card (and administrators)."""
    return user.is_staff or user.pk in (card.lead_id, card.tracker_id, card.initiator_id)


def is_card_lead(user: User, card: Card) -> bool:
    return user.pk == card.lead_id


def answers_for(user: User, participation: CardDepartment) -> bool:
    """A department answers for itself: its contact on the card, or its head."""
    return user.pk in (participation.contact_id, participation.department.head_id)


def may_be_contact_for(user: User, department) -> bool:
    """A department's contact on a card is one of its people: a member, its head or one of
    its named contacts. Otherwise anyone named could confirm for, say, Finance."""
    if user.pk in (department.head_id,) or user.department_id == department.pk:
        return True
    return department.contacts.filter(pk=user.pk).exists()


def acceptance_party_id(card: Card) -> int | None:
    """Who accepts the deliverables: the person named, else the department's head."""
    if card.acceptance_user_id:
        return card.acceptance_user_id
    if card.acceptance_department_id:
        return card.acceptance_department.head_id
    return None


def is_acceptance_party(user: User, card: Card) -> bool:
    # The lead delivers, so never accepts their own deliverables: not even as the accepting
    # department's head, nor on a card saved before that was refused.
    if user.pk == card.lead_id:
        return False
    party = acceptance_party_id(card)
    return party is not None and user.pk == party


def is_item_manager(user: User, item: ActionItem) -> bool:
    """The card's managers manage its items; an item of no card, its creator."""
    if item.card_id:
        return is_card_manager(user, item.card)
    return user.is_staff or user.pk == item.created_by_id


def may_acknowledge_delays(user: User, item: ActionItem) -> bool:
    """The card's lead or tracker (or an administrator); for an item of no card, its creator."""
    if user.is_staff:
        return True
    if item.card_id:
        return user.pk in (item.card.lead_id, item.card.tracker_id)
    return user.pk == item.created_by_id


def _acknowledges_delay(user: User, item: ActionItem, facts: dict) -> bool:
    """Someone else than whoever filed the notice (by default the item's owner, who files
    them): nobody excuses their own delay."""
    notice = facts.get("notice")
    filer = notice.filed_by_id if notice is not None else item.owner_id
    return user.pk != filer and may_acknowledge_delays(user, item)


# --- rules ------------------------------------------------------------------------------
# A rule's `who(user, obj, facts)` and `when(obj, facts)` read only what they are given:
# `facts` carries what some rules need besides the object (see card_require).


@dataclass(frozen=True)
class Rule:
    """An action: who may do it and in which states, with the reason given to the others."""

    who: Callable[[User, object, dict], bool]
    when: Callable[[object, dict], bool]
    not_you: str
    not_now: str
    who_text: str  # for the API schema: "Who may call it: ..."


def _role(check):
    return lambda user, obj, facts: check(user, obj)


def _anyone(user, obj, facts):
    return True


def _status_in(*statuses):
    return lambda card, facts: card.status in statuses


def _acceptance_is(decision):
    def when(card, facts):
        acceptance = facts.get("acceptance")
        return (
            card.status == Card.Status.IN_ACCEPTANCE
            and acceptance is not None
            and acceptance.decision == decision
        )

    return when


def _posts_progress(user, card, facts):
    participations = facts.get("participations", ())
    return is_card_manager(user, card) or any(answers_for(user, p) for p in participations)


def _manages_or_origin_authorised(user, card, facts):
    """The card's managers; or a caller whose own app already decided, under its own rule,
    that this person adds the item (`origin_authorised`, e.g. a meeting's recorder writing
    the minutes of the card's meeting). The card's state is checked all the same."""
    return is_card_manager(user, card) or bool(facts.get("origin_authorised"))


def _manages_item_or_origin_authorised(user, item, facts):
    """As above for an item: only an item another origin than a card produced."""
    return is_item_manager(user, item) or (
        bool(facts.get("origin_authorised")) and item.origin != ActionItem.Origin.CARD
    )


def _item_card_open(item, facts):
    return not item.card_id or item.card.is_open


def _item_delayable(item, facts):
    return _item_card_open(item, facts) and item.is_open and not facts.get("pending_notice")


def _item_card_draft(item, facts):
    return bool(item.card_id) and item.card.status == Card.Status.DRAFT


def _item_cancellable(item, facts):
    return _item_card_open(item, facts) and item.is_open


def _item_repeatable(item, facts):
    return _item_card_open(item, facts) and item.is_open and not item.recurrence_id


def _item_series_running(item, facts):
    """The item's series was not stopped yet (its `recurrence` loaded)."""
    return (
        _item_card_open(item, facts)
        and bool(item.recurrence_id)
        and item.recurrence.stopped_at is None
    )


def _notice_open(item, facts):
    notice = facts.get("notice")
    return _item_card_open(item, facts) and (notice is None or notice.acknowledged_at is None)


MANAGERS_ONLY = _("Only the card's lead, tracker or initiator can do this.")
WHILE_OPEN = _("the card's lead, tracker or initiator, while it is open.")
WHILE_DRAFT = _("the card's lead, tracker or initiator, while it is a draft.")
READ_ONLY = _("The card is closed or cancelled; it is read-only.")
ITEMS_READ_ONLY = _("The card is closed or cancelled; its items are read-only.")


def _managers(when, *, not_now, who_text=WHILE_OPEN, not_you=MANAGERS_ONLY) -> Rule:
    """A rule for the card's lead, tracker and initiator (and administrators)."""
    return Rule(_role(is_card_manager), when, not_you, not_now, who_text)


DRAFT_ONLY = _status_in(Card.Status.DRAFT)

CARD_RULES: dict[str, Rule] = {
    "edit": _managers(
        DRAFT_ONLY,
        not_now=_("Only a draft is edited; a signed card changes by change request."),
        who_text=WHILE_DRAFT,
    ),
    "submit": _managers(
        DRAFT_ONLY, not_now=_("Only a draft is sent for confirmation."), who_text=WHILE_DRAFT
    ),
    "request_change": _managers(
        _status_in(Card.Status.ACTIVE),
        not_now=_("Only an active card takes a change request."),
        who_text=_("the card's lead, tracker or initiator, while it is active."),
    ),
    "cancel": _managers(_status_in(*OPEN), not_now=READ_ONLY),
    "add_item": Rule(
        who=_manages_or_origin_authorised,
        when=_status_in(*OPEN),
        not_you=_("Only the card's lead, tracker or initiator add action items."),
        not_now=_("A closed or cancelled card takes no new action items."),
        who_text=_(
            "the card's lead, tracker or initiator, while it is open; or whoever the item's "
            "origin (a meeting's minutes) allowed to add it."
        ),
    ),
    "edit_milestones": _managers(
        _status_in(Card.Status.DRAFT, Card.Status.ACTIVE),
        not_you=_("Only the card's lead, tracker or initiator change milestones."),
        not_now=_(
            "Milestones change on a draft, or on an active card by change request; "
            "not while the card is being confirmed, signed or accepted, nor after it ends."
        ),
        who_text=_(
            "the card's lead, tracker or initiator: directly on a draft; on an active card "
            "with a reason, as a change request the departments re-confirm."
        ),
    ),
    "record_milestones": _managers(
        _status_in(*OPEN),
        not_you=_("Only the card's lead, tracker or initiator record milestones."),
        not_now=READ_ONLY,
    ),
    "post_progress": Rule(
        who=_posts_progress,
        when=_status_in(*OPEN),
        not_you=_("You can post progress only for a department you answer for."),
        not_now=READ_ONLY,
        who_text=_(
            "a participating department's contact or head (for that department), or the "
            "card's lead, tracker or initiator, while it is open."
        ),
    ),
    "raise_risk": Rule(
        who=_anyone,
        when=_status_in(*OPEN),
        not_you="",
        not_now=READ_ONLY,
        who_text=_("anyone who sees the card, while it is open."),
    ),
    "manage_risks": _managers(
        _status_in(*OPEN),
        not_you=_("Only the card's lead, tracker or initiator coordinate, edit and close risks."),
        not_now=READ_ONLY,
    ),
    "submit_for_acceptance": Rule(
        who=_role(is_card_lead),
        when=_status_in(Card.Status.ACTIVE),
        not_you=_("Only the card's lead submits for acceptance."),
        not_now=_("Only an active card goes to acceptance."),
        who_text=_("the card's lead, while it is active."),
    ),
    "decide_acceptance": Rule(
        who=_role(is_acceptance_party),
        when=_acceptance_is(AcceptanceSubmission.Decision.PENDING),
        not_you=_("Only the acceptance party decides."),
        not_now=_("Nothing is waiting for acceptance."),
        who_text=_(
            "the acceptance party (the person, or the department's head), once; "
            "never the card's lead."
        ),
    ),
    "close": Rule(
        who=_role(is_card_lead),
        when=_acceptance_is(AcceptanceSubmission.Decision.ACCEPTED),
        not_you=_("Only the card's lead closes it."),
        not_now=_("A card closes after its deliverables are accepted."),
        who_text=_("the card's lead, after the deliverables are accepted."),
    ),
    "download_archive": Rule(
        who=_anyone,
        when=_status_in(Card.Status.CLOSED),
        not_you="",
        not_now=_("The archive exists once the card is closed."),
        who_text=_("anyone who sees the card, once it is closed."),
    ),
}

ANSWER_RULE = Rule(
    who=_role(answers_for),
    when=lambda participation, facts: (
        facts["card"].status == Card.Status.CONFIRMING
        and participation.confirmation == CardDepartment.Confirmation.PENDING
    ),
    not_you=_("Only the contact or the head of %(department)s answers for it."),
    not_now=_("%(department)s has already answered, or is not asked now."),
    who_text=_("the department's contact on the card or its head, while it is asked."),
)

ITEM_RULES: dict[str, Rule] = {
    "edit": Rule(
        who=_manages_item_or_origin_authorised,
        when=_item_card_open,
        not_you=_("Only the card's lead, tracker or initiator edit this item."),
        not_now=ITEMS_READ_ONLY,
        who_text=_("the card's lead, tracker or initiator; for an item of no card, its creator."),
    ),
    "withdraw": Rule(
        who=_role(is_item_manager),
        when=_item_card_draft,
        not_you=_("Only the card's lead, tracker or initiator withdraw its action items."),
        not_now=_(
            "Only an item of a draft card is withdrawn. Once the card was sent for "
            "confirmation nothing is deleted: cancel the item with a reason."
        ),
        who_text=_(
            "the card's lead, tracker or initiator, while the card is a draft; the item is deleted."
        ),
    ),
    "cancel": Rule(
        who=_manages_item_or_origin_authorised,
        when=_item_cancellable,
        not_you=_("Only the card's lead, tracker or initiator cancel this item."),
        not_now=_("Only an open item of an open card is cancelled."),
        who_text=_(
            "the card's lead, tracker or initiator (for an item of no card, its creator), "
            "while the item is open; with a reason, and the item stays on file."
        ),
    ),
    "report_progress": Rule(
        who=lambda user, item, facts: user.pk == item.owner_id or is_item_manager(user, item),
        when=_item_card_open,
        not_you=_("Only the owner updates this item."),
        not_now=ITEMS_READ_ONLY,
        who_text=_("the item's owner, or whoever manages the item."),
    ),
    "file_delay_notice": Rule(
        who=lambda user, item, facts: user.pk == item.owner_id,
        when=_item_delayable,
        not_you=_("Only the owner files a delay notice."),
        not_now=_(
            "Only an open item of an open card is delayed, one notice at a time: "
            "a notice waiting to be acknowledged comes first."
        ),
        who_text=_("the item's owner, while the item is open and no notice is waiting."),
    ),
    "repeat": Rule(
        who=_role(is_item_manager),
        when=_item_repeatable,
        not_you=_("Only the card's lead, tracker or initiator make this item repeat."),
        not_now=_("Only an open item of an open card that does not repeat yet is made to repeat."),
        who_text=_(
            "the card's lead, tracker or initiator (for an item of no card, its creator), "
            "while the item is open and does not repeat yet."
        ),
    ),
    "stop_repeating": Rule(
        who=_role(is_item_manager),
        when=_item_series_running,
        not_you=_("Only the card's lead, tracker or initiator stop this item repeating."),
        not_now=_("This item does not repeat, or its repetition was already stopped."),
        who_text=_(
            "the card's lead, tracker or initiator (for an item of no card, its creator), "
            "while the series runs."
        ),
    ),
    "acknowledge_delay_notice": Rule(
        who=_acknowledges_delay,
        when=_notice_open,
        not_you=_(
            "Only the card's lead or tracker acknowledges delay notices, and never their own."
        ),
        not_now=_("This delay notice is already acknowledged, or the card is closed."),
        who_text=_(
            "the card's lead or tracker (for an item of no card, its creator), "
            "but not whoever filed the notice."
        ),
    ),
}


def describe(rule: Rule) -> str:
    """The sentence the API schema shows beside an action."""
    return f"{_('Who may call it:')} {rule.who_text}"


def rule_allows(rule: Rule, user: User, obj, facts: dict) -> bool:
    return rule.who(user, obj, facts) and rule.when(obj, facts)


def _check(rule: Rule, user: User, obj, facts: dict, names: dict | None = None) -> None:
    if not rule.who(user, obj, facts):
        raise Forbidden(str(rule.not_you) % (names or {}) if names else rule.not_you)
    if not rule.when(obj, facts):
        raise InvalidState(str(rule.not_now) % (names or {}) if names else rule.not_now)


def card_require(user: User, card: Card, action: str, **facts) -> None:
    """Refuse unless `user` may do `action` to `card` now: Forbidden for the wrong role,
    then InvalidState for the wrong state. Facts some rules need: `participations`
    (post_progress), `acceptance`, the newest acceptance submission (decide_acceptance,
    close)."""
    _check(CARD_RULES[action], user, card, facts)


def participation_require_answer(user: User, card: Card, participation: CardDepartment) -> None:
    """A department's confirmation or objection: its contact or head, while it is asked."""
    names = {"department": participation.department}
    _check(ANSWER_RULE, user, participation, {"card": card}, names)


def item_require(user: User, item: ActionItem, action: str, **facts) -> None:
    """Refuse unless `user` may do `action` to `item` (its card loaded) now. Facts:
    `pending_notice` (file_delay_notice), `notice` (acknowledge_delay_notice)."""
    _check(ITEM_RULES[action], user, item, facts)

"""What task cards ask of a person, for "My work" and the API's inbox (see collab.inbox).

One source per kind; whose turn it is comes from `permissions.queues`. Each source reads its
rows with one query (everything an entry shows is joined in) and counts them with one more.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from collab.inbox import InboxEntry, InboxSource, end_of_day, register_inbox_source
from collab.models import User

from .models import AcceptanceSubmission, ActionItem, CardDepartment, DelayNotice, Risk
from .permissions import queues


def _card_url(card, tab: str) -> str:
    return f"{reverse('tasks:card-detail', args=[card.code])}?tab={tab}"


def _card_title(card) -> str:
    return f"{card.code} {card.title}"


# --- a department's confirmation ---------------------------------------------------------


def _confirmations(user: User):
    return CardDepartment.objects.filter(queues.confirmations_owed_by(user))


def confirmation_entries(user: User) -> list[InboxEntry]:
    rows = _confirmations(user).select_related("card", "department").order_by("due_at", "pk")
    entries = []
    for participation in rows:
        url = _card_url(participation.card, "departments")
        entries.append(
            InboxEntry(
                kind="tasks.confirmation",
                label=_("Confirm your department's part"),
                title=_card_title(participation.card),
                url=url,
                deadline=participation.due_at,
                action_label=_("Confirm"),
                action_url=f"{url}#confirm-{participation.department.code.lower()}",
                detail=str(participation.department),
            )
        )
    return entries


# --- a delay notice to acknowledge ---------------------------------------------------------


def _delay_notices(user: User):
    return DelayNotice.objects.filter(queues.delay_notices_acknowledged_by(user))


def delay_notice_entries(user: User) -> list[InboxEntry]:
    """The deadline is the end of the item's due date when the notice was filed: past it, the
    item counts as overdue until the notice is acknowledged and the date moves."""
    rows = (
        _delay_notices(user)
        .select_related("action_item__card", "filed_by")
        .order_by("previous_due_date", "pk")
    )
    entries = []
    for notice in rows:
        item = notice.action_item
        url = reverse("tasks:action-item-detail", args=[item.pk])
        entries.append(
            InboxEntry(
                kind="tasks.delay_notice",
                label=_("Acknowledge a delay notice"),
                title=item.title,
                url=url,
                deadline=end_of_day(notice.previous_due_date),
                all_day=True,
                action_label=_("Acknowledge"),
                action_url=f"{url}#delay-heading",
                detail=_("%(name)s asks to move the due date from %(old)s to %(new)s")
                % {
                    "name": notice.filed_by.name,
                    "old": date_format(notice.previous_due_date, "DATE_FORMAT"),
                    "new": date_format(notice.new_due_date, "DATE_FORMAT"),
                },
            )
        )
    return entries


# --- a risk awaiting coordination ------------------------------------------------------------


def _risks(user: User):
    return Risk.objects.filter(queues.risks_coordinated_by(user))


def risk_entries(user: User) -> list[InboxEntry]:
    rows = _risks(user).select_related("card").order_by("decision_due_at", "pk")
    entries = []
    for risk in rows:
        entries.append(
            InboxEntry(
                kind="tasks.risk",
                label=_("Coordinate a risk"),
                title=Truncator(risk.description).chars(80),
                url=_card_url(risk.card, "risks"),
                deadline=risk.decision_due_at,
                action_label=_("Coordinate"),
                action_url=reverse("tasks:risk-coordinate", args=[risk.card.code, risk.pk]),
                detail=_card_title(risk.card),
            )
        )
    return entries


# --- deliverables awaiting acceptance ---------------------------------------------------------


def _acceptances(user: User):
    return AcceptanceSubmission.objects.filter(queues.acceptances_decided_by(user))


def acceptance_entries(user: User) -> list[InboxEntry]:
    rows = _acceptances(user).select_related("card", "submitted_by").order_by("due_at", "pk")
    return [
        InboxEntry(
            kind="tasks.acceptance",
            label=_("Decide on acceptance"),
            title=_card_title(submission.card),
            url=_card_url(submission.card, "documents"),
            deadline=submission.due_at,
            action_label=_("Decide"),
            action_url=reverse("tasks:card-acceptance-decide", args=[submission.card.code]),
            detail=_("submitted by %(name)s") % {"name": submission.submitted_by.name},
        )
        for submission in rows
    ]


# --- my open action items ---------------------------------------------------------------------


def _items(user: User):
    return ActionItem.objects.filter(queues.open_items_owned_by(user))


def action_item_entries(user: User) -> list[InboxEntry]:
    rows = _items(user).select_related("card").order_by("due_date", "pk")
    entries = []
    for item in rows:
        url = reverse("tasks:action-item-detail", args=[item.pk])
        entries.append(
            InboxEntry(
                kind="tasks.action_item",
                label=_("Your action item"),
                title=item.title,
                url=url,
                deadline=end_of_day(item.due_date),
                all_day=True,
                action_label=_("Report progress"),
                action_url=f"{url}#progress-heading",
                detail=_card_title(item.card) if item.card_id else "",
            )
        )
    return entries


SOURCES = [
    InboxSource("tasks.confirmation", confirmation_entries, lambda u: _confirmations(u).count()),
    InboxSource("tasks.acceptance", acceptance_entries, lambda u: _acceptances(u).count()),
    InboxSource("tasks.risk", risk_entries, lambda u: _risks(u).count()),
    InboxSource("tasks.delay_notice", delay_notice_entries, lambda u: _delay_notices(u).count()),
    InboxSource("tasks.action_item", action_item_entries, lambda u: _items(u).count()),
]


def register_sources() -> None:
    for source in SOURCES:
        register_inbox_source(source)

"""A card's milestones as things of their own: add, change, mark as reached.

Milestones are part of what the departments confirm and the heads sign, so on a draft they
change directly and on an active card only as a change request (with a reason) that the
departments re-confirm; the rows are checked like the card form's (services.cards).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collab.errors import FieldErrors, RuleViolation
from collab.history import records_actor
from collab.models import User
from collab.text import clean_text

from ..models import Card, Milestone
from ..permissions import card_require
from .cards import MilestoneRow, card_input_of, card_update, lock_card, milestone_row_errors
from .confirmation import card_change_request


def _apply(card: Card, by: User, rows: list[MilestoneRow], reason: str) -> None:
    """Save the card's milestones as `rows`: directly on a draft, by change request on an
    active card (the caller checked the edit_milestones rule)."""
    data = card_input_of(card, milestones=rows)
    if card.status == Card.Status.DRAFT:
        card_update(card=card, by=by, data=data)
    elif not reason.strip():
        raise RuleViolation(
            _("The card is signed: say why the milestone changes; the departments re-confirm."),
            field="reason",
        )
    else:
        card_change_request(card=card, by=by, data=data, reason=reason)


def _rows(card: Card) -> list[MilestoneRow]:
    return card_input_of(card).milestones


def _check_row(card: Card, row: MilestoneRow) -> None:
    """The row's own faults, named by field, before the card is checked as a whole."""
    errors = FieldErrors()
    for field, message in milestone_row_errors(row, card.planned_start, card.planned_end):
        errors.add(field, message)
    errors.raise_if_any()


@records_actor("by")
@transaction.atomic
def milestone_add(
    *, card: Card, by: User, name: str, due_date: dt.date, buffer_days: int = 0, reason: str = ""
) -> Milestone:
    card = lock_card(card)
    card_require(by, card, "edit_milestones")
    row = MilestoneRow(name=clean_text(name).strip(), due_date=due_date, buffer_days=buffer_days)
    _check_row(card, row)
    known = set(card.milestones.values_list("pk", flat=True))
    _apply(card, by, [*_rows(card), row], reason)
    return card.milestones.exclude(pk__in=known).get()


@records_actor("by")
@transaction.atomic
def milestone_update(
    *, milestone: Milestone, by: User, values: dict, reason: str = ""
) -> Milestone:
    """Change a milestone's name, due date or buffer days (`values` holds what changes)."""
    card = lock_card(milestone.card)
    card_require(by, card, "edit_milestones")
    rows = _rows(card)
    row = next(row for row in rows if row.id == milestone.pk)
    row.name = clean_text(values.get("name", row.name)).strip()
    row.due_date = values.get("due_date", row.due_date)
    row.buffer_days = values.get("buffer_days", row.buffer_days)
    _check_row(card, row)
    _apply(card, by, rows, reason)
    return Milestone.objects.get(pk=milestone.pk)


@records_actor("by")
@transaction.atomic
def milestone_mark_achieved(
    *, milestone: Milestone, by: User, on: dt.date | None = None
) -> Milestone:
    """The lead, tracker or initiator record the day a milestone was reached (today by default)."""
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("card")
        .get(pk=milestone.pk)
    )
    card_require(by, milestone.card, "record_milestones")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise RuleViolation(_("A milestone cannot be reached in the future."), field="on")
    milestone.achieved_on = on
    milestone.save(update_fields=["achieved_on"])
    return milestone

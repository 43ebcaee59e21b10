"""Confirmation and signing of a card, and changes to a signed card.

draft → confirming (each department confirms or objects within 2 working days) → signing
(the heads sign the goal confirmation letter) → active; a change request sends an active
card round again for the parts that changed.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from collab import services as collab_services
from collab import signables
from collab.errors import FieldErrors, RuleViolation
from collab.history import records_actor
from collab.models import SignatureRequest, User
from collab.workdays import working_days_deadline

from .. import notifying
from ..models import Card, CardDepartment, ChangeRequest
from ..permissions import card_require, participation_require_answer
from ..selectors import GOAL_LETTER
from .cards import (
    EDITABLE_FIELDS,
    CardInput,
    agreed_content,
    check_card_input,
    lock_card,
    participation_hash,
    save_card_rows,
)
from .items import owners_notify_card_active

CONFIRMATION_WORKING_DAYS = 2


# --- confirmation -------------------------------------------------------------------


@records_actor("by")
@transaction.atomic
def card_submit(*, card: Card, by: User) -> Card:
    """Send the card to its departments. A department that confirmed this very content
    before (same common content, same part) is not asked again."""
    card = lock_card(card)
    card_require(by, card, "submit")
    participations = list(card.departments.select_related("department__head", "contact"))
    if not participations:
        raise RuleViolation(
            _("Add at least one participating department."),
            field="departments",
            code="no_departments",
        )
    _ask_departments(card, participations, by)
    card.submitted_at = card.submitted_at or timezone.now()
    card.save(update_fields=["status", "submitted_at"])
    return card


def _ask_departments(card: Card, participations: list[CardDepartment], by: User) -> None:
    """Ask every department whose confirmed content differs from now; then the card is
    confirming, or signing straight away if nobody needs asking."""
    now = timezone.now()
    due = working_days_deadline(now, CONFIRMATION_WORKING_DAYS)
    to_ask = []
    for participation in participations:
        current = participation_hash(card, participation)
        if (
            participation.confirmation == CardDepartment.Confirmation.CONFIRMED
            and participation.confirmed_hash == current
        ):
            continue
        participation.confirmation = CardDepartment.Confirmation.PENDING
        participation.requested_at, participation.due_at = now, due
        participation.answered_at = participation.answered_by = None
        participation.objection = participation.proposed_change = ""
        participation.objection_topic = ""
        participation.save()
        to_ask.append((participation, current))
    if not to_ask:
        card.status = Card.Status.SIGNING
        card.save(update_fields=["status"])
        _open_goal_letter(card, by)
        return
    card.status = Card.Status.CONFIRMING
    for participation, current in to_ask:
        recipients = [participation.contact]
        if participation.department.head_id:
            recipients.append(participation.department.head)
        collab_services.notify(
            recipients=recipients,
            reason="card_confirmation_requested",
            key=f"{participation.pk}:{current[:16]}",
            template="tasks/notifications/card_confirmation_requested",
            context={
                "card": notifying.card_context(card),
                "participation": notifying.participation_context(participation),
            },
            url=reverse("tasks:card-detail", args=[card.code]) + "?tab=departments",
            about=notifying.about_participation(participation),
            is_request=True,
        )


def _participation(card: Card, department_code: str) -> CardDepartment:
    participation = (
        card.departments.select_for_update(of=("self",))
        .select_related("department__head", "contact")
        .filter(department__code__iexact=department_code)
        .first()
    )
    if participation is None:
        raise RuleViolation(
            _("%(code)s does not take part in this card.") % {"code": department_code},
            field="department",
            code="not_participating",
        )
    return participation


@records_actor("by")
@transaction.atomic
def department_confirm(*, card: Card, department_code: str, by: User) -> CardDepartment:
    card = lock_card(card)
    participation = _participation(card, department_code)
    participation_require_answer(by, card, participation)
    participation.confirmation = CardDepartment.Confirmation.CONFIRMED
    participation.answered_at, participation.answered_by = timezone.now(), by
    participation.confirmed_hash = participation_hash(card, participation)
    participation.save()
    collab_services.notifications_settle(
        reason="card_confirmation_requested", about=notifying.about_participation(participation)
    )
    if not card.departments.exclude(confirmation=CardDepartment.Confirmation.CONFIRMED).exists():
        card.status = Card.Status.SIGNING
        card.save(update_fields=["status"])
        _open_goal_letter(card, by)
    return participation


@records_actor("by")
@transaction.atomic
def department_object(
    *,
    card: Card,
    department_code: str,
    by: User,
    topic: str,
    objection: str,
    proposed_change: str = "",
) -> CardDepartment:
    """An objection sends the card back to draft, with the objection beside its topic."""
    card = lock_card(card)
    participation = _participation(card, department_code)
    participation_require_answer(by, card, participation)
    errors = FieldErrors()
    if topic not in CardDepartment.Topic.values:
        errors.add("topic", _("Choose what the objection concerns."))
    if not objection.strip():
        errors.add("objection", _("Say what you object to."))
    errors.raise_if_any()
    participation.confirmation = CardDepartment.Confirmation.OBJECTED
    participation.answered_at, participation.answered_by = timezone.now(), by
    participation.objection_topic = topic
    participation.objection = objection.strip()
    participation.proposed_change = proposed_change.strip()
    participation.save()
    collab_services.notifications_settle(
        reason="card_confirmation_requested", about=notifying.about_participation(participation)
    )
    card.status = Card.Status.DRAFT
    card.save(update_fields=["status"])
    collab_services.notify(
        recipients=[card.initiator, card.lead, card.tracker],
        reason="card_objection",
        key=f"{participation.pk}:{participation.answered_at.isoformat()}",
        template="tasks/notifications/card_objection",
        context={
            "card": notifying.card_context(card),
            "participation": notifying.participation_context(participation),
            "by": notifying.person_context(by),
        },
        url=reverse("tasks:card-detail", args=[card.code]),
        about=notifying.about_participation(participation),
    )
    return participation


# --- signing ------------------------------------------------------------------------


def _open_goal_letter(card: Card, by: User) -> SignatureRequest:
    return collab_services.signature_request_open(
        document=card, document_type=GOAL_LETTER, requested_by=card.lead or by
    )


def goal_letter_decided(card: Card, request: SignatureRequest) -> None:
    """The heads decided on the goal confirmation letter (called in the signing transaction)."""
    card = lock_card(card)
    if card.status != Card.Status.SIGNING:
        return
    if request.status == SignatureRequest.Status.APPROVED:
        first_activation = card.activated_at is None
        card.status = Card.Status.ACTIVE
        card.activated_at = card.activated_at or timezone.now()
    else:
        # A head refused to sign: back to draft, the reasons stand on the letter.
        card.status = Card.Status.DRAFT
        card.departments.update(confirmation=CardDepartment.Confirmation.NOT_ASKED)
        first_activation = False
    card.save(update_fields=["status", "activated_at"])
    if first_activation:
        owners_notify_card_active(card)


# --- change requests --------------------------------------------------------------------


@records_actor("by")
@transaction.atomic
def card_change_request(*, card: Card, by: User, data: CardInput, reason: str) -> ChangeRequest:
    """Change a signed card: the affected departments re-confirm, then the letter is
    re-signed as a new version. The old signed version stays as it was."""
    card = lock_card(card)
    card_require(by, card, "request_change")
    if not reason.strip():
        raise RuleViolation(_("Say why the card changes."), field="reason")
    check_card_input(data)
    if not data.departments:
        raise RuleViolation(_("Add at least one participating department."), field="departments")
    before = agreed_content(card)
    for name in EDITABLE_FIELDS:
        if name in data.fields:
            setattr(card, name, data.fields[name])
    card.save()
    save_card_rows(card, data)
    after = agreed_content(card)
    changes = {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in after
        if signables.canonical_json(before.get(key)) != signables.canonical_json(after.get(key))
    }
    if not changes:
        raise RuleViolation(
            _("Nothing that the departments agreed on has changed."), code="no_change"
        )
    change = ChangeRequest.objects.create(
        card=card,
        requested_by=by,
        reason=reason.strip(),
        changes=json.loads(signables.canonical_json(changes)),
    )
    participations = list(card.departments.select_related("department__head", "contact"))
    _ask_departments(card, participations, by)
    card.save(update_fields=["status"])
    return change

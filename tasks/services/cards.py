"""Task card workflow: draft → confirming → signing → active → in_acceptance → closed."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from collab import services as collab_services
from collab import signables
from collab.errors import FieldErrors, RuleViolation
from collab.history import records_actor
from collab.models import Department, SignatureRequest, User
from collab.workdays import working_days_deadline

from ..models import Card, CardCodeSequence, CardDepartment, ChangeRequest, Milestone
from ..selectors import GOAL_LETTER, can_answer_for, can_edit_card, goal_letter_requests

CONFIRMATION_WORKING_DAYS = 2

# The fields of a card that its departments confirm and its heads sign.
AGREED_FIELDS = [
    "title",
    "goal",
    "key_results",
    "in_scope",
    "out_of_scope",
    "planned_start",
    "planned_end",
    "budget_amount",
    "budget_currency",
    "people_needed",
    "equipment_needed",
]
EDITABLE_FIELDS = [
    *AGREED_FIELDS,
    "kind",
    "priority",
    "initiating_department",
    "lead",
    "tracker",
    "meeting_cadence",
    "meeting_channel",
    "confidential",
    "acceptance_user",
    "acceptance_department",
]


@dataclass
class DepartmentRow:
    department: Department
    role: str
    responsibilities: str
    contact: User
    id: int | None = None


@dataclass
class MilestoneRow:
    name: str
    due_date: dt.date
    buffer_days: int = 0
    id: int | None = None


@dataclass
class CardInput:
    """A card as a form or the API gives it: fields plus its department and milestone rows."""

    fields: dict
    departments: list[DepartmentRow] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)


def _check(data: CardInput) -> None:
    errors = FieldErrors()
    values = data.fields
    start, end = values.get("planned_start"), values.get("planned_end")
    if start and end and end < start:
        errors.add("planned_end", _("The planned end must not be before the planned start."))
    budget = values.get("budget_amount")
    if budget is not None and Decimal(budget) < 0:
        errors.add("budget_amount", _("The budget cannot be negative."))
    if values.get("acceptance_user") and values.get("acceptance_department"):
        errors.add(
            "acceptance_department",
            _("Choose a person or a department head for acceptance, not both."),
        )
    seen = set()
    for row in data.departments:
        if row.department.pk in seen:
            errors.add(
                "departments",
                _("%(department)s is listed twice.") % {"department": row.department},
            )
        seen.add(row.department.pk)
        if not row.responsibilities.strip():
            errors.add(
                "departments",
                _("Write the responsibilities of %(department)s.") % {"department": row.department},
            )
    for row in data.milestones:
        if start and end and not start <= row.due_date <= end:
            errors.add(
                "milestones",
                _("Milestone “%(name)s” falls outside the planned dates.") % {"name": row.name},
            )
    errors.raise_if_any()


def _next_code(year: int) -> str:
    """The next card code of the year. The row lock serialises concurrent creations; the
    number rolls back with a failed creation, so codes are gap-free."""
    CardCodeSequence.objects.get_or_create(year=year)
    sequence = CardCodeSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"TC-{year}-{sequence.last_number:04d}"


@records_actor("by")
@transaction.atomic
def card_create(*, by: User, data: CardInput) -> Card:
    _check(data)
    card = Card(initiator=by, code=_next_code(timezone.localdate().year))
    for name in EDITABLE_FIELDS:
        if name in data.fields:
            setattr(card, name, data.fields[name])
    card.save()
    _save_rows(card, data)
    return card


def _save_rows(card: Card, data: CardInput) -> None:
    """Make the card's departments and milestones exactly the given rows."""
    existing = {row.pk: row for row in card.departments.all()}
    keep = set()
    for position, row in enumerate(data.departments):
        participation = existing.get(row.id) or next(
            (p for p in existing.values() if p.department_id == row.department.pk), None
        )
        participation = participation or CardDepartment(card=card)
        participation.department = row.department
        participation.role = row.role
        participation.responsibilities = row.responsibilities
        participation.contact = row.contact
        participation.position = position
        participation.save()
        keep.add(participation.pk)
    card.departments.exclude(pk__in=keep).delete()

    existing_milestones = {row.pk: row for row in card.milestones.all()}
    keep = set()
    for row in data.milestones:
        milestone = existing_milestones.get(row.id) or Milestone(card=card)
        milestone.name, milestone.due_date = row.name, row.due_date
        milestone.buffer_days = row.buffer_days
        milestone.save()
        keep.add(milestone.pk)
    card.milestones.exclude(pk__in=keep).delete()


def _require_editor(card: Card, by: User) -> None:
    if not can_edit_card(by, card):
        raise RuleViolation(
            _("Only the card's lead, tracker or initiator can do this."), code="forbidden"
        )


def _require_status(card: Card, *allowed: str) -> None:
    if card.status not in allowed:
        raise RuleViolation(
            _("This cannot be done while the card is %(status)s.")
            % {"status": card.get_status_display()},
            code="invalid_state",
        )


def _locked(card: Card) -> Card:
    return Card.objects.select_for_update().get(pk=card.pk)


@records_actor("by")
@transaction.atomic
def card_update(*, card: Card, by: User, data: CardInput) -> Card:
    """Edit a draft. A signed card changes only through card_change_request()."""
    card = _locked(card)
    _require_editor(card, by)
    _require_status(card, Card.Status.DRAFT)
    _check(data)
    for name in EDITABLE_FIELDS:
        if name in data.fields:
            setattr(card, name, data.fields[name])
    card.save()
    _save_rows(card, data)
    return card


# --- the content each department confirms ---------------------------------------------


def agreed_content(card: Card) -> dict:
    """What the departments confirm and the heads sign: the card's agreed fields,
    milestones and every department's part."""
    content = {name: getattr(card, name) for name in AGREED_FIELDS}
    if card.budget_amount is not None:
        # The same amount whether it came from a form, the API or the database.
        content["budget_amount"] = str(Decimal(card.budget_amount).quantize(Decimal("0.01")))
    return {
        "code": card.code,
        **content,
        "milestones": [
            {"name": m.name, "due": m.due_date, "buffer_days": m.buffer_days}
            for m in card.milestones.order_by("due_date", "pk")
        ],
        "departments": [
            _department_part(p)
            for p in card.departments.select_related("department").order_by("position", "pk")
        ],
    }


def _department_part(participation: CardDepartment) -> dict:
    return {
        "department": participation.department.code,
        "role": participation.role,
        "responsibilities": participation.responsibilities,
        "contact": participation.contact_id,
    }


def participation_hash(card: Card, participation: CardDepartment) -> str:
    """A department re-confirms when the common content or its own part changes."""
    common = agreed_content(card)
    common.pop("departments")
    return signables.canonical_hash({"common": common, "part": _department_part(participation)})


# --- confirmation -------------------------------------------------------------------


@records_actor("by")
@transaction.atomic
def card_submit(*, card: Card, by: User) -> Card:
    """Send the card to its departments. A department that confirmed this very content
    before (same common content, same part) is not asked again."""
    card = _locked(card)
    _require_editor(card, by)
    _require_status(card, Card.Status.DRAFT)
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
            template="card_confirmation_requested",
            context={"card": card, "participation": participation},
            url=reverse("card-detail", args=[card.code]) + "?tab=departments",
        )


def _participation(card: Card, department_code: str) -> CardDepartment:
    participation = (
        card.departments.select_for_update(of=("self",))
        .select_related("department__head", "contact")
        .filter(department__code=department_code)
        .first()
    )
    if participation is None:
        raise RuleViolation(
            _("%(code)s does not take part in this card.") % {"code": department_code},
            code="not_participating",
        )
    return participation


def _require_answerer(by: User, participation: CardDepartment) -> None:
    if not can_answer_for(by, participation):
        raise RuleViolation(
            _("Only the contact or the head of %(department)s answers for it.")
            % {"department": participation.department},
            code="forbidden",
        )
    if participation.confirmation != CardDepartment.Confirmation.PENDING:
        raise RuleViolation(
            _("%(department)s has already answered.") % {"department": participation.department},
            code="already_answered",
        )


@records_actor("by")
@transaction.atomic
def department_confirm(*, card: Card, department_code: str, by: User) -> CardDepartment:
    card = _locked(card)
    _require_status(card, Card.Status.CONFIRMING)
    participation = _participation(card, department_code)
    _require_answerer(by, participation)
    participation.confirmation = CardDepartment.Confirmation.CONFIRMED
    participation.answered_at, participation.answered_by = timezone.now(), by
    participation.confirmed_hash = participation_hash(card, participation)
    participation.save()
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
    card = _locked(card)
    _require_status(card, Card.Status.CONFIRMING)
    participation = _participation(card, department_code)
    _require_answerer(by, participation)
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
    card.status = Card.Status.DRAFT
    card.save(update_fields=["status"])
    collab_services.notify(
        recipients=[card.initiator, card.lead, card.tracker],
        reason="card_objection",
        key=f"{participation.pk}:{participation.answered_at.isoformat()}",
        template="card_objection",
        context={"card": card, "participation": participation},
        url=reverse("card-detail", args=[card.code]),
    )
    return participation


# --- signing ------------------------------------------------------------------------


def _open_goal_letter(card: Card, by: User) -> SignatureRequest:
    return collab_services.signature_request_open(
        document=card, document_type=GOAL_LETTER, requested_by=card.lead or by
    )


def goal_letter_decided(card: Card, request: SignatureRequest) -> None:
    """The heads decided on the goal confirmation letter (called in the signing transaction)."""
    card = _locked(card)
    if card.status != Card.Status.SIGNING:
        return
    if request.status == SignatureRequest.Status.APPROVED:
        card.status = Card.Status.ACTIVE
        card.activated_at = card.activated_at or timezone.now()
    else:
        # A head refused to sign: back to draft, the reasons stand on the letter.
        card.status = Card.Status.DRAFT
        card.departments.update(confirmation=CardDepartment.Confirmation.NOT_ASKED)
    card.save(update_fields=["status", "activated_at"])


# --- change requests --------------------------------------------------------------------


@records_actor("by")
@transaction.atomic
def card_change_request(*, card: Card, by: User, data: CardInput, reason: str) -> ChangeRequest:
    """Change a signed card: the affected departments re-confirm, then the letter is
    re-signed as a new version. The old signed version stays as it was."""
    card = _locked(card)
    _require_editor(card, by)
    _require_status(card, Card.Status.ACTIVE)
    if not reason.strip():
        raise RuleViolation(_("Say why the card changes."), field="reason")
    _check(data)
    if not data.departments:
        raise RuleViolation(_("Add at least one participating department."), field="departments")
    before = agreed_content(card)
    for name in EDITABLE_FIELDS:
        if name in data.fields:
            setattr(card, name, data.fields[name])
    card.save()
    _save_rows(card, data)
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


# --- cancelling -------------------------------------------------------------------------


@records_actor("by")
@transaction.atomic
def card_cancel(*, card: Card, by: User, reason: str) -> Card:
    card = _locked(card)
    _require_editor(card, by)
    _require_status(card, *Card.OPEN_STATUSES)
    if not reason.strip():
        raise RuleViolation(_("Say why the card is cancelled."), field="reason")
    pending = goal_letter_requests(card, statuses=[SignatureRequest.Status.PENDING])
    for request in pending:
        collab_services.signature_request_cancel(request=request, by=request.requested_by)
    card.acceptances.filter(decision="pending").update(
        decision="rejected", decided_at=timezone.now(), reasons=_("The card was cancelled.")
    )
    card.status = Card.Status.CANCELLED
    card.cancelled_at = timezone.now()
    card.cancel_reason = reason.strip()
    card.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    return card

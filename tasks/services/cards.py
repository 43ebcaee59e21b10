"""Task card workflow: draft → confirming → signing → active → in_acceptance → closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collab import services as collab_services
from collab import signables
from collab.codes import next_yearly_code
from collab.errors import FieldErrors, RuleViolation
from collab.history import records_actor
from collab.models import Department, SignatureRequest, User
from collab.selectors import department_default_contact
from collab.text import clean_fields, clean_text

from ..models import Card, CardCodeSequence, CardDepartment, Milestone
from ..permissions import card_require, may_be_contact_for
from ..selectors import goal_letter_requests
from .audience import card_audience_rebuild

MAX_BUFFER_DAYS = 365

# The fields of a card that its departments confirm and its heads sign.
AGREED_FIELDS = [
    "title",
    "background",
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
    contact: User | None  # None: the department's default contact (check_card_input)
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


def card_input_of(card: Card, **changes) -> CardInput:
    """The card as it is now, as a CardInput, with `changes` (a dict of `fields` to update,
    or whole `departments`/`milestones` row lists) applied: what an update that leaves
    things out means."""
    fields = {name: getattr(card, name) for name in EDITABLE_FIELDS}
    fields.update(changes.get("fields", {}))
    departments = changes.get("departments")
    if departments is None:
        departments = [
            DepartmentRow(
                department=participation.department,
                role=participation.role,
                responsibilities=participation.responsibilities,
                contact=participation.contact,
                id=participation.pk,
            )
            for participation in card.departments.select_related("department", "contact").order_by(
                "position", "pk"
            )
        ]
    milestones = changes.get("milestones")
    if milestones is None:
        milestones = [
            MilestoneRow(
                name=milestone.name,
                due_date=milestone.due_date,
                buffer_days=milestone.buffer_days,
                id=milestone.pk,
            )
            for milestone in card.milestones.order_by("due_date", "pk")
        ]
    return CardInput(fields=fields, departments=departments, milestones=milestones)


def milestone_row_errors(row: MilestoneRow, start, end) -> list[tuple[str, str]]:
    """What is wrong with a milestone row, as (field, message) pairs."""
    errors = []
    if not row.name.strip():
        errors.append(("name", _("Name every milestone.")))
    if start and end and not start <= row.due_date <= end:
        errors.append(
            (
                "due_date",
                _("Milestone “%(name)s” falls outside the planned dates.") % {"name": row.name},
            )
        )
    if not 0 <= row.buffer_days <= MAX_BUFFER_DAYS:
        errors.append(
            (
                "buffer_days",
                _("Buffer days of “%(name)s” must be from 0 to %(max)d.")
                % {"name": row.name, "max": MAX_BUFFER_DAYS},
            )
        )
    return errors


CARD_TEXTS = ["background", "goal", "in_scope", "out_of_scope", "people_needed", "equipment_needed"]


def clean_card_input(data: CardInput) -> None:
    """Strip invisible controls from the card's texts, its rows included (collab.text)."""
    data.fields = clean_fields(data.fields, lines=("title",), texts=tuple(CARD_TEXTS))
    if isinstance(data.fields.get("key_results"), list):
        data.fields["key_results"] = [
            clean_text(result) if isinstance(result, str) else result
            for result in data.fields["key_results"]
        ]
    for row in data.departments:
        row.responsibilities = clean_text(row.responsibilities, multiline=True)
    for row in data.milestones:
        row.name = clean_text(row.name)


def check_card_input(data: CardInput) -> None:
    """Clean the input's texts (in place), then refuse what breaks a rule."""
    clean_card_input(data)
    errors = FieldErrors()
    values = data.fields
    if "title" in values and not (values["title"] or "").strip():
        errors.add("title", _("Give the card a title."))
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
    _check_acceptance_is_not_the_lead(values, errors)
    seen = set()
    for row in data.departments:
        if row.department.pk in seen:
            errors.add(
                "departments",
                _("%(department)s is listed twice.") % {"department": row.department},
            )
        seen.add(row.department.pk)
        if row.contact is None:
            # A form left it empty: the department's own contact, else its head.
            row.contact = department_default_contact(row.department)
            if row.contact is None:
                errors.add(
                    "departments",
                    _("Choose a contact for %(department)s: it names no contact and has no head.")
                    % {"department": row.department},
                )
        if not row.responsibilities.strip():
            errors.add(
                "departments",
                _("Write the responsibilities of %(department)s.") % {"department": row.department},
            )
        if row.contact is not None and not may_be_contact_for(row.contact, row.department):
            errors.add(
                "departments",
                _(
                    "%(person)s does not belong to %(department)s: choose one of its members, "
                    "its head or its contacts as its contact."
                )
                % {"person": row.contact, "department": row.department},
            )
    for row in data.milestones:
        for _field, message in milestone_row_errors(row, start, end):
            errors.add("milestones", message)
    errors.raise_if_any()


def _check_acceptance_is_not_the_lead(values: dict, errors: FieldErrors) -> None:
    """The lead delivers; someone else accepts."""
    lead = values.get("lead")
    if lead is None:
        return
    person, department = values.get("acceptance_user"), values.get("acceptance_department")
    if person is not None and person.pk == lead.pk:
        errors.add(
            "acceptance_user",
            _("The card's lead cannot accept its deliverables: choose someone else."),
        )
    elif department is not None and department.head_id == lead.pk:
        errors.add(
            "acceptance_department",
            _(
                "The card's lead heads %(department)s and cannot accept the card's own "
                "deliverables: choose another department or a person."
            )
            % {"department": department},
        )


def _next_code(year: int) -> str:
    return next_yearly_code(CardCodeSequence, "TC", year)


@records_actor("by")
@transaction.atomic
def card_create(*, by: User, data: CardInput) -> Card:
    check_card_input(data)
    card = Card(initiator=by, code=_next_code(timezone.localdate().year))
    for name in EDITABLE_FIELDS:
        if name in data.fields:
            setattr(card, name, data.fields[name])
    card.save()
    save_card_rows(card, data)
    return card


def save_card_rows(card: Card, data: CardInput) -> None:
    """Make the card's departments and milestones exactly the given rows, and its audience
    follow (the caller saved the card's own fields)."""
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
    # Who is on the card may have changed: people, departments, confidentiality.
    card_audience_rebuild(card_ids=[card.pk])


def lock_card(card: Card) -> Card:
    return Card.objects.select_for_update().get(pk=card.pk)


@records_actor("by")
@transaction.atomic
def card_update(*, card: Card, by: User, data: CardInput) -> Card:
    """Edit a draft. A signed card changes only through card_change_request()."""
    card = lock_card(card)
    card_require(by, card, "edit")
    check_card_input(data)
    for name in EDITABLE_FIELDS:
        if name in data.fields:
            setattr(card, name, data.fields[name])
    card.save()
    save_card_rows(card, data)
    return card


# --- the content each department confirms ---------------------------------------------


def agreed_content(card: Card) -> dict:
    """What the departments confirm and the heads sign: the card's agreed fields,
    milestones and every department's part."""
    content = {name: getattr(card, name) for name in AGREED_FIELDS}
    if not content["background"]:
        # Cards signed before the background existed keep the content they were signed with.
        del content["background"]
    if card.budget_amount is not None:
        # The same amount whether it came from a form, the API or the database.
        content["budget_amount"] = str(Decimal(card.budget_amount).quantize(Decimal("0.01")))
    acceptance = _acceptance_part(card)
    if acceptance:
        # Who accepts the deliverables is agreed and signed like the rest: it cannot be
        # swapped for someone friendlier after the heads have signed.
        content["acceptance"] = acceptance
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


def _acceptance_part(card: Card) -> dict:
    if card.acceptance_user_id:
        return {"user": card.acceptance_user_id}
    if card.acceptance_department_id:
        return {"department": card.acceptance_department.code}
    return {}


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


# --- cancelling -------------------------------------------------------------------------


@records_actor("by")
@transaction.atomic
def card_cancel(*, card: Card, by: User, reason: str) -> Card:
    card = lock_card(card)
    card_require(by, card, "cancel")
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

"""Filing a feedback form: its fields, deadlines from the SLA policy, its attachments."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collab.codes import next_yearly_code
from collab.errors import FieldErrors
from collab.history import records_actor
from collab.models import Department, User
from collab.text import clean_fields
from collab.uploads import stored_file_save, upload_check
from tasks.selectors import cards_visible_to

from ..models import FeedbackAttachment, FeedbackCodeSequence, FeedbackForm
from ..sla import response_window, sla_policy_for

FORM_FIELDS = (
    "initiating_department",
    "phone_extension",
    "urgency",
    "kind",
    "kind_other",
    "background",
    "current_situation",
    "expectation",
    "receiving_department",
    "receiving_contact",
    "expected_completion",
    "card",
    "related_item",
)
# Why three fields, not one description: the receiving side answers faster when it reads
# what led here, where things stand and what is wanted, each on its own.
DESCRIPTION_FIELDS = ("background", "current_situation", "expectation")


@dataclass
class FeedbackInput:
    values: dict
    involved_departments: list[Department] = field(default_factory=list)
    attachments: list = field(default_factory=list)  # uploaded files


def receiving_contact_of(department: Department) -> User | None:
    """Who answers for a department by default: its first contact, else its head."""
    contact = department.contacts.filter(is_active=True).order_by("pk").first()
    return contact or department.head


def _clean(values: dict) -> dict:
    return clean_fields(
        values,
        lines=("phone_extension", "kind_other", "related_item"),
        texts=DESCRIPTION_FIELDS,
    )


def _check(by: User, values: dict, data: FeedbackInput, errors: FieldErrors, now) -> None:
    messages = {
        "background": _("Describe the background: what led to this request."),
        "current_situation": _("Describe the current situation: where things stand now."),
        "expectation": _("Say what you expect from the receiving department."),
    }
    for name, message in messages.items():
        if not (values.get(name) or "").strip():
            errors.add(name, message)
    if not values.get("initiating_department"):
        errors.add("initiating_department", _("Choose the department that asks."))
    receiving = values.get("receiving_department")
    if not receiving:
        errors.add("receiving_department", _("Choose the department you ask."))
    elif receiving == values.get("initiating_department"):
        errors.add("receiving_department", _("Choose another department than the one that asks."))
    if not values.get("kind"):
        errors.add("kind", _("Choose the type of request."))
    elif values["kind"] == FeedbackForm.Kind.OTHER and not (values.get("kind_other") or "").strip():
        errors.add("kind_other", _("Say what kind of request this is."))
    expected = values.get("expected_completion")
    if not expected:
        errors.add("expected_completion", _("Give the expected completion date and time."))
    elif expected <= now:
        errors.add("expected_completion", _("The expected completion must be in the future."))
    card = values.get("card")
    if card is not None and not cards_visible_to(by).filter(pk=card.pk).exists():
        errors.add("card", _("Choose a card you can see."))
    initiating = values.get("initiating_department")
    if initiating in data.involved_departments or (
        receiving and receiving in data.involved_departments
    ):
        errors.add(
            "involved_departments",
            _("List here only departments other than the asking and receiving ones."),
        )
    for upload in data.attachments:
        upload_check(upload, field="attachments", errors=errors)


@records_actor("by")
@transaction.atomic
def feedback_submit(*, by: User, data: FeedbackInput) -> FeedbackForm:
    """File a form: it gets its code and its first-response deadline from the SLA policy
    of its urgency (working days on the company calendar, or clock hours)."""
    now = timezone.now()
    values = _clean(data.values)
    values.setdefault("initiating_department", by.department)
    if not values.get("phone_extension"):
        values["phone_extension"] = by.phone_extension
    errors = FieldErrors()
    _check(by, values, data, errors, now)
    errors.raise_if_any()
    form = FeedbackForm(
        initiator=by,
        code=next_yearly_code(FeedbackCodeSequence, "FB", timezone.localdate().year),
        submitted_at=now,
    )
    for name in FORM_FIELDS:
        if name in values:
            setattr(form, name, values[name])
    if form.kind != FeedbackForm.Kind.OTHER:
        form.kind_other = ""
    if form.receiving_contact is None:
        form.receiving_contact = receiving_contact_of(form.receiving_department)
    window = response_window(sla_policy_for(form.urgency), now)
    form.follow_up_every_hours = window.follow_up_every_hours
    form.first_response_due_at = form.response_due_at = window.due_at
    form.response_due_soon_at = window.due_soon_at
    form.save()
    form.involved_departments.set(data.involved_departments)
    for upload in data.attachments:
        attachment = FeedbackAttachment(
            form=form, uploaded_by=by, name=upload.name[:200], size=upload.size
        )
        stored_file_save(attachment.file, upload.name, upload, field="attachments")
        attachment.save()
    return form

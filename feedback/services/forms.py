"""Filing a feedback form: its fields, deadlines from the SLA policy, its attachments, and
who is told (the receiving side asked to answer, involved departments informed, the
initiator's head in copy)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from collab import services as collab_services
from collab.codes import next_yearly_code
from collab.errors import FieldErrors
from collab.history import records_actor
from collab.models import Department, User
from collab.selectors import department_default_contact, departments_of_user
from collab.text import clean_fields
from collab.uploads import stored_file_save, upload_check
from tasks.selectors import cards_visible_to

from ..models import FeedbackAttachment, FeedbackCodeSequence, FeedbackForm, Urgency
from ..permissions import speaks_for
from ..sla import response_window, sla_policy_for
from .common import form_about

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
# At most this many files per form; each within collab.uploads' size limit.
MAX_ATTACHMENTS = 10

# The receiving side's request to answer; the service that acknowledges the form settles
# it with `notifications_settle(reason=SUBMITTED_REASON, about=form_about(form))`.
SUBMITTED_REASON = "feedback_submitted"
INVOLVED_REASON = "feedback_involved"
CC_REASON = "feedback_cc"
SUBMITTED_TEMPLATE = "feedback/notifications/feedback_submitted"


@dataclass
class FeedbackInput:
    values: dict
    involved_departments: list[Department] = field(default_factory=list)
    attachments: list = field(default_factory=list)  # uploaded files


def receiving_contact_of(department: Department) -> User | None:
    """Who answers for a department unless the initiator chooses: the one rule cards use
    (its first named contact, else its head)."""
    return department_default_contact(department)


def receiving_contact_choices(department: Department | None):
    """Whom the initiator may name as the receiving contact: the department's active head
    and contacts, by name."""
    if department is None:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(contact_for_departments=department) | Q(pk=department.head_id or 0))
        .distinct()
        .order_by("display_name", "username", "pk")
    )


def _clean(values: dict) -> dict:
    return clean_fields(
        values,
        lines=("phone_extension", "kind_other", "related_item"),
        texts=DESCRIPTION_FIELDS,
    )


def _check_departments(by: User, values: dict, data: FeedbackInput, errors: FieldErrors) -> None:
    initiating = values.get("initiating_department")
    receiving = values.get("receiving_department")
    if not initiating:
        errors.add("initiating_department", _("Choose the department that asks."))
    elif not by.is_staff and not departments_of_user(by).filter(pk=initiating.pk).exists():
        errors.add("initiating_department", _("Choose a department you belong to."))
    if not receiving:
        errors.add("receiving_department", _("Choose the department you ask."))
    elif receiving == initiating:
        errors.add("receiving_department", _("Choose another department than the one that asks."))
    elif not receiving.is_active:
        errors.add("receiving_department", _("This department no longer takes requests."))
    contact = values.get("receiving_contact")
    if (
        contact is not None
        and receiving
        and not (contact.is_active and speaks_for(contact, receiving))
    ):
        errors.add(
            "receiving_contact",
            _("Choose the receiving department's head or one of its contacts."),
        )
    involved = data.involved_departments
    if (initiating and initiating in involved) or (receiving and receiving in involved):
        errors.add(
            "involved_departments",
            _("List here only departments other than the asking and receiving ones."),
        )
    elif any(not department.is_active for department in involved):
        errors.add("involved_departments", _("A department listed no longer takes part."))


def _check(by: User, values: dict, data: FeedbackInput, errors: FieldErrors, now) -> None:
    missing = {
        "background": _("Describe the background: what led to this request."),
        "current_situation": _("Describe the current situation: where things stand now."),
        "expectation": _("Say what you expect from the receiving department."),
    }
    for name, message in missing.items():
        if not (values.get(name) or "").strip():
            errors.add(name, message)
    _check_departments(by, values, data, errors)
    if values["urgency"] not in Urgency.values:
        errors.add("urgency", _("Choose how urgent this is."))
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
    if len(data.attachments) > MAX_ATTACHMENTS:
        errors.add(
            "attachments", _("At most %(limit)d files per form.") % {"limit": MAX_ATTACHMENTS}
        )
    for upload in data.attachments:
        upload_check(upload, field="attachments", errors=errors)


@records_actor("by")
@transaction.atomic
def feedback_submit(*, by: User, data: FeedbackInput) -> FeedbackForm:
    """File a form: it gets its code and its first-response deadline from the SLA policy
    of its urgency (working days on the company calendar, or clock hours). The initiating
    department defaults to `by`'s, the extension to `by`'s profile, the receiving contact
    to the receiving department's. Any refused field refuses the whole form (nothing
    stored); the people concerned are told once it is committed."""
    now = timezone.now()
    values = _clean(data.values)
    if not values.get("initiating_department"):
        values["initiating_department"] = by.department
    if not values.get("phone_extension"):
        values["phone_extension"] = by.phone_extension
    if not values.get("urgency"):
        values["urgency"] = Urgency.NORMAL
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
    _notify_submitted(form, by=by, involved=data.involved_departments)
    return form


# --- who is told ----------------------------------------------------------------------


def submitted_recipients(
    form: FeedbackForm, *, by: User, involved: list[Department]
) -> dict[str, list[User]]:
    """The people told of a new form, by role, each once in the most important role:
    "request" (the receiving contact and head), "involved" (the involved departments'
    heads and contacts), "cc" (the initiating department's head). Not the initiator."""
    receiving = form.receiving_department
    roles = {
        "request": [form.receiving_contact, receiving.head],
        "involved": [
            person
            for department in involved
            for person in (department.head, *department.contacts.all())
        ],
        "cc": [form.initiating_department.head],
    }
    seen = {by.pk}
    chosen: dict[str, list[User]] = {}
    for role, people in roles.items():
        chosen[role] = []
        for person in people:
            if person is not None and person.is_active and person.pk not in seen:
                seen.add(person.pk)
                chosen[role].append(person)
    return chosen


def submitted_context(form: FeedbackForm, *, role: str) -> dict:
    """What the new-form email shows, as plain values (collab.notification_text)."""
    kind = (
        form.kind_other
        if form.kind == FeedbackForm.Kind.OTHER
        else FeedbackForm.Kind(form.kind).label
    )
    return {
        "role": role,
        "form": {
            "code": form.code,
            "urgency": Urgency(form.urgency).label,
            "urgency_value": form.urgency,
            "kind": kind,
            "initiator": form.initiator.name,
            "phone_extension": form.phone_extension,
            "initiating_department": form.initiating_department,
            "receiving_department": form.receiving_department,
            "receiving_contact": form.receiving_contact.name if form.receiving_contact else "",
            "background": form.background,
            "current_situation": form.current_situation,
            "expectation": form.expectation,
            "expected_completion": form.expected_completion,
            "response_due_at": form.response_due_at,
            "related_item": form.card.code if form.card_id else form.related_item,
        },
    }


def _notify_submitted(form: FeedbackForm, *, by: User, involved: list[Department]) -> None:
    """Tell the people concerned; runs in the filing transaction (the emails go after
    commit, nothing is sent if it rolls back)."""
    url = reverse("feedback:feedback-detail", args=[form.code])
    # One query for every involved department's head and contacts.
    involved = list(
        Department.objects.filter(pk__in=[department.pk for department in involved])
        .select_related("head")
        .prefetch_related("contacts")
        .order_by("code")
    )
    reasons = {"request": SUBMITTED_REASON, "involved": INVOLVED_REASON, "cc": CC_REASON}
    for role, people in submitted_recipients(form, by=by, involved=involved).items():
        if people:
            collab_services.notify(
                recipients=people,
                reason=reasons[role],
                key=form.code,
                about=form_about(form),
                template=SUBMITTED_TEMPLATE,
                context=submitted_context(form, role=role),
                url=url,
                is_request=role == "request",
            )

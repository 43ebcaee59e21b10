"""Who may see and do what with a feedback form: the only place that says so.

Services call `feedback_require(user, form, action)`, which refuses with `Forbidden` (403)
for the wrong person and `InvalidState` (409) for the wrong moment; pages and the API read
`feedback_permissions(...)`. Who may *see* a form is `feedback_visible_to`; whoever cannot
see it gets 404 before any of this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from collab.errors import Forbidden, InvalidState
from collab.models import Department, User
from collab.selectors import departments_of_user

from .models import FeedbackActionItem, FeedbackForm

Status = FeedbackForm.Status

# --- who may see ----------------------------------------------------------------------


def feedback_visible_to(user: User) -> QuerySet[FeedbackForm]:
    """Forms of the user's departments (initiating, receiving or involved; as member,
    head, contact or executive), forms they filed, answer for or resolved, and forms that
    gave them an action item. Administrators see all."""
    if not user.is_authenticated:
        return FeedbackForm.objects.none()
    if user.is_staff:
        return FeedbackForm.objects.all()
    departments = list(departments_of_user(user).values_list("pk", flat=True))
    involved = FeedbackForm.involved_departments.through.objects.filter(
        feedbackform_id=OuterRef("pk"), department_id__in=departments
    )
    owning = FeedbackActionItem.objects.filter(form_id=OuterRef("pk"), action_item__owner=user)
    return FeedbackForm.objects.filter(
        Q(initiator=user)
        | Q(receiving_contact=user)
        | Q(responsible_person=user)
        | Q(initiating_department__in=departments)
        | Q(receiving_department__in=departments)
        | Exists(involved)
        | Exists(owning)
    )


def feedback_is_visible_to(user: User, form: FeedbackForm) -> bool:
    return feedback_visible_to(user).filter(pk=form.pk).exists()


def department_inbox_allowed(user: User, department: Department) -> bool:
    """Who may open a department's inbox and its figures: its people (members, head,
    contacts, executive) and administrators; anyone else gets 404. One small query."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return departments_of_user(user).filter(pk=department.pk).exists()


# --- roles ----------------------------------------------------------------------------


def speaks_for(user: User, department: Department) -> bool:
    """The department's head or one of its contacts."""
    if department.head_id == user.pk:
        return True
    return Department.contacts.through.objects.filter(
        department_id=department.pk, user_id=user.pk
    ).exists()


def is_receiving_side(user: User, form: FeedbackForm) -> bool:
    """The receiving department's head and contacts, the form's receiving contact, and
    administrators: they answer the form."""
    return (
        user.is_staff
        or form.receiving_contact_id == user.pk
        or speaks_for(user, form.receiving_department)
    )


def is_initiating_side(user: User, form: FeedbackForm) -> bool:
    """The initiator, the initiating department's head and contacts (and administrators)."""
    return (
        user.is_staff
        or form.initiator_id == user.pk
        or speaks_for(user, form.initiating_department)
    )


def is_initiator(user: User, form: FeedbackForm) -> bool:
    """Only the person who filed the form rates, confirms or reopens it."""
    return form.initiator_id == user.pk


# --- rules ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    who: Callable[[User, FeedbackForm], bool]
    when: Callable[[FeedbackForm], bool]
    not_you: str
    not_now: str


def _in(*statuses: str) -> Callable[[FeedbackForm], bool]:
    return lambda form: form.status in statuses


RECEIVING_ONLY = _("Only the receiving department's head or contacts can do this.")
INITIATOR_ONLY = _("Only the person who filed the form can do this.")
BEING_HANDLED = (Status.ACKNOWLEDGED, Status.IN_PROGRESS)

FEEDBACK_RULES: dict[str, Rule] = {
    "acknowledge": Rule(
        is_receiving_side,
        _in(Status.SUBMITTED),
        RECEIVING_ONLY,
        _("Only a newly submitted form can be acknowledged."),
    ),
    "log": Rule(
        lambda user, form: is_receiving_side(user, form) or is_initiating_side(user, form),
        lambda form: form.status != Status.CONFIRMED,
        _("Only the two departments' heads and contacts and the initiator can write in the log."),
        _("The form is confirmed; its log is closed."),
    ),
    "add_item": Rule(
        is_receiving_side,
        _in(*BEING_HANDLED),
        RECEIVING_ONLY,
        _("Action items are added once the form is acknowledged, until it is resolved."),
    ),
    "resolve": Rule(
        is_receiving_side,
        _in(*BEING_HANDLED),
        RECEIVING_ONLY,
        _("Only an acknowledged form that is not resolved yet can be resolved."),
    ),
    "rate": Rule(
        is_initiator,
        _in(Status.RESOLVED),
        INITIATOR_ONLY,
        _("A form is rated once it is resolved, and only once."),
    ),
    "reopen": Rule(
        is_initiator,
        _in(Status.RESOLVED),
        INITIATOR_ONLY,
        _("Only a resolved form that is not confirmed yet can be reopened."),
    ),
    "escalate": Rule(
        lambda user, form: is_receiving_side(user, form) or is_initiator(user, form),
        lambda form: form.status != Status.CONFIRMED and form.escalated_card_id is None,
        _("Only the receiving department's head or contacts and the initiator can do this."),
        _("This form was already turned into a card, or is confirmed."),
    ),
}


def feedback_require(user: User, form: FeedbackForm, action: str) -> None:
    """Refuse unless `user` (who can see `form`) may do `action` now."""
    rule = FEEDBACK_RULES[action]
    if not rule.who(user, form):
        raise Forbidden(rule.not_you)
    if not rule.when(form):
        raise InvalidState(rule.not_now)


def feedback_allows(user: User, form: FeedbackForm, action: str) -> bool:
    rule = FEEDBACK_RULES[action]
    return rule.who(user, form) and rule.when(form)


@dataclass(frozen=True)
class FeedbackPermissions:
    """What a person may do with one form right now: pages and the API read this."""

    can_acknowledge: bool
    can_log: bool
    can_add_item: bool
    can_resolve: bool
    can_rate: bool
    can_reopen: bool
    can_escalate: bool

    def as_dict(self) -> dict[str, bool]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


def feedback_permissions(user: User, form: FeedbackForm) -> FeedbackPermissions:
    """Two small queries at most (is the user a contact of either department)."""
    receiving = is_receiving_side(user, form)
    initiating = is_initiating_side(user, form)
    initiator = is_initiator(user, form)

    def allows(action: str, who: bool) -> bool:
        return who and FEEDBACK_RULES[action].when(form)

    return FeedbackPermissions(
        can_acknowledge=allows("acknowledge", receiving),
        can_log=allows("log", receiving or initiating),
        can_add_item=allows("add_item", receiving),
        can_resolve=allows("resolve", receiving),
        can_rate=allows("rate", initiator),
        can_reopen=allows("reopen", initiator),
        can_escalate=allows("escalate", receiving or initiator),
    )

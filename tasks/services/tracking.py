"""Progress updates and the risk register of a card."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from collab import services as collab_services
from collab.errors import FieldErrors, RuleViolation
from collab.history import records_actor
from collab.models import Department, User
from collab.workdays import clock_hours_deadline

from ..models import Card, Milestone, ProgressUpdate, Risk
from ..selectors import can_edit_card, departments_user_answers_for

RISK_DECISION_HOURS = 24

# Level from impact × likelihood: the usual 3×3 matrix.
_RISK_MATRIX = {
    ("high", "high"): "high",
    ("high", "medium"): "high",
    ("medium", "high"): "high",
    ("high", "low"): "medium",
    ("low", "high"): "medium",
    ("medium", "medium"): "medium",
    ("medium", "low"): "low",
    ("low", "medium"): "low",
    ("low", "low"): "low",
}


def risk_level(impact: str, likelihood: str) -> str:
    return _RISK_MATRIX[(impact, likelihood)]


def _require_open(card: Card) -> None:
    if card.status not in (
        Card.Status.ACTIVE,
        Card.Status.IN_ACCEPTANCE,
        Card.Status.SIGNING,
        Card.Status.CONFIRMING,
        Card.Status.DRAFT,
    ):
        raise RuleViolation(_("A closed or cancelled card is read-only."), code="invalid_state")


@records_actor("by")
@transaction.atomic
def progress_update_add(
    *,
    card: Card,
    by: User,
    department: Department,
    date: dt.date,
    percent: int,
    done: str,
    problems: str = "",
) -> ProgressUpdate:
    """A department's contact or head (or the lead and tracker) posts progress."""
    _require_open(card)
    answers_for = {p.department_id for p in departments_user_answers_for(by, card)}
    if department.pk not in answers_for and not can_edit_card(by, card):
        raise RuleViolation(
            _("You can post progress only for a department you answer for."),
            field="department",
            code="forbidden",
        )
    errors = FieldErrors()
    if not 0 <= int(percent) <= 100:
        errors.add("percent", _("Enter a percentage from 0 to 100."))
    if not done.strip():
        errors.add("done", _("Say what was done."))
    if date > timezone.localdate():
        errors.add("date", _("Progress cannot be reported for a future date."))
    errors.raise_if_any()
    return ProgressUpdate.objects.create(
        card=card,
        author=by,
        department=department,
        date=date,
        percent=int(percent),
        done=done.strip(),
        problems=problems.strip(),
    )


@records_actor("by")
@transaction.atomic
def risk_raise(
    *,
    card: Card,
    by: User,
    description: str,
    impact: str,
    likelihood: str,
    owner: User,
    mitigation: str = "",
) -> Risk:
    """Anyone who sees the card raises a risk; a coordination decision is due in 24 hours."""
    _require_open(card)
    errors = FieldErrors()
    if not description.strip():
        errors.add("description", _("Describe the risk."))
    for name, value in (("impact", impact), ("likelihood", likelihood)):
        if value not in Risk.Level.values:
            errors.add(name, _("Choose high, medium or low."))
    errors.raise_if_any()
    risk = Risk.objects.create(
        card=card,
        raised_by=by,
        description=description.strip(),
        impact=impact,
        likelihood=likelihood,
        level=risk_level(impact, likelihood),
        owner=owner,
        mitigation=mitigation.strip(),
        decision_due_at=clock_hours_deadline(timezone.now(), RISK_DECISION_HOURS),
    )
    collab_services.notify(
        recipients=[card.lead, card.tracker],
        reason="risk_raised",
        key=str(risk.pk),
        template="risk_raised",
        context={"card": card, "risk": risk},
        url=reverse("card-detail", args=[card.code]) + "?tab=risks",
    )
    return risk


@records_actor("by")
@transaction.atomic
def risk_coordinate(
    *,
    risk: Risk,
    by: User,
    solution: str,
    responsible_department: Department | None,
    deadline: dt.date | None,
) -> Risk:
    """The coordination decision: a solution, the responsible department and a deadline."""
    risk = Risk.objects.select_for_update(of=("self",)).select_related("card").get(pk=risk.pk)
    if not can_edit_card(by, risk.card):
        raise RuleViolation(
            _("Only the card's lead, tracker or initiator coordinate risks."), code="forbidden"
        )
    if risk.status != Risk.Status.OPEN:
        raise RuleViolation(_("This risk is already coordinated."), code="already_coordinated")
    errors = FieldErrors()
    if not solution.strip():
        errors.add("solution", _("Describe the solution."))
    if responsible_department is None:
        errors.add("responsible_department", _("Choose the responsible department."))
    if deadline is None:
        errors.add("deadline", _("Set a deadline."))
    elif deadline < timezone.localdate():
        errors.add("deadline", _("The deadline cannot be in the past."))
    errors.raise_if_any()
    risk.solution = solution.strip()
    risk.responsible_department, risk.deadline = responsible_department, deadline
    risk.coordinated_by, risk.coordinated_at = by, timezone.now()
    risk.status = Risk.Status.COORDINATED
    risk.save()
    return risk


@records_actor("by")
@transaction.atomic
def risk_close(*, risk: Risk, by: User) -> Risk:
    risk = Risk.objects.select_for_update(of=("self",)).select_related("card").get(pk=risk.pk)
    if not can_edit_card(by, risk.card):
        raise RuleViolation(
            _("Only the card's lead, tracker or initiator close risks."), code="forbidden"
        )
    risk.status = Risk.Status.CLOSED
    risk.save(update_fields=["status"])
    return risk


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
    if not can_edit_card(by, milestone.card):
        raise RuleViolation(
            _("Only the card's lead, tracker or initiator record milestones."), code="forbidden"
        )
    _require_open(milestone.card)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise RuleViolation(_("A milestone cannot be reached in the future."), field="on")
    milestone.achieved_on = on
    milestone.save(update_fields=["achieved_on"])
    return milestone

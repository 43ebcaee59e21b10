"""Progress updates and the risk register of a card."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from collab import services as collab_services
from collab.errors import FieldErrors, Forbidden, InvalidState, RuleViolation
from collab.history import records_actor
from collab.models import Department, User
from collab.text import clean_fields, clean_text
from collab.workdays import clock_hours_deadline

from .. import notifying
from ..models import Card, ProgressUpdate, Risk
from ..permissions import answers_for, card_require, is_card_manager
from ..selectors import card_participations

RISK_DECISION_HOURS = 24
RISK_FIELDS = ["description", "impact", "likelihood", "mitigation", "owner"]

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


def _check_risk(*, description: str, impact: str, likelihood: str) -> None:
    errors = FieldErrors()
    if not description.strip():
        errors.add("description", _("Describe the risk."))
    for name, value in (("impact", impact), ("likelihood", likelihood)):
        if value not in Risk.Level.values:
            errors.add(name, _("Choose high, medium or low."))
    errors.raise_if_any()


def _locked_risk(risk: Risk) -> Risk:
    return Risk.objects.select_for_update(of=("self",)).select_related("card").get(pk=risk.pk)


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
    """A department's contact or head (or the card's managers) posts progress."""
    participations = card_participations(card)
    card_require(by, card, "post_progress", participations=participations)
    participation = next((p for p in participations if p.department_id == department.pk), None)
    if participation is None:
        raise RuleViolation(
            _("%(department)s does not take part in this card.") % {"department": department},
            field="department",
        )
    if not (is_card_manager(by, card) or answers_for(by, participation)):
        raise Forbidden(
            _("You can post progress only for a department you answer for."), field="department"
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
    card_require(by, card, "raise_risk")
    description = clean_text(description, multiline=True)
    mitigation = clean_text(mitigation, multiline=True)
    _check_risk(description=description, impact=impact, likelihood=likelihood)
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
        template="tasks/notifications/risk_raised",
        context={
            "card": notifying.card_context(card),
            "risk": notifying.risk_context(risk),
            "by": notifying.person_context(by),
        },
        url=reverse("tasks:card-detail", args=[card.code]) + "?tab=risks",
        about=notifying.about_risk(risk),
        is_request=True,
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
    risk = _locked_risk(risk)
    card_require(by, risk.card, "manage_risks")
    if risk.status != Risk.Status.OPEN:
        raise InvalidState(_("This risk is already coordinated."))
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
    collab_services.notifications_settle(reason="risk_raised", about=notifying.about_risk(risk))
    return risk


@records_actor("by")
@transaction.atomic
def risk_update(*, risk: Risk, by: User, values: dict) -> Risk:
    """The managers correct a risk that is not closed: description, impact, likelihood (the
    level follows), mitigation, owner."""
    risk = _locked_risk(risk)
    card_require(by, risk.card, "manage_risks")
    if risk.status == Risk.Status.CLOSED:
        raise InvalidState(_("A closed risk is not edited."))
    merged = {name: getattr(risk, name) for name in RISK_FIELDS} | clean_fields(
        values, texts=("description", "mitigation")
    )
    _check_risk(
        description=merged["description"],
        impact=merged["impact"],
        likelihood=merged["likelihood"],
    )
    for name in RISK_FIELDS:
        value = merged[name]
        setattr(risk, name, value.strip() if isinstance(value, str) else value)
    risk.level = risk_level(risk.impact, risk.likelihood)
    risk.save()
    return risk


@records_actor("by")
@transaction.atomic
def risk_close(*, risk: Risk, by: User) -> Risk:
    risk = _locked_risk(risk)
    card_require(by, risk.card, "manage_risks")
    if risk.status == Risk.Status.CLOSED:
        raise InvalidState(_("This risk is already closed."))
    risk.status = Risk.Status.CLOSED
    risk.save(update_fields=["status"])
    # Closed without coordination: nothing is left to decide.
    collab_services.notifications_settle(reason="risk_raised", about=notifying.about_risk(risk))
    return risk

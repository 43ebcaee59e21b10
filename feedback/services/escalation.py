"""Escalating a feedback form to a task card: a problem that needs a cross-department
project becomes a draft card, pre-filled from the form and linked both ways."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collab.history import records_actor
from collab.models import User
from tasks import services as task_services

from ..models import FeedbackForm, LogEntry
from ..permissions import feedback_require
from .common import form_lock, log_write

# A card needs a planned span; a form expected back sooner still gets this long.
MIN_CARD_DAYS = 14


def card_input_from_form(form: FeedbackForm, by: User) -> task_services.CardInput:
    """The draft card a form becomes: its title from the form's type and code; its
    background, goal and scope from the form's three descriptions; the initiating
    department asks, the receiving department executes and the involved ones support
    (each with its default contact); `by` leads and tracks until the draft is edited."""
    kind = form.kind_other if form.kind == FeedbackForm.Kind.OTHER else form.get_kind_display()
    today = timezone.localdate()
    end = max(timezone.localdate(form.expected_completion), today + dt.timedelta(MIN_CARD_DAYS))
    card_kind = (
        "problem"
        if form.kind in (FeedbackForm.Kind.FAULT_OR_COMPLAINT, FeedbackForm.Kind.PROCESS_BOTTLENECK)
        else "project"
    )
    responsibility = _("Follow up feedback form %(code)s: to be detailed.") % {"code": form.code}
    rows = [
        task_services.DepartmentRow(
            department=form.receiving_department,
            role="executor",
            responsibilities=responsibility,
            contact=form.receiving_contact,
        ),
        *(
            task_services.DepartmentRow(
                department=department,
                role="support",
                responsibilities=responsibility,
                contact=None,
            )
            for department in form.involved_departments.order_by("code")
        ),
    ]
    return task_services.CardInput(
        fields={
            "title": f"{kind.capitalize()}: {form.code}"[:200],
            "kind": card_kind,
            "initiating_department": form.initiating_department,
            "lead": by,
            "tracker": by,
            "background": form.background,
            "goal": form.expectation,
            "in_scope": form.current_situation,
            "planned_start": today,
            "planned_end": end,
        },
        departments=rows,
    )


@records_actor("by")
@transaction.atomic
def feedback_escalate(*, form: FeedbackForm, by: User):
    """Turn the form into a draft task card (through tasks' card service, so the card's
    own rules apply), link it to the form and say so in the log. Refused once the form is
    confirmed or already escalated. Answers the card."""
    form = form_lock(form)
    feedback_require(by, form, "escalate")
    card = task_services.card_create(by=by, data=card_input_from_form(form, by))
    form.escalated_card = card
    form.save(update_fields=["escalated_card"])
    log_write(
        form=form,
        by=by,
        kind=LogEntry.Kind.ESCALATED,
        text=_("Turned into task card %(code)s.") % {"code": card.code},
    )
    return card

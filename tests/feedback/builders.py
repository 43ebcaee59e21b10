"""Feedback forms built through the services, as a user would, on the `org` company.

form = builders.feedback_form(org)  # Marketing's contact asks Technology, normal urgency
"""

import datetime as dt

from django.utils import timezone

from feedback import services
from feedback.services import FeedbackInput


def feedback_input(org, *, involved=None, attachments=(), **fields) -> FeedbackInput:
    """Marketing (王芳, its contact) asks Technology for a fix, Finance involved; expected
    in a week."""
    values = {
        "initiating_department": org.marketing,
        "phone_extension": "8123",
        "urgency": "normal",
        "kind": "fault_or_complaint",
        "background": "支付页在活动期间访问量翻倍。",
        "current_situation": "Checkout fails for one order in twenty since Monday.",
        "expectation": "Find the cause and fix it before the weekend campaign.",
        "receiving_department": org.technology,
        "expected_completion": timezone.now().replace(microsecond=0) + dt.timedelta(days=7),
        **fields,
    }
    return FeedbackInput(
        values=values,
        involved_departments=[org.finance] if involved is None else involved,
        attachments=list(attachments),
    )


def feedback_form(org, *, by=None, **kwargs):
    """A submitted form, filed by Marketing's contact unless `by` says otherwise."""
    return services.feedback_submit(by=by or org.initiator, data=feedback_input(org, **kwargs))


# --- answering and closing (feedback/services/responses.py) ------------------------------


def acknowledged_form(org, **kwargs):
    """Submitted, then acknowledged by Technology's contact."""
    form = feedback_form(org, **kwargs)
    return services.feedback_acknowledge(form=form, by=org.tec_contact)


def in_progress_form(org, **kwargs):
    """Acknowledged, then a note from Technology's contact moved it to in progress."""
    form = acknowledged_form(org, **kwargs)
    services.feedback_log_add(form=form, by=org.tec_contact, text="Reproduced; fixing the retry.")
    form.refresh_from_db()
    return form


def resolved_form(org, **kwargs):
    """In progress, then resolved by Technology's contact (Tom Tech answers for it)."""
    form = in_progress_form(org, **kwargs)
    return services.feedback_resolve(
        form=form,
        by=org.tec_contact,
        solution="The payment retry no longer double-submits.",
        completed_at=timezone.now(),
        responsible_person=org.tec_member,
    )


def confirmed_form(org, *, satisfaction=4, **kwargs):
    """Resolved, then rated by the initiator: the heads are asked to sign."""
    form = resolved_form(org, **kwargs)
    return services.feedback_rate(
        form=form, by=org.initiator, satisfaction=satisfaction, comment="Quick and clear."
    )

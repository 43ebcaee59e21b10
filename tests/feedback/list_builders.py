"""Forms at given moments and in given states, for the lists, inbox and figures tests.

Everything goes through the services, on a clock frozen at the moment given.
"""

import datetime as dt

import time_machine

from feedback import services
from feedback.models import FeedbackForm
from tests.feedback import builders

Status = FeedbackForm.Status


def filed_at(org, moment: dt.datetime, **kwargs) -> FeedbackForm:
    """A form filed through the service at `moment` (the clock frozen there)."""
    with time_machine.travel(moment, tick=False):
        return builders.feedback_form(org, **kwargs)


def answered(form: FeedbackForm, at: dt.datetime, *, by=None) -> FeedbackForm:
    """The receiving side's first response (acknowledgement) at `at`."""
    with time_machine.travel(at, tick=False):
        return services.feedback_acknowledge(form=form, by=by or form.receiving_contact)


def resolved(form: FeedbackForm, at: dt.datetime) -> FeedbackForm:
    if form.first_response_at is None:
        form = answered(form, at)
    with time_machine.travel(at, tick=False):
        return services.feedback_resolve(
            form=form,
            by=form.receiving_contact,
            solution="Fixed the payment gateway timeout.",
            completed_at=at,
            responsible_person=form.receiving_contact,
        )


def confirmed(form: FeedbackForm, at: dt.datetime, *, satisfaction: int) -> FeedbackForm:
    if form.resolved_at is None:
        form = resolved(form, at)
    with time_machine.travel(at, tick=False):
        return services.feedback_rate(
            form=form, by=form.initiator, satisfaction=satisfaction, comment="Quick and clear."
        )

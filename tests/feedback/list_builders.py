"""Forms at given moments and in given states, for the lists, inbox and figures tests.

`answered`, `resolved` and `confirmed` write the answer and rating fields with a plain ORM
update: a stand-in until the acknowledge / resolve / rate services are merged, when they
call those services instead. Filing goes through the real service (`builders`).
"""

import datetime as dt

import time_machine

from feedback.models import FeedbackForm
from tests.feedback import builders

Status = FeedbackForm.Status


def filed_at(org, moment: dt.datetime, **kwargs) -> FeedbackForm:
    """A form filed through the service at `moment` (the clock frozen there)."""
    with time_machine.travel(moment, tick=False):
        return builders.feedback_form(org, **kwargs)


# --- ORM stand-ins for the answering services (switched to the services at merge) ----------


def answered(form: FeedbackForm, at: dt.datetime, *, by=None) -> FeedbackForm:
    """The receiving side's first response (acknowledgement) at `at`."""
    FeedbackForm.objects.filter(pk=form.pk).update(
        status=Status.ACKNOWLEDGED,
        first_response_at=at,
        responded_at=at,
        last_follow_up_at=at,
        acknowledged_by=by or form.receiving_contact,
    )
    form.refresh_from_db()
    return form


def resolved(form: FeedbackForm, at: dt.datetime) -> FeedbackForm:
    if form.first_response_at is None:
        answered(form, at)
    FeedbackForm.objects.filter(pk=form.pk).update(
        status=Status.RESOLVED,
        solution="Fixed the payment gateway timeout.",
        completed_at=at,
        resolved_at=at,
        responsible_person=form.receiving_contact,
    )
    form.refresh_from_db()
    return form


def confirmed(form: FeedbackForm, at: dt.datetime, *, satisfaction: int) -> FeedbackForm:
    if form.resolved_at is None:
        resolved(form, at)
    FeedbackForm.objects.filter(pk=form.pk).update(
        status=Status.CONFIRMED,
        satisfaction=satisfaction,
        satisfaction_comment="Quick and clear.",
        confirmed_at=at,
    )
    form.refresh_from_db()
    return form

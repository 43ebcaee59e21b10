"""What every feedback service starts from: the locked form, and the log it writes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from collab.models import Department, User

from ..models import FeedbackForm, LogEntry


def form_lock(form: FeedbackForm) -> FeedbackForm:
    """The form row, locked: every change to a form (and its log) takes it first."""
    return (
        FeedbackForm.objects.select_for_update(of=("self",))
        .select_related("initiating_department", "receiving_department")
        .get(pk=form.pk)
    )


def form_about(form: FeedbackForm) -> str:
    """What every notification on one form is about: its rows group in the centre, and a
    request is settled by (reason, about)."""
    return f"feedback-form:{form.pk}"


def acting_department(user: User, form: FeedbackForm) -> Department | None:
    """The side `user` speaks for on this form: the receiving department if they belong to
    it (or answer for it), else the initiating one, else their own department."""
    from ..permissions import speaks_for

    for department in (form.receiving_department, form.initiating_department):
        if user.department_id == department.pk or speaks_for(user, department):
            return department
    if form.receiving_contact_id == user.pk:
        return form.receiving_department
    return user.department


def log_write(
    *,
    form: FeedbackForm,
    by: User,
    kind: str,
    text: str,
    happened_at: dt.datetime | None = None,
) -> LogEntry:
    """Add a log entry in `by`'s name. The caller holds the form's lock."""
    return LogEntry.objects.create(
        form=form,
        kind=kind,
        happened_at=happened_at or timezone.now(),
        author=by,
        department=acting_department(by, form),
        text=text,
    )

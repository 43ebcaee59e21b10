"""Answering and closing a form: the receiving side acknowledges, writes in the log, adds
action items and resolves; the initiator rates (and so confirms) or reopens.

Each service locks the form first (`form_lock`), asks `feedback_require` whether the actor
may act now, and tells the other side through `collab.services.notify` in the same
transaction (emails leave after commit)."""

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
from collab.text import clean_text
from tasks import services as tasks_services
from tasks.models import ActionItem

from ..models import FeedbackActionItem, FeedbackForm, LogEntry
from ..permissions import feedback_require, is_receiving_side, speaks_for
from ..signables import FEEDBACK_FORM
from ..sla import response_window, sla_policy_for
from .common import form_about, form_lock, log_write
from .forms import SUBMITTED_REASON as SUBMITTED

Status = FeedbackForm.Status
Kind = LogEntry.Kind

# Notification reasons (SUBMITTED, sent on filing, is settled by the first response).
ACKNOWLEDGED = "feedback_acknowledged"
LOG_ADDED = "feedback_log_added"
RATING_REQUESTED = "feedback_rating_requested"
REOPENED = "feedback_reopened"

ITEM_FIELDS = ("title", "details", "owner", "department", "deliverable", "due_date", "priority")


def _url(form: FeedbackForm, tab: str = "log") -> str:
    return reverse("feedback:feedback-detail", args=[form.code]) + f"?tab={tab}"


def _context(form: FeedbackForm, by: User, **extra) -> dict:
    return {
        "form": {"code": form.code},
        "by": by.name,
        # Departments are stored in every language (collab.notification_text).
        "receiving_department": form.receiving_department,
        "initiating_department": form.initiating_department,
        **extra,
    }


def _receiving_people(form: FeedbackForm) -> list[User]:
    """Who answers for the form: its receiving contact and the department's head."""
    return [person for person in (form.receiving_contact, form.receiving_department.head) if person]


def _tell(form, *, recipients, reason, key, by, tab="log", is_request=False, **extra) -> None:
    collab_services.notify(
        recipients=[person for person in recipients if person.pk != by.pk],
        reason=reason,
        key=key,
        template=f"feedback/notifications/{reason.removeprefix('feedback_')}",
        context=_context(form, by, **extra),
        url=_url(form, tab),
        about=form_about(form),
        is_request=is_request,
    )


def _responded(form: FeedbackForm, now: dt.datetime, fields: set[str]) -> None:
    """The receiving side spoke: the answer of this cycle (the first one ever too, if none
    was recorded) and a follow-up. Settles the requests to answer."""
    if form.first_response_at is None:
        form.first_response_at = now
        fields.add("first_response_at")
    if form.responded_at is None:
        form.responded_at = now
        fields.add("responded_at")
    form.last_follow_up_at = now
    fields.add("last_follow_up_at")
    for reason in (SUBMITTED, REOPENED):
        collab_services.notifications_settle(reason=reason, about=form_about(form))


def _filed_minute(form: FeedbackForm) -> dt.datetime:
    """The earliest time a person can type for the form: pages take minutes, not seconds."""
    return form.submitted_at.replace(second=0, microsecond=0)


def _start_work(form: FeedbackForm, fields: set[str]) -> None:
    if form.status == Status.ACKNOWLEDGED:
        form.status = Status.IN_PROGRESS
        fields.add("status")


@records_actor("by")
@transaction.atomic
def feedback_acknowledge(*, form: FeedbackForm, by: User, note: str = "") -> FeedbackForm:
    """The receiving side confirms it understood the request: the first response, whose
    time is recorded once and never moved afterwards."""
    form = form_lock(form)
    feedback_require(by, form, "acknowledge")
    now = timezone.now()
    fields = {"status", "acknowledged_by"}
    form.status = Status.ACKNOWLEDGED
    form.acknowledged_by = by
    _responded(form, now, fields)
    form.save(update_fields=sorted(fields))
    note = clean_text(note, multiline=True).strip()
    log_write(
        form=form,
        by=by,
        kind=Kind.ACKNOWLEDGED,
        text=note,
        happened_at=now,
    )
    _tell(
        form,
        recipients=[form.initiator],
        reason=ACKNOWLEDGED,
        key=str(form.pk),
        by=by,
        note=note,
    )
    return form


@records_actor("by")
@transaction.atomic
def feedback_log_add(
    *, form: FeedbackForm, by: User, text: str, happened_at: dt.datetime | None = None
) -> LogEntry:
    """A note in the communication log, at `happened_at` (now when not given; a call made
    earlier may be recorded later, never in the future). The receiving side's note is its
    answer and a follow-up; the other side is told."""
    form = form_lock(form)
    feedback_require(by, form, "log")
    now = timezone.now()
    text = clean_text(text, multiline=True).strip()
    errors = FieldErrors()
    if not text:
        errors.add("text", _("Write what was said or done."))
    if happened_at is not None and happened_at > now:
        errors.add("happened_at", _("The time cannot be in the future."))
    elif happened_at is not None and happened_at < _filed_minute(form):
        errors.add("happened_at", _("The time cannot be before the form was filed."))
    errors.raise_if_any()
    receiving = is_receiving_side(by, form)
    if receiving:
        # The response counts when it is recorded, not at the time typed in: a back-dated
        # entry must not turn a breached deadline into a met one.
        fields: set[str] = set()
        _responded(form, now, fields)
        _start_work(form, fields)
        form.save(update_fields=sorted(fields))
    entry = log_write(form=form, by=by, kind=Kind.NOTE, text=text, happened_at=happened_at or now)
    _tell(
        form,
        recipients=[form.initiator] if receiving else _receiving_people(form)[:1],
        reason=LOG_ADDED,
        key=str(entry.pk),
        by=by,
        text=text,
    )
    return entry


@records_actor("by")
@transaction.atomic
def feedback_action_item_add(
    *, form: FeedbackForm, by: User, values: dict
) -> tuple[FeedbackActionItem, list[str]]:
    """Follow-up work as an action item in the one table (`tasks`), on the form's card if
    it has one; the owner hears of it from `tasks`. Returns the link and the warnings of
    the tasks service. The form's "add_item" rule decides who adds it."""
    form = form_lock(form)
    feedback_require(by, form, "add_item")
    values = {name: values[name] for name in ITEM_FIELDS if name in values}
    errors = FieldErrors()
    if not (values.get("title") or "").strip():
        errors.add("title", _("Say what is to be done."))
    if values.get("owner") is None:
        errors.add("owner", _("Name the person who owns this action item."))
    if values.get("due_date") is None:
        errors.add("due_date", _("Give the action item a due date."))
    errors.raise_if_any()
    item, warnings = tasks_services.action_item_create(
        by=by,
        card=form.card or None,
        values=values,
        origin=ActionItem.Origin.FEEDBACK,
        origin_reference=form.code,
        origin_authorised=True,
    )
    link = FeedbackActionItem.objects.create(form=form, action_item=item)
    now = timezone.now()
    fields: set[str] = set()
    _responded(form, now, fields)
    _start_work(form, fields)
    form.save(update_fields=sorted(fields))
    log_write(
        form=form,
        by=by,
        kind=Kind.ACTION_ITEM,
        text=f"{item.title} · {item.owner.name} · {item.due_date.isoformat()}",
        happened_at=now,
    )
    return link, warnings


def _answers_for(person: User, department: Department) -> bool:
    return person.department_id == department.pk or speaks_for(person, department)


@records_actor("by")
@transaction.atomic
def feedback_resolve(
    *,
    form: FeedbackForm,
    by: User,
    solution: str,
    completed_at: dt.datetime | None,
    responsible_person: User | None,
) -> FeedbackForm:
    """The receiving side records the result (处理结果): the solution, when it was done and
    who answers for it (someone of the receiving department). The initiator is asked to
    rate it."""
    form = form_lock(form)
    feedback_require(by, form, "resolve")
    now = timezone.now()
    solution = clean_text(solution, multiline=True).strip()
    errors = FieldErrors()
    if not solution:
        errors.add("solution", _("Describe the solution."))
    if completed_at is None:
        errors.add("completed_at", _("Give the completion time."))
    elif completed_at > now:
        errors.add("completed_at", _("The completion time cannot be in the future."))
    elif completed_at < _filed_minute(form):
        errors.add("completed_at", _("The completion time cannot be before the form was filed."))
    if responsible_person is None:
        errors.add("responsible_person", _("Name the person responsible for the solution."))
    elif not responsible_person.is_active or not _answers_for(
        responsible_person, form.receiving_department
    ):
        errors.add(
            "responsible_person",
            _("The responsible person must belong to %(department)s or answer for it.")
            % {"department": form.receiving_department},
        )
    errors.raise_if_any()
    fields = {"status", "solution", "completed_at", "responsible_person", "resolved_at"}
    form.status = Status.RESOLVED
    form.solution = solution
    form.completed_at = completed_at
    form.responsible_person = responsible_person
    form.resolved_at = now
    _responded(form, now, fields)
    form.save(update_fields=sorted(fields))
    log_write(form=form, by=by, kind=Kind.RESOLVED, text=solution, happened_at=now)
    _tell(
        form,
        recipients=[form.initiator],
        reason=RATING_REQUESTED,
        # One request per resolution: a form resolved again after a reopen asks again.
        key=f"{form.pk}:{form.reopen_count}",
        by=by,
        tab="result",
        is_request=True,
        solution=solution,
    )
    return form


@records_actor("by")
@transaction.atomic
def feedback_reopen(*, form: FeedbackForm, by: User, reason: str) -> FeedbackForm:
    """The initiator is not satisfied: back to in progress, and the receiving side owes a
    new response within the urgency's window counted from now (the first response stays
    on record for the compliance figures)."""
    form = form_lock(form)
    feedback_require(by, form, "reopen")
    reason = clean_text(reason, multiline=True).strip()
    if not reason:
        raise RuleViolation(_("Say why the form is reopened."), field="reason")
    now = timezone.now()
    window = response_window(sla_policy_for(form.urgency), now)
    form.status = Status.IN_PROGRESS
    form.reopen_count += 1
    form.response_due_at = window.due_at
    form.response_due_soon_at = window.due_soon_at
    form.follow_up_every_hours = window.follow_up_every_hours
    form.responded_at = None
    form.save(
        update_fields=[
            "status",
            "reopen_count",
            "response_due_at",
            "response_due_soon_at",
            "follow_up_every_hours",
            "responded_at",
        ]
    )
    log_write(form=form, by=by, kind=Kind.REOPENED, text=reason, happened_at=now)
    collab_services.notifications_settle(reason=RATING_REQUESTED, about=form_about(form))
    _tell(
        form,
        recipients=_receiving_people(form),
        reason=REOPENED,
        key=f"{form.pk}:{form.reopen_count}",
        by=by,
        is_request=True,
        reason_text=reason,
        due=window.due_at,
    )
    return form


@records_actor("by")
@transaction.atomic
def feedback_rate(*, form: FeedbackForm, by: User, satisfaction, comment: str = "") -> FeedbackForm:
    """The initiator rates the result 1–5 and so confirms the form; the heads of both
    departments are then asked to sign it (dual sign-off, collab's engine tells them)."""
    form = form_lock(form)
    feedback_require(by, form, "rate")
    text = str(satisfaction if satisfaction is not None else "").strip()
    score = int(text) if text.isdigit() else None
    if score is None or not 1 <= score <= 5:
        raise RuleViolation(_("Rate your satisfaction from 1 to 5."), field="satisfaction")
    comment = clean_text(comment, multiline=True).strip()
    now = timezone.now()
    form.status = Status.CONFIRMED
    form.satisfaction = score
    form.satisfaction_comment = comment
    form.confirmed_at = now
    form.save(update_fields=["status", "satisfaction", "satisfaction_comment", "confirmed_at"])
    # Log texts the workflow writes hold no sentence of one language: the kind says what
    # happened in the reader's language.
    log_write(
        form=form, by=by, kind=Kind.CONFIRMED, text=f"{score}/5 {comment}".strip(), happened_at=now
    )
    collab_services.notifications_settle(reason=RATING_REQUESTED, about=form_about(form))
    collab_services.signature_request_open(
        document=form, document_type=FEEDBACK_FORM, requested_by=by
    )
    return form

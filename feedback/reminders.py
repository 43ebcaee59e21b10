"""A feedback form's deadlines: the first response (the receiving contacts at 50 % and 90 %
of the window, the head at breach, the executive at twice the window) and the follow-up
cadence while the form is being worked on. Both are swept every minute; critical forms
remind at once, at any hour."""

from __future__ import annotations

import datetime as dt

from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collab.reminders import DeadlineKind, Reminder, Sweep, register

from .models import DEFAULT_POLICIES, FeedbackForm, SlaPolicy
from .models.policy import Urgency
from .services.common import form_about

Status = FeedbackForm.Status


def _url(form: FeedbackForm, tab: str | None = None) -> str:
    url = reverse("feedback:feedback-detail", args=[form.code])
    return f"{url}?tab={tab}" if tab else url


def _context(form: FeedbackForm) -> dict:
    return {
        "form": {"code": form.code, "submitted_at": form.submitted_at},
        "urgency": Urgency(form.urgency).label,  # stored in every language
        "receiving_department": form.receiving_department,
        "initiating_department": form.initiating_department,
    }


def _contacts(form: FeedbackForm) -> list:
    """The form's receiving contact and the receiving department's contacts (prefetched);
    the head when the department names no contact."""
    people = [form.receiving_contact] if form.receiving_contact else []
    people += [p for p in form.receiving_department.contacts.all() if p not in people]
    if not people and form.receiving_department.head:
        people = [form.receiving_department.head]
    return people


def _working_day_units() -> dict[str, bool]:
    """Which urgencies count their window in working days (one query per batch)."""
    units = {urgency: unit for urgency, (_w, unit, _f) in DEFAULT_POLICIES.items()}
    units.update(SlaPolicy.objects.values_list("urgency", "response_unit"))
    return {urgency: unit == SlaPolicy.Unit.WORKING_DAYS for urgency, unit in units.items()}


class FeedbackResponseDue(DeadlineKind):
    key = "feedback_response"
    label = _("Feedback first response")
    steps = {
        "half": _("receiving contacts, at half the response window"),
        "ninety": _("receiving contacts, at 90% of the response window"),
        "escalate_head": _("receiving head, when the response is late"),
        "escalate_executive": _("receiving department's executive, at twice the window"),
    }
    frequent = True

    def candidates(self, sweep: Sweep):
        # The partial index feedback_awaiting_first_idx holds exactly these rows.
        return (
            FeedbackForm.objects.filter(status=Status.SUBMITTED, first_response_at__isnull=True)
            .select_related(
                "receiving_contact",
                "receiving_department__head",
                "receiving_department__executive",
                "initiating_department",
            )
            .prefetch_related("receiving_department__contacts")
        )

    def reminders(self, sweep: Sweep, rows):
        in_working_days = _working_day_units()
        for form in rows:
            context = {
                **_context(form),
                "due_at": form.first_response_due_at,
                # A reminder held back for business hours may leave after the deadline.
                "overdue": form.first_response_due_at <= sweep.now,
            }
            for rule in sweep.rules(self.key):
                occurrence = sweep.due(
                    rule,
                    deadline=form.first_response_due_at,
                    start=form.submitted_at,
                    working_window=in_working_days.get(form.urgency, False),
                )
                if occurrence is None:
                    continue
                for recipient in self._recipients(rule.step, form):
                    yield Reminder(
                        rule=rule,
                        recipient=recipient,
                        about=form_about(form),
                        deadline=form.first_response_due_at,
                        occurrence=occurrence,
                        template="feedback/notifications/response_reminder",
                        url=_url(form),
                        context={**context, "step": rule.step},
                        immediate=form.urgency == Urgency.CRITICAL,
                    )

    @staticmethod
    def _recipients(step: str, form: FeedbackForm):
        department = form.receiving_department
        if step in ("half", "ninety"):
            return _contacts(form)
        if step == "escalate_head":
            return [department.head] if department.head else []
        if step == "escalate_executive":
            return [department.executive] if department.executive else []
        return []


MIN_CADENCE_HOURS = 1


class FeedbackFollowUpDue(DeadlineKind):
    key = "feedback_follow_up"
    label = _("Feedback follow-up")
    steps = {"contact": _("receiving contacts, when no progress was logged within the cadence")}
    frequent = True

    def candidates(self, sweep: Sweep):
        # Every cadence is at least an hour: the exact one is checked per form in
        # reminders(); SQL only drops forms answered within the last hour (portable
        # arithmetic: SQLite cannot multiply an interval by a column).
        last_word = Coalesce("last_follow_up_at", "first_response_at")
        # A reopened form owes a new response first (responded_at is empty until then).
        return (
            FeedbackForm.objects.filter(
                status__in=[Status.ACKNOWLEDGED, Status.IN_PROGRESS], responded_at__isnull=False
            )
            .alias(last_word=last_word)
            .filter(last_word__lte=sweep.now - dt.timedelta(hours=MIN_CADENCE_HOURS))
            .select_related(
                "receiving_contact",
                "receiving_department__head",
                "initiating_department",
            )
            .prefetch_related("receiving_department__contacts")
        )

    def reminders(self, sweep: Sweep, rows):
        for form in rows:
            last = form.last_follow_up_at or form.first_response_at
            if last is None:
                continue
            deadline = last + dt.timedelta(hours=form.follow_up_every_hours)
            context = {
                **_context(form),
                "last_follow_up_at": last,
                "every_hours": form.follow_up_every_hours,
            }
            for rule in sweep.rules(self.key):
                occurrence = sweep.due(rule, deadline=deadline, start=last)
                if occurrence is None:
                    continue
                for recipient in _contacts(form):
                    yield Reminder(
                        rule=rule,
                        recipient=recipient,
                        about=form_about(form),
                        deadline=deadline,
                        occurrence=occurrence,
                        template="feedback/notifications/follow_up_reminder",
                        url=_url(form, "log"),
                        context={**context, "step": rule.step},
                        immediate=form.urgency == Urgency.CRITICAL,
                    )


def register_reminder_kinds() -> None:
    register(FeedbackResponseDue())
    register(FeedbackFollowUpDue())

"""Response deadlines from the SLA policy, and where a form stands against them.

The one rule for the SLA status, in Python for one form (`sla_status_of`) and in SQL for
lists and filters (`sla_status_expression`); tests hold them to the same answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, F, Q, TextChoices, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collab.workdays import WorkingCalendar, clock_hours_deadline

from .models import DEFAULT_POLICIES, FeedbackForm, SlaPolicy


class SlaStatus(TextChoices):
    ON_TRACK = "on_track", _("on track")
    DUE_SOON = "due_soon", _("due soon")
    BREACHED = "breached", _("breached")
    MET = "met", _("answered in time")
    LATE = "late", _("answered late")
    CLOSED = "closed", _("nothing due")


def sla_policy_for(urgency: str) -> SlaPolicy:
    """The administrator's policy for `urgency`, or the process document's default when
    the row is missing (a flushed test database, a half-configured install)."""
    policy = SlaPolicy.objects.filter(urgency=urgency).first()
    if policy is not None:
        return policy
    within, unit, follow_up = DEFAULT_POLICIES[urgency]
    return SlaPolicy(
        urgency=urgency,
        response_within=within,
        response_unit=unit,
        follow_up_every_hours=follow_up,
    )


@dataclass(frozen=True)
class ResponseWindow:
    due_at: dt.datetime
    due_soon_at: dt.datetime
    follow_up_every_hours: int


def response_window(
    policy: SlaPolicy, moment: dt.datetime, calendar: WorkingCalendar | None = None
) -> ResponseWindow:
    """When an answer asked for at `moment` is due under `policy`: working days count on
    the company calendar from the next business moment; hours count clock hours."""
    if policy.response_unit == SlaPolicy.Unit.WORKING_DAYS:
        calendar = calendar or WorkingCalendar.load()
        due_at = calendar.working_days_deadline(moment, policy.response_within)
    else:
        due_at = clock_hours_deadline(moment, policy.response_within)
    left = (due_at - moment) * policy.due_soon_percent / 100
    return ResponseWindow(
        due_at=due_at,
        due_soon_at=due_at - left,
        follow_up_every_hours=policy.follow_up_every_hours,
    )


def _awaiting_response() -> Q:
    return Q(responded_at__isnull=True) & ~Q(
        status__in=[FeedbackForm.Status.RESOLVED, FeedbackForm.Status.CONFIRMED]
    )


def sla_status_expression(now: dt.datetime) -> Case:
    return Case(
        When(_awaiting_response() & Q(response_due_at__lte=now), then=Value(SlaStatus.BREACHED)),
        When(
            _awaiting_response() & Q(response_due_soon_at__lte=now), then=Value(SlaStatus.DUE_SOON)
        ),
        When(_awaiting_response(), then=Value(SlaStatus.ON_TRACK)),
        When(responded_at__isnull=True, then=Value(SlaStatus.CLOSED)),
        When(responded_at__lte=F("response_due_at"), then=Value(SlaStatus.MET)),
        default=Value(SlaStatus.LATE),
        output_field=CharField(),
    )


def sla_status_of(form: FeedbackForm, now: dt.datetime | None = None) -> str:
    """Where the form's current response stands; the same rule as `sla_status_expression`."""
    now = now or timezone.now()
    awaiting = form.responded_at is None and form.status not in (
        FeedbackForm.Status.RESOLVED,
        FeedbackForm.Status.CONFIRMED,
    )
    if awaiting:
        if now >= form.response_due_at:
            return SlaStatus.BREACHED
        if now >= form.response_due_soon_at:
            return SlaStatus.DUE_SOON
        return SlaStatus.ON_TRACK
    if form.responded_at is None:
        return SlaStatus.CLOSED
    return SlaStatus.MET if form.responded_at <= form.response_due_at else SlaStatus.LATE

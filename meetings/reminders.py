"""Minutes due (24 hours after the meeting, 2 for an urgent phone call): the recorder is
reminded half-way through the window, the host told when it is missed, then the host's
head one working day later. A meeting counts while its minutes are due or overdue, by
the same rule the meeting lists use (held, not cancelled, minutes not published)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collab.models import ReminderRule
from collab.reminders import DeadlineKind, Reminder, Sweep, register

from .filters import MinutesState, minutes_state_q
from .models import Meeting

Unit = ReminderRule.Unit


class MinutesDue(DeadlineKind):
    key = "minutes"
    label = _("Minutes due")
    steps = {
        "recorder": _("recorder, half-way to the minutes' deadline"),
        "escalate_host": _("host, when the minutes are late"),
        "escalate_host_head": _("head of the host's department"),
    }

    def candidates(self, sweep: Sweep):
        now = sweep.now
        outstanding = minutes_state_q(MinutesState.DUE, now) | minutes_state_q(
            MinutesState.OVERDUE, now
        )
        # meeting_minutes_due_idx: the longest window (24 h) ahead, and back only as far
        # as the latest non-repeating step can fall.
        rows = Meeting.objects.filter(outstanding, minutes_due_at__lte=now + dt.timedelta(days=2))
        since = self._earliest_deadline(sweep)
        if since is not None:
            rows = rows.filter(minutes_due_at__gte=since)
        return rows.select_related("host__department__head", "recorder")

    def _earliest_deadline(self, sweep: Sweep) -> dt.datetime | None:
        """Deadlines older than this have no step left to send (None: a step repeats)."""
        lag = dt.timedelta(0)
        for rule in sweep.rules(self.key):
            if rule.repeat_every:
                return None
            if rule.unit == Unit.WORKING_DAYS:
                lag = max(lag, dt.timedelta(days=rule.offset * 2 + 10))
            elif rule.unit in (Unit.HOURS, Unit.BUSINESS_HOURS):
                lag = max(lag, dt.timedelta(hours=rule.offset * 3 + 24))
        return sweep.now - lag - dt.timedelta(days=1)

    def reminders(self, sweep: Sweep, rows):
        for meeting in rows:
            context = {
                "meeting": {"code": meeting.code, "topic": meeting.topic},
                "due_at": meeting.minutes_due_at,
                "overdue": sweep.now >= meeting.minutes_due_at,
                "recorder": {"name": meeting.recorder.name},
            }
            url = reverse("meetings:meeting-detail", args=[meeting.code]) + "?tab=minutes"
            for rule in sweep.rules(self.key):
                occurrence = sweep.due(rule, deadline=meeting.minutes_due_at, start=meeting.ends_at)
                if occurrence is None:
                    continue
                for recipient in self._recipients(rule.step, meeting):
                    yield Reminder(
                        rule=rule,
                        recipient=recipient,
                        about=f"meeting:{meeting.pk}",
                        deadline=meeting.minutes_due_at,
                        occurrence=occurrence,
                        template="meetings/notifications/minutes_reminder",
                        url=url,
                        context={**context, "step": rule.step},
                    )

    @staticmethod
    def _recipients(step: str, meeting: Meeting):
        if step == "recorder":
            return [meeting.recorder]
        if step == "escalate_host":
            return [meeting.host]
        if step == "escalate_host_head":
            department = meeting.host.department
            head = department.head if department is not None else None
            return [head] if head is not None and head != meeting.host else []
        return []


def register_kinds() -> None:
    register(MinutesDue())

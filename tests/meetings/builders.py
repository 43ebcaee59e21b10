"""Meetings built through the services, as a user would, on the `org` company.

meeting = builders.meeting(org)  # Marketing calls Finance and Technology, tomorrow
"""

import datetime as dt

import time_machine
from django.utils import timezone

from meetings import services
from meetings.services.meetings import AgendaEntry, DepartmentInvitation, Invitee, MeetingInput

HOUR = dt.timedelta(hours=1)


def meeting_input(org, *, departments=None, invitees=None, agenda=None, **fields) -> MeetingInput:
    """Marketing's lead hosts, its tracker records; Finance and Technology are invited as
    departments (head and contact each, required); an hour starting tomorrow at 10:00."""
    start = fields.pop("starts_at", None) or timezone.localtime().replace(
        hour=10, minute=0, second=0, microsecond=0
    ) + dt.timedelta(days=1)
    values = {
        "topic": "新品上市协调会",
        "kind": "coordination",
        "channel": "in_person",
        "place": "3F 会议室",
        "starts_at": start,
        "ends_at": fields.pop("ends_at", start + HOUR),
        "host": org.lead,
        "recorder": org.tracker,
        "background": "Launch needs budget and a landing page.",
        "goal": "Agree who does what by when.",
        **fields,
    }
    if departments is None:
        departments = [org.finance, org.technology]
    return MeetingInput(
        values=values,
        invitees=invitees if invitees is not None else [Invitee(org.mkt_head, True)],
        departments=[DepartmentInvitation(d) for d in departments],
        agenda=agenda
        if agenda is not None
        else [
            AgendaEntry("Budget", 20, org.fin_head),
            AgendaEntry("Landing page", 30, org.tec_head),
        ],
    )


def meeting(org, *, by=None, **kwargs):
    """A draft meeting (notice not sent) called by Marketing's lead."""
    created, _warnings = services.meeting_create(
        by=by or org.lead, data=meeting_input(org, **kwargs)
    )
    return created


def held_meeting(org, *, hours_ago=2, **kwargs):
    """A meeting that took place: an hour long, ended `hours_ago - 1` hours ago."""
    start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=hours_ago)
    return meeting(org, starts_at=start, ends_at=start + HOUR, **kwargs)


def minutes_input(org, **fields) -> services.MinutesInput:
    """Finance's and Technology's viewpoints, two conclusions, one disagreement for the
    Marketing head to decide."""
    return services.MinutesInput(
        viewpoints=fields.pop(
            "viewpoints",
            [(org.finance, "Budget fits Q4."), (org.technology, "Landing page needs 2 weeks.")],
        ),
        conclusions=fields.pop("conclusions", ["Budget approved: 200,000.", "Launch on 1 Dec."]),
        disagreements=fields.pop(
            "disagreements", [services.DisagreementRow("Who pays for ads?", org.mkt_head)]
        ),
        follow_up_plan=fields.pop("follow_up_plan", "Check progress next Monday."),
        pending_decisions=fields.pop("pending_decisions", ""),
    )


def recorded_meeting(org, **kwargs):
    """A held meeting with attendance (Technology's contact absent) and draft minutes."""
    held = held_meeting(org, **kwargs)
    rows = [
        services.AttendanceRow(
            invitation,
            attended=invitation.person != org.tec_contact,
            absence_reason="" if invitation.person != org.tec_contact else "On leave",
        )
        for invitation in held.invitations.select_related("person")
    ]
    services.attendance_record(meeting=held, by=held.recorder, rows=rows)
    services.minutes_save(meeting=held, by=held.recorder, data=minutes_input(org))
    return held


def notice_sent(meeting):
    """The host sends the notice. For a meeting already over, the notice goes out the day
    before it started (the clock is moved back for the sending)."""
    if timezone.now() < meeting.ends_at:
        return services.notice_send(meeting=meeting, by=meeting.host)
    with time_machine.travel(meeting.starts_at - dt.timedelta(days=1), tick=False):
        return services.notice_send(meeting=meeting, by=meeting.host)


def published(org, meeting, by=None):
    """The recorder writes the builders' minutes (unless there are conclusions already)
    and publishes them."""
    from meetings.models import Minutes

    by = by or meeting.recorder
    if not Minutes.objects.filter(meeting=meeting, conclusions__isnull=False).exists():
        services.minutes_save(meeting=meeting, by=by, data=minutes_input(org))
    services.minutes_publish(meeting=meeting, by=by)
    return Minutes.objects.get(meeting=meeting)


def item_values(org, **values) -> dict:
    """An action item for Finance's head, due in a week."""
    return {
        "title": "Approve the ad budget",
        "owner": org.fin_head,
        "deliverable": "Signed budget",
        "due_date": timezone.localdate() + dt.timedelta(days=7),
        "priority": "high",
        **values,
    }


def add_item(org, meeting, *, by=None, **values):
    link, _warnings = services.minutes_item_add(
        meeting=meeting, by=by or meeting.recorder, values=item_values(org, **values)
    )
    return link

"""Invitees answering, their calendar feed, and a card's repeating meetings."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collab.errors import FieldErrors, RuleViolation
from collab.history import records_actor
from collab.models import User
from collab.workdays import WorkingCalendar

from ..models import CalendarFeed, Invitation, Meeting, MeetingSeries
from ..models.meetings import new_feed_token
from ..permissions import meeting_require
from .calling import send_invitation, with_calendar_rows
from .common import meeting_lock
from .meetings import (
    MeetingInput,
    check_meeting_values,
    clean_meeting_values,
    meeting_create,
)

MAX_OCCURRENCES = 60


@records_actor("by")
@transaction.atomic
def invitation_answer(
    *,
    invitation: Invitation,
    by: User,
    response: str,
    reason: str = "",
    deputy: User | None = None,
) -> Invitation:
    """The invitee attends, declines (with a reason) or sends a deputy (a named person, who
    is invited in their place and gets the notice). Until the meeting ends they may change
    their answer."""
    meeting = meeting_lock(invitation.meeting)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    meeting_require(by, meeting, "answer", invitation=invitation)
    reason = (reason or "").strip()
    errors = FieldErrors()
    if response not in (
        Invitation.Response.ATTEND,
        Invitation.Response.DECLINE,
        Invitation.Response.DEPUTY,
    ):
        errors.add("response", _("Choose to attend, decline or send a deputy."))
    if response == Invitation.Response.DECLINE and not reason:
        errors.add("reason", _("Say why you cannot attend."))
    if response == Invitation.Response.DEPUTY:
        if deputy is None:
            errors.add("deputy", _("Name the person who attends in your place."))
        elif deputy.pk == by.pk or not deputy.is_active:
            errors.add("deputy", _("Name someone else, who is active, to attend in your place."))
        elif (
            deputy.pk != invitation.deputy_id and meeting.invitations.filter(person=deputy).exists()
        ):
            errors.add(
                "deputy",
                _("%(person)s is already invited; name someone else.") % {"person": deputy},
            )
    errors.raise_if_any()
    new_deputy = None
    if response == Invitation.Response.DEPUTY and deputy.pk != invitation.deputy_id:
        new_deputy = Invitation.objects.create(
            meeting=meeting,
            person=deputy,
            department=invitation.department,
            is_required=invitation.is_required,
        )
    invitation.response = response
    invitation.response_reason = reason
    invitation.deputy = deputy if response == Invitation.Response.DEPUTY else None
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["response", "response_reason", "deputy", "responded_at"])
    if new_deputy is not None:
        send_invitation(with_calendar_rows(meeting), [deputy], is_update=False)
    return invitation


# --- calendar feed ------------------------------------------------------------------


@transaction.atomic
def calendar_feed_of(*, person: User) -> CalendarFeed:
    """The person's feed, made on first use (its token is the feed URL's key)."""
    feed, _created = CalendarFeed.objects.get_or_create(person=person)
    return feed


@transaction.atomic
def calendar_feed_reset(*, by: User) -> CalendarFeed:
    """A new token: the old feed URL stops working (404) at once."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(person=by)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed


# --- series -------------------------------------------------------------------------


def occurrence_days(
    first: dt.date, *, frequency: str, until: dt.date, working: WorkingCalendar
) -> list[dt.date]:
    """Weekly: the same weekday each week. Daily: every working day (holidays skipped,
    make-up working days included), as the company calendar says."""
    step = dt.timedelta(days=7 if frequency == MeetingSeries.Frequency.WEEKLY else 1)
    days, day = [], first
    while day <= until and len(days) <= MAX_OCCURRENCES:
        if frequency == MeetingSeries.Frequency.WEEKLY or working.is_working_day(day):
            days.append(day)
        day += step
    return days


def series_rrule(frequency: str, until: dt.date) -> str:
    until_text = until.strftime("%Y%m%dT235959Z")
    if frequency == MeetingSeries.Frequency.WEEKLY:
        return f"FREQ=WEEKLY;UNTIL={until_text}"
    return f"FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;UNTIL={until_text}"


@records_actor("by")
@transaction.atomic
def meeting_series_create(
    *, by: User, data: MeetingInput, frequency: str, until: dt.date
) -> tuple[MeetingSeries, list[Meeting]]:
    """A card's weekly or daily meeting: one Meeting per occurrence from the given start
    until `until` (each with its own invitations, attendance and minutes), tied by a
    MeetingSeries that records the RRULE. Calendars get one VEVENT per occurrence
    (meetings/calendar.py says why)."""
    errors = FieldErrors()
    # The meeting's own rules first, so that every error shows in one round.
    check_meeting_values(clean_meeting_values(data.values), errors)
    if until is None:
        errors.add("until", _("Say until when the meeting repeats."))
    if frequency not in MeetingSeries.Frequency.values:
        errors.add("frequency", _("Choose weekly or daily."))
    if data.values.get("card") is None:
        errors.add("card", _("A repeating meeting belongs to a card."))
    starts, ends = data.values.get("starts_at"), data.values.get("ends_at")
    working = WorkingCalendar.load()
    days = []
    if starts and until and frequency in MeetingSeries.Frequency.values:
        first = timezone.localtime(starts).date()
        if until < first:
            errors.add("until", _("The series must end on or after its first meeting."))
        days = occurrence_days(first, frequency=frequency, until=until, working=working)
        if len(days) > MAX_OCCURRENCES:
            errors.add(
                "until",
                _("A series has at most %(count)d meetings; choose an earlier end.")
                % {"count": MAX_OCCURRENCES},
            )
    errors.raise_if_any()
    series = MeetingSeries.objects.create(
        uid=f"{uuid.uuid4()}@crossdesk",
        frequency=frequency,
        until=until,
        rrule=series_rrule(frequency, until),
        created_by=by,
    )
    meetings = []
    first = timezone.localtime(starts).date()
    for day in days:
        shift = dt.timedelta(days=(day - first).days)
        values = {**data.values, "starts_at": starts + shift, "ends_at": ends + shift}
        occurrence = MeetingInput(
            values=values,
            invitees=data.invitees,
            departments=data.departments,
            agenda=data.agenda,
        )
        meeting, _warnings = meeting_create(by=by, data=occurrence)
        meeting.series = series
        meeting.save(update_fields=["series"])
        meetings.append(meeting)
    if not meetings:
        raise RuleViolation(_("No meeting falls between the start and the end."), field="until")
    return series, meetings

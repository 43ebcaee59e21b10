"""iCalendar (RFC 5545 / iTIP RFC 5546) files for meetings: invitations, updates,
cancellations and a person's feed.

One VEVENT per meeting, also for a series' occurrences: each occurrence has its own
invitations, answers and minutes, and Outlook, Google Calendar and Apple Calendar all
handle single events with their own UID far more reliably than RRULE exceptions
(RECURRENCE-ID) sent by email, where a moved or cancelled occurrence often shows twice.
Times are written in UTC, so no VTIMEZONE is needed and no client guesses the zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Invitation, Meeting

PRODID = "-//Crossdesk//Meetings//EN"
METHOD_REQUEST = "REQUEST"
METHOD_CANCEL = "CANCEL"
METHOD_PUBLISH = "PUBLISH"

PARTSTAT = {
    Invitation.Response.PENDING: "NEEDS-ACTION",
    Invitation.Response.ATTEND: "ACCEPTED",
    Invitation.Response.DECLINE: "DECLINED",
    Invitation.Response.DEPUTY: "DELEGATED",
}


def _address(person) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{person.email or person.username + '@invalid'}")
    address.params["CN"] = str(person)
    return address


def _attendee(invitation: Invitation) -> icalendar.vCalAddress:
    address = _address(invitation.person)
    address.params["ROLE"] = "REQ-PARTICIPANT" if invitation.is_required else "OPT-PARTICIPANT"
    address.params["PARTSTAT"] = PARTSTAT.get(invitation.response, "NEEDS-ACTION")
    address.params["RSVP"] = "TRUE" if invitation.response == "pending" else "FALSE"
    address.params["CUTYPE"] = "INDIVIDUAL"
    if invitation.deputy_id:
        address.params["DELEGATED-TO"] = f"mailto:{invitation.deputy.email}"
    return address


def description(meeting: Meeting) -> str:
    """The agenda and purpose as plain text (calendars show DESCRIPTION as text)."""
    lines = []
    if meeting.goal:
        lines += [meeting.goal, ""]
    for position, item in enumerate(meeting.agenda_items.all(), start=1):
        presenter = f" ({item.presenter})" if item.presenter_id else ""
        lines.append(f"{position}. {item.title} — {item.minutes} min{presenter}")
    if meeting.link:
        lines += ["", meeting.link]
    lines += ["", settings.SITE_URL + reverse("meetings:meeting-detail", args=[meeting.code])]
    return "\n".join(lines).strip()


def meeting_event(meeting: Meeting, *, cancelled: bool = False) -> icalendar.Event:
    """The meeting as one VEVENT. The caller prefetched invitations (with person and
    deputy) and agenda items (with presenter), as meeting_get_for_user does."""
    event = icalendar.Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
    event.add("dtend", meeting.ends_at.astimezone(dt.UTC))
    event.add("summary", meeting.topic)
    location = meeting.place or meeting.link
    if location:
        event.add("location", location)
    if meeting.link:
        event.add("url", meeting.link)
    event.add("description", description(meeting))
    event.add("organizer", _address(meeting.host))
    for invitation in meeting.invitations.all():
        event.add("attendee", _attendee(invitation))
    cancelled = cancelled or meeting.status == Meeting.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _calendar(method: str, events: Iterable[icalendar.Event]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def invitation_ics(meeting: Meeting) -> bytes:
    """METHOD:REQUEST: the first notice and every update (same UID, higher SEQUENCE)."""
    return _calendar(METHOD_REQUEST, [meeting_event(meeting)])


def cancellation_ics(meeting: Meeting) -> bytes:
    """METHOD:CANCEL with STATUS:CANCELLED: calendars remove the event."""
    return _calendar(METHOD_CANCEL, [meeting_event(meeting, cancelled=True)])


def download_ics(meeting: Meeting) -> bytes:
    """The meeting to save by hand (PUBLISH: nothing to answer through the file)."""
    return _calendar(METHOD_PUBLISH, [meeting_event(meeting)])


def feed_ics(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """A person's subscription: every meeting they are on, cancelled ones marked so."""
    calendar_events = [meeting_event(meeting) for meeting in meetings]
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", METHOD_PUBLISH)
    calendar.add("x-wr-calname", name)
    for event in calendar_events:
        calendar.add_component(event)
    return calendar.to_ical()


ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def email_mimetype(method: str) -> str:
    return f"text/calendar; method={method}; charset=utf-8"

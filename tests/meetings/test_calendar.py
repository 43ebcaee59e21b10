"""The iCalendar files, parsed back with the icalendar library as a calendar app would."""

import datetime as dt

import icalendar
import pytest
from django.core import mail

from meetings import calendar, services
from meetings.services.calling import with_calendar_rows
from tests.meetings import builders

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


def parse(data: bytes):
    parsed = icalendar.Calendar.from_ical(data)
    [event] = parsed.walk("VEVENT")
    return parsed, event


def ics_of(message) -> bytes:
    [(_name, content, _mimetype)] = [a for a in message.attachments if a[0].endswith(".ics")]
    return content if isinstance(content, bytes) else content.encode()


def test_an_invitation_is_a_request_with_organizer_attendees_and_utc_times(org):
    meeting = with_calendar_rows(builders.meeting(org))
    parsed, event = parse(calendar.invitation_ics(meeting))
    assert parsed["METHOD"] == "REQUEST"
    assert str(event["UID"]) == meeting.uid
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert event["DTSTART"].to_ical().endswith(b"Z")
    assert event["DTEND"].to_ical().endswith(b"Z")
    assert str(event["ORGANIZER"]) == f"mailto:{org.lead.email}"
    attendees = {str(a): a.params for a in event["ATTENDEE"]}
    assert set(attendees) == {
        f"mailto:{p.email}"
        for p in (org.mkt_head, org.fin_head, org.fin_contact, org.tec_head, org.tec_contact)
    }
    assert {p["ROLE"] for p in attendees.values()} == {"REQ-PARTICIPANT"}
    assert all(p["PARTSTAT"] == "NEEDS-ACTION" and p["RSVP"] == "TRUE" for p in attendees.values())
    assert attendees[f"mailto:{org.fin_head.email}"]["CN"] == str(org.fin_head)
    assert str(event["LOCATION"]) == "3F 会议室"
    assert "Budget" in str(event["DESCRIPTION"]) and "Landing page" in str(event["DESCRIPTION"])


def test_an_optional_invitee_is_an_opt_participant(org):
    meeting = builders.meeting(
        org, departments=[], invitees=[builders.Invitee(org.acceptor, False)]
    )
    _parsed, event = parse(calendar.invitation_ics(with_calendar_rows(meeting)))
    [attendee] = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert attendee.params["ROLE"] == "OPT-PARTICIPANT"


def test_updates_keep_the_uid_and_raise_the_sequence_and_cancel_is_method_cancel(
    org, django_capture_on_commit_callbacks
):
    meeting = builders.meeting(org)
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_send(meeting=meeting, by=org.lead)
    first = [m for m in mail.outbox if m.to == [org.fin_head.email]][-1]
    _parsed, event = parse(ics_of(first))
    uid = str(event["UID"])
    assert event["SEQUENCE"] == 0

    data = services.meeting_input_of(meeting, values={"place": "5F 大会议室"})
    services.meeting_update(meeting=meeting, by=org.lead, data=data)
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_send(meeting=meeting, by=org.lead)
    update = [m for m in mail.outbox if m.to == [org.fin_head.email]][-1]
    parsed, event = parse(ics_of(update))
    assert parsed["METHOD"] == "REQUEST"
    assert str(event["UID"]) == uid and event["SEQUENCE"] == 1
    assert str(event["LOCATION"]) == "5F 大会议室"

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, by=org.lead, reason="Budget frozen")
    cancel = [m for m in mail.outbox if m.to == [org.fin_head.email]][-1]
    parsed, event = parse(ics_of(cancel))
    assert parsed["METHOD"] == "CANCEL"
    assert str(event["UID"]) == uid and event["SEQUENCE"] == 2
    assert str(event["STATUS"]) == "CANCELLED"

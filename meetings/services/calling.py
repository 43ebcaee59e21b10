"""Calling a meeting after its creation: editing it, pre-reads, the notice and its
updates, cancelling and deleting.

The iCalendar rules (RFC 5546): the first notice is a REQUEST with SEQUENCE 0; every
later update is a REQUEST with the same UID and SEQUENCE + 1; a cancellation is a
CANCEL with SEQUENCE + 1. A change saved after the notice keeps the meeting "notified":
the organiser sends it as an update when ready (several edits, one email).
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collab import services as collab_services
from collab.errors import FieldErrors, InvalidState, RuleViolation
from collab.history import records_actor
from collab.models import User
from collab.uploads import stored_file_delete_on_commit, upload_check
from collab.workdays import WorkingCalendar

from .. import calendar
from ..models import Invitation, Meeting, MeetingAttachment
from ..permissions import is_organiser, meeting_require
from .common import attachment_store, meeting_lock, minutes_or_none
from .meetings import (
    MEETING_FIELDS,
    AgendaEntry,
    Invitee,
    MeetingInput,
    agenda_replace,
    agenda_warnings,
    check_agenda,
    check_card,
    check_meeting_values,
    clean_meeting_values,
    meeting_create,
    minutes_due_at,
    resolve_invitees,
)

SHORT_NOTICE_WORKING_DAYS = 3
NOTICE_TEMPLATE = "meetings/notifications/meeting_notice"
CANCEL_TEMPLATE = "meetings/notifications/meeting_cancelled"


def with_calendar_rows(meeting: Meeting) -> Meeting:
    """The meeting with what its ICS and notice show, loaded in a fixed number of queries."""
    return (
        Meeting.objects.select_related("host", "recorder", "card")
        .prefetch_related(
            "invitations__person",
            "invitations__deputy",
            "agenda_items__presenter",
            "attachments",
        )
        .get(pk=meeting.pk)
    )


def is_short_notice(starts_at, *, sent_at=None, calendar_=None) -> bool:
    """Less than 3 working days between the day the notice goes out and the meeting's day
    (company calendar, public holidays and make-up days included)."""
    working = calendar_ or WorkingCalendar.load()
    sent_day = timezone.localtime(sent_at or timezone.now(), working.tz).date()
    meeting_day = timezone.localtime(starts_at, working.tz).date()
    return working.working_days_between(sent_day, meeting_day) < SHORT_NOTICE_WORKING_DAYS


# --- editing ------------------------------------------------------------------------


def meeting_input_of(meeting: Meeting, **changes) -> MeetingInput:
    """The meeting as it is (fields, its invitees person by person, its agenda) with
    `values` updated and `invitees`/`departments`/`agenda` replaced when given: what a
    partial update means."""
    values = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    values.update(changes.get("values", {}))
    invitees = changes.get("invitees")
    departments = changes.get("departments")
    if invitees is None and departments is None:
        rows = list(meeting.invitations.select_related("person", "department"))
        # A deputy comes with the answer that named them, not as an invitee of their own.
        deputies = {row.deputy_id for row in rows if row.deputy_id}
        invitees = [
            Invitee(row.person, row.is_required, row.department)
            for row in rows
            if row.person_id not in deputies
        ]
    agenda = changes.get("agenda")
    if agenda is None:
        agenda = [
            AgendaEntry(item.title, item.minutes, item.presenter)
            for item in meeting.agenda_items.select_related("presenter").order_by("position")
        ]
    return MeetingInput(
        values=values, invitees=invitees or [], departments=departments or [], agenda=agenda
    )


def _sync_invitations(meeting: Meeting, invitees) -> list[User]:
    """Make the invitations exactly `invitees`, keeping the answers of those who stay
    (and the deputies they named). Returns the people no longer invited."""
    existing = {i.person_id: i for i in meeting.invitations.all()}
    wanted = {invitee.person.pk: invitee for invitee in invitees}
    deputies = {i.deputy_id for i in existing.values() if i.deputy_id and i.person_id in wanted}
    for person_id, invitee in wanted.items():
        row = existing.get(person_id)
        if row is None:
            Invitation.objects.create(
                meeting=meeting,
                person=invitee.person,
                department=invitee.department,
                is_required=invitee.is_required,
            )
        elif (row.is_required, row.department_id) != (
            invitee.is_required,
            invitee.department.pk if invitee.department else None,
        ):
            row.is_required, row.department = invitee.is_required, invitee.department
            row.save(update_fields=["is_required", "department"])
    gone = [row for pid, row in existing.items() if pid not in wanted and pid not in deputies]
    for row in gone:
        row.delete()
    return [row.person for row in gone]


@records_actor("by")
@transaction.atomic
def meeting_call(
    *, by: User, data: MeetingInput, pre_reads=(), follows: Meeting | None = None
) -> tuple[Meeting, list[str]]:
    """Call a meeting with its pre-reads, as the form does: all saved or nothing (a refused
    pre-read leaves no meeting behind). `follows`: the earlier meeting this one follows up
    (the caller can see it)."""
    meeting, warnings = meeting_create(by=by, data=data)
    if follows is not None:
        meeting.follows = follows
        meeting.save(update_fields=["follows"])
    for upload in pre_reads:
        pre_read_add(meeting=meeting, by=by, upload=upload)
    return meeting, warnings


@records_actor("by")
@transaction.atomic
def meeting_update(
    *, meeting: Meeting, by: User, data: MeetingInput, pre_reads=()
) -> tuple[Meeting, list[str]]:
    """Change a meeting's details, invitees or agenda (organisers, until it is cancelled or
    its minutes published); returns it with warnings. After the notice, the meeting stays
    notified and the organiser sends an update; people taken off the list get a
    cancellation at once, so it leaves their calendars."""
    meeting = meeting_lock(meeting)
    meeting_require(by, meeting, "edit", minutes=minutes_or_none(meeting))
    values = clean_meeting_values(data.values)
    errors = FieldErrors()
    check_meeting_values(values, errors)
    if values.get("card") is not None and values["card"].pk != meeting.card_id:
        check_card(by, values.get("card"), errors)
    check_agenda(data.agenda, errors)
    invitees = resolve_invitees(data)
    if not invitees:
        errors.add("invitees", _("Invite at least one person or department."))
    errors.raise_if_any()
    for name in MEETING_FIELDS:
        if name in values:
            setattr(meeting, name, values[name])
    meeting.minutes_due_at = minutes_due_at(
        ends_at=meeting.ends_at, channel=meeting.channel, is_urgent=meeting.is_urgent
    )
    meeting.save()
    removed = _sync_invitations(meeting, invitees)
    agenda_replace(meeting, data.agenda)
    for upload in pre_reads:
        pre_read_add(meeting=meeting, by=by, upload=upload)
    if removed and meeting.notice_sent_at is not None:
        _send_cancellation(with_calendar_rows(meeting), removed, key_suffix="removed")
    return meeting, agenda_warnings(values, data.agenda)


@records_actor("by")
@transaction.atomic
def meeting_delete(*, meeting: Meeting, by: User) -> None:
    """Delete a draft whose notice never went out (organisers); later, cancel it instead."""
    meeting = meeting_lock(meeting)
    if not is_organiser(by, meeting):
        meeting_require(by, meeting, "edit")
    if meeting.status != Meeting.Status.DRAFT or meeting.notice_sent_at is not None:
        raise InvalidState(
            _("Only a draft whose notice was never sent can be deleted; cancel it instead.")
        )
    for attachment in meeting.attachments.all():
        stored_file_delete_on_commit(attachment.file.storage, attachment.file.name)
    meeting.delete()


# --- pre-reads ----------------------------------------------------------------------


@records_actor("by")
@transaction.atomic
def pre_read_add(*, meeting: Meeting, by: User, upload) -> MeetingAttachment:
    """Attach a pre-read (allowed type, within the size limit) to send with the notice."""
    meeting = meeting_lock(meeting)
    meeting_require(by, meeting, "edit", minutes=minutes_or_none(meeting))
    errors = FieldErrors()
    if upload is None:
        errors.add("file", _("Choose a file."))
    else:
        upload_check(upload, field="file", errors=errors)
    errors.raise_if_any()
    return attachment_store(
        meeting=meeting,
        by=by,
        upload=upload,
        purpose=MeetingAttachment.Purpose.PRE_READ,
        field="file",
    )


@records_actor("by")
@transaction.atomic
def pre_read_remove(*, attachment: MeetingAttachment, by: User) -> None:
    meeting = meeting_lock(attachment.meeting)
    meeting_require(by, meeting, "edit", minutes=minutes_or_none(meeting))
    if attachment.purpose != MeetingAttachment.Purpose.PRE_READ:
        raise RuleViolation(_("This file is not a pre-read of the meeting."), field="file")
    stored_file_delete_on_commit(attachment.file.storage, attachment.file.name)
    attachment.delete()


# --- the notice ---------------------------------------------------------------------


def notice_context(meeting: Meeting, *, is_update: bool) -> dict:
    """What the notice email shows, as plain values (collab.notification_text)."""
    return {
        "meeting": {
            "code": meeting.code,
            "topic": meeting.topic,
            "kind": Meeting.Kind(meeting.kind).label,
            "channel": Meeting.Channel(meeting.channel).label,
            "place": meeting.place,
            "link": meeting.link,
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "host": str(meeting.host),
            "recorder": str(meeting.recorder),
            "background": meeting.background,
            "goal": meeting.goal,
            "is_short_notice": meeting.is_short_notice,
            "cancel_reason": meeting.cancel_reason,
            "sequence": meeting.sequence,
        },
        "is_update": is_update,
        "agenda": [
            {
                "title": item.title,
                "minutes": item.minutes,
                "presenter": str(item.presenter) if item.presenter_id else "",
            }
            for item in meeting.agenda_items.all()
        ],
        "pre_reads": [
            {
                "name": attachment.name,
                "url": reverse("meetings:pre-read", args=[meeting.code, attachment.pk]),
            }
            for attachment in meeting.attachments.all()
            if attachment.purpose == MeetingAttachment.Purpose.PRE_READ
        ],
    }


def _detail_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting-detail", args=[meeting.code])


def send_invitation(meeting: Meeting, people, *, is_update: bool) -> None:
    """Email `people` the notice with the REQUEST attached, once per (person, sequence).
    The caller loaded the meeting with with_calendar_rows()."""
    collab_services.notify(
        recipients=people,
        reason="meeting_notice",
        key=f"{meeting.uid}:{meeting.sequence}",
        about=f"meeting:{meeting.pk}",
        template=NOTICE_TEMPLATE,
        context=notice_context(meeting, is_update=is_update),
        url=_detail_url(meeting),
        attachments=[
            collab_services.EmailFile(
                "invite.ics",
                calendar.email_mimetype(calendar.METHOD_REQUEST),
                calendar.invitation_ics(meeting),
                is_alternative=True,
            )
        ],
    )


def _send_cancellation(meeting: Meeting, people, *, key_suffix: str = "") -> None:
    collab_services.notify(
        recipients=people,
        reason="meeting_cancelled",
        key=f"{meeting.uid}:{meeting.sequence}:{key_suffix}",
        about=f"meeting:{meeting.pk}",
        template=CANCEL_TEMPLATE,
        context={**notice_context(meeting, is_update=True), "removed": bool(key_suffix)},
        url=_detail_url(meeting),
        attachments=[
            collab_services.EmailFile(
                "cancel.ics",
                calendar.email_mimetype(calendar.METHOD_CANCEL),
                calendar.cancellation_ics(meeting),
                is_alternative=True,
            )
        ],
    )


NO_INVITEES = gettext_lazy("Invite at least one person or department.")


@records_actor("by")
@transaction.atomic
def notice_send(*, meeting: Meeting, by: User) -> Meeting:
    """Send the notice to every invitee, or, once sent, an update (SEQUENCE + 1). A first
    notice less than 3 working days before the meeting is sent and marked short notice."""
    meeting = meeting_lock(meeting)
    meeting_require(by, meeting, "send_notice", minutes=minutes_or_none(meeting))
    if not meeting.invitations.exists():
        raise RuleViolation(str(NO_INVITEES), field="invitees")
    is_update = meeting.notice_sent_at is not None
    now = timezone.now()
    if is_update:
        meeting.sequence += 1
    else:
        meeting.status = Meeting.Status.NOTIFIED
        meeting.is_short_notice = is_short_notice(meeting.starts_at, sent_at=now)
    meeting.notice_sent_at = meeting.notice_sent_at or now
    meeting.save(update_fields=["status", "sequence", "notice_sent_at", "is_short_notice"])
    meeting = with_calendar_rows(meeting)
    send_invitation(meeting, [i.person for i in meeting.invitations.all()], is_update=is_update)
    return meeting


@records_actor("by")
@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, reason: str) -> Meeting:
    """Cancel a meeting that has not ended, with a reason; everyone who got the notice gets
    a CANCEL (SEQUENCE + 1) that takes it off their calendar."""
    meeting = meeting_lock(meeting)
    meeting_require(by, meeting, "cancel", minutes=minutes_or_none(meeting))
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(_("Say why the meeting is cancelled."), field="reason")
    was_noticed = meeting.notice_sent_at is not None
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_at = timezone.now()
    meeting.cancel_reason = reason
    if was_noticed:
        meeting.sequence += 1
    meeting.save(update_fields=["status", "cancelled_at", "cancel_reason", "sequence"])
    if was_noticed:
        meeting = with_calendar_rows(meeting)
        _send_cancellation(meeting, [i.person for i in meeting.invitations.all()])
    return meeting

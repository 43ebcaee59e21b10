"""Permission-aware, N+1-free reads of meetings and minutes."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from collab.models import User

from .models import AgendaItem, Invitation, Meeting, MeetingAttachment, Minutes
from .permissions import MeetingPermissions, meeting_permissions, meetings_visible_to


def meeting_list(user: User) -> QuerySet[Meeting]:
    """The meetings `user` may see, with what a list row shows."""
    return meetings_visible_to(user).select_related("host", "recorder", "card", "minutes")


def meeting_get_for_user(*, code: str, user: User) -> Meeting:
    """The meeting with its people, invitations and agenda; 404 when not visible."""
    invitations = Invitation.objects.select_related("person", "department", "deputy").order_by(
        "-is_required", "department_id", "person_id"
    )
    agenda = AgendaItem.objects.select_related("presenter").order_by("position")
    meeting = (
        meetings_visible_to(user)
        .select_related("host", "recorder", "created_by", "card", "series", "minutes")
        .prefetch_related(
            Prefetch("invitations", queryset=invitations),
            Prefetch("agenda_items", queryset=agenda),
        )
        .filter(code=code)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def minutes_of(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes if any were started (loaded by meeting_get_for_user)."""
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None


def own_invitation(meeting: Meeting, user: User) -> Invitation | None:
    """The user's invitation, from the prefetched invitations."""
    return next((i for i in meeting.invitations.all() if i.person_id == user.pk), None)


def meeting_permissions_of(user: User, meeting: Meeting) -> MeetingPermissions:
    return meeting_permissions(
        user, meeting, minutes=minutes_of(meeting), invitation=own_invitation(meeting, user)
    )


# --- calling: answers and the calendar ----------------------------------------------

ANSWER_WORKING_DAYS = 2


def answer_deadline(meeting: Meeting, *, calendar=None):
    """Required invitees should have answered by the start of the day 2 working days
    before the meeting (company calendar)."""
    from collab.workdays import WorkingCalendar

    working = calendar or WorkingCalendar.load()
    day = working.add_working_days(timezone.localtime(meeting.starts_at, working.tz).date(), -2)
    return dt.datetime.combine(day, dt.time.min, tzinfo=working.tz)


def unanswered_required(meeting: Meeting, *, now=None) -> list[Invitation]:
    """Required invitees with no answer once the answer deadline has come, from the
    prefetched invitations (no query per invitee)."""
    if meeting.status != Meeting.Status.NOTIFIED:
        return []
    if (now or timezone.now()) < answer_deadline(meeting):
        return []
    return [
        invitation
        for invitation in meeting.invitations.all()
        if invitation.is_required and invitation.response == Invitation.Response.PENDING
    ]


def pre_reads_of(meeting: Meeting) -> QuerySet[MeetingAttachment]:
    return meeting.attachments.filter(purpose=MeetingAttachment.Purpose.PRE_READ).order_by("pk")


def pre_read_get(meeting: Meeting, pk: int) -> MeetingAttachment:
    """A pre-read of a meeting the caller already may see (else 404)."""
    attachment = pre_reads_of(meeting).filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def feed_meetings(person: User) -> QuerySet[Meeting]:
    """The meetings a calendar feed lists: those the person is invited to, hosts or
    records, from 90 days back, with what their ICS shows."""
    since = timezone.now() - dt.timedelta(days=90)
    return (
        Meeting.objects.filter(
            Q(invitations__person=person) | Q(host=person) | Q(recorder=person),
            ends_at__gte=since,
        )
        .exclude(status=Meeting.Status.DRAFT)
        .distinct()
        .select_related("host")
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related("person", "deputy").order_by("pk"),
            ),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("presenter").order_by("position"),
            ),
        )
        .order_by("starts_at", "pk")
    )


def calendar_feed_by_token(token: str):
    """The feed whose token this is; 404 for any other."""
    from .models import CalendarFeed

    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None or not feed.person.is_active:
        raise Http404
    return feed

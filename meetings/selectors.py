"""Permission-aware, N+1-free reads of meetings and minutes."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from collab.models import User
from collab.workdays import WorkingCalendar

from .filters import MeetingFilter, MinutesState, published_minutes
from .models import (
    AgendaItem,
    CalendarFeed,
    Conclusion,
    DepartmentViewpoint,
    Disagreement,
    Invitation,
    Meeting,
    MeetingAttachment,
    Minutes,
    MinutesActionItem,
)
from .permissions import MeetingPermissions, meeting_permissions, meetings_visible_to

# --- minutes state: one rule, for one meeting (Python) and for lists (SQL) ----------------


def minutes_state_expression(now: dt.datetime) -> Case:
    return Case(
        When(published_minutes(), then=Value(MinutesState.PUBLISHED)),
        When(
            Q(status=Meeting.Status.CANCELLED) | Q(ends_at__gt=now),
            then=Value(MinutesState.NOT_DUE),
        ),
        When(minutes_due_at__lte=now, then=Value(MinutesState.OVERDUE)),
        default=Value(MinutesState.DUE),
        output_field=CharField(),
    )


def minutes_state_of(meeting: Meeting, now: dt.datetime | None = None) -> str:
    """Where one meeting's minutes stand (its minutes loaded with it); the same rule as
    `minutes_state_expression`."""
    now = now or timezone.now()
    minutes = minutes_of(meeting)
    if minutes is not None and (
        minutes.status == Minutes.Status.PUBLISHED or minutes.published_at is not None
    ):
        return MinutesState.PUBLISHED
    if meeting.status == Meeting.Status.CANCELLED or now < meeting.ends_at:
        return MinutesState.NOT_DUE
    if now >= meeting.minutes_due_at:
        return MinutesState.OVERDUE
    return MinutesState.DUE


# --- lists ---------------------------------------------------------------------------------


def _count(invitations: QuerySet[Invitation]) -> Coalesce:
    per_meeting = (
        invitations.filter(meeting_id=OuterRef("pk"))
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_meeting, output_field=IntegerField()), 0)


def meeting_list(user: User, *, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """The meetings `user` may see, soonest first, with what a list row shows in the same
    query: `minutes_state`, `my_response` (None when not invited), `is_deputy`,
    `invited_count`, `answered_count`. Filter it with `meeting_filterset`."""
    now = now or timezone.now()
    own = Invitation.objects.filter(meeting_id=OuterRef("pk"), person=user)
    deputising = Invitation.objects.filter(meeting_id=OuterRef("pk"), deputy=user)
    return (
        meetings_visible_to(user)
        .select_related("host", "recorder", "card", "minutes")
        .annotate(
            minutes_state=minutes_state_expression(now),
            my_response=Subquery(own.values("response")[:1]),
            is_deputy=Exists(deputising),
            invited_count=_count(Invitation.objects.all()),
            answered_count=_count(Invitation.objects.exclude(response=Invitation.Response.PENDING)),
        )
        .order_by("starts_at", "pk")
    )


def meeting_filterset(*, request, data) -> MeetingFilter:
    """The meeting list filtered by `data` (a query dict): the page reads its form and
    errors, the API the same FilterSet through DjangoFilterBackend."""
    return MeetingFilter(data or None, queryset=meeting_list(request.user), request=request)


def role_of(meeting: Meeting, user: User) -> str:
    """What the user is at a list row's meeting, from its annotations: host, recorder,
    deputy, or their answer to the invitation ("invited" before the notice; "" when none
    of these)."""
    if meeting.host_id == user.pk:
        return _("host")
    if meeting.recorder_id == user.pk:
        return _("recorder")
    if getattr(meeting, "is_deputy", False):
        return _("deputy")
    response = getattr(meeting, "my_response", None)
    if response == Invitation.Response.PENDING and meeting.status == Meeting.Status.DRAFT:
        return _("invited")  # nothing to answer before the notice goes out
    return str(Invitation.Response(response).label) if response else ""


def with_roles(meetings: list[Meeting], user: User) -> list[Meeting]:
    """Set `my_role` on a page of rows from `meeting_list` (no query)."""
    for meeting in meetings:
        meeting.my_role = role_of(meeting, user)
    return meetings


CARD_PANEL_ROWS = 10


def card_meetings(card, user: User) -> list[Meeting]:
    """The latest meetings of `card` the user may see (everyone who sees the card does),
    newest first; one query."""
    rows = meeting_list(user).filter(card=card).order_by("-starts_at", "-pk")
    return with_roles(list(rows[:CARD_PANEL_ROWS]), user)


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
        .filter(code=code.strip().upper())
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


# --- the minutes' content (attendance and minutes tabs, the minutes API) ------------------


def minutes_content(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes with everything they show, in a constant number of queries:
    viewpoints, numbered conclusions, disagreements, and the action items they created."""
    viewpoints = DepartmentViewpoint.objects.select_related("department").order_by(
        "department__code", "pk"
    )
    links = MinutesActionItem.objects.select_related(
        "action_item__owner", "action_item__department"
    ).order_by("number", "pk")
    return (
        Minutes.objects.filter(meeting=meeting)
        .prefetch_related(
            Prefetch("viewpoints", queryset=viewpoints),
            Prefetch("conclusions", queryset=Conclusion.objects.order_by("number", "pk")),
            Prefetch(
                "disagreements",
                queryset=Disagreement.objects.select_related("decision_maker").order_by("pk"),
            ),
            Prefetch("item_links", queryset=links),
        )
        .first()
    )


def meeting_files(meeting: Meeting, *purposes: str) -> list[MeetingAttachment]:
    """The meeting's files of the given purposes, oldest first, with who uploaded them."""
    return list(
        meeting.attachments.filter(purpose__in=purposes)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )


def meeting_file_get_for_user(*, code: str, pk: int, user: User) -> MeetingAttachment:
    """One file of a meeting the user can see; 404 otherwise."""
    attachment = (
        MeetingAttachment.objects.filter(meeting__in=meetings_visible_to(user), meeting__code=code)
        .filter(pk=pk)
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def disagreement_get_for_user(*, meeting: Meeting, pk: int) -> Disagreement:
    """A disagreement of a meeting already fetched for the user; 404 if not its own."""
    disagreement = (
        Disagreement.objects.select_related("minutes", "decision_maker")
        .filter(pk=pk, minutes__meeting=meeting)
        .first()
    )
    if disagreement is None:
        raise Http404
    return disagreement


def minutes_item_link_get(*, meeting: Meeting, item_id: int) -> MinutesActionItem:
    """The minutes' link to an action item, by the item's id; 404 if not these minutes'."""
    link = (
        MinutesActionItem.objects.select_related("action_item")
        .filter(action_item_id=item_id, minutes__meeting=meeting)
        .first()
    )
    if link is None:
        raise Http404
    return link


# --- calling: answers and the calendar ----------------------------------------------

ANSWER_WORKING_DAYS = 2


def answer_deadline(meeting: Meeting, *, calendar=None):
    """Required invitees should have answered by the start of the day 2 working days
    before the meeting (company calendar)."""
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
    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None or not feed.person.is_active:
        raise Http404
    return feed

"""Permission-aware, N+1-free reads of meetings and minutes."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from collab.models import User

from .models import AgendaItem, Invitation, Meeting, Minutes
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

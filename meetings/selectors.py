"""Permission-aware, N+1-free reads of meetings and minutes."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from collab.models import User

from .models import (
    AgendaItem,
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

"""Meetings have a comment thread (collab.threads): the rules come from
meetings.permissions, the objects from meetings.selectors."""

from django.urls import reverse

from collab.threads import Discussable, register_discussable

from . import selectors
from .history import meeting_history
from .models import Meeting
from .permissions import meeting_comment_require, meeting_is_visible_to, meeting_mentionable


def _meeting(code: str, user) -> Meeting:
    return selectors.meeting_get_for_user(code=code, user=user)


def register_threads() -> None:
    register_discussable(
        Discussable(
            kind="meeting",
            model=Meeting,
            get_for_user=_meeting,
            key_of=lambda meeting: meeting.code,
            may_read=meeting_is_visible_to,
            comment_require=meeting_comment_require,
            mentionable=meeting_mentionable,
            url_of=lambda meeting: (
                reverse("meetings:meeting-detail", args=[meeting.code]) + "?tab=discussion"
            ),
            title_of=str,
            history=meeting_history,
        )
    )

"""What meetings ask of a person, for "My work" and the API's inbox (see collab.inbox):
meetings to answer, minutes to write, decisions to make. Each source reads its rows with
one query and counts them with one more."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from collab.inbox import InboxEntry, InboxSource, register_inbox_source
from collab.models import User

from .filters import published_minutes
from .models import Disagreement, Invitation, Meeting


def _meeting_url(meeting: Meeting, tab: str = "") -> str:
    url = reverse("meetings:meeting-detail", args=[meeting.code])
    return f"{url}?tab={tab}" if tab else url


# --- meetings to answer ---------------------------------------------------------------------


def _to_answer(user: User):
    """My unanswered invitations to meetings whose notice went out and which have not ended
    (the `answer` rule's moment)."""
    return Invitation.objects.filter(
        person=user,
        response=Invitation.Response.PENDING,
        meeting__status=Meeting.Status.NOTIFIED,
        meeting__ends_at__gt=timezone.now(),
    )


def answer_entries(user: User) -> list[InboxEntry]:
    rows = _to_answer(user).select_related("meeting").order_by("meeting__starts_at", "pk")
    return [
        InboxEntry(
            kind="meetings.answer",
            label=_("Answer a meeting invitation"),
            title=str(invitation.meeting),
            url=_meeting_url(invitation.meeting),
            # Answer before the meeting starts.
            deadline=invitation.meeting.starts_at,
            action_label=_("Answer"),
            action_url=_meeting_url(invitation.meeting, "notice"),
            detail=date_format(
                timezone.localtime(invitation.meeting.starts_at), "SHORT_DATETIME_FORMAT"
            )
            + (" · " + _("required") if invitation.is_required else " · " + _("optional")),
        )
        for invitation in rows
    ]


# --- minutes to write -----------------------------------------------------------------------


def _minutes_to_write(user: User):
    """Meetings I record that have started, not cancelled, minutes not published."""
    return Meeting.objects.filter(
        ~Q(published_minutes()),
        recorder=user,
        starts_at__lte=timezone.now(),
    ).exclude(status=Meeting.Status.CANCELLED)


def minutes_entries(user: User) -> list[InboxEntry]:
    rows = _minutes_to_write(user).order_by("minutes_due_at", "pk")
    return [
        InboxEntry(
            kind="meetings.minutes",
            label=_("Write the minutes"),
            title=str(meeting),
            url=_meeting_url(meeting, "minutes"),
            deadline=meeting.minutes_due_at,
            action_label=_("Write"),
            detail=_("held %(when)s")
            % {"when": date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")},
        )
        for meeting in rows
    ]


# --- decisions to make ----------------------------------------------------------------------


def _decisions(user: User):
    return Disagreement.objects.filter(decision_maker=user, decided_at__isnull=True)


def decision_entries(user: User) -> list[InboxEntry]:
    rows = _decisions(user).select_related("minutes__meeting").order_by("pk")
    return [
        InboxEntry(
            kind="meetings.decision",
            label=_("Decide a disagreement"),
            title=Truncator(disagreement.subject).chars(80),
            url=_meeting_url(disagreement.minutes.meeting, "minutes"),
            action_label=_("Decide"),
            action_url=_meeting_url(disagreement.minutes.meeting, "minutes")
            + f"#disagreement-{disagreement.pk}",
            detail=str(disagreement.minutes.meeting),
        )
        for disagreement in rows
    ]


SOURCES = [
    InboxSource("meetings.answer", answer_entries, lambda u: _to_answer(u).count()),
    InboxSource("meetings.minutes", minutes_entries, lambda u: _minutes_to_write(u).count()),
    InboxSource("meetings.decision", decision_entries, lambda u: _decisions(u).count()),
]


def register_sources() -> None:
    for source in SOURCES:
        register_inbox_source(source)

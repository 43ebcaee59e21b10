"""Who may see and do what with a meeting and its minutes: the only place that says so.

Services call `meeting_require(user, meeting, action, ...)`, which refuses with
`Forbidden` (403) for the wrong person and `InvalidState` (409) for the wrong moment;
pages and the API read `meeting_permissions(...)`, a small frozen object. Who may *see* a
meeting is `meetings_visible_to`; whoever cannot see it gets 404 before any of this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collab.errors import Forbidden, InvalidState
from collab.models import User
from collab.selectors import departments_of_user
from tasks.selectors import cards_visible_to

from .models import Disagreement, Invitation, Meeting, Minutes, MinutesActionItem

# --- who may see ----------------------------------------------------------------------


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    """Meetings the user hosts, records, created or is invited to (or deputises for);
    meetings that invite one of their departments (as member, head, contact or executive);
    meetings of a card they can see; meetings where they decide a disagreement or own an
    action item of the minutes.
    Administrators see all."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    if user.is_staff:
        return Meeting.objects.all()
    departments = list(departments_of_user(user).values_list("pk", flat=True))
    invited = Invitation.objects.filter(
        Q(person=user) | Q(deputy=user) | Q(department__in=departments),
        meeting_id=OuterRef("pk"),
    )
    deciding = Disagreement.objects.filter(decision_maker=user, minutes__meeting_id=OuterRef("pk"))
    # An action item's owner reads the minutes that gave it, whatever their department.
    owning = MinutesActionItem.objects.filter(
        action_item__owner=user, minutes__meeting_id=OuterRef("pk")
    )
    card_seen = cards_visible_to(user).filter(pk=OuterRef("card_id"))
    return Meeting.objects.filter(
        Q(host=user)
        | Q(recorder=user)
        | Q(created_by=user)
        | Exists(invited)
        | Exists(deciding)
        | Exists(owning)
        | (Q(card__isnull=False) & Exists(card_seen))
    )


def meeting_is_visible_to(user: User, meeting: Meeting) -> bool:
    return meetings_visible_to(user).filter(pk=meeting.pk).exists()


def meeting_mentionable(meeting: Meeting, users) -> set[int]:
    """Those of `users` who may see `meeting`: only they can be mentioned in its discussion
    (one query a person; a comment mentions a handful at most)."""
    return {user.pk for user in users if meeting_is_visible_to(user, meeting)}


# --- roles ----------------------------------------------------------------------------


def is_organiser(user: User, meeting: Meeting) -> bool:
    """The host and whoever called the meeting (and administrators)."""
    return user.is_staff or user.pk in (meeting.host_id, meeting.created_by_id)


def is_minute_taker(user: User, meeting: Meeting) -> bool:
    """The recorder writes the minutes; the host may too (and administrators)."""
    return user.is_staff or user.pk in (meeting.recorder_id, meeting.host_id)


# --- moments --------------------------------------------------------------------------


def _now(facts: dict) -> dt.datetime:
    return facts.get("now") or timezone.now()


def _minutes_status(facts: dict) -> str:
    minutes = facts.get("minutes")
    return minutes.status if minutes is not None else Minutes.Status.DRAFT


def _open(meeting: Meeting, facts: dict) -> bool:
    """Not cancelled and its minutes not published: the meeting can still change."""
    return (
        meeting.status != Meeting.Status.CANCELLED
        and _minutes_status(facts) == Minutes.Status.DRAFT
    )


def _before_end(meeting: Meeting, facts: dict) -> bool:
    return _open(meeting, facts) and _now(facts) < meeting.ends_at


def _noticed_before_end(meeting: Meeting, facts: dict) -> bool:
    return meeting.status == Meeting.Status.NOTIFIED and _now(facts) < meeting.ends_at


def _started_and_open(meeting: Meeting, facts: dict) -> bool:
    return (
        meeting.status != Meeting.Status.CANCELLED
        and _now(facts) >= meeting.starts_at
        and _minutes_status(facts) == Minutes.Status.DRAFT
    )


def _published(meeting: Meeting, facts: dict) -> bool:
    return _minutes_status(facts) == Minutes.Status.PUBLISHED


def _anytime(meeting: Meeting, facts: dict) -> bool:
    return True


def _invitee(user: User, meeting: Meeting, facts: dict) -> bool:
    invitation = facts.get("invitation")
    return invitation is not None and invitation.person_id == user.pk


def _decision_maker(user: User, meeting: Meeting, facts: dict) -> bool:
    disagreement = facts.get("disagreement")
    return disagreement is not None and disagreement.decision_maker_id == user.pk


def _undecided(meeting: Meeting, facts: dict) -> bool:
    disagreement = facts.get("disagreement")
    return disagreement is not None and disagreement.decided_at is None


@dataclass(frozen=True)
class Rule:
    who: Callable[[User, Meeting, dict], bool]
    when: Callable[[Meeting, dict], bool]
    not_you: str
    not_now: str


def _role(check):
    return lambda user, meeting, facts: check(user, meeting)


ORGANISERS_ONLY = _("Only the meeting's host or the person who called it can do this.")
MINUTE_TAKERS_ONLY = _("Only the meeting's recorder or host can do this.")
CHANGED_NO_MORE = _("The meeting was cancelled or its minutes published; it can no longer change.")

MEETING_RULES: dict[str, Rule] = {
    "edit": Rule(_role(is_organiser), _open, ORGANISERS_ONLY, CHANGED_NO_MORE),
    "send_notice": Rule(
        _role(is_organiser),
        _before_end,
        ORGANISERS_ONLY,
        _("A notice can only be sent for a meeting that has not ended or been cancelled."),
    ),
    "cancel": Rule(
        _role(is_organiser),
        _before_end,
        ORGANISERS_ONLY,
        _("Only a meeting that has not ended can be cancelled."),
    ),
    "answer": Rule(
        _invitee,
        _noticed_before_end,
        _("Only the invitee can answer this invitation."),
        _("Invitations can be answered once the notice is sent, until the meeting ends."),
    ),
    "write_opinion": Rule(
        _invitee,
        lambda meeting, facts: _open(meeting, facts) and meeting.status != Meeting.Status.DRAFT,
        _("Only the invitee can send a written opinion."),
        CHANGED_NO_MORE,
    ),
    "record": Rule(
        _role(is_minute_taker),
        _started_and_open,
        MINUTE_TAKERS_ONLY,
        _("Attendance and minutes are recorded once the meeting has started, until published."),
    ),
    "publish": Rule(
        _role(is_minute_taker),
        _started_and_open,
        MINUTE_TAKERS_ONLY,
        _("Only draft minutes of a meeting that has started can be published."),
    ),
    "correct": Rule(
        _role(is_minute_taker),
        _published,
        MINUTE_TAKERS_ONLY,
        _("Only published minutes can be corrected; a draft is simply edited."),
    ),
    "formalise": Rule(
        _role(is_organiser),
        _published,
        ORGANISERS_ONLY,
        _("Only published minutes can be formalised."),
    ),
    "decide": Rule(
        _decision_maker,
        _undecided,
        _("Only the named decision maker can decide this."),
        _("This disagreement is already decided."),
    ),
    "comment": Rule(
        lambda user, meeting, facts: True,
        lambda meeting, facts: meeting.status != Meeting.Status.CANCELLED,
        "",
        _("The meeting was cancelled; its discussion is read-only."),
    ),
}


def meeting_comment_require(user: User, meeting: Meeting) -> None:
    """Whoever sees a meeting may discuss it until it is cancelled."""
    meeting_require(user, meeting, "comment")


def meeting_require(user: User, meeting: Meeting, action: str, **facts) -> None:
    """Refuse unless `user` (who can see `meeting`) may do `action` now. Facts some rules
    read: `minutes` (the meeting's minutes, if any), `invitation` (the invitation being
    answered), `disagreement` (the one being decided), `now`."""
    rule = MEETING_RULES[action]
    if not rule.who(user, meeting, facts):
        raise Forbidden(rule.not_you)
    if not rule.when(meeting, facts):
        raise InvalidState(rule.not_now)


def meeting_allows(user: User, meeting: Meeting, action: str, **facts) -> bool:
    """Whether `meeting_require` would let `user` do `action` now (same facts)."""
    rule = MEETING_RULES[action]
    return rule.who(user, meeting, facts) and rule.when(meeting, facts)


@dataclass(frozen=True)
class MeetingPermissions:
    """What a person may do with one meeting right now: pages and the API read this."""

    can_edit: bool
    can_send_notice: bool
    can_cancel: bool
    can_answer: bool
    can_write_opinion: bool
    can_record: bool
    can_publish: bool
    can_correct: bool
    can_formalise: bool
    can_comment: bool

    def as_dict(self) -> dict[str, bool]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


def meeting_permissions(
    user: User,
    meeting: Meeting,
    *,
    minutes: Minutes | None = None,
    invitation: Invitation | None = None,
    now: dt.datetime | None = None,
) -> MeetingPermissions:
    """`minutes`: the meeting's minutes if they exist; `invitation`: the user's own."""
    facts = {"minutes": minutes, "invitation": invitation, "now": now or timezone.now()}

    def allows(action: str) -> bool:
        return meeting_allows(user, meeting, action, **facts)

    return MeetingPermissions(
        can_edit=allows("edit"),
        can_send_notice=allows("send_notice"),
        can_cancel=allows("cancel"),
        can_answer=allows("answer"),
        can_write_opinion=allows("write_opinion"),
        can_record=allows("record"),
        can_publish=allows("publish"),
        can_correct=allows("correct"),
        can_formalise=allows("formalise"),
        can_comment=allows("comment"),
    )

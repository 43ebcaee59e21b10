"""Calling a meeting: its details, invitees and agenda."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from collab.codes import next_yearly_code
from collab.errors import FieldErrors
from collab.history import records_actor
from collab.models import Department, User
from collab.text import clean_fields
from tasks.selectors import cards_visible_to

from ..models import AgendaItem, Invitation, Meeting, MeetingCodeSequence

MEETING_FIELDS = (
    "topic",
    "kind",
    "channel",
    "place",
    "link",
    "starts_at",
    "ends_at",
    "is_urgent",
    "host",
    "recorder",
    "background",
    "goal",
    "card",
)
MINUTES_DUE = dt.timedelta(hours=24)
URGENT_PHONE_MINUTES_DUE = dt.timedelta(hours=2)


@dataclass(frozen=True)
class Invitee:
    """A person invited in their own name, or for a department (`department` set)."""

    person: User
    is_required: bool = True
    department: Department | None = None


@dataclass(frozen=True)
class DepartmentInvitation:
    """A whole department: resolved to its head and contacts."""

    department: Department
    is_required: bool = True


@dataclass(frozen=True)
class AgendaEntry:
    title: str
    minutes: int
    presenter: User | None = None


@dataclass
class MeetingInput:
    values: dict
    invitees: list[Invitee] = field(default_factory=list)
    departments: list[DepartmentInvitation] = field(default_factory=list)
    agenda: list[AgendaEntry] = field(default_factory=list)


def minutes_due_at(*, ends_at: dt.datetime, channel: str, is_urgent: bool) -> dt.datetime:
    """Minutes are due 24 hours after the end; 2 hours for a phone call on an urgent
    matter (DESIGN.md 2.3). Clock hours, not working hours."""
    urgent_call = channel == Meeting.Channel.PHONE and is_urgent
    return ends_at + (URGENT_PHONE_MINUTES_DUE if urgent_call else MINUTES_DUE)


def _next_code(year: int) -> str:
    return next_yearly_code(MeetingCodeSequence, "MT", year)


def clean_meeting_values(values: dict) -> dict:
    return clean_fields(values, lines=("topic", "place"), texts=("background", "goal"))


def check_meeting_values(values: dict, errors: FieldErrors) -> None:
    """The rules on a meeting's own fields, whether it is being called or changed."""
    if not (values.get("topic") or "").strip():
        errors.add("topic", _("Give the meeting a topic."))
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts and ends and ends <= starts:
        errors.add("ends_at", _("The meeting must end after it starts."))
    if not values.get("host"):
        errors.add("host", _("Name the host."))
    if not values.get("recorder"):
        errors.add("recorder", _("Name who records the minutes."))
    channel = values.get("channel") or Meeting.Channel.IN_PERSON
    if channel == Meeting.Channel.ONLINE and not values.get("link"):
        errors.add("link", _("An online meeting needs its link."))
    if channel == Meeting.Channel.IN_PERSON and not (values.get("place") or "").strip():
        errors.add("place", _("Say where the meeting takes place."))


def check_card(by: User, card, errors: FieldErrors) -> None:
    """A meeting can belong only to a card its caller can see."""
    if card is not None and not cards_visible_to(by).filter(pk=card.pk).exists():
        errors.add("card", _("Choose a card you can see."))


def resolve_invitees(data: MeetingInput) -> list[Invitee]:
    """Everyone invited, once each: people named in their own right first; a department
    brings its head and contacts. Required wins over optional for the same person."""
    chosen: dict[int, Invitee] = {}

    def add(invitee: Invitee) -> None:
        earlier = chosen.get(invitee.person.pk)
        if earlier is None:
            chosen[invitee.person.pk] = invitee
        elif invitee.is_required and not earlier.is_required:
            chosen[invitee.person.pk] = Invitee(
                earlier.person, True, earlier.department or invitee.department
            )

    for invitee in data.invitees:
        add(
            Invitee(
                invitee.person, invitee.is_required, invitee.department or invitee.person.department
            )
        )
    for entry in data.departments:
        department = entry.department
        people = ([department.head] if department.head_id else []) + list(department.contacts.all())
        for person in people:
            add(Invitee(person, entry.is_required, department))
    return list(chosen.values())


def agenda_warnings(values: dict, agenda: list[AgendaEntry]) -> list[str]:
    """An agenda longer than the meeting is allowed, with a warning."""
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if not (starts and ends and agenda):
        return []
    planned = sum(entry.minutes for entry in agenda)
    available = int((ends - starts).total_seconds() // 60)
    if planned > available:
        return [
            _("The agenda takes %(planned)d minutes but the meeting lasts %(available)d.")
            % {"planned": planned, "available": available}
        ]
    return []


def check_agenda(agenda: list[AgendaEntry], errors: FieldErrors) -> None:
    for entry in agenda:
        if not (entry.title or "").strip():
            errors.add("agenda", _("Every agenda item needs a title."))
            break
        if entry.minutes is None or entry.minutes <= 0:
            errors.add("agenda", _("Every agenda item needs a duration in minutes."))
            break


def agenda_replace(meeting: Meeting, agenda: list[AgendaEntry]) -> None:
    """Store `agenda` as the meeting's ordered agenda. The caller holds the meeting's lock."""
    meeting.agenda_items.all().delete()
    bulk_create_with_history(
        [
            AgendaItem(
                meeting=meeting,
                position=position,
                title=entry.title.strip(),
                minutes=entry.minutes,
                presenter=entry.presenter,
            )
            for position, entry in enumerate(agenda, start=1)
        ],
        AgendaItem,
    )


@records_actor("by")
@transaction.atomic
def meeting_create(*, by: User, data: MeetingInput) -> tuple[Meeting, list[str]]:
    """Call a meeting (a draft until its notice is sent); returns it with warnings."""
    values = clean_meeting_values(data.values)
    errors = FieldErrors()
    check_meeting_values(values, errors)
    check_card(by, values.get("card"), errors)
    check_agenda(data.agenda, errors)
    invitees = resolve_invitees(data)
    if not invitees:
        errors.add("invitees", _("Invite at least one person or department."))
    errors.raise_if_any()
    meeting = Meeting(
        created_by=by,
        code=_next_code(timezone.localdate().year),
        uid=f"{uuid.uuid4()}@crossdesk",
    )
    for name in MEETING_FIELDS:
        if name in values:
            setattr(meeting, name, values[name])
    meeting.minutes_due_at = minutes_due_at(
        ends_at=meeting.ends_at, channel=meeting.channel, is_urgent=meeting.is_urgent
    )
    meeting.save()
    # With history rows, so the meeting's History tab starts from what was called.
    bulk_create_with_history(
        [
            Invitation(
                meeting=meeting,
                person=invitee.person,
                department=invitee.department,
                is_required=invitee.is_required,
            )
            for invitee in invitees
        ],
        Invitation,
    )
    agenda_replace(meeting, data.agenda)
    return meeting, agenda_warnings(values, data.agenda)

"""A meeting's rows one at a time (the API's nested resources): agenda items and
invitations. The form changes them all at once through meeting_update()."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from collab.errors import FieldErrors, RuleViolation
from collab.history import records_actor
from collab.models import Department, User

from ..models import AgendaItem, Invitation, Meeting
from ..permissions import meeting_require
from .calling import meeting_input_of, meeting_update
from .common import meeting_lock, minutes_or_none
from .meetings import AgendaEntry, DepartmentInvitation, Invitee, check_agenda


def _editable(meeting: Meeting, by: User) -> Meeting:
    meeting = meeting_lock(meeting)
    meeting_require(by, meeting, "edit", minutes=minutes_or_none(meeting))
    return meeting


def _check_item(title: str, minutes) -> None:
    errors = FieldErrors()
    check_agenda([AgendaEntry(title, minutes)], errors)
    if errors.errors:
        # One item: say which of its fields is at fault.
        if not (title or "").strip():
            raise RuleViolation(_("Every agenda item needs a title."), field="title")
        raise RuleViolation(_("Every agenda item needs a duration in minutes."), field="minutes")


@records_actor("by")
@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, by: User, title: str, minutes: int, presenter: User | None = None
) -> AgendaItem:
    """Add an item at the end of the agenda."""
    meeting = _editable(meeting, by)
    _check_item(title, minutes)
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    return AgendaItem.objects.create(
        meeting=meeting,
        position=last + 1,
        title=title.strip(),
        minutes=minutes,
        presenter=presenter,
    )


@records_actor("by")
@transaction.atomic
def agenda_item_update(*, item: AgendaItem, by: User, values: dict) -> AgendaItem:
    """Change an item's title, minutes or presenter (what is left out stays)."""
    _editable(item.meeting, by)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    title = values.get("title", item.title)
    minutes = values.get("minutes", item.minutes)
    _check_item(title, minutes)
    item.title, item.minutes = title.strip(), minutes
    if "presenter" in values:
        item.presenter = values["presenter"]
    item.save(update_fields=["title", "minutes", "presenter"])
    return item


@records_actor("by")
@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: User) -> None:
    meeting = _editable(item.meeting, by)
    item.delete()
    _renumber(meeting, list(meeting.agenda_items.order_by("position", "pk")))


@records_actor("by")
@transaction.atomic
def agenda_reorder(*, meeting: Meeting, by: User, order: list[int]) -> list[AgendaItem]:
    """Put the agenda in the order of `order` (every item's id, once each)."""
    meeting = _editable(meeting, by)
    items = {item.pk: item for item in meeting.agenda_items.all()}
    if sorted(order) != sorted(items):
        raise RuleViolation(_("List every agenda item of the meeting exactly once."), field="order")
    ordered = [items[pk] for pk in order]
    _renumber(meeting, ordered)
    return ordered


def _renumber(meeting: Meeting, items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


@records_actor("by")
@transaction.atomic
def invitation_add(
    *,
    meeting: Meeting,
    by: User,
    person: User | None = None,
    department: Department | None = None,
    is_required: bool = True,
) -> list[Invitation]:
    """Invite one more person, or a department (its head and contacts); returns the new
    invitations. After the notice the organiser sends an update to reach them."""
    if (person is None) == (department is None):
        raise RuleViolation(_("Invite either a person or a department."), field="person")
    before = set(meeting.invitations.values_list("person_id", flat=True))
    data = meeting_input_of(meeting)
    if person is not None:
        if person.pk in before:
            raise RuleViolation(
                _("%(person)s is already invited.") % {"person": person}, field="person"
            )
        data.invitees.append(Invitee(person, is_required))
    else:
        data.departments.append(DepartmentInvitation(department, is_required))
    meeting_update(meeting=meeting, by=by, data=data)
    return list(
        meeting.invitations.exclude(person_id__in=before).select_related("person", "department")
    )


@records_actor("by")
@transaction.atomic
def invitation_remove(*, invitation: Invitation, by: User) -> None:
    """Take one person off the list; after the notice they get a cancellation."""
    meeting = invitation.meeting
    data = meeting_input_of(meeting)
    data.invitees = [i for i in data.invitees if i.person.pk != invitation.person_id]
    meeting_update(meeting=meeting, by=by, data=data)

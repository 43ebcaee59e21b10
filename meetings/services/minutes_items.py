"""Action items created from the minutes: they live in `tasks` (its services), linked to
the minutes by a numbered MinutesActionItem, and appear in their owners' "My action items"
and on the meeting's card."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from collab.errors import FieldErrors
from collab.history import records_actor
from collab.models import User
from tasks import services as tasks_services
from tasks.models import ActionItem

from ..models import Meeting, MinutesActionItem
from ..permissions import meeting_require
from .common import meeting_lock, minutes_for_update

ITEM_FIELDS = ("title", "details", "owner", "department", "deliverable", "due_date", "priority")


def _check_item(values: dict, errors: FieldErrors) -> None:
    """What the minutes need of every item (责任到人): the tasks service checks the rest."""
    if not (values.get("title") or "").strip():
        errors.add("title", _("Say what is to be done."))
    if values.get("owner") is None:
        errors.add("owner", _("Name the person who owns this action item."))
    if values.get("due_date") is None:
        errors.add("due_date", _("Give the action item a due date."))


def _link_of(meeting: Meeting, link: MinutesActionItem) -> MinutesActionItem:
    """The link, locked, checked to belong to this meeting's minutes."""
    return (
        MinutesActionItem.objects.select_for_update(of=("self",))
        .select_related("action_item", "minutes")
        .get(pk=link.pk, minutes__meeting=meeting)
    )


@records_actor("by")
@transaction.atomic
def minutes_item_add(
    *, meeting: Meeting, by: User, values: dict
) -> tuple[MinutesActionItem, list[str]]:
    """Create an action item from the draft minutes: on the meeting's card when it has
    one, owned by a person (the department defaults to theirs). Returns the numbered link
    and the tasks service's warnings. The meeting's "record" rule decides who adds it, so
    tasks is told the origin authorised the recorder (who need not manage the card)."""
    meeting = meeting_lock(meeting)
    minutes = minutes_for_update(meeting)
    meeting_require(by, meeting, "record", minutes=minutes)
    values = {name: values[name] for name in ITEM_FIELDS if name in values}
    errors = FieldErrors()
    _check_item(values, errors)
    errors.raise_if_any()
    item, warnings = tasks_services.action_item_create(
        by=by,
        card=meeting.card,
        values=values,
        origin=ActionItem.Origin.MEETING,
        origin_reference=meeting.code,
        origin_authorised=True,
    )
    last = minutes.item_links.aggregate(last=Max("number"))["last"] or 0
    link = MinutesActionItem.objects.create(minutes=minutes, action_item=item, number=last + 1)
    return link, warnings


@records_actor("by")
@transaction.atomic
def minutes_item_update(
    *, meeting: Meeting, by: User, link: MinutesActionItem, values: dict
) -> tuple[MinutesActionItem, list[str]]:
    """Change an item of the draft minutes (through the tasks service)."""
    meeting = meeting_lock(meeting)
    minutes = minutes_for_update(meeting)
    meeting_require(by, meeting, "record", minutes=minutes)
    link = _link_of(meeting, link)
    values = {name: values[name] for name in ITEM_FIELDS if name in values}
    errors = FieldErrors()
    _check_item({**{n: getattr(link.action_item, n) for n in ITEM_FIELDS}, **values}, errors)
    errors.raise_if_any()
    _item, warnings = tasks_services.action_item_update(
        item=link.action_item, by=by, values=values, origin_authorised=True
    )
    return link, warnings


@records_actor("by")
@transaction.atomic
def minutes_item_remove(*, meeting: Meeting, by: User, link: MinutesActionItem) -> None:
    """Take an item out of the draft minutes. Its owner may already have been told, so the
    item is cancelled (it stays on file, with the reason) rather than deleted; the items
    left are numbered again."""
    meeting = meeting_lock(meeting)
    minutes = minutes_for_update(meeting)
    meeting_require(by, meeting, "record", minutes=minutes)
    link = _link_of(meeting, link)
    item = link.action_item
    if item.is_open:
        tasks_services.action_item_cancel(
            item=item,
            by=by,
            reason=_("Removed from the draft minutes of %(code)s.") % {"code": meeting.code},
            origin_authorised=True,
        )
    link.delete()
    remaining = list(minutes.item_links.order_by("number", "pk"))
    for number, other in enumerate(remaining, start=1):
        other.number = number
    MinutesActionItem.objects.bulk_update(remaining, ["number"])

"""Recurring action items: an item repeats until an end date, each occurrence an item.

The item itself stays as it is and becomes the first occurrence (its due date unchanged);
the next occurrences fall on the rule's days after it, up to `until`:
- weekly: every given weekday. An occurrence whose weekday is a holiday keeps that day as
  its `occurrence_date` but is due the next working day (a Monday off moves to Tuesday);
- daily: every working day of the company calendar (make-up working days included);
- every N working days: N working days after the previous occurrence.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from collab.errors import FieldErrors
from collab.history import records_actor
from collab.models import User
from collab.workdays import WorkingCalendar

from ..models import MAX_OCCURRENCES, ActionItem, Card, ItemRecurrence
from ..permissions import item_require

# What an occurrence takes over from the item it repeats.
COPIED_FIELDS = [
    "title",
    "details",
    "owner_id",
    "department_id",
    "deliverable",
    "priority",
    "card_id",
    "origin",
    "origin_reference",
    "created_by_id",
]
Rule = ItemRecurrence.Rule


def _next_dates(
    first: dt.date,
    *,
    rule: str,
    weekday: int | None,
    every: int | None,
    until: dt.date,
    calendar: WorkingCalendar,
    limit: int,
):
    """The occurrence dates after `first` up to `until`, at most `limit` of them."""
    count = 0
    if rule == Rule.WEEKLY:
        day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 or 7)
    else:
        day = calendar.add_working_days(first, 1 if rule == Rule.DAILY else every)
    while day <= until and count < limit:
        yield day
        count += 1
        if rule == Rule.WEEKLY:
            day += dt.timedelta(days=7)
        else:
            day = calendar.add_working_days(day, 1 if rule == Rule.DAILY else every)


def _checked_rule(rule, weekday, every, until, first: dt.date) -> tuple:
    errors = FieldErrors()
    if rule not in Rule.values:
        errors.add("rule", _("Choose how the item repeats."))
    if rule == Rule.WEEKLY and (not isinstance(weekday, int) or not 0 <= weekday <= 6):
        errors.add("weekday", _("Choose the weekday it repeats on."))
    if rule == Rule.EVERY_N and (not isinstance(every, int) or not 1 <= every <= 365):
        errors.add("every", _("Enter a number of working days from 1 to 365."))
    if until is None:
        errors.add("until", _("Give the date the repetition ends."))
    elif until < first:
        errors.add(
            "until",
            _("The end must not be before the first due date (%(due)s).")
            % {"due": first.isoformat()},
        )
    errors.raise_if_any()
    return (
        weekday if rule == Rule.WEEKLY else None,
        every if rule == Rule.EVERY_N else None,
    )


@records_actor("by")
@transaction.atomic
def action_item_repeat(
    *,
    item: ActionItem,
    by: User,
    rule: str,
    until: dt.date,
    weekday: int | None = None,
    every: int | None = None,
    calendar: WorkingCalendar | None = None,
) -> ItemRecurrence:
    """Make `item` the first occurrence of a series and create the others up to `until`
    (at most MAX_OCCURRENCES in all). Who may: the item's managers, while it is open."""
    if item.card_id:
        Card.objects.select_for_update().get(pk=item.card_id)  # card first, as elsewhere
    item = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("card", "recurrence")
        .get(pk=item.pk)
    )
    item_require(by, item, "repeat")
    first = item.due_date
    weekday, every = _checked_rule(rule, weekday, every, until, first)
    calendar = calendar or WorkingCalendar.load()
    dates = list(
        _next_dates(
            first,
            rule=rule,
            weekday=weekday,
            every=every,
            until=until,
            calendar=calendar,
            limit=MAX_OCCURRENCES,  # one more than may follow the first: "too many"
        )
    )
    if len(dates) + 1 > MAX_OCCURRENCES:
        errors = FieldErrors()
        errors.add(
            "until",
            _("That makes more than %(max)s occurrences: choose an earlier end.")
            % {"max": MAX_OCCURRENCES},
        )
        errors.raise_if_any()
    recurrence = ItemRecurrence.objects.create(
        rule=rule, weekday=weekday, every=every, until=until, created_by=by
    )
    item.recurrence, item.occurrence_date = recurrence, first
    item.save(update_fields=["recurrence", "occurrence_date"])
    occurrences = []
    for day in dates:
        # A weekday that is a holiday keeps its place in the series, due the next working day.
        due = calendar.add_working_days(day, 0)
        occurrence = ActionItem(
            recurrence=recurrence, occurrence_date=day, due_date=due, original_due_date=due
        )
        for name in COPIED_FIELDS:
            setattr(occurrence, name, getattr(item, name))
        occurrences.append(occurrence)
    bulk_create_with_history(occurrences, ActionItem, default_user=by)
    return recurrence


@records_actor("by")
@transaction.atomic
def recurrence_stop(
    *, recurrence: ItemRecurrence, by: User, from_date: dt.date | None = None
) -> list[ActionItem]:
    """Stop the series: its open occurrences from `from_date` on (today by default) are
    cancelled, with a reason; done and past ones stay. Returns the cancelled ones."""
    recurrence = ItemRecurrence.objects.select_for_update().get(pk=recurrence.pk)
    first = (
        ActionItem.objects.select_related("card")
        .filter(recurrence=recurrence)
        .order_by("occurrence_date", "pk")
        .first()
    )
    first.recurrence = recurrence
    item_require(by, first, "stop_repeating")
    today = timezone.localdate()
    from_date = from_date or today
    if from_date < today:
        errors = FieldErrors()
        errors.add("from_date", _("Stop from today or a later day."))
        errors.raise_if_any()
    now = timezone.now()
    cancelled = list(
        ActionItem.objects.select_for_update()
        .filter(
            recurrence=recurrence,
            occurrence_date__gte=from_date,
            status__in=ActionItem.OPEN_STATUSES,
        )
        .order_by("occurrence_date", "pk")
    )
    reason = _("The item stopped repeating from %(date)s.") % {"date": from_date.isoformat()}
    for occurrence in cancelled:
        occurrence.status = ActionItem.Status.CANCELLED
        occurrence.cancelled_at, occurrence.cancel_reason = now, reason
    bulk_update_with_history(
        cancelled,
        ActionItem,
        ["status", "cancelled_at", "cancel_reason"],
        default_user=by,
    )
    recurrence.stopped_at, recurrence.stopped_by = now, by
    recurrence.save(update_fields=["stopped_at", "stopped_by"])
    return cancelled

"""Action items (the one table of to-dos), their dependencies and delay notices."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from collab import services as collab_services
from collab.errors import FieldErrors, RuleViolation
from collab.history import records_actor
from collab.models import User
from collab.workdays import WorkingCalendar

from ..models import ActionItem, Card, DelayNotice
from ..selectors import can_edit_card

DELAY_NOTICE_WORKING_DAYS = 1
ITEM_FIELDS = ["title", "details", "owner", "department", "deliverable", "due_date", "priority"]


def _require_open_card(item: ActionItem) -> None:
    """A closed or cancelled card is read-only, its items included."""
    if item.card_id and not item.card.is_open:
        raise RuleViolation(
            _("The card is closed or cancelled; its items are read-only."), code="invalid_state"
        )


def _can_manage(user: User, item: ActionItem) -> bool:
    """The card's lead, tracker or initiator manage its items; a loose item, its creator."""
    if item.card_id:
        return can_edit_card(user, item.card)
    return user.is_staff or user.pk == item.created_by_id


def _check_item(values: dict, card: Card | None, errors: FieldErrors) -> None:
    owner = values.get("owner")
    if owner is not None and not owner.department_id and not values.get("department"):
        errors.add(
            "owner",
            _("%(owner)s belongs to no department; an owner must answer for one.")
            % {"owner": owner},
        )
    if not (values.get("title") or "").strip():
        errors.add("title", _("Say what is to be done."))


def _warnings(values: dict, card: Card | None) -> list[str]:
    due = values.get("due_date")
    if card is not None and due and due > card.planned_end:
        return [
            _("The due date is after the card's planned end (%(end)s).")
            % {"end": card.planned_end.isoformat()}
        ]
    return []


@records_actor("by")
@transaction.atomic
def action_item_create(
    *,
    by: User,
    card: Card | None = None,
    values: dict,
    depends_on: list[ActionItem] = (),
    origin: str = ActionItem.Origin.CARD,
    origin_reference: str = "",
) -> tuple[ActionItem, list[str]]:
    """Create an item; returns it with warnings (a due date past the card's end is allowed)."""
    errors = FieldErrors()
    if card is not None:
        card = Card.objects.select_for_update().get(pk=card.pk)
        if not can_edit_card(by, card):
            raise RuleViolation(
                _("Only the card's lead, tracker or initiator add action items."),
                code="forbidden",
            )
        if not card.is_open:
            raise RuleViolation(
                _("A closed or cancelled card takes no new action items."), code="invalid_state"
            )
    _check_item(values, card, errors)
    errors.raise_if_any()
    item = ActionItem(card=card, created_by=by, origin=origin, origin_reference=origin_reference)
    for name in ITEM_FIELDS:
        if name in values:
            setattr(item, name, values[name])
    item.department = values.get("department") or item.owner.department
    item.original_due_date = item.due_date
    item.save()
    if depends_on:
        _set_dependencies(item, depends_on)
    collab_services.notify(
        recipients=[item.owner],
        reason="action_item_assigned",
        key=str(item.pk),
        template="action_item_assigned",
        context={"item": item, "card": card},
        url=reverse("action-item-detail", args=[item.pk]),
    )
    return item, _warnings(values, card)


@records_actor("by")
@transaction.atomic
def action_item_update(*, item: ActionItem, by: User, values: dict) -> tuple[ActionItem, list[str]]:
    """The managers edit everything except the due date (which moves by delay notice)."""
    item = ActionItem.objects.select_for_update(of=("self",)).select_related("card").get(pk=item.pk)
    if not _can_manage(by, item):
        raise RuleViolation(
            _("Only the card's lead, tracker or initiator edit this item."), code="forbidden"
        )
    _require_open_card(item)
    errors = FieldErrors()
    _check_item({**{n: getattr(item, n) for n in ITEM_FIELDS}, **values}, item.card, errors)
    if "due_date" in values and values["due_date"] != item.due_date and item.delay_notices.exists():
        errors.add("due_date", _("The due date now moves only by an acknowledged delay notice."))
    errors.raise_if_any()
    for name in ITEM_FIELDS:
        if name in values:
            setattr(item, name, values[name])
    if not item.department_id:
        item.department = item.owner.department
    if not item.delay_notices.exists():
        item.original_due_date = item.due_date
    item.save()
    return item, _warnings(values, item.card)


def _would_cycle(item: ActionItem, depends_on: list[ActionItem]) -> bool:
    """True if `item` is reachable from any of `depends_on` (one query per graph level)."""
    frontier = {dependency.pk for dependency in depends_on}
    seen = set()
    while frontier:
        if item.pk in frontier:
            return True
        seen |= frontier
        frontier = (
            set(
                ActionItem.depends_on.through.objects.filter(
                    from_actionitem_id__in=frontier
                ).values_list("to_actionitem_id", flat=True)
            )
            - seen
        )
    return False


def _set_dependencies(item: ActionItem, depends_on: list[ActionItem]) -> None:
    if any(dependency.pk == item.pk for dependency in depends_on):
        raise RuleViolation(
            _("An item cannot depend on itself."), field="depends_on", code="self_dependency"
        )
    if any(dependency.card_id != item.card_id for dependency in depends_on):
        raise RuleViolation(
            _("An item can only depend on items of the same card."),
            field="depends_on",
            code="other_card",
        )
    if _would_cycle(item, depends_on):
        raise RuleViolation(
            _("That dependency would make a cycle: the items would wait for each other."),
            field="depends_on",
            code="dependency_cycle",
        )
    item.depends_on.set(depends_on)


@records_actor("by")
@transaction.atomic
def action_item_set_dependencies(*, item: ActionItem, by: User, depends_on: list[ActionItem]):
    item = ActionItem.objects.select_for_update(of=("self",)).select_related("card").get(pk=item.pk)
    if not _can_manage(by, item):
        raise RuleViolation(
            _("Only the card's lead, tracker or initiator edit this item."), code="forbidden"
        )
    _require_open_card(item)
    _set_dependencies(item, depends_on)
    return item


@records_actor("by")
@transaction.atomic
def action_item_report_progress(
    *,
    item: ActionItem,
    by: User,
    status: str,
    percent: int,
    output_link: str = "",
    output_file=None,
    override_reason: str = "",
) -> ActionItem:
    """The owner (or a manager) reports status and percent; done needs its dependencies done,
    unless the card's lead overrides with a reason."""
    item = ActionItem.objects.select_for_update(of=("self",)).select_related("card").get(pk=item.pk)
    if by.pk != item.owner_id and not _can_manage(by, item):
        raise RuleViolation(_("Only the owner updates this item."), code="forbidden")
    _require_open_card(item)
    errors = FieldErrors()
    if status not in ActionItem.Status.values:
        errors.add("status", _("Choose a status."))
    if not 0 <= int(percent) <= 100:
        errors.add("percent", _("Enter a percentage from 0 to 100."))
    errors.raise_if_any()
    if status == ActionItem.Status.DONE and item.status != ActionItem.Status.DONE:
        open_dependencies = list(item.depends_on.filter(status__in=ActionItem.OPEN_STATUSES))
        if open_dependencies:
            is_lead = item.card_id and by.pk == item.card.lead_id
            if not (is_lead and override_reason.strip()):
                raise RuleViolation(
                    _(
                        "It waits for open items: %(items)s. The card's lead can close it anyway, "
                        "with a reason."
                    )
                    % {"items": ", ".join(d.title for d in open_dependencies)},
                    field="status",
                    code="open_dependencies",
                )
            item.done_override_reason = override_reason.strip()
        item.completed_at = timezone.now()
        percent = 100
    elif status != ActionItem.Status.DONE:
        item.completed_at = None
    item.status, item.percent = status, int(percent)
    if output_link:
        item.output_link = output_link
    if output_file is not None:
        item.output_file = output_file
    item.save()
    return item


@records_actor("by")
@transaction.atomic
def delay_notice_file(
    *,
    item: ActionItem,
    by: User,
    reason: str,
    new_due_date: dt.date,
    calendar: WorkingCalendar | None = None,
) -> DelayNotice:
    """The owner explains a delay. At least 1 working day before the due date is on time;
    later, the notice is flagged late. The due date moves only when acknowledged."""
    item = ActionItem.objects.select_for_update(of=("self",)).select_related("card").get(pk=item.pk)
    if by.pk != item.owner_id:
        raise RuleViolation(_("Only the owner files a delay notice."), code="forbidden")
    _require_open_card(item)
    if not item.is_open:
        raise RuleViolation(_("Only an open item can be delayed."), code="invalid_state")
    errors = FieldErrors()
    if not reason.strip():
        errors.add("reason", _("Explain the reason for the delay."))
    if new_due_date is None or new_due_date <= item.due_date:
        errors.add(
            "new_due_date",
            _("The new date must be after the current due date (%(due)s).")
            % {"due": item.due_date.isoformat()},
        )
    if item.delay_notices.filter(acknowledged_at__isnull=True).exists():
        errors.add(None, _("A delay notice is already waiting to be acknowledged."))
    errors.raise_if_any()
    calendar = calendar or WorkingCalendar.load()
    # On time means filed no later than the working day before the due date.
    last_day_on_time = calendar.add_working_days(item.due_date, -DELAY_NOTICE_WORKING_DAYS)
    on_time = timezone.localdate() <= last_day_on_time
    notice = DelayNotice.objects.create(
        action_item=item,
        reason=reason.strip(),
        new_due_date=new_due_date,
        previous_due_date=item.due_date,
        filed_by=by,
        is_late=not on_time,
    )
    item.status = ActionItem.Status.DELAYED
    item.save(update_fields=["status"])
    if item.card_id:
        collab_services.notify(
            recipients=[item.card.lead, item.card.tracker],
            reason="delay_notice_filed",
            key=str(notice.pk),
            template="delay_notice_filed",
            context={"item": item, "notice": notice},
            url=reverse("action-item-detail", args=[item.pk]),
        )
    return notice


@records_actor("by")
@transaction.atomic
def delay_notice_acknowledge(*, notice: DelayNotice, by: User) -> DelayNotice:
    """The card's lead or tracker acknowledges; only now does the due date move."""
    notice = (
        DelayNotice.objects.select_for_update(of=("self",))
        .select_related("action_item__card")
        .get(pk=notice.pk)
    )
    item = notice.action_item
    card = item.card
    allowed = (
        by.is_staff
        or (card is not None and by.pk in (card.lead_id, card.tracker_id))
        or (card is None and by.pk == item.created_by_id)
    )
    if not allowed:
        raise RuleViolation(
            _("Only the card's lead or tracker acknowledges delay notices."), code="forbidden"
        )
    _require_open_card(item)
    if notice.acknowledged_at:
        raise RuleViolation(
            _("This delay notice is already acknowledged."), code="already_acknowledged"
        )
    notice.acknowledged_by, notice.acknowledged_at = by, timezone.now()
    notice.save(update_fields=["acknowledged_by", "acknowledged_at"])
    item.due_date = notice.new_due_date
    item.status = ActionItem.Status.IN_PROGRESS
    item.save(update_fields=["due_date", "status"])
    return notice

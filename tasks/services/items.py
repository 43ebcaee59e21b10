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
from collab.text import clean_fields, clean_text
from collab.uploads import stored_file_delete_on_commit, stored_file_save, upload_check
from collab.workdays import WorkingCalendar

from .. import notifying
from ..models import ActionItem, Card, DelayNotice
from ..permissions import card_require, is_card_lead, item_require
from .audience import card_audience_rebuild

DELAY_NOTICE_WORKING_DAYS = 1
ITEM_FIELDS = ["title", "details", "owner", "department", "deliverable", "due_date", "priority"]


def _locked(item: ActionItem) -> ActionItem:
    return ActionItem.objects.select_for_update(of=("self",)).select_related("card").get(pk=item.pk)


def clean_item_texts(values: dict) -> dict:
    """The values with invisible controls stripped from the item's texts (collab.text)."""
    return clean_fields(values, lines=("title", "deliverable"), texts=("details",))


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
    origin_authorised: bool = False,
) -> tuple[ActionItem, list[str]]:
    """Create an item; returns it with warnings (a due date past the card's end is allowed).
    `origin_authorised`: the calling app (another `origin` than a card) already checked,
    under its own rule, that `by` adds this item; the card still has to be open."""
    values = clean_item_texts(values)
    errors = FieldErrors()
    if card is not None:
        card = Card.objects.select_for_update().get(pk=card.pk)
        card_require(by, card, "add_item", origin_authorised=origin_authorised)
    _check_item(values, card, errors)
    errors.raise_if_any()
    item = ActionItem(card=card, created_by=by, origin=origin, origin_reference=origin_reference)
    for name in ITEM_FIELDS:
        if name in values:
            setattr(item, name, values[name])
    item.department = values.get("department") or item.owner.department
    item.original_due_date = item.due_date
    item.save()
    if card is not None:
        card_audience_rebuild(card_ids=[card.pk])  # the owner now sees the card
    if depends_on:
        _set_dependencies(item, list(depends_on))
    # A card's owners hear of their items once it goes active (owners_notify_card_active),
    # not while it is a draft that may still change or be withdrawn.
    if card is None or card.activated_at is not None:
        collab_services.notify(
            recipients=[item.owner],
            reason="action_item_assigned",
            key=str(item.pk),
            template="tasks/notifications/action_item_assigned",
            context={
                "item": notifying.item_context(item),
                "card": notifying.card_context(card),
                "by": notifying.person_context(by),
            },
            url=reverse("tasks:action-item-detail", args=[item.pk]),
            about=notifying.about_item(item),
            is_request=True,
        )
    return item, _warnings(values, card)


def owners_notify_card_active(card: Card) -> None:
    """The card just went active for the first time: each owner of its open items hears
    once, of all their items on it (one notification per owner and card). The caller holds
    the card's row lock, in the transaction that activates it."""
    items_by_owner: dict[int, list[ActionItem]] = {}
    open_items = (
        card.action_items.filter(status__in=ActionItem.OPEN_STATUSES)
        .select_related("owner")
        .order_by("due_date", "pk")
    )
    for item in open_items:
        items_by_owner.setdefault(item.owner_id, []).append(item)
    url = reverse("tasks:card-detail", args=[card.code]) + "?tab=items"
    for items in items_by_owner.values():
        collab_services.notify(
            recipients=[items[0].owner],
            reason="card_items_assigned",
            key=str(card.pk),
            template="tasks/notifications/card_items_assigned",
            context={
                "card": notifying.card_context(card),
                "items": [notifying.item_context(item) for item in items],
            },
            url=url,
            about=f"card:{card.pk}",
        )


def _locked_with_card(item: ActionItem) -> ActionItem:
    """The item and its card, both locked (card first, as action_item_create does)."""
    card = Card.objects.select_for_update().get(pk=item.card_id) if item.card_id else None
    item = _locked(item)
    if card is not None:
        item.card = card
    return item


@records_actor("by")
@transaction.atomic
def action_item_withdraw(*, item: ActionItem, by: User) -> None:
    """Delete an item added by mistake while its card is a draft (its owner was not told
    yet). Once the card was sent for confirmation, items are cancelled with a reason."""
    item = _locked_with_card(item)
    item_require(by, item, "withdraw")
    card_id, output = item.card_id, item.output_file.name
    if output:
        stored_file_delete_on_commit(item.output_file.storage, output)
    item.delete()
    card_audience_rebuild(card_ids=[card_id])  # its owner may no longer see the card


@records_actor("by")
@transaction.atomic
def action_item_cancel(
    *, item: ActionItem, by: User, reason: str, origin_authorised: bool = False
) -> ActionItem:
    """Cancel an open item, with the reason; it stays on file, cancelled.
    `origin_authorised`: as in action_item_create, for an item another origin produced."""
    item = _locked_with_card(item)
    item_require(by, item, "cancel", origin_authorised=origin_authorised)
    reason = clean_text(reason or "", multiline=True).strip()
    if not reason:
        raise RuleViolation(_("Say why the item is cancelled."), field="reason")
    item.status = ActionItem.Status.CANCELLED
    item.cancelled_at = timezone.now()
    item.cancel_reason = reason
    item.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    return item


@records_actor("by")
@transaction.atomic
def action_item_update(
    *,
    item: ActionItem,
    by: User,
    values: dict,
    depends_on: list[ActionItem] | None = None,
    origin_authorised: bool = False,
) -> tuple[ActionItem, list[str]]:
    """The managers edit an item: its fields (the due date moves by delay notice once one
    was filed) and, when `depends_on` is given, its dependencies, all or nothing.
    `origin_authorised`: as in action_item_create, for an item another origin produced."""
    item = _locked(item)
    item_require(by, item, "edit", origin_authorised=origin_authorised)
    values = clean_item_texts(values)
    errors = FieldErrors()
    _check_item({**{n: getattr(item, n) for n in ITEM_FIELDS}, **values}, item.card, errors)
    has_notices = item.delay_notices.exists()
    if "due_date" in values and values["due_date"] != item.due_date and has_notices:
        errors.add("due_date", _("The due date now moves only by an acknowledged delay notice."))
    errors.raise_if_any()
    previous_owner = item.owner_id
    for name in ITEM_FIELDS:
        if name in values:
            setattr(item, name, values[name])
    if not item.department_id:
        item.department = item.owner.department
    if not has_notices:
        item.original_due_date = item.due_date
    owner_changed = item.owner_id != previous_owner
    item.save()
    if owner_changed and item.card_id:
        card_audience_rebuild(card_ids=[item.card_id])
    if depends_on is not None:
        _set_dependencies(item, list(depends_on))
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
    item = _locked(item)
    item_require(by, item, "report_progress")
    errors = FieldErrors()
    if status not in ActionItem.Status.values:
        errors.add("status", _("Choose a status."))
    elif status == ActionItem.Status.CANCELLED and item.status != status:
        # Cancelling has its own action, which keeps the reason (action_item_cancel).
        errors.add("status", _("Cancel the item with its own button, giving a reason."))
    if not 0 <= int(percent) <= 100:
        errors.add("percent", _("Enter a percentage from 0 to 100."))
    if output_file is not None:
        upload_check(output_file, field="output_file", errors=errors)
    errors.raise_if_any()
    if status == ActionItem.Status.DONE and item.status != ActionItem.Status.DONE:
        open_dependencies = list(item.depends_on.filter(status__in=ActionItem.OPEN_STATUSES))
        if open_dependencies:
            is_lead = bool(item.card_id) and is_card_lead(by, item.card)
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
        replaced = item.output_file.name
        stored_file_save(item.output_file, output_file.name, output_file, field="output_file")
        # One output file per item: the one it replaces goes once this commits.
        stored_file_delete_on_commit(item.output_file.storage, replaced)
    item.save()
    if status not in ActionItem.OPEN_STATUSES:
        collab_services.notifications_settle(
            reason="action_item_assigned", about=notifying.about_item(item)
        )
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
    item = _locked(item)
    pending = item.delay_notices.filter(acknowledged_at__isnull=True).exists()
    item_require(by, item, "file_delay_notice", pending_notice=pending)
    errors = FieldErrors()
    if not reason.strip():
        errors.add("reason", _("Explain the reason for the delay."))
    if new_due_date is None or new_due_date <= item.due_date:
        errors.add(
            "new_due_date",
            _("The new date must be after the current due date (%(due)s).")
            % {"due": item.due_date.isoformat()},
        )
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
            template="tasks/notifications/delay_notice_filed",
            context={
                "item": notifying.item_context(item),
                "card": notifying.card_context(item.card),
                "notice": {
                    "filed_by": notifying.person_context(by),
                    "new_due_date": notice.new_due_date,
                    "reason": notice.reason,
                    "is_late": notice.is_late,
                },
            },
            url=reverse("tasks:action-item-detail", args=[item.pk]),
            about=notifying.about_delay_notice(notice),
            is_request=True,
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
    item_require(by, item, "acknowledge_delay_notice", notice=notice)
    notice.acknowledged_by, notice.acknowledged_at = by, timezone.now()
    notice.save(update_fields=["acknowledged_by", "acknowledged_at"])
    item.due_date = notice.new_due_date
    item.status = ActionItem.Status.IN_PROGRESS
    item.save(update_fields=["due_date", "status"])
    collab_services.notifications_settle(
        reason="delay_notice_filed", about=notifying.about_delay_notice(notice)
    )
    return notice

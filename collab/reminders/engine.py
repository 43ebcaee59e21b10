"""The sweep: walk each kind's rows in locked keyset batches and send what is due."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ..models import Notification, ReminderRule
from ..services.notifications import Message, notify_many
from ..workdays import WorkingCalendar
from .kinds import DeadlineKind, Reminder, Sweep, registered_kinds

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


@dataclass
class PlannedReminder:
    """A reminder as the sweep sees it: sent now, waiting for business hours, opted out,
    or sent before."""

    reminder: Reminder
    status: str  # "send", "deferred", "opted_out", "already_sent"
    send_at: dt.datetime


@dataclass
class SweepReport:
    now: dt.datetime
    rows: int = 0
    sent: int = 0
    planned: list[PlannedReminder] = field(default_factory=list)


def run_sweep(
    *,
    now: dt.datetime | None = None,
    kinds: Iterable[str] | None = None,
    frequent: bool | None = None,
    batch_size: int = BATCH_SIZE,
) -> SweepReport:
    """Send every reminder and escalation due at `now` (default: the current time).

    `kinds` limits it to some kind keys, `frequent` to the kinds swept every minute
    (True) or every five (False). Each batch is one transaction: its rows are locked
    with SKIP LOCKED (on PostgreSQL), so a second sweep running at the same time
    takes other rows, and its notifications commit with it; their emails are
    queued after the commit. Running it again at the same moment sends nothing.
    """
    return _sweep(now=now, kinds=kinds, frequent=frequent, batch_size=batch_size, dry_run=False)


def preview(*, now: dt.datetime, kinds: Iterable[str] | None = None) -> SweepReport:
    """What a sweep at `now` would do, without writing or sending anything."""
    return _sweep(now=now, kinds=kinds, frequent=None, batch_size=BATCH_SIZE, dry_run=True)


def _sweep(*, now, kinds, frequent, batch_size, dry_run) -> SweepReport:
    now = now or timezone.now()
    wanted = set(kinds) if kinds is not None else None
    selected = [
        kind
        for kind in registered_kinds()
        if (wanted is None or kind.key in wanted)
        and (frequent is None or kind.frequent == frequent)
    ]
    rules = list(
        ReminderRule.objects.filter(is_enabled=True, kind__in=[kind.key for kind in selected])
    )
    sweep = Sweep(now=now, calendar=WorkingCalendar.load(), rules=rules)
    report = SweepReport(now=now)
    for kind in selected:
        if sweep.rules(kind.key):
            _sweep_kind(kind, sweep, report, batch_size=batch_size, dry_run=dry_run)
    return report


def _sweep_kind(kind: DeadlineKind, sweep: Sweep, report: SweepReport, *, batch_size, dry_run):
    last_pk = 0
    while True:
        with transaction.atomic():
            rows = kind.candidates(sweep).filter(pk__gt=last_pk).order_by("pk")
            if not dry_run:
                rows = rows.select_for_update(skip_locked=True, of=("self",))
            batch = list(rows[:batch_size])
            if not batch:
                return
            last_pk = batch[-1].pk
            report.rows += len(batch)
            planned = plan(sweep, kind.reminders(sweep, batch))
            if dry_run:
                report.planned.extend(planned)
                continue
            created = notify_many(
                [_message(item.reminder) for item in planned if item.status == "send"]
            )
            report.sent += len(created)
            report.planned.extend(planned)


def plan(sweep: Sweep, reminders: Iterable[Reminder]) -> list[PlannedReminder]:
    """Decide each reminder's fate at `sweep.now`.

    Of one person's reminders about one thing only the latest step is kept (an item
    created on its due day gets "due today", not also "due tomorrow"); escalations
    are all kept. Low-priority ones go only to those who want them; the rest wait for
    business hours in the recipient's time zone unless `immediate`.
    """
    latest: dict[tuple[int, str], Reminder] = {}
    kept: list[Reminder] = []
    for reminder in reminders:
        if reminder.rule.is_escalation:
            kept.append(reminder)
            continue
        slot = (reminder.recipient.pk, reminder.about)
        other = latest.get(slot)
        if other is None or reminder.occurrence.moment > other.occurrence.moment:
            latest[slot] = reminder
    kept.extend(latest.values())
    already = _already_sent(kept)
    planned = []
    for reminder in kept:
        recipient = reminder.recipient
        if not recipient.is_active:
            continue
        if (recipient.pk, reminder.reason, reminder.key) in already:
            planned.append(PlannedReminder(reminder, "already_sent", reminder.occurrence.moment))
        elif reminder.rule.is_low_priority and not recipient.low_priority_reminders:
            planned.append(PlannedReminder(reminder, "opted_out", reminder.occurrence.moment))
        elif reminder.immediate:
            planned.append(PlannedReminder(reminder, "send", sweep.now))
        else:
            calendar = sweep.calendar.in_zone(recipient.time_zone)
            send_at = calendar.next_business_moment(sweep.now)
            status = "send" if send_at <= sweep.now else "deferred"
            planned.append(PlannedReminder(reminder, status, send_at))
    return planned


def _already_sent(reminders: Sequence[Reminder]) -> set[tuple[int, str, str]]:
    if not reminders:
        return set()
    return set(
        Notification.objects.filter(
            recipient_id__in={reminder.recipient.pk for reminder in reminders},
            reason__in={reminder.reason for reminder in reminders},
            key__in={reminder.key for reminder in reminders},
        ).values_list("recipient_id", "reason", "key")
    )


def _message(reminder: Reminder) -> Message:
    return Message(
        recipient=reminder.recipient,
        reason=reminder.reason,
        key=reminder.key,
        template=reminder.template,
        url=reminder.url,
        about=reminder.about,
        context=reminder.context,
    )

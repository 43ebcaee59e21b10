"""What a deadline kind is, the registry of kinds, and when a rule's steps fall due."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet

from ..models import ReminderRule, User
from ..workdays import WorkingCalendar

Unit = ReminderRule.Unit
Anchor = ReminderRule.Anchor


@dataclass(frozen=True)
class Occurrence:
    """The n-th time a rule's step falls due (0 for a step that does not repeat)."""

    number: int
    moment: dt.datetime


@dataclass(frozen=True)
class Reminder:
    """One reminder or escalation a kind wants sent to one person now.

    `about` names the thing (e.g. "action-item:12": the centre shows a thing's
    reminders as one row); `deadline` goes into the key, so a deadline that moves
    reminds again. `immediate` skips the wait for the recipient's business hours
    (critical feedback).
    """

    rule: ReminderRule
    recipient: User
    about: str
    deadline: dt.date | dt.datetime
    occurrence: Occurrence
    template: str
    url: str
    context: dict = field(default_factory=dict)
    immediate: bool = False

    @property
    def reason(self) -> str:
        return f"reminder.{self.rule.kind}.{self.rule.step}"[:64]

    @property
    def key(self) -> str:
        return f"{self.about}:{self.rule.step}:{self.deadline.isoformat()}:{self.occurrence.number}"


class Sweep:
    """One sweep's moment, calendar and rules, handed to every kind."""

    def __init__(
        self,
        *,
        now: dt.datetime,
        calendar: WorkingCalendar,
        rules: Sequence[ReminderRule],
    ):
        self.now = now
        self.calendar = calendar
        self._rules: dict[str, list[ReminderRule]] = {}
        for rule in rules:
            self._rules.setdefault(rule.kind, []).append(rule)

    def rules(self, kind: str) -> list[ReminderRule]:
        """The enabled rules of a kind."""
        return self._rules.get(kind, [])

    def longest_lead(self, kind: str) -> dt.timedelta:
        """How long before a deadline the kind's earliest reminder may fall (for the
        candidates' query): working days counted generously as calendar weeks."""
        lead = dt.timedelta(0)
        for rule in self.rules(kind):
            if rule.anchor != Anchor.BEFORE_DEADLINE:
                continue
            if rule.unit == Unit.WORKING_DAYS:
                lead = max(lead, dt.timedelta(days=rule.offset * 2 + 10))
            else:
                lead = max(lead, dt.timedelta(hours=rule.offset))
        return lead

    # --- when a step falls due -------------------------------------------
    def due_for_date(self, rule: ReminderRule, due_date: dt.date) -> Occurrence | None:
        """The latest occurrence due by now for a deadline that is a day (an action item
        due on the 5th): before it, counted back from that day's business start; after
        it, "n working days overdue" starts on the (n+1)-th working day after it."""
        calendar = self.calendar
        start = calendar.business_start
        if rule.unit != Unit.WORKING_DAYS:
            deadline = calendar._at(due_date, calendar.business_end)
            return self.due(rule, deadline=deadline)
        if rule.anchor == Anchor.BEFORE_DEADLINE:
            if self.now.astimezone(calendar.tz).date() > due_date:
                return None  # a "before" reminder is stale once the day has passed
            first_day = calendar.add_working_days(due_date, -rule.offset)
        else:
            first_day = calendar.add_working_days(due_date, rule.offset + 1)
        first = calendar._at(first_day, start)
        if first > self.now:
            return None
        if not rule.repeat_every:
            return Occurrence(0, first)
        today = self.now.astimezone(calendar.tz).date()
        number = calendar.working_days_between(first_day, today) // rule.repeat_every
        moment = calendar._at(
            calendar.add_working_days(first_day, number * rule.repeat_every), start
        )
        if moment > self.now:
            number -= 1
            moment = calendar._at(
                calendar.add_working_days(first_day, number * rule.repeat_every), start
            )
        return Occurrence(number, moment)

    def due(
        self,
        rule: ReminderRule,
        *,
        deadline: dt.datetime | None = None,
        start: dt.datetime | None = None,
        working_window: bool = False,
    ) -> Occurrence | None:
        """The latest occurrence due by now for a deadline that is a moment; None if the
        first is still ahead. A percentage needs both `start` and `deadline`; with
        `working_window` (a deadline of N working days) it counts business hours, as the
        deadline itself does, rather than clock time."""
        if rule.anchor == Anchor.BEFORE_DEADLINE and deadline is not None and deadline <= self.now:
            return None  # a "before" reminder is stale once the deadline has passed
        first = self._first_moment(
            rule, deadline=deadline, start=start, working_window=working_window
        )
        if first is None or first > self.now:
            return None
        if not rule.repeat_every:
            return Occurrence(0, first)
        return self._latest_repeat(rule, first)

    def _first_moment(self, rule, *, deadline, start, working_window) -> dt.datetime | None:
        calendar = self.calendar
        if rule.anchor == Anchor.AFTER_START:
            base, sign = start, 1
        else:
            base, sign = deadline, -1 if rule.anchor == Anchor.BEFORE_DEADLINE else 1
        if base is None:
            return None
        if rule.unit == Unit.PERCENT:
            if start is None or deadline is None:
                return None
            if working_window:
                return calendar.working_window_share(start, deadline, rule.offset)
            return start + (deadline - start) * rule.offset / 100
        if rule.unit == Unit.HOURS:
            return base + sign * dt.timedelta(hours=rule.offset)
        if rule.unit == Unit.BUSINESS_HOURS:
            if sign < 0:
                return base - dt.timedelta(hours=rule.offset)
            return calendar.add_business_hours(base, rule.offset)
        return calendar.shift_working_days(base, sign * rule.offset)

    def _latest_repeat(self, rule, first: dt.datetime) -> Occurrence:
        calendar = self.calendar
        every = rule.repeat_every
        if rule.unit in (Unit.HOURS, Unit.BUSINESS_HOURS):
            number = math.floor((self.now - first) / dt.timedelta(hours=every))
            return Occurrence(number, first + number * dt.timedelta(hours=every))
        today = self.now.astimezone(calendar.tz).date()
        first_day = first.astimezone(calendar.tz).date()
        number = calendar.working_days_between(first_day, today) // every
        moment = calendar.shift_working_days(first, number * every)
        while number and moment > self.now:
            number -= 1
            moment = calendar.shift_working_days(first, number * every)
        return Occurrence(number, moment)


class DeadlineKind:
    """A kind of deadline that reminds: subclass, set the attributes, register it.

    `candidates` returns an indexed query of the rows that may need a reminder at
    `sweep.now` (the engine orders it by pk, batches and locks it; use select_related
    and prefetch_related so `reminders` runs no query per row). `reminders` turns a
    batch into the reminders due now, using `sweep.due` / `sweep.due_for_date` for
    each of `sweep.rules(self.key)`.
    """

    key: str = ""
    label: str = ""
    # Step → who it goes to, as the admin shows it.
    steps: dict[str, str] = {}
    # Swept every minute (hour-scale deadlines) rather than every five minutes.
    frequent: bool = False

    def candidates(self, sweep: Sweep) -> QuerySet:
        raise NotImplementedError

    def reminders(self, sweep: Sweep, rows: Sequence) -> Iterable[Reminder]:
        raise NotImplementedError


_KINDS: dict[str, DeadlineKind] = {}


def register(kind: DeadlineKind) -> DeadlineKind:
    """Add a kind (from the owning app's ready()); registering a key again replaces it."""
    _KINDS[kind.key] = kind
    return kind


def registered_kinds() -> list[DeadlineKind]:
    return list(_KINDS.values())


def get_kind(key: str) -> DeadlineKind | None:
    return _KINDS.get(key)

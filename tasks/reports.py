"""The figures of a card's retrospective report (协同复盘报告), computed from its records.

Reads only; no rendering. `retrospective_figures()` is what the report, and anything
else that wants the same numbers, calls.
"""

from __future__ import annotations

import datetime as dt
import statistics

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from collab.workdays import WorkingCalendar

from . import selectors
from .models import ActionItem, Card, CardDepartment, DelayNotice
from .services.confirmation import CONFIRMATION_WORKING_DAYS
from .services.tracking import RISK_DECISION_HOURS


class Outcome:
    """How an action item ended, as the retrospective counts it."""

    ON_TIME = "on_time"  # done by its original due date
    WITH_NOTICE = "delayed_with_notice"  # done late, but by a date an acknowledged notice set
    LATE = "late"  # done after every agreed date, or still open when the card closed
    OPEN = "open"  # still open and not yet due (a card not closed yet)
    CANCELLED = "cancelled"  # left out of the counts

    COUNTED = (ON_TIME, WITH_NOTICE, LATE, OPEN)


def _local_date(moment: dt.datetime | None, calendar: WorkingCalendar) -> dt.date | None:
    return timezone.localtime(moment, calendar.tz).date() if moment else None


def _days(later: dt.date | None, earlier: dt.date | None) -> int | None:
    return (later - earlier).days if later and earlier else None


def item_outcome(
    item: ActionItem,
    notices: list[DelayNotice],
    *,
    calendar: WorkingCalendar,
    closed_on: dt.date | None,
    today: dt.date,
) -> str:
    """Done by the original due date: on time. Done later but by the new date of an
    acknowledged delay notice: delayed with notice. Anything else: late, and so is an
    item still open when the card closed."""
    if item.status == ActionItem.Status.CANCELLED:
        return Outcome.CANCELLED
    if item.status == ActionItem.Status.DONE:
        # The services always stamp completed_at; without it, finished by the close at most.
        done_on = _local_date(item.completed_at, calendar) or closed_on or today
        if done_on <= item.original_due_date:
            return Outcome.ON_TIME
        agreed = [n.new_due_date for n in notices if n.acknowledged_at is not None]
        if agreed and done_on <= max(agreed):
            return Outcome.WITH_NOTICE
        return Outcome.LATE
    if closed_on is not None or item.due_date < today:
        return Outcome.LATE
    return Outcome.OPEN


def _schedule(card: Card, calendar: WorkingCalendar) -> dict:
    actual_start = _local_date(card.activated_at, calendar)
    actual_end = _local_date(card.closed_at, calendar)
    return {
        "planned_start": card.planned_start,
        "planned_end": card.planned_end,
        "actual_start": actual_start,
        "actual_end": actual_end,
        # Positive: later than planned, negative: earlier.
        "start_delta_days": _days(actual_start, card.planned_start),
        "end_delta_days": _days(actual_end, card.planned_end),
        "planned_days": (card.planned_end - card.planned_start).days + 1,
        "actual_days": (actual_end - actual_start).days + 1
        if actual_start and actual_end
        else None,
    }


def _items(card: Card, calendar: WorkingCalendar, closed_on: dt.date | None) -> tuple[dict, dict]:
    items = selectors.card_action_items(card)
    prefetch_related_objects(
        items,
        Prefetch(
            "delay_notices",
            queryset=DelayNotice.objects.order_by("filed_at", "pk"),
            to_attr="notices_in_order",
        ),
    )
    today = timezone.localdate(timezone=calendar.tz)
    counts = dict.fromkeys((*Outcome.COUNTED, Outcome.CANCELLED), 0)
    rows = []
    notices = []
    for item in items:
        outcome = item_outcome(
            item, item.notices_in_order, calendar=calendar, closed_on=closed_on, today=today
        )
        counts[outcome] += 1
        notices.extend(item.notices_in_order)
        rows.append(
            {
                "item": item,
                "outcome": outcome,
                "original_due_date": item.original_due_date,
                "due_date": item.due_date,
                "completed_on": _local_date(item.completed_at, calendar),
                "delay_notices": len(item.notices_in_order),
            }
        )
    item_figures = {
        "total": sum(counts[o] for o in Outcome.COUNTED),
        **counts,
        "rows": rows,
    }
    notice_figures = {
        "total": len(notices),
        "on_time": sum(1 for n in notices if not n.is_late),
        "late": sum(1 for n in notices if n.is_late),
        "acknowledged": sum(1 for n in notices if n.acknowledged_at is not None),
    }
    return item_figures, notice_figures


def _risks(card: Card) -> dict:
    risks = list(selectors.card_risks(card))
    hours = sorted(
        (risk.coordinated_at - risk.raised_at).total_seconds() / 3600
        for risk in risks
        if risk.coordinated_at is not None
    )
    within = sum(1 for h in hours if h <= RISK_DECISION_HOURS)
    return {
        "raised": len(risks),
        "coordinated": len(hours),
        "coordinated_in_time": within,
        "coordinated_late": len(hours) - within,
        "never_coordinated": len(risks) - len(hours),
        "median_hours": round(statistics.median(hours), 1) if hours else None,
        "longest_hours": round(hours[-1], 1) if hours else None,
        "limit_hours": RISK_DECISION_HOURS,
    }


def _confirmations(card: Card, calendar: WorkingCalendar) -> dict:
    rows = []
    for participation in selectors.card_participations(card):
        asked_on = _local_date(participation.requested_at, calendar)
        answered_on = _local_date(participation.answered_at, calendar)
        answered = participation.answered_at is not None
        rows.append(
            {
                "department": participation.department,
                "confirmation": participation.confirmation,
                "confirmed": participation.confirmation == CardDepartment.Confirmation.CONFIRMED,
                "requested_at": participation.requested_at,
                "answered_at": participation.answered_at,
                "answered_by": participation.answered_by,
                # Working days after the day asked, up to the day answered: next day = 1.
                "working_days": calendar.working_days_between(asked_on, answered_on)
                if asked_on and answered_on
                else None,
                "in_time": answered
                and participation.due_at is not None
                and participation.answered_at <= participation.due_at,
            }
        )
    days = [row["working_days"] for row in rows if row["working_days"] is not None]
    return {
        "rows": rows,
        "limit_working_days": CONFIRMATION_WORKING_DAYS,
        "longest_working_days": max(days) if days else None,
        "in_time": sum(1 for row in rows if row["in_time"]),
    }


def retrospective_figures(card: Card, *, calendar: WorkingCalendar | None = None) -> dict:
    """Planned against actual dates, how the action items, delay notices and risks went,
    how fast each department confirmed (in working days), and the lead's retrospective.

    Dates are the company's local dates. A card not closed yet is measured up to today:
    its open items count as late only once past their due date.
    """
    calendar = calendar or WorkingCalendar.load()
    closed_on = _local_date(card.closed_at, calendar)
    items, notices = _items(card, calendar, closed_on)
    return {
        "schedule": _schedule(card, calendar),
        "items": items,
        "delay_notices": notices,
        "risks": _risks(card),
        "confirmations": _confirmations(card, calendar),
        "retrospective": {
            "successes": card.successes,
            "shortcomings": card.shortcomings,
            "improvements": card.improvements,
        },
    }

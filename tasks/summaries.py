"""The tracker's weekly summary of an active card: what moved last week and what stands now.

Reads only. A batch of cards costs a fixed number of queries whatever it holds (one per
kind of row: participations, progress updates, action items, risks, milestones).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from . import notifying
from .models import ActionItem, Card, CardDepartment, Milestone, ProgressUpdate, Risk

# Titles listed per section of the email; the counts always cover everything.
LISTED = 5


@dataclass
class CardWeeklySummary:
    card: Card
    contacts: list = field(default_factory=list)  # loaded User rows
    progress: list[dict] = field(default_factory=list)  # the week's updates, oldest first
    done: list[dict] = field(default_factory=list)  # items finished in the week
    done_count: int = 0
    overdue: list[dict] = field(default_factory=list)  # open items past their due date
    overdue_count: int = 0
    risks: dict[str, int] = field(default_factory=dict)  # open risks by level
    next_milestone: dict | None = None

    def context(self, *, week: str, start: dt.date, end: dt.date) -> dict:
        """The plain values the notification stores (see collab.notification_text)."""
        labels = dict(Risk.Level.choices)
        return {
            "card": notifying.card_context(self.card),
            "week": week,
            "start": start,
            "end": end - dt.timedelta(days=1),
            "progress": self.progress,
            "done": self.done,
            "done_count": self.done_count,
            "overdue": self.overdue,
            "overdue_count": self.overdue_count,
            "risks": [
                {"level": labels[level], "count": self.risks[level]}
                for level in Risk.Level.values
                if self.risks.get(level)
            ],
            "risk_count": sum(self.risks.values()),
            "next_milestone": self.next_milestone,
        }


def card_weekly_summaries(
    cards: list[Card], *, start: dt.datetime, end: dt.datetime, today: dt.date
) -> list[CardWeeklySummary]:
    """The summaries of `cards` for the week [start, end) (local midnights), with overdue
    items, open risks and the next milestone as they stand on `today`."""
    summaries = {card.pk: CardWeeklySummary(card=card) for card in cards}
    if not summaries:
        return []
    ids = list(summaries)
    for participation in (
        CardDepartment.objects.filter(card__in=ids)
        .select_related("contact")
        .order_by("card_id", "position", "pk")
    ):
        contacts = summaries[participation.card_id].contacts
        if participation.contact not in contacts:
            contacts.append(participation.contact)
    for update in (
        ProgressUpdate.objects.filter(card__in=ids, date__gte=start.date(), date__lt=end.date())
        .select_related("department")
        .order_by("date", "pk")
    ):
        summaries[update.card_id].progress.append(
            {
                "date": update.date,
                "department": update.department,  # stored in every language
                "percent": update.percent,
                "done": update.done[:200],
            }
        )
    done_in_week = Q(status=ActionItem.Status.DONE, completed_at__gte=start, completed_at__lt=end)
    overdue = Q(status__in=ActionItem.OPEN_STATUSES, due_date__lt=today)
    for item in (
        ActionItem.objects.filter(done_in_week | overdue, card__in=ids)
        .select_related("owner")
        .order_by("due_date", "pk")
    ):
        summary = summaries[item.card_id]
        row = {**notifying.item_context(item), "owner": item.owner.name}
        if item.status == ActionItem.Status.DONE:
            summary.done_count += 1
            if len(summary.done) < LISTED:
                summary.done.append(row)
        else:
            summary.overdue_count += 1
            if len(summary.overdue) < LISTED:
                summary.overdue.append({**row, "days": (today - item.due_date).days})
    for row in (
        Risk.objects.filter(card__in=ids)
        .exclude(status=Risk.Status.CLOSED)
        .order_by()
        .values("card_id", "level")
        .annotate(count=Count("pk"))
    ):
        summaries[row["card_id"]].risks[row["level"]] = row["count"]
    for milestone in (
        Milestone.objects.filter(card__in=ids, achieved_on__isnull=True)
        .order_by("card_id", "due_date", "pk")
        .distinct("card_id")
    ):
        summaries[milestone.card_id].next_milestone = {
            "name": milestone.name,
            "due_date": milestone.due_date,
            "overdue": milestone.due_date < today,
        }
    return list(summaries.values())


def week_code(day: dt.date) -> str:
    """ISO week of `day`, e.g. "2026-W48"."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"

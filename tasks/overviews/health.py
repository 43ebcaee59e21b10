"""The health of cards and action items, and a card's red flags: the rules, in one place.

The rules, in one place (README "Overviews for heads and executives" repeats them):

Cards *under way* are those confirming, signing, active or in acceptance (drafts, closed and
cancelled cards have no health). A department's cards are those it initiated or takes part in,
as far as the reader may see them (tasks.permissions.visibility: a confidential card only for
the people it names).

Red flags of a card under way:
- overdue milestones: not reached, and the due date has passed (as the milestones tab says);
- open high risks: level high and not closed (coordinated risks still threaten the card);
- missed confirmations: a department's answer still pending past its due time;
- late sign-offs: a signature request on the card still pending past its due time.

Health of an open action item (done and cancelled items have none):
- overdue: the due date has passed;
- at risk: due within the next 2 working days (collab.workdays), delayed, or waiting on a
  delay notice nobody has acknowledged yet;
- on track: otherwise.

Health of a card under way:
- overdue: an overdue milestone, or the planned end has passed;
- at risk: any other red flag, an overdue action item or an unacknowledged delay notice;
- on track: otherwise.

Every read here costs a fixed number of queries whatever the number of departments, cards,
items or people: counts are subqueries and grouped aggregates, never per-row queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from collab.models import SignatureRequest
from collab.workdays import WorkingCalendar

from ..models import ActionItem, Card, CardDepartment, DelayNotice, Milestone, Risk

UNDER_WAY = (
    Card.Status.CONFIRMING,
    Card.Status.SIGNING,
    Card.Status.ACTIVE,
    Card.Status.IN_ACCEPTANCE,
)
AT_RISK_WORKING_DAYS = 2


class Health(models.TextChoices):
    # Listed worst first: pages sort by this order.
    OVERDUE = "overdue", _("overdue")
    AT_RISK = "at_risk", _("at risk")
    ON_TRACK = "on_track", _("on track")


class Flag(models.TextChoices):
    OVERDUE_MILESTONES = "overdue_milestones", _("overdue milestones")
    OPEN_HIGH_RISKS = "open_high_risks", _("open high risks")
    MISSED_CONFIRMATIONS = "missed_confirmations", _("missed confirmations")
    LATE_SIGNOFFS = "late_signoffs", _("late sign-offs")


HEALTH_RANK = {health: rank for rank, health in enumerate(Health.values)}


@dataclass(frozen=True)
class FlagCount:
    flag: Flag
    count: int

    @property
    def label(self) -> str:
        return self.flag.label


# --- the rules ---------------------------------------------------------------------------------


def item_health(item: ActionItem, *, today: dt.date, horizon: dt.date) -> Health | None:
    """An item's health; `item` comes from `selectors.action_item_list` (it knows whether a
    delay notice is pending) and `horizon` is the last day of the "due soon" window."""
    if not item.is_open:
        return None
    if item.due_date < today:
        return Health.OVERDUE
    if (
        item.due_date <= horizon
        or item.status == ActionItem.Status.DELAYED
        or item.has_pending_delay_notice
    ):
        return Health.AT_RISK
    return Health.ON_TRACK


def card_flags(card: Card) -> list[FlagCount]:
    """The red flags of a card annotated by `with_flags`, in the order of `Flag`."""
    return [
        FlagCount(flag, getattr(card, flag.value)) for flag in Flag if getattr(card, flag.value)
    ]


def card_health(card: Card, *, today: dt.date) -> Health:
    """A card's health; `card` is annotated by `with_flags`."""
    if card.overdue_milestones or card.planned_end < today:
        return Health.OVERDUE
    if (
        card.open_high_risks
        or card.missed_confirmations
        or card.late_signoffs
        or card.overdue_items
        or card.pending_delay_notices
    ):
        return Health.AT_RISK
    return Health.ON_TRACK


def at_risk_horizon(today: dt.date) -> dt.date:
    """The last day an open item counts as due soon (one query: the calendar's overrides)."""
    return WorkingCalendar.load().add_working_days(today, AT_RISK_WORKING_DAYS)


def _count(queryset: QuerySet, outer: str) -> Coalesce:
    """The number of rows of `queryset` (filtered on an OuterRef through `outer`), as a
    subquery: one count per card in the same query, 0 when there are none."""
    counted = queryset.order_by().values(outer).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), Value(0))


def with_flags(cards: QuerySet[Card], *, now: dt.datetime, today: dt.date) -> QuerySet[Card]:
    """The cards with the counts their health and red flags are read from."""
    card = OuterRef("pk")
    open_items = ActionItem.objects.filter(card=card, status__in=ActionItem.OPEN_STATUSES)
    signature_requests = SignatureRequest.objects.filter(
        content_type__app_label=Card._meta.app_label,
        content_type__model=Card._meta.model_name,
        object_id=card,
    )
    return cards.annotate(
        overdue_milestones=_count(
            Milestone.objects.filter(card=card, achieved_on__isnull=True, due_date__lt=today),
            "card",
        ),
        open_high_risks=_count(
            Risk.objects.filter(card=card, level=Risk.Level.HIGH).exclude(
                status=Risk.Status.CLOSED
            ),
            "card",
        ),
        missed_confirmations=_count(
            CardDepartment.objects.filter(
                card=card, confirmation=CardDepartment.Confirmation.PENDING, due_at__lt=now
            ),
            "card",
        ),
        late_signoffs=_count(
            signature_requests.filter(status=SignatureRequest.Status.PENDING, due_at__lt=now),
            "object_id",
        ),
        overdue_items=_count(open_items.filter(due_date__lt=today), "card"),
        pending_delay_notices=_count(
            DelayNotice.objects.filter(
                action_item__card=card,
                action_item__status__in=ActionItem.OPEN_STATUSES,
                acknowledged_at__isnull=True,
            ),
            "action_item__card",
        ),
    )

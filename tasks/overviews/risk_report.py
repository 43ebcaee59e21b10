"""The monthly risk report (协同风险报告): for an executive, the risks and milestones of the
cards of the departments they oversee, as they stood at the end of a month.

Reads only. The figures are grouped aggregates: five queries whatever the number of cards,
risks and milestones. Month boundaries are the company's local midnights.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collab.errors import RuleViolation
from collab.models import Department, User

from ..models import Card, CardDepartment, Milestone, Risk
from ..permissions import cards_visible_to, may_read_risk_report, risk_report_departments
from ..services.tracking import RISK_DECISION_HOURS
from .health import UNDER_WAY

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
LEVELS = tuple(Risk.Level.values)  # high, medium, low: the report's row order


def month_parse(value: str | None) -> dt.date:
    """ "2026-11" -> 1 November 2026; the current month when left out. A malformed month, or
    one that has not begun, is a field error on `month`."""
    today = timezone.localdate()
    if not value:
        return today.replace(day=1)
    match = MONTH_PATTERN.match(value.strip())
    month = None
    if match and 1 <= int(match[2]) <= 12 and int(match[1]) >= 2000:
        month = dt.date(int(match[1]), int(match[2]), 1)
    if month is None:
        raise RuleViolation(_("Give the month as YYYY-MM, e.g. 2026-11."), field="month")
    if month > today:
        raise RuleViolation(_("This month has not begun yet."), field="month")
    return month


def _next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()), timezone.get_default_timezone())


@dataclass
class LevelFigures:
    """One risk level's figures (or the total's)."""

    level: str
    label: str  # a lazy translation: shown in the language of the page or document
    open: int = 0  # not closed at the report's moment
    awaiting: int = 0  # of which still awaiting a coordination decision
    raised: int = 0  # raised in the month
    closed: int = 0  # closed in the month
    coordinated: int = 0  # coordinated in the month
    coordinated_late: int = 0  # of which later than the 24-hour limit
    seconds: float = 0.0
    longest: dt.timedelta | None = None

    def add(self, other: LevelFigures) -> None:
        for name in ("open", "awaiting", "raised", "closed", "coordinated", "coordinated_late"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds
        if other.longest is not None:
            self.longest = max(self.longest or other.longest, other.longest)

    @property
    def average_hours(self) -> float | None:
        return round(self.seconds / self.coordinated / 3600, 1) if self.coordinated else None

    @property
    def longest_hours(self) -> float | None:
        return round(self.longest.total_seconds() / 3600, 1) if self.longest else None


@dataclass
class RiskReport:
    executive: User
    month: dt.date
    as_of: dt.datetime  # the end of the month, or now for the month under way
    departments: list[Department]
    cards: list[Card]  # each with `open_risks` and `overdue_milestones`
    levels: list[LevelFigures]
    total: LevelFigures
    overdue_milestones: list[Milestone] = field(default_factory=list)
    limit_hours: int = RISK_DECISION_HOURS

    @property
    def complete(self) -> bool:
        """False while the month is under way: the figures are as of now."""
        return self.as_of >= _midnight(_next_month(self.month))

    @property
    def month_code(self) -> str:
        return self.month.strftime("%Y-%m")


def _cards(
    user: User, departments: list[Department], start: dt.datetime, end: dt.datetime
) -> list[Card]:
    """The departments' cards (initiated or taken part in) created before the month's end
    and under way, or closed during or after the month: a card closed in the month still
    answers for its risks."""
    ids = [department.pk for department in departments]
    taking_part = CardDepartment.objects.filter(department__in=ids).values("card_id")
    return list(
        cards_visible_to(user)
        .filter(Q(initiating_department__in=ids) | Q(pk__in=taking_part))
        .filter(Q(status__in=UNDER_WAY) | Q(status=Card.Status.CLOSED, closed_at__gte=start))
        .filter(created_at__lt=end)
        .select_related("initiating_department", "lead")
        .only(
            "code",
            "title",
            "status",
            "initiating_department__code",
            "initiating_department__name_en",
            "initiating_department__name_zh",
            "lead__username",
            "lead__display_name",
            "lead__first_name",
            "lead__last_name",
        )
        .order_by("code")
    )


def _risk_rows(cards: list[Card], start: dt.datetime, end: dt.datetime):
    """Per card and level: the counts, and the total and longest coordination time of the
    risks coordinated in the month. A risk's close time is its first closed history row
    (a closed risk is never reopened)."""
    closed_at = Subquery(
        Risk.history.filter(id=OuterRef("pk"), status=Risk.Status.CLOSED)
        .order_by("history_date")
        .values("history_date")[:1]
    )
    took = ExpressionWrapper(F("coordinated_at") - F("raised_at"), output_field=DurationField())
    in_month = Q(coordinated_at__gte=start, coordinated_at__lt=end)
    open_at_end = Q(raised_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    undecided = Q(coordinated_at__isnull=True) | Q(coordinated_at__gte=end)
    limit = dt.timedelta(hours=RISK_DECISION_HOURS)
    return (
        Risk.objects.filter(card__in=[card.pk for card in cards])
        .alias(closed_at=closed_at)
        .order_by()
        .values("card_id", "level")
        .annotate(
            open=Count("pk", filter=open_at_end),
            awaiting=Count("pk", filter=open_at_end & undecided),
            raised=Count("pk", filter=Q(raised_at__gte=start, raised_at__lt=end)),
            closed=Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end)),
            coordinated=Count("pk", filter=in_month),
            coordinated_late=Count(
                "pk", filter=in_month & Q(coordinated_at__gt=F("raised_at") + limit)
            ),
            took=Sum(took, filter=in_month),
            longest=Max(took, filter=in_month),
        )
    )


def _overdue_milestones(cards: list[Card], as_of: dt.date) -> list[Milestone]:
    """Milestones whose due date had passed at `as_of` without being reached by then."""
    return list(
        Milestone.objects.filter(card__in=[card.pk for card in cards], due_date__lt=as_of)
        .filter(Q(achieved_on__isnull=True) | Q(achieved_on__gte=as_of))
        .select_related("card")
        .only("name", "due_date", "achieved_on", "card__code", "card__title")
        .order_by("due_date", "card__code", "pk")
    )


def risk_report(executive: User, *, month: dt.date) -> RiskReport:
    """The report of `month` (any day of it) for `executive`: their departments' cards, open
    risks by level at the month's end, coordination times, risks raised and closed in the
    month, and the milestones overdue at its end. For the month under way, "the end" is now.
    Five queries (one is the visibility rule's), whatever the departments hold."""
    month = month.replace(day=1)
    start, end = _midnight(month), _midnight(_next_month(month))
    now = timezone.now()
    as_of = min(end, now)
    departments = list(risk_report_departments(executive).order_by("code"))
    # Up to and including this very moment while the month runs.
    until = end if as_of == end else now + dt.timedelta(microseconds=1)
    cards = _cards(executive, departments, start, until) if departments else []
    labels = dict(Risk.Level.choices)
    levels = {level: LevelFigures(level, labels[level]) for level in LEVELS}
    by_card = defaultdict(int)
    for row in _risk_rows(cards, start, until) if cards else []:
        took = row["took"]
        levels[row["level"]].add(
            LevelFigures(
                row["level"],
                "",
                open=row["open"],
                awaiting=row["awaiting"],
                raised=row["raised"],
                closed=row["closed"],
                coordinated=row["coordinated"],
                coordinated_late=row["coordinated_late"],
                seconds=took.total_seconds() if took else 0.0,
                longest=row["longest"],
            )
        )
        by_card[row["card_id"]] += row["open"]
    # A finished month's end is the next month's first day: a milestone due on the month's
    # last day and not reached is overdue in its report.
    as_of_day = timezone.localtime(as_of, timezone.get_default_timezone()).date()
    milestones = _overdue_milestones(cards, as_of_day) if cards else []
    late_by_card = defaultdict(int)
    for milestone in milestones:
        late_by_card[milestone.card_id] += 1
        milestone.days_overdue = (as_of_day - milestone.due_date).days
    for card in cards:
        card.open_risks = by_card[card.pk]
        card.overdue_milestones = late_by_card[card.pk]
    total = LevelFigures("total", _("All levels"))
    for figures in levels.values():
        total.add(figures)
    return RiskReport(
        executive=executive,
        month=month,
        as_of=as_of,
        departments=departments,
        cards=cards,
        levels=list(levels.values()),
        total=total,
        overdue_milestones=milestones,
    )


def risk_report_for_user(user: User, *, month: str | None) -> RiskReport:
    """The report the caller may read, of the month asked for ("YYYY-MM"): 404 for anyone
    who is neither an executive nor an administrator; a bad month is a field error."""
    if not may_read_risk_report(user):
        raise Http404
    return risk_report(user, month=month_parse(month))

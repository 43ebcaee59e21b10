"""Reads of departments' overviews: figures per department for executives and heads, and a
head's full view of one department (its open items and what its people owe). Health and red
flags follow `health`; a fixed number of queries whatever the departments hold."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from collab.models import Department, User

from ..models import ActionItem, Card, CardDepartment
from ..permissions import (
    action_items_visible_to,
    cards_visible_to,
    may_see_department_overview,
    overview_role,
)
from ..selectors import action_item_list
from .health import (
    HEALTH_RANK,
    UNDER_WAY,
    Flag,
    Health,
    at_risk_horizon,
    card_flags,
    card_health,
    item_health,
    with_flags,
)

ITEMS_SHOWN = 50
CARDS_SHOWN = 50  # per list; the figures count every card
# What a card row shows: a department with thousands of cards under way reads no long texts.
CARD_FIELDS = (
    "code",
    "title",
    "status",
    "planned_end",
    "initiating_department__code",
    "initiating_department__name_en",
    "initiating_department__name_zh",
    "lead__username",
    "lead__display_name",
    "lead__first_name",
    "lead__last_name",
)


# --- figures of departments (executives' and heads' home, and the top of the full page) --------


@dataclass
class DepartmentFigures:
    """One department's cards under way (worst first, each with `health` and `flags`) and
    the figures an executive compares departments by."""

    department: Department
    role: str
    cards: list[Card] = field(default_factory=list)
    overdue_items: int = 0

    @property
    def active_cards(self) -> int:
        return len(self.cards)

    @property
    def flagged_cards(self) -> list[Card]:
        return [card for card in self.cards if card.flags]

    @property
    def shown_cards(self) -> list[Card]:
        """The worst cards, for lists: at most CARDS_SHOWN."""
        return self.cards[:CARDS_SHOWN]

    @property
    def shown_flagged_cards(self) -> list[Card]:
        return self.flagged_cards[:CARDS_SHOWN]

    def _total(self, flag: Flag) -> int:
        return sum(getattr(card, flag.value) for card in self.cards)

    @property
    def overdue_milestones(self) -> int:
        return self._total(Flag.OVERDUE_MILESTONES)

    @property
    def open_high_risks(self) -> int:
        return self._total(Flag.OPEN_HIGH_RISKS)

    @property
    def missed_confirmations(self) -> int:
        return self._total(Flag.MISSED_CONFIRMATIONS)

    @property
    def late_signoffs(self) -> int:
        return self._total(Flag.LATE_SIGNOFFS)

    @property
    def cards_by_health(self) -> dict[str, int]:
        counts = {health: 0 for health in Health.values}
        for card in self.cards:
            counts[card.health] += 1
        return counts


def department_figures(user: User, departments: list[Department]) -> list[DepartmentFigures]:
    """Figures of each department (in the given order), as far as `user` may see its cards
    and items. Five queries, whatever the number of departments, cards and items."""
    if not departments:
        return []
    now = timezone.now()
    today = timezone.localdate(now)
    ids = [department.pk for department in departments]
    taking_part = CardDepartment.objects.filter(department__in=ids).values("card_id")
    cards = list(
        with_flags(
            cards_visible_to(user).filter(
                Q(initiating_department__in=ids) | Q(pk__in=taking_part),
                status__in=UNDER_WAY,
            ),
            now=now,
            today=today,
        )
        .select_related("lead", "initiating_department")
        .only(*CARD_FIELDS)
    )
    for card in cards:
        card.health = card_health(card, today=today)
        card.flags = card_flags(card)
    cards.sort(key=lambda card: (HEALTH_RANK[card.health], card.planned_end, card.code))
    departments_of_card = defaultdict(set)
    for card in cards:
        departments_of_card[card.pk].add(card.initiating_department_id)
    rows = CardDepartment.objects.filter(card__in=[card.pk for card in cards], department__in=ids)
    for card_id, department_id in rows.values_list("card_id", "department_id"):
        departments_of_card[card_id].add(department_id)
    overdue = dict(
        action_items_visible_to(user)
        .filter(department__in=ids, status__in=ActionItem.OPEN_STATUSES, due_date__lt=today)
        .order_by()
        .values("department")
        .annotate(n=Count("pk"))
        .values_list("department", "n")
    )
    return [
        DepartmentFigures(
            department=department,
            role=overview_role(user, department),
            cards=[card for card in cards if department.pk in departments_of_card[card.pk]],
            overdue_items=overdue.get(department.pk, 0),
        )
        for department in departments
    ]


# --- a head's view of one department ---------------------------------------------------------


@dataclass(frozen=True)
class PersonDues:
    """What one person of the department owes, with links to the item list filtered for it."""

    person: User
    open_items: int
    overdue_items: int
    confirmations_owed: int
    items_url: str
    overdue_url: str


@dataclass
class DepartmentOverview:
    figures: DepartmentFigures
    items: list[ActionItem]  # the soonest due open items, each with `health`
    open_items: int
    people: list[PersonDues]
    items_url: str
    cards_url: str

    @property
    def department(self) -> Department:
        return self.figures.department

    @property
    def items_by_health(self) -> dict[str, int]:
        counts = {health: 0 for health in Health.values}
        for item in self.items:
            counts[item.health] += 1
        return counts


def department_get_for_overview(*, code: str, user: User) -> Department:
    """The department whose overview the user may read; 404 for anyone else (members and
    contacts included: they learn nothing from the page's existence)."""
    department = (
        Department.objects.select_related("head", "executive")
        .filter(code__iexact=code.strip(), is_active=True)
        .first()
    )
    if department is None or not may_see_department_overview(user, department):
        raise Http404
    return department


def _item_list_url(department: Department, **filters) -> str:
    query = {"scope": "department", "department": department.code, **filters}
    return f"{reverse('tasks:my-action-items')}?{urlencode(query)}"


def department_overview(user: User, department: Department) -> DepartmentOverview:
    """The department's figures and cards, its open action items with their health, and what
    each of its people owes. Twelve queries, whatever the department holds."""
    [figures] = department_figures(user, [department])
    today = timezone.localdate()
    horizon = at_risk_horizon(today)
    open_items = action_items_visible_to(user).filter(
        department=department, status__in=ActionItem.OPEN_STATUSES
    )
    items = list(action_item_list(open_items).order_by("due_date", "pk")[:ITEMS_SHOWN])
    for item in items:
        item.health = item_health(item, today=today, horizon=horizon)
    people = _people_dues(user, department, open_items, today)
    return DepartmentOverview(
        figures=figures,
        items=items,
        open_items=sum(due.open_items for due in people),
        people=people,
        items_url=_item_list_url(department),
        cards_url=f"{reverse('tasks:cards')}?{urlencode({'department': department.code})}",
    )


def _people_dues(
    user: User, department: Department, open_items: QuerySet[ActionItem], today: dt.date
) -> list[PersonDues]:
    items = {
        row["owner"]: row
        for row in open_items.order_by()
        .values("owner")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    }
    confirmations = dict(
        CardDepartment.objects.filter(
            department=department,
            confirmation=CardDepartment.Confirmation.PENDING,
            card__status=Card.Status.CONFIRMING,
            card__in=cards_visible_to(user),
        )
        .order_by()
        .values("contact")
        .annotate(n=Count("pk"))
        .values_list("contact", "n")
    )
    people = User.objects.filter(pk__in=set(items) | set(confirmations))
    dues = [
        PersonDues(
            person=person,
            open_items=items.get(person.pk, {}).get("open", 0),
            overdue_items=items.get(person.pk, {}).get("overdue", 0),
            confirmations_owed=confirmations.get(person.pk, 0),
            items_url=_item_list_url(department, owner=person.pk),
            overdue_url=_item_list_url(department, owner=person.pk, overdue="true"),
        )
        for person in people
    ]
    dues.sort(key=lambda due: (-due.overdue_items, -due.confirmations_owed, -due.open_items))
    return dues

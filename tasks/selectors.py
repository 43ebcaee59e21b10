"""Reads for task cards and action items: who sees and does what (DESIGN.md 4), N+1-free lists."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from collab.models import Department, SignatureRequest, User
from collab.selectors import departments_of_user

from .models import ActionItem, Card, CardDepartment, DelayNotice, ProgressUpdate, Risk

GOAL_LETTER = "goal_confirmation_letter"


def _named_on_card(user: User) -> Q:
    """People the card names: they see it even when it is confidential."""
    return (
        Q(initiator=user)
        | Q(lead=user)
        | Q(tracker=user)
        | Q(acceptance_user=user)
        | Q(acceptance_department__head=user)
        | Q(departments__contact=user)
        | Q(departments__department__head=user)
        | Q(action_items__owner=user)
    )


def cards_visible_to(user: User) -> QuerySet[Card]:
    """Cards of the user's departments (as member, head, contact or executive), and any card
    naming the user; a confidential card only for the people it names. Admins see all."""
    if not user.is_authenticated:
        return Card.objects.none()
    if user.is_staff:
        return Card.objects.all()
    mine = departments_of_user(user).values("pk")
    by_department = Q(confidential=False) & (
        Q(initiating_department__in=mine) | Q(departments__department__in=mine)
    )
    visible = Card.objects.filter(_named_on_card(user) | by_department).values("pk")
    return Card.objects.filter(pk__in=visible)


def card_list(user: User) -> QuerySet[Card]:
    """The card list: visible cards with what each row shows, in a fixed number of queries."""
    today = timezone.localdate()
    return (
        cards_visible_to(user)
        .select_related("initiating_department", "lead")
        .annotate(
            open_items=Count(
                "action_items",
                filter=Q(action_items__status__in=ActionItem.OPEN_STATUSES),
                distinct=True,
            ),
            overdue_items=Count(
                "action_items",
                filter=Q(
                    action_items__status__in=ActionItem.OPEN_STATUSES,
                    action_items__due_date__lt=today,
                ),
                distinct=True,
            ),
        )
    )


def card_get_for_user(*, code: str, user: User) -> Card:
    """The card, if the user may see it; 404 otherwise (never 403: outsiders learn nothing)."""
    card = (
        cards_visible_to(user)
        .select_related(
            "initiating_department",
            "initiator",
            "lead",
            "tracker",
            "acceptance_user",
            "acceptance_department__head",
        )
        .filter(code=code)
        .first()
    )
    if card is None:
        raise Http404
    return card


def card_participations(card: Card) -> list[CardDepartment]:
    return list(
        card.departments.select_related("department__head", "contact", "answered_by").order_by(
            "position", "pk"
        )
    )


def can_edit_card(user: User, card: Card) -> bool:
    """Only the lead, the tracker or the initiator edit a card (and administrators)."""
    return user.is_staff or user.pk in (card.lead_id, card.tracker_id, card.initiator_id)


def can_answer_for(user: User, participation: CardDepartment) -> bool:
    """A department answers for itself: its contact on the card, or its head."""
    return user.pk in (participation.contact_id, participation.department.head_id)


def departments_user_answers_for(user: User, card: Card) -> list[CardDepartment]:
    return [p for p in card_participations(card) if can_answer_for(user, p)]


def is_acceptance_party(user: User, card: Card) -> bool:
    if card.acceptance_user_id:
        return user.pk == card.acceptance_user_id
    return bool(card.acceptance_department_id) and (user.pk == card.acceptance_department.head_id)


def confirmations_awaiting(user: User) -> QuerySet[CardDepartment]:
    """Departments' answers the user owes: as the card's contact or the department's head."""
    return (
        CardDepartment.objects.filter(
            card__status=Card.Status.CONFIRMING,
            confirmation=CardDepartment.Confirmation.PENDING,
        )
        .filter(Q(contact=user) | Q(department__head=user))
        .select_related("card", "department")
        .order_by("due_at", "pk")
    )


def action_items_visible_to(user: User) -> QuerySet[ActionItem]:
    """Items of visible cards, plus the user's own and their departments' loose items."""
    if user.is_staff:
        return ActionItem.objects.all()
    mine = departments_of_user(user).values("pk")
    return ActionItem.objects.filter(
        Q(card__in=cards_visible_to(user).values("pk"))
        | Q(owner=user)
        | Q(card__isnull=True, department__in=mine)
    )


def action_item_list(queryset: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    """What an item row shows, with one query for the rows (plus the prefetches)."""
    pending_notice = DelayNotice.objects.filter(
        action_item=OuterRef("pk"), acknowledged_at__isnull=True
    )
    return queryset.select_related("owner", "department", "card").annotate(
        has_pending_delay_notice=Exists(pending_notice)
    )


def my_action_items(user: User, *, scope: str = "mine") -> QuerySet[ActionItem]:
    """My items, or my departments' items; open ones first, overdue first, then by due date."""
    if scope == "department":
        base = ActionItem.objects.filter(department__in=departments_of_user(user).values("pk"))
    else:
        base = ActionItem.objects.filter(owner=user)
    today = timezone.localdate()
    return (
        action_item_list(base)
        .annotate(
            is_open_rank=Case(
                When(status__in=ActionItem.OPEN_STATUSES, then=Value(1)), default=Value(0)
            ),
            is_overdue_rank=Case(
                When(status__in=ActionItem.OPEN_STATUSES, due_date__lt=today, then=Value(1)),
                default=Value(0),
            ),
        )
        .order_by("-is_open_rank", "-is_overdue_rank", "due_date", "pk")
    )


def action_item_get_for_user(*, pk: int, user: User) -> ActionItem:
    item = (
        action_item_list(action_items_visible_to(user))
        .select_related("card__lead", "card__tracker", "created_by")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item


def card_action_items(card: Card) -> list[ActionItem]:
    return list(
        action_item_list(card.action_items.all())
        .prefetch_related(
            Prefetch("depends_on", queryset=ActionItem.objects.only("pk", "title", "status"))
        )
        .order_by("due_date", "pk")
    )


def card_risks(card: Card) -> list[Risk]:
    return list(
        card.risks.select_related(
            "owner", "raised_by", "responsible_department", "coordinated_by"
        ).order_by("-raised_at")
    )


def participating_departments(card: Card) -> QuerySet[Department]:
    return Department.objects.filter(card_participations__card=card).order_by("code")


def goal_letter_requests(card: Card, *, statuses: Iterable[str] = ()) -> list[SignatureRequest]:
    """Every version of the card's goal confirmation letter, oldest first, with counts of
    signatures given and places to sign."""
    requests = SignatureRequest.objects.filter(
        content_type=ContentType.objects.get_for_model(Card),
        object_id=card.pk,
        document_type=GOAL_LETTER,
    )
    if statuses:
        requests = requests.filter(status__in=list(statuses))
    return list(
        requests.annotate(
            signed_count=Count("signatures", distinct=True),
            place_count=Count("required_signers", distinct=True),
        ).order_by("version", "pk")
    )


def latest_progress(card: Card, participations: list[CardDepartment]) -> list[ProgressUpdate]:
    """Each department's newest progress update, in the card's department order."""
    newest = (
        ProgressUpdate.objects.filter(card=card, department=OuterRef("department"))
        .order_by("-date", "-created_at", "-pk")
        .values("pk")[:1]
    )
    latest = list(
        ProgressUpdate.objects.filter(card=card, pk=Subquery(newest)).select_related(
            "department", "author"
        )
    )
    position = {p.department_id: n for n, p in enumerate(participations)}
    return sorted(latest, key=lambda update: position.get(update.department_id, len(position)))


def cards_of_department(cards: QuerySet[Card], department_code: str) -> QuerySet[Card]:
    """Cards a department initiated or takes part in."""
    taking_part = Card.objects.filter(
        Q(initiating_department__code=department_code)
        | Q(departments__department__code=department_code)
    )
    return cards.filter(pk__in=taking_part.values("pk"))


def cards_mine_q(user: User) -> Q:
    """Cards the user initiated, leads or tracks, or owns an action item of."""
    owned = ActionItem.objects.filter(owner=user, card__isnull=False).values("card_id")
    return Q(initiator=user) | Q(lead=user) | Q(tracker=user) | Q(pk__in=owned)


def cards_overdue_q() -> Q:
    """Open cards past their planned end."""
    return Q(status__in=Card.OPEN_STATUSES, planned_end__lt=timezone.localdate())


def card_progress_updates(card: Card) -> list[ProgressUpdate]:
    return list(
        card.progress_updates.select_related("author", "department").order_by("-date", "-pk")
    )


def delay_notices_of(item: ActionItem) -> list[DelayNotice]:
    return list(
        item.delay_notices.select_related("filed_by", "acknowledged_by").order_by(
            "-filed_at", "-pk"
        )
    )

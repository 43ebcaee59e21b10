"""Reads of task cards and action items: permission-aware (see tasks.permissions), N+1-free."""

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

from collab.filters import is_id
from collab.models import Department, SignatureRequest, User
from collab.selectors import departments_of_user

from .filters import ActionItemFilter, CardFilter
from .models import (
    PRIORITY_RANK,
    AcceptanceSubmission,
    ActionItem,
    Card,
    CardDepartment,
    DelayNotice,
    Milestone,
    ProgressUpdate,
    Risk,
)
from .permissions import (
    CardPermissions,
    ItemPermissions,
    action_item_is_visible_to,
    action_items_visible_to,
    card_is_visible_to,
    card_permissions,
    cards_visible_to,
    item_permissions,
)
from .permissions.queues import confirmations_owed_by

GOAL_LETTER = "goal_confirmation_letter"


def card_list(user: User) -> QuerySet[Card]:
    """The visible cards with what each row shows, newest first; filter and reorder it with
    `filters.CardFilter` (`card_filterset`), then give the page's rows their item counts with
    `with_item_counts`: counting items here would count them for every visible card."""
    return (
        cards_visible_to(user)
        .select_related("initiating_department", "lead")
        .annotate(priority_rank=PRIORITY_RANK)
        .order_by("-created_at", "-pk")
    )


def with_item_counts(cards: list[Card]) -> list[Card]:
    """Set `open_items` and `overdue_items` on a page of cards, in one query."""
    today = timezone.localdate()
    open_items = Q(status__in=ActionItem.OPEN_STATUSES)
    counts = {
        row["card_id"]: row
        for row in ActionItem.objects.filter(open_items, card_id__in=[card.pk for card in cards])
        .values("card_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    }
    for card in cards:
        row = counts.get(card.pk, {})
        card.open_items, card.overdue_items = row.get("open", 0), row.get("overdue", 0)
    return cards


def card_filterset(*, request, data) -> CardFilter:
    """The card list filtered by `data` (a query dict): the pages read its form and errors,
    the API the same FilterSet through DjangoFilterBackend."""
    return CardFilter(data or None, queryset=card_list(request.user), request=request)


CARD_PEOPLE = ("initiator", "lead", "tracker", "acceptance_user")


def with_people(card: Card) -> Card:
    """Load the people a card names, and its acceptance department's head, in one query
    (a select_related of all of them costs PostgreSQL more to plan than to run)."""
    head_id = card.acceptance_department.head_id if card.acceptance_department_id else None
    ids = {getattr(card, f"{name}_id") for name in CARD_PEOPLE} | {head_id}
    people = User.objects.in_bulk([pk for pk in ids if pk])
    for name in CARD_PEOPLE:
        person = people.get(getattr(card, f"{name}_id"))
        Card._meta.get_field(name).set_cached_value(card, person)
    if head_id:
        Department._meta.get_field("head").set_cached_value(
            card.acceptance_department, people.get(head_id)
        )
    return card


def card_get_for_user(*, code: str, user: User, people: bool = True) -> Card:
    """The card, if the user may see it; 404 otherwise (never 403: outsiders learn nothing).
    Codes are matched whatever their case. `people=False` skips loading the people it names
    (for reads of its rows, which only need to know the card is visible)."""
    card = (
        Card.objects.select_related("initiating_department", "acceptance_department")
        .filter(code=code.strip().upper())
        .first()
    )
    if card is None or not card_is_visible_to(user, card):
        raise Http404
    return with_people(card) if people else card


def latest_acceptance(card: Card) -> AcceptanceSubmission | None:
    return card.acceptances.order_by("-submitted_at", "-pk").first()


def card_permissions_of(
    user: User, card: Card, participations: list[CardDepartment] | None = None
) -> CardPermissions:
    """What the user can do with the card now (two queries, or one given the departments)."""
    if participations is None:
        participations = card_participations(card)
    return card_permissions(
        user, card, participations=participations, acceptance=latest_acceptance(card)
    )


def card_participations(card: Card) -> list[CardDepartment]:
    return list(
        card.departments.select_related("department__head", "contact", "answered_by").order_by(
            "position", "pk"
        )
    )


def confirmations_awaiting(user: User) -> QuerySet[CardDepartment]:
    """Departments' answers the user owes: as the card's contact or the department's head."""
    return (
        CardDepartment.objects.filter(confirmations_owed_by(user))
        .select_related("card", "department")
        .order_by("due_at", "pk")
    )


def action_item_list(queryset: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    """What an item row shows, with one query for the rows (plus the prefetches)."""
    pending_notice = DelayNotice.objects.filter(
        action_item=OuterRef("pk"), acknowledged_at__isnull=True
    )
    return queryset.select_related("owner", "department", "card", "recurrence").annotate(
        has_pending_delay_notice=Exists(pending_notice), priority_rank=PRIORITY_RANK
    )


def action_item_filterset(*, request, data, queryset=None) -> ActionItemFilter:
    """Visible items (or `queryset`, e.g. my items) filtered by `data`, for pages and API."""
    if queryset is None:
        queryset = action_item_list(action_items_visible_to(request.user)).order_by(
            "due_date", "pk"
        )
    return ActionItemFilter(data or None, queryset=queryset, request=request)


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
    """The item, if the user may see it; 404 otherwise (and for ids no row can have)."""
    if not is_id(pk):
        raise Http404
    item = action_item_list(ActionItem.objects.filter(pk=pk)).select_related("created_by").first()
    if item is None or not action_item_is_visible_to(user, item):
        raise Http404
    return item


def item_permissions_of(user: User, item: ActionItem) -> ItemPermissions:
    """What the user can do with an item fetched by `action_item_list` (no query)."""
    return item_permissions(user, item, pending_notice=item.has_pending_delay_notice)


def item_occurrences(item: ActionItem) -> list[ActionItem]:
    """Every occurrence of the item's series in order (itself included), in one query;
    none when it does not repeat."""
    if not item.recurrence_id:
        return []
    return list(
        ActionItem.objects.filter(recurrence_id=item.recurrence_id)
        .only("pk", "recurrence_id", "occurrence_date", "due_date", "status", "percent")
        .order_by("occurrence_date", "pk")
    )


def card_action_items(card: Card) -> list[ActionItem]:
    return list(
        action_item_list(card.action_items.all())
        .prefetch_related(
            Prefetch("depends_on", queryset=ActionItem.objects.only("pk", "title", "status"))
        )
        .order_by("due_date", "pk")
    )


def card_risks(card: Card) -> QuerySet[Risk]:
    return card.risks.select_related(
        "owner", "raised_by", "responsible_department", "coordinated_by"
    ).order_by("-raised_at", "-pk")


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


def card_milestones(card: Card) -> QuerySet[Milestone]:
    return card.milestones.order_by("due_date", "pk")


def card_progress_updates(card: Card) -> QuerySet[ProgressUpdate]:
    return card.progress_updates.select_related("author", "department").order_by("-date", "-pk")


def delay_notices_of(item: ActionItem) -> QuerySet[DelayNotice]:
    return item.delay_notices.select_related("filed_by", "acknowledged_by").order_by(
        "-filed_at", "-pk"
    )


def card_acceptances(card: Card) -> list[AcceptanceSubmission]:
    return list(
        card.acceptances.select_related("submitted_by", "decided_by")
        .prefetch_related("deliverables")
        .order_by("-submitted_at", "-pk")
    )


def card_change_requests(card: Card) -> list:
    return list(card.change_requests.select_related("requested_by").order_by("-requested_at"))

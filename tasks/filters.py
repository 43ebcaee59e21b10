"""FilterSets of cards and action items, for the pages and the API alike (ordering included).

Unknown values are errors (a 400 in the API, a field error on pages), never an empty list.
"""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collab.filters import CodeFilter, IdFilter, StableOrderingFilter, StrictBooleanFilter
from collab.models import Department, User

from .models import ActionItem, Card, Priority
from .permissions import cards_visible_to


def _visible_cards(request):
    if request is None:
        return Card.objects.none()
    return cards_visible_to(request.user)


def cards_of_department(cards, department: Department):
    """Cards a department initiated or takes part in."""
    taking_part = Card.objects.filter(
        Q(initiating_department=department) | Q(departments__department=department)
    )
    return cards.filter(pk__in=taking_part.values("pk"))


def cards_mine_q(user: User) -> Q:
    """Cards the user initiated, leads or tracks, or owns an action item of."""
    owned = ActionItem.objects.filter(owner=user, card__isnull=False).values("card_id")
    return Q(initiator=user) | Q(lead=user) | Q(tracker=user) | Q(pk__in=owned)


def cards_overdue_q() -> Q:
    """Open cards past their planned end."""
    return Q(status__in=Card.OPEN_STATUSES, planned_end__lt=timezone.localdate())


class CardFilter(django_filters.FilterSet):
    """Filters of the card list; the queryset must come from `selectors.card_list`."""

    search = django_filters.CharFilter(method="filter_search", label=_("Search code or title"))
    status = django_filters.ChoiceFilter(
        choices=Card.Status.choices, empty_label=_("any"), label=_("Status")
    )
    priority = django_filters.ChoiceFilter(
        choices=Priority.choices, empty_label=_("any"), label=_("Priority")
    )
    kind = django_filters.ChoiceFilter(
        choices=Card.Kind.choices, empty_label=_("any"), label=_("Kind")
    )
    department = CodeFilter(
        queryset=Department.objects.order_by("code"),
        method="filter_department",
        empty_label=_("any"),
        label=_("Department"),
        help_text=_("A department code, initiating or taking part."),
    )
    mine = StrictBooleanFilter(
        method="filter_mine",
        label=_("Mine"),
        help_text=_("Cards I initiated, lead or track, or own an action item of."),
    )
    overdue = StrictBooleanFilter(method="filter_overdue", label=_("Overdue"))
    ordering = StableOrderingFilter(
        fields=(
            ("created_at", "created_at"),
            ("planned_end", "planned_end"),
            ("priority_rank", "priority"),
            ("code", "code"),
        ),
        field_labels={
            "created_at": _("created"),
            "planned_end": _("planned end"),
            "priority_rank": _("priority (high first)"),
            "code": _("code"),
        },
        empty_label=_("newest first"),
        label=_("Sort by"),
    )

    class Meta:
        model = Card
        fields = ["search", "status", "priority", "kind", "department", "mine", "overdue"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))

    def filter_department(self, queryset, name, value):
        return cards_of_department(queryset, value)

    def filter_mine(self, queryset, name, value):
        mine = cards_mine_q(self.request.user)
        return queryset.filter(mine) if value else queryset.exclude(mine)

    def filter_overdue(self, queryset, name, value):
        overdue = cards_overdue_q()
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class ActionItemFilter(django_filters.FilterSet):
    """Filters of action-item lists; the queryset must come from `selectors.action_item_list`."""

    search = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", label=_("Search the title")
    )
    status = django_filters.ChoiceFilter(
        choices=ActionItem.Status.choices, empty_label=_("any"), label=_("Status")
    )
    priority = django_filters.ChoiceFilter(
        choices=Priority.choices, empty_label=_("any"), label=_("Priority")
    )
    owner = IdFilter(queryset=User.objects.all(), label=_("Owner (user id)"))
    department = CodeFilter(queryset=Department.objects.order_by("code"), label=_("Department"))
    card = CodeFilter(queryset=_visible_cards, uppercase=True, label=_("Card code"))
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("Due on or before")
    )
    due_after = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label=_("Due on or after")
    )
    overdue = StrictBooleanFilter(method="filter_overdue", label=_("Open and past the due date"))
    ordering = StableOrderingFilter(
        fields=(
            ("due_date", "due_date"),
            ("created_at", "created_at"),
            ("priority_rank", "priority"),
            ("status", "status"),
        ),
        field_labels={
            "due_date": _("due date"),
            "created_at": _("created"),
            "priority_rank": _("priority (high first)"),
            "status": _("status"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = ActionItem
        fields = ["search", "status", "priority", "owner", "department", "card", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=ActionItem.OPEN_STATUSES, due_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

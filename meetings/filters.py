"""The FilterSet of meeting lists, for the page and the API alike (ordering included).

Unknown values are errors (a 400 in the API, a field error on the page), never an empty
list. The queryset must come from `selectors.meeting_list`.
"""

import datetime as dt
from collections.abc import Iterable

import django_filters
from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collab.filters import CodeFilter, StableOrderingFilter
from collab.models import User
from collab.selectors import departments_of_user
from tasks.selectors import cards_visible_to

from .models import Invitation, Meeting, Minutes


class Scope:
    MINE = "mine"
    DEPARTMENT = "department"
    ALL = "all"
    CHOICES = [
        (MINE, _("mine")),
        (DEPARTMENT, _("my departments'")),
        (ALL, pgettext_lazy("meetings", "all I may see")),
    ]


class When:
    UPCOMING = "upcoming"
    PAST = "past"
    CHOICES = [(UPCOMING, _("upcoming")), (PAST, _("past"))]


class MinutesState(models.TextChoices):
    """Where a meeting's minutes stand: computed by `selectors.minutes_state_of` (one
    meeting) and `selectors.minutes_state_expression` (a list), which agree."""

    NOT_DUE = "not_due", _("not due yet")  # not ended (or cancelled)
    DUE = "due", pgettext_lazy("minutes", "due")  # ended, not late yet
    OVERDUE = "overdue", pgettext_lazy("minutes", "overdue")  # past due, not published
    PUBLISHED = "published", pgettext_lazy("minutes", "published")


def meetings_mine_q(user: User) -> Q:
    """Meetings I host or record, am invited to, or deputise at."""
    return meetings_mine_any_q([user.pk])


def meetings_mine_any_q(user_ids: Iterable[int]) -> Q:
    """`meetings_mine_q` for a batch of people at once (the weekly digest)."""
    invited = Invitation.objects.filter(
        Q(person_id__in=user_ids) | Q(deputy_id__in=user_ids), meeting_id=OuterRef("pk")
    )
    return Q(host_id__in=user_ids) | Q(recorder_id__in=user_ids) | Exists(invited)


def meetings_of_my_departments_q(user: User) -> Q:
    """Meetings that invite one of my departments, or whose host belongs to one."""
    departments = list(departments_of_user(user).values_list("pk", flat=True))
    invited = Invitation.objects.filter(department__in=departments, meeting_id=OuterRef("pk"))
    return Exists(invited) | Q(host__department__in=departments)


def published_minutes() -> Exists:
    published = Q(status=Minutes.Status.PUBLISHED) | Q(published_at__isnull=False)
    return Exists(Minutes.objects.filter(published, meeting_id=OuterRef("pk")))


def minutes_state_q(state: str, now: dt.datetime) -> Q:
    """The meetings whose minutes are in `state` at `now` (MinutesState)."""
    published = published_minutes()
    if state == MinutesState.PUBLISHED:
        return Q(published)
    held = ~Q(status=Meeting.Status.CANCELLED) & Q(ends_at__lte=now)
    if state == MinutesState.NOT_DUE:
        return ~Q(published) & ~held
    if state == MinutesState.OVERDUE:
        return ~Q(published) & held & Q(minutes_due_at__lte=now)
    return ~Q(published) & held & Q(minutes_due_at__gt=now)


def _visible_cards(request):
    if request is None:
        return Meeting.card.field.related_model.objects.none()
    return cards_visible_to(request.user)


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the reader's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class MeetingFilter(django_filters.FilterSet):
    scope = django_filters.ChoiceFilter(
        choices=Scope.CHOICES,
        method="filter_scope",
        empty_label=pgettext_lazy("meetings", "all I may see"),
        label=_("Whose"),
        help_text=_(
            "mine: I host, record, am invited or deputise; my departments': they are "
            "invited or the host is one of us."
        ),
    )
    when = django_filters.ChoiceFilter(
        choices=When.CHOICES,
        method="filter_when",
        empty_label=_("any time"),
        label=_("When"),
        help_text=_("upcoming: not ended yet, soonest first; past: ended, latest first."),
    )
    status = django_filters.ChoiceFilter(
        choices=Meeting.Status.choices, empty_label=_("any"), label=_("Status")
    )
    minutes = django_filters.ChoiceFilter(
        choices=MinutesState.choices,
        method="filter_minutes",
        empty_label=_("any"),
        label=pgettext_lazy("meeting minutes", "Minutes"),
    )
    kind = django_filters.ChoiceFilter(
        choices=Meeting.Kind.choices, empty_label=_("any"), label=_("Kind")
    )
    # A text box: a select would list every visible card on every page.
    card = CodeFilter(
        queryset=_visible_cards,
        uppercase=True,
        widget=forms.TextInput(attrs={"size": 14, "placeholder": "TC-2026-0001"}),
        label=_("Card code"),
    )
    starts_from = django_filters.DateFilter(
        method="filter_starts_from",
        widget=forms.DateInput(attrs={"type": "date"}),
        label=_("Starts on or after"),
    )
    starts_until = django_filters.DateFilter(
        method="filter_starts_until",
        widget=forms.DateInput(attrs={"type": "date"}),
        label=_("Starts on or before"),
    )
    search = django_filters.CharFilter(method="filter_search", label=_("Search code or topic"))
    ordering = StableOrderingFilter(
        fields=(("starts_at", "starts_at"), ("minutes_due_at", "minutes_due"), ("code", "code")),
        field_labels={
            "starts_at": _("start"),
            "minutes_due_at": _("minutes due"),
            "code": _("code"),
        },
        empty_label=_("soonest first"),
        label=_("Sort by"),
    )

    class Meta:
        model = Meeting
        fields = [
            "scope",
            "when",
            "status",
            "minutes",
            "kind",
            "card",
            "starts_from",
            "starts_until",
            "search",
        ]

    def filter_scope(self, queryset, name, value):
        user = self.request.user
        if value == Scope.MINE:
            return queryset.filter(meetings_mine_q(user))
        if value == Scope.DEPARTMENT:
            return queryset.filter(meetings_of_my_departments_q(user))
        return queryset

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == When.PAST:
            return queryset.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
        return queryset.filter(ends_at__gt=now)

    def filter_minutes(self, queryset, name, value):
        return queryset.filter(minutes_state_q(value, timezone.now()))

    def filter_starts_from(self, queryset, name, value):
        return queryset.filter(starts_at__gte=_start_of(value))

    def filter_starts_until(self, queryset, name, value):
        return queryset.filter(starts_at__lt=_start_of(value + dt.timedelta(days=1)))

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(topic__icontains=value))

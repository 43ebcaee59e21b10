"""The FilterSet of feedback lists, for the page and the API alike (ordering included).

Unknown values are errors (a 400 in the API, a field error on the page), never an empty
list. The queryset must come from `selectors.feedback_list`, which annotates `sla_status`
(the ordering by urgency annotates its weight itself).
"""

import datetime as dt
from collections.abc import Iterable

import django_filters
from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from collab.filters import CodeChoiceField, CodeFilter, StableOrderingFilter
from collab.models import Department, User
from collab.selectors import departments_of_user

from .models import FeedbackForm, Urgency
from .sla import SlaStatus


class Scope:
    MINE = "mine"
    INBOX = "inbox"
    DEPARTMENT = "department"
    ALL = "all"
    CHOICES = [
        (MINE, _("filed by me")),
        (INBOX, _("received by departments I answer for")),
        (DEPARTMENT, _("my departments', sent or received")),
        (ALL, pgettext_lazy("feedback", "all I may see")),
    ]


def feedback_mine_q(user: User) -> Q:
    return Q(initiator=user)


def feedback_inbox_q(user: User) -> Q:
    """Forms received by a department I speak for (head or contact), or naming me as the
    receiving contact: the ones I answer."""
    return feedback_inbox_q_any([user.pk])


def feedback_inbox_q_any(user_ids: Iterable[int]) -> Q:
    """`feedback_inbox_q` for a batch of people at once (the weekly digest)."""
    contact_of = Department.contacts.through.objects.filter(user_id__in=user_ids).values(
        "department_id"
    )
    return (
        Q(receiving_contact_id__in=user_ids)
        | Q(receiving_department__head_id__in=user_ids)
        | Q(receiving_department__in=contact_of)
    )


def awaiting_answer_q() -> Q:
    """Forms still owed their (current) response: the SLA's "awaiting" state."""
    return Q(responded_at__isnull=True, status__in=FeedbackForm.OPEN_STATUSES)


def feedback_of_my_departments_q(user: User) -> Q:
    departments = departments_of_user(user).values("pk")
    return Q(initiating_department__in=departments) | Q(receiving_department__in=departments)


# Urgency in the order of its weight, for `?ordering=urgency` (the codes sort otherwise).
URGENCY_RANK = {Urgency.NORMAL: 1, Urgency.URGENT: 2, Urgency.CRITICAL: 3}


def urgency_rank_expression() -> Case:
    return Case(
        *[When(urgency=urgency, then=Value(rank)) for urgency, rank in URGENCY_RANK.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


class FeedbackOrderingFilter(StableOrderingFilter):
    """Orders by urgency by its weight (normal < urgent < critical), not its code."""

    def filter(self, qs, value):
        if value and any(param.lstrip("-") == "urgency" for param in value):
            qs = qs.annotate(urgency_rank=urgency_rank_expression())
        return super().filter(qs, value)


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the company's time zone (whoever reads)."""
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone()
    )


def _departments(request):
    return Department.objects.all()


def _code_widget():
    return forms.TextInput(attrs={"size": 8, "placeholder": "TEC"})


class FeedbackFilter(django_filters.FilterSet):
    scope = django_filters.ChoiceFilter(
        choices=Scope.CHOICES,
        method="filter_scope",
        empty_label=pgettext_lazy("feedback", "all I may see"),
        label=_("Whose"),
        help_text=_(
            "mine: filed by me; inbox: received by a department I am head or contact of, "
            "or naming me as its receiving contact; department: my departments sent or "
            "received it; all: every form I may see."
        ),
    )
    urgency = django_filters.ChoiceFilter(
        choices=Urgency.choices, empty_label=_("any"), label=_("Urgency")
    )
    kind = django_filters.ChoiceFilter(
        choices=FeedbackForm.Kind.choices, empty_label=_("any"), label=_("Type")
    )
    status = django_filters.ChoiceFilter(
        choices=FeedbackForm.Status.choices, empty_label=_("any"), label=_("State")
    )
    sla_status = django_filters.ChoiceFilter(
        choices=SlaStatus.choices,
        empty_label=_("any"),
        label=_("Response deadline"),
        help_text=_("on_track, due_soon, breached (no answer yet), met, late or closed."),
    )
    department = CodeFilter(
        queryset=_departments,
        method="filter_department",
        widget=_code_widget(),
        label=_("Department (either side)"),
    )
    initiating_department = CodeFilter(
        queryset=_departments, widget=_code_widget(), label=_("From department")
    )
    receiving_department = CodeFilter(
        queryset=_departments, widget=_code_widget(), label=_("To department")
    )
    submitted_from = django_filters.DateFilter(
        method="filter_submitted_from",
        widget=forms.DateInput(attrs={"type": "date"}),
        label=_("Filed on or after"),
    )
    submitted_until = django_filters.DateFilter(
        method="filter_submitted_until",
        widget=forms.DateInput(attrs={"type": "date"}),
        label=_("Filed on or before"),
    )
    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Search code or text"),
        help_text=_("The code, background, current situation or expectation."),
    )
    ordering = FeedbackOrderingFilter(
        fields=(
            ("submitted_at", "submitted_at"),
            ("response_due_at", "response_due_at"),
            ("urgency_rank", "urgency"),
        ),
        field_labels={
            "submitted_at": _("filing date"),
            "response_due_at": _("response due"),
            "urgency_rank": _("urgency"),
        },
        empty_label=_("newest first"),
        label=_("Sort by"),
    )

    class Meta:
        model = FeedbackForm
        fields = [
            "scope",
            "urgency",
            "kind",
            "status",
            "sla_status",
            "department",
            "initiating_department",
            "receiving_department",
            "submitted_from",
            "submitted_until",
            "search",
        ]

    def filter_scope(self, queryset, name, value):
        user = self.request.user
        if value == Scope.MINE:
            return queryset.filter(feedback_mine_q(user))
        if value == Scope.INBOX:
            return queryset.filter(feedback_inbox_q(user))
        if value == Scope.DEPARTMENT:
            return queryset.filter(feedback_of_my_departments_q(user))
        return queryset

    def filter_department(self, queryset, name, value):
        return queryset.filter(Q(initiating_department=value) | Q(receiving_department=value))

    def filter_submitted_from(self, queryset, name, value):
        return queryset.filter(submitted_at__gte=_start_of(value))

    def filter_submitted_until(self, queryset, name, value):
        return queryset.filter(submitted_at__lt=_start_of(value + dt.timedelta(days=1)))

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value)
            | Q(background__icontains=value)
            | Q(current_situation__icontains=value)
            | Q(expectation__icontains=value)
        )


# The periods a department's compliance figures cover, in days (the inbox page's select and
# the API's `days`); 90 when none is given.
COMPLIANCE_PERIODS = (30, 90, 180, 365)
DEFAULT_COMPLIANCE_DAYS = 90


class CompliancePeriodForm(forms.Form):
    """`?days=90` on the department inbox and the compliance API: a period from the list,
    anything else is a field error."""

    days = forms.TypedChoiceField(
        label=_("Period"),
        choices=lambda: [
            (days, gettext("last %(days)d days") % {"days": days}) for days in COMPLIANCE_PERIODS
        ],
        coerce=int,
        required=False,
        initial=DEFAULT_COMPLIANCE_DAYS,
        empty_value=DEFAULT_COMPLIANCE_DAYS,
    )


class ComplianceQueryForm(CompliancePeriodForm):
    """The compliance API's query: which department (by code, any case) and the period."""

    department = CodeChoiceField(queryset=Department.objects.all(), label=_("Department"))

    field_order = ["department", "days"]

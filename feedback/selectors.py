"""Permission-aware, N+1-free reads of feedback forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from collab.models import Department, RequiredSigner, SignatureRequest, User
from collab.selectors import departments_of_user

from .filters import DEFAULT_COMPLIANCE_DAYS, FeedbackFilter, urgency_rank_expression
from .models import (
    FeedbackActionItem,
    FeedbackAttachment,
    FeedbackForm,
    LogEntry,
    SlaPolicy,
    Urgency,
)
from .permissions import (
    FeedbackPermissions,
    department_inbox_allowed,
    feedback_permissions,
    feedback_visible_to,
)
from .signables import FEEDBACK_FORM
from .sla import SlaStatus, sla_status_expression


def feedback_list(user: User, *, now: dt.datetime | None = None) -> QuerySet[FeedbackForm]:
    """The forms `user` may see, newest first, with `sla_status` annotated (one query with
    the departments and people a list row shows)."""
    now = now or timezone.now()
    return (
        feedback_visible_to(user)
        .select_related(
            "initiating_department", "receiving_department", "initiator", "receiving_contact"
        )
        .annotate(sla_status=sla_status_expression(now))
        .order_by("-submitted_at", "-pk")
    )


def feedback_get_for_user(*, code: str, user: User) -> FeedbackForm:
    """The form with what its page shows (departments, people, log, attachments, action
    items) in a constant number of queries; 404 when not visible. Codes match in any case."""
    log = LogEntry.objects.select_related("author", "department").order_by("happened_at", "pk")
    items = FeedbackActionItem.objects.select_related(
        "action_item__owner", "action_item__department"
    ).order_by("action_item__due_date", "pk")
    form = (
        feedback_visible_to(user)
        .select_related(
            "initiating_department",
            "receiving_department",
            "initiator",
            "receiving_contact",
            "responsible_person",
            "acknowledged_by",
            "card",
            "escalated_card",
        )
        .prefetch_related(
            "involved_departments",
            Prefetch("log_entries", queryset=log),
            Prefetch("attachments", queryset=FeedbackAttachment.objects.order_by("pk")),
            Prefetch("action_item_links", queryset=items),
        )
        .filter(code=code.strip().upper())
        .first()
    )
    if form is None:
        raise Http404
    return form


def feedback_attachment_get(*, code: str, pk: int, user: User) -> FeedbackAttachment:
    """One attachment of a form `user` may see; 404 otherwise."""
    attachment = (
        FeedbackAttachment.objects.filter(
            pk=pk, form__code=code.strip().upper(), form__in=feedback_visible_to(user)
        )
        .only("pk", "file", "name", "size", "form_id")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def feedback_permissions_of(user: User, form: FeedbackForm) -> FeedbackPermissions:
    return feedback_permissions(user, form)


# --- lists, the department inbox and its figures ------------------------------------------

RECENTLY_RESOLVED = 10


def feedback_filterset(*, request, data) -> FeedbackFilter:
    """The feedback list filtered by `data` (a query dict): the page reads its form and
    errors, the API the same FilterSet through DjangoFilterBackend."""
    return FeedbackFilter(data or None, queryset=feedback_list(request.user), request=request)


def department_inbox_open(
    department: Department, *, now: dt.datetime | None = None
) -> QuerySet[FeedbackForm]:
    """The department's open forms (still owed an answer, work or a resolution), breached
    ones first, then by response deadline. One query."""
    now = now or timezone.now()
    breached_first = Case(
        When(sla_status=SlaStatus.BREACHED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        FeedbackForm.objects.filter(
            receiving_department=department, status__in=FeedbackForm.OPEN_STATUSES
        )
        .select_related(
            "initiating_department", "receiving_department", "initiator", "receiving_contact"
        )
        .annotate(sla_status=sla_status_expression(now))
        .order_by(breached_first, "response_due_at", "pk")
    )


def department_inbox_resolved(
    department: Department, *, limit: int = RECENTLY_RESOLVED
) -> list[FeedbackForm]:
    """The department's latest resolved or confirmed forms. One query."""
    return list(
        FeedbackForm.objects.filter(
            receiving_department=department,
            status__in=[FeedbackForm.Status.RESOLVED, FeedbackForm.Status.CONFIRMED],
        )
        .select_related(
            "initiating_department", "receiving_department", "initiator", "responsible_person"
        )
        .annotate(sla_status=sla_status_expression(timezone.now()))
        .order_by(F("resolved_at").desc(nulls_last=True), "-pk")[:limit]
    )


@dataclass(frozen=True)
class UrgencyCompliance:
    """How one urgency's first responses went for forms received in the period.

    `in_time` + `late` + `open_past_due` are the forms whose first-response deadline has
    passed or that were answered; `pending` were neither answered nor due yet.
    `percent_in_time` is `in_time` of those three, None when there are none."""

    urgency: str
    label: str
    received: int
    in_time: int
    late: int
    open_past_due: int
    pending: int

    @property
    def decided(self) -> int:
        return self.in_time + self.late + self.open_past_due

    @property
    def percent_in_time(self) -> int | None:
        if not self.decided:
            return None
        return round(100 * self.in_time / self.decided)


@dataclass(frozen=True)
class Satisfaction:
    average: float | None  # 1–5, one decimal; None when nothing was rated
    count: int


@dataclass(frozen=True)
class Compliance:
    department: Department
    days: int
    since: dt.datetime
    by_urgency: list[UrgencyCompliance]
    satisfaction: Satisfaction


def department_compliance(
    department: Department, *, days: int = DEFAULT_COMPLIANCE_DAYS, now: dt.datetime | None = None
) -> Compliance:
    """The department's response-time compliance by urgency and its average satisfaction,
    over the forms it received in the last `days` days: two aggregate queries whatever the
    number of forms. A form's first response (its acknowledgement) counts against its
    first-response deadline, so a later reopening changes nothing here."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=days)
    received = FeedbackForm.objects.filter(receiving_department=department, submitted_at__gte=since)
    answered = Q(first_response_at__isnull=False)
    in_time = answered & Q(first_response_at__lte=F("first_response_due_at"))
    late = answered & Q(first_response_at__gt=F("first_response_due_at"))
    past_due = Q(first_response_at__isnull=True, first_response_due_at__lte=now)
    rows = {
        row["urgency"]: row
        for row in received.values("urgency")
        .annotate(
            received=Count("pk"),
            in_time=Count("pk", filter=in_time),
            late=Count("pk", filter=late),
            open_past_due=Count("pk", filter=past_due),
        )
        .order_by()
    }
    by_urgency = []
    for urgency in Urgency:
        row = rows.get(urgency.value, {})
        counts = {
            name: row.get(name, 0) for name in ("received", "in_time", "late", "open_past_due")
        }
        by_urgency.append(
            UrgencyCompliance(
                urgency=urgency.value,
                label=str(urgency.label),
                pending=counts["received"]
                - counts["in_time"]
                - counts["late"]
                - counts["open_past_due"],
                **counts,
            )
        )
    rated = received.filter(status=FeedbackForm.Status.CONFIRMED, satisfaction__isnull=False)
    figures = rated.aggregate(average=Avg("satisfaction"), count=Count("pk"))
    average = figures["average"]
    return Compliance(
        department=department,
        days=days,
        since=since,
        by_urgency=by_urgency,
        satisfaction=Satisfaction(
            average=None if average is None else round(float(average), 1),
            count=figures["count"],
        ),
    )


def department_get_for_inbox(*, code: str, user: User) -> Department:
    """The department whose inbox `user` may open (by code, any case); 404 otherwise."""
    department = Department.objects.filter(code__iexact=code.strip()).first()
    if department is None or not department_inbox_allowed(user, department):
        raise Http404
    return department


def inbox_departments_of(user: User) -> list[Department]:
    """The departments whose inbox the user may open, for the list page's links (one
    query; administrators get none here, they reach any inbox by its address)."""
    return list(departments_of_user(user).filter(is_active=True).order_by("code"))


def sla_policies() -> QuerySet[SlaPolicy]:
    """The SLA policy, normal to critical."""
    return SlaPolicy.objects.annotate(rank=urgency_rank_expression()).order_by("rank", "pk")


def signature_awaiting(form: FeedbackForm, user: User) -> int | None:
    """The id of the form's signature request if `user` still has to sign it (the header's
    one-click "Sign now"); one query, and none before the form is confirmed."""
    if form.status != FeedbackForm.Status.CONFIRMED:
        return None
    return (
        RequiredSigner.objects.filter(
            request__object_id=form.pk,
            request__document_type=FEEDBACK_FORM,
            request__status=SignatureRequest.Status.PENDING,
            user=user,
            signature__isnull=True,
        )
        .values_list("request_id", flat=True)
        .first()
    )

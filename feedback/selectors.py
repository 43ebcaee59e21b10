"""Permission-aware, N+1-free reads of feedback forms."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from collab.models import User

from .models import FeedbackActionItem, FeedbackAttachment, FeedbackForm, LogEntry
from .permissions import FeedbackPermissions, feedback_permissions, feedback_visible_to
from .sla import sla_status_expression


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

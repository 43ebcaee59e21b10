"""What feedback forms ask of a person, for "My work" and the API's inbox (see
collab.inbox): forms to answer and forms to rate. Each source reads its rows with one query
and counts them with one more. Signatures on confirmed forms arrive through the sign-off
engine's own source (feedback/signables.py gives their title and link)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from collab.inbox import InboxEntry, InboxSource, register_inbox_source
from collab.models import User

from .filters import awaiting_answer_q, feedback_inbox_q
from .models import FeedbackForm


def _form_url(form: FeedbackForm, tab: str = "") -> str:
    url = reverse("feedback:feedback-detail", args=[form.code])
    return f"{url}?tab={tab}" if tab else url


def _kind(form: FeedbackForm) -> str:
    return form.kind_other if form.kind == FeedbackForm.Kind.OTHER else form.get_kind_display()


# --- forms to answer --------------------------------------------------------------------------


def _to_answer(user: User):
    """Forms still owed their (current) response, received by a department whose head or
    contact I am, or naming me as receiving contact: the SLA's "awaiting" rule."""
    return FeedbackForm.objects.filter(feedback_inbox_q(user), awaiting_answer_q())


def answer_entries(user: User) -> list[InboxEntry]:
    rows = (
        _to_answer(user).select_related("initiating_department").order_by("response_due_at", "pk")
    )
    return [
        InboxEntry(
            kind="feedback.answer",
            label=_("Answer a feedback form"),
            title=f"{form.code} {_kind(form)}",
            url=_form_url(form),
            deadline=form.response_due_at,
            action_label=_("Answer"),
            detail=_("from %(department)s · %(urgency)s")
            % {"department": form.initiating_department, "urgency": form.get_urgency_display()},
        )
        for form in rows
    ]


# --- forms to rate ----------------------------------------------------------------------------


def _to_rate(user: User):
    """My forms resolved and waiting for my rating (the `rate` rule's moment)."""
    return FeedbackForm.objects.filter(initiator=user, status=FeedbackForm.Status.RESOLVED)


def rate_entries(user: User) -> list[InboxEntry]:
    rows = _to_rate(user).select_related("receiving_department").order_by("resolved_at", "pk")
    return [
        InboxEntry(
            kind="feedback.rate",
            label=_("Rate the answer to your feedback form"),
            title=f"{form.code} {_kind(form)}",
            url=_form_url(form, "result"),
            action_label=_("Rate"),
            detail=_("resolved by %(department)s on %(when)s")
            % {
                "department": form.receiving_department,
                "when": date_format(
                    timezone.localtime(form.resolved_at or form.submitted_at),
                    "SHORT_DATETIME_FORMAT",
                ),
            },
        )
        for form in rows
    ]


SOURCES = [
    InboxSource("feedback.answer", answer_entries, lambda u: _to_answer(u).count()),
    InboxSource("feedback.rate", rate_entries, lambda u: _to_rate(u).count()),
]


def register_sources() -> None:
    for source in SOURCES:
        register_inbox_source(source)

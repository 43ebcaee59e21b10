"""The card page's "Feedback forms" panel (registered with tasks.card_panels): the form the
card was drafted from ("From feedback form FB-…") and the forms that name the card as
their related item. Two queries, whatever the card holds."""

from django.db.models import BooleanField, Case, Q, Value, When
from django.template.loader import render_to_string

from tasks.card_panels import register_card_panel

from . import selectors

CARD_PANEL_ROWS = 10


def card_feedback_forms(card, user) -> list:
    """The forms about `card` that `user` may see, the one it was drafted from first, then
    the newest; each with `sla_status` annotated."""
    rows = (
        selectors.feedback_list(user)
        .filter(Q(escalated_card=card) | Q(card=card))
        .annotate(
            is_source=Case(
                When(escalated_card=card, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-is_source", "-submitted_at", "-pk")
    )
    return list(rows[: CARD_PANEL_ROWS + 2])  # the source, the rows, one more


def feedback_panel(request, card) -> str:
    forms = card_feedback_forms(card, request.user)
    if not forms:
        return ""
    source = forms[0] if forms[0].is_source else None
    related = forms[1:] if source else forms
    return render_to_string(
        "feedback/_card_panel.html",
        {
            "card": card,
            "source": source,
            "related": related[:CARD_PANEL_ROWS],
            "more": len(related) > CARD_PANEL_ROWS,
        },
        # No request: the context processors (navigation, unread count) would query again.
    )


def register_card_panels() -> None:
    register_card_panel(feedback_panel)

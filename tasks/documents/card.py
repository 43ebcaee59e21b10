"""The task card as a printable form (PDF)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation

from collab.documents import formatted_code, render_unsigned_pdf

from .. import selectors
from ..models import Card
from .common import (
    CARD_TITLE,
    with_people,
)


def card_pdf(card: Card, *, language: str) -> bytes:
    """The card as a printable form, as it stands now: what was agreed, the action items,
    risks, each department's latest progress and the goal letter's signing state."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        with_people(card)
        participations = selectors.card_participations(card)
        letters = selectors.goal_letter_requests(card)
        context = {
            "card": card,
            "participations": participations,
            "milestones": list(card.milestones.order_by("due_date", "pk")),
            "items": selectors.card_action_items(card),
            "risks": list(selectors.card_risks(card)),
            "latest_progress": selectors.latest_progress(card, participations),
            "goal_letters": [
                {
                    "request": letter,
                    "signed": letter.signed_count,
                    "places": letter.place_count,
                    "code": formatted_code(letter.verification_code),
                }
                for letter in letters
            ],
        }
        return render_unsigned_pdf(
            template="tasks/documents/card.html",
            context=context,
            title=CARD_TITLE,
            code=card.code,
            # The card's content version is the latest goal letter's.
            version=letters[-1].version if letters else "",
            language=language,
        )

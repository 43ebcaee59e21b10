"""What the task documents share: their language, titles and the card's people loaded once."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy

from ..models import Card

# The language of the documents the company files (the retrospective report, the archive).
DOCUMENT_LANGUAGE = "zh-hans"
CARD_TITLE = gettext_lazy("Task card")
RETROSPECTIVE_TITLE = gettext_lazy("Retrospective report")
NO_RETROSPECTIVE_YET = gettext_lazy("The retrospective report exists once the card is closed.")


def with_people(card: Card) -> None:
    """Load the card's people and departments in one go (skipped where already loaded)."""
    prefetch_related_objects(
        [card],
        "initiating_department",
        "initiator",
        "lead",
        "tracker",
        "acceptance_user",
        "acceptance_department",
    )

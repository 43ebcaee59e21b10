"""What the task documents share: their language, titles and the card's people loaded once."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.utils import translation
from django.utils.translation import gettext_lazy

from collab.errors import RuleViolation

from ..models import Card

# The language of the documents the company files (the retrospective report, the archive).
DOCUMENT_LANGUAGE = "zh-hans"
CARD_TITLE = gettext_lazy("Task card")
RETROSPECTIVE_TITLE = gettext_lazy("Retrospective report")
NO_RETROSPECTIVE_YET = gettext_lazy("The retrospective report exists once the card is closed.")


def document_language(requested: str | None) -> str:
    """The language a document download asks for with `?lang=` ("en", "zh-hans"), else the
    active one (the person's, or Accept-Language). An unknown code is a field error."""
    if not requested:
        return translation.get_language()
    try:
        return translation.get_supported_language_variant(requested)
    except LookupError:
        raise RuleViolation(
            gettext_lazy("Ask for English (en) or Simplified Chinese (zh-hans)."), field="lang"
        ) from None


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

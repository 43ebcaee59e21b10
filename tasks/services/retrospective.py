"""The retrospective report's stored copies, one per language.

The copy filed at close (Card.retrospective_pdf) is in the company's document language;
a copy in another language is rendered on its first download and kept beside it: a closed
card no longer changes, so neither does its report.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.utils import translation

from collab.errors import InvalidState
from collab.uploads import stored_file_save

from ..documents import DOCUMENT_LANGUAGE, NO_RETROSPECTIVE_YET, retrospective_report_pdf
from ..models import Card


def _copy_name(filed_name: str, language: str) -> str:
    path = PurePosixPath(filed_name)
    return str(path.with_name(f"{path.stem}-{language}{path.suffix}"))


def retrospective_report_stored(*, card: Card, language: str) -> FieldFile:
    """The closed card's retrospective report in `language` (a supported language code),
    as a stored file. Raises InvalidState while the card has no report yet."""
    if not card.retrospective_pdf:
        raise InvalidState(NO_RETROSPECTIVE_YET)
    language = translation.get_supported_language_variant(language)
    if language == DOCUMENT_LANGUAGE:
        return card.retrospective_pdf
    field = Card._meta.get_field("retrospective_pdf")
    copy = FieldFile(card, field, _copy_name(card.retrospective_pdf.name, language))
    if copy.storage.exists(copy.name):
        return copy
    # Saved through a scratch instance, so that `card` keeps naming the filed copy. Two
    # first downloads at once may both render; the storage keeps both, harmlessly.
    stored = FieldFile(Card(), field, None)
    pdf = retrospective_report_pdf(card, language=language)
    stored_file_save(stored, copy.name, ContentFile(pdf))
    return stored

"""A closed card's whole file as one ZIP: letters, card, report, deliverables, index.

It asks collab's generated-document service for the signed goal-letter PDFs (the service
stores what it renders); other apps add their documents through register_archive_provider.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from collab import services as collab_services
from collab.models import SignatureRequest

from .. import selectors
from ..models import Card
from .card import card_pdf
from .common import (
    DOCUMENT_LANGUAGE,
    with_people,
)
from .retrospective import retrospective_report_pdf

ARCHIVED_LETTER_STATUSES = (
    SignatureRequest.Status.APPROVED,
    SignatureRequest.Status.REJECTED,
    SignatureRequest.Status.PENDING,
)


@dataclass(frozen=True)
class ArchiveEntry:
    """One file of a card's archive. `name` is its path in the ZIP ("folder/file.pdf");
    `content` None means the file is on record but missing from storage."""

    name: str
    description: str
    content: bytes | None


ArchiveProvider = Callable[[Card], Iterable[ArchiveEntry]]

# What other apps keep about a card (a meeting's minutes, a feedback form) joins the
# archive through a provider they register here, from their AppConfig.ready():
# tasks never imports them.
ARCHIVE_PROVIDERS: list[ArchiveProvider] = []


def register_archive_provider(provider: ArchiveProvider) -> ArchiveProvider:
    if provider not in ARCHIVE_PROVIDERS:
        ARCHIVE_PROVIDERS.append(provider)
    return provider


def _read(field_file) -> bytes | None:
    try:
        with field_file.open("rb") as stored:
            return stored.read()
    except OSError:  # FileNotFoundError, or storage that cannot be reached
        return None


def _goal_letter_entries(card: Card) -> Iterable[ArchiveEntry]:
    """Every decided or pending version of the goal letter, as the stored signed PDF."""
    for request in selectors.goal_letter_requests(card, statuses=ARCHIVED_LETTER_STATUSES):
        generated = collab_services.generated_document_get_or_render(
            request=request, language=DOCUMENT_LANGUAGE
        )
        yield ArchiveEntry(
            name=f"goal-letter/{card.code}-goal-letter-v{request.version}-{request.status}.pdf",
            description=_("Goal confirmation letter, version %(version)s: %(status)s")
            % {"version": request.version, "status": request.get_status_display()},
            content=_read(generated.file),
        )


def _retrospective_entry(card: Card) -> Iterable[ArchiveEntry]:
    stored = _read(card.retrospective_pdf) if card.retrospective_pdf else None
    if card.status == Card.Status.CLOSED:
        description = _("Retrospective report")
    else:
        description = _("Retrospective report, interim: the card is not closed")
    yield ArchiveEntry(
        name=f"{card.code}-retrospective-report.pdf",
        description=description,
        content=stored if stored is not None else retrospective_report_pdf(card),
    )


def _card_entry(card: Card) -> Iterable[ArchiveEntry]:
    yield ArchiveEntry(
        name=f"{card.code}-card.pdf",
        description=_("Task card as of %(date)s") % {"date": timezone.localdate().isoformat()},
        content=card_pdf(card, language=DOCUMENT_LANGUAGE),
    )


def _item_output_entries(card: Card) -> Iterable[ArchiveEntry]:
    for item in selectors.card_action_items(card):
        if not item.output_file:
            continue
        yield ArchiveEntry(
            name=f"action-items/{item.pk}-{PurePosixPath(item.output_file.name).name}",
            description=_("Output of action item “%(title)s” (%(owner)s, %(department)s)")
            % {"title": item.title, "owner": item.owner.name, "department": item.department},
            content=_read(item.output_file),
        )


BUILT_IN_PROVIDERS: list[ArchiveProvider] = [
    _goal_letter_entries,
    _retrospective_entry,
    _card_entry,
    _item_output_entries,
]


def _safe_name(name: str, taken: set[str]) -> str:
    """A relative path without "..", unique within the archive."""
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".", "..")]
    clean = "/".join(parts) or "file"
    candidate, number = clean, 1
    while candidate in taken:
        number += 1
        path = PurePosixPath(clean)
        candidate = str(path.with_name(f"{path.stem}-{number}{path.suffix}"))
    taken.add(candidate)
    return candidate


def card_archive(card: Card) -> bytes:
    """A ZIP of everything on file for the card: each version of the goal letter, the
    retrospective report, the card itself, the action items' output files, what other
    apps register, and an index.html that says what each file is."""
    with translation.override(DOCUMENT_LANGUAGE), timezone.override(settings.TIME_ZONE):
        with_people(card)
        taken = {"index.html"}
        present, missing = [], []
        for provider in [*BUILT_IN_PROVIDERS, *ARCHIVE_PROVIDERS]:
            for entry in provider(card):
                if entry.content is None:
                    missing.append(f"{entry.name}: {entry.description}")
                    continue
                present.append(
                    {
                        "name": _safe_name(entry.name, taken),
                        "description": entry.description,
                        "content": entry.content,
                        "size": len(entry.content),
                        "sha256": hashlib.sha256(entry.content).hexdigest(),
                    }
                )
        now = timezone.localtime()
        index = render_to_string(
            "tasks/documents/archive_index.html",
            {
                "card": card,
                "company_name": settings.COMPANY_NAME,
                "generated_at": now,
                "entries": present,
                "missing": missing,
            },
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in [
            ("index.html", index.encode()),
            *((entry["name"], entry["content"]) for entry in present),
        ]:
            # ZIP keeps local wall-clock times: the company's.
            info = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()

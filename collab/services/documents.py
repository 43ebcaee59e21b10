"""Stored PDFs of signable documents, rebuilt only when what they show changes."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from .. import signables
from ..documents import document_html, render_pdf
from ..models import GeneratedDocument, SignatureRequest
from ..uploads import stored_file_save


def generated_document_find(
    *, request: SignatureRequest, language: str
) -> tuple[GeneratedDocument | None, str]:
    """The stored PDF for the document's current state, if any, and that state's hash.

    The state is the rendered HTML: content, signatures, validity and language.
    """
    html = document_html(request, language=language)
    state_hash = hashlib.sha256(html.encode()).hexdigest()
    existing = GeneratedDocument.objects.filter(request=request, state_hash=state_hash).first()
    return existing, state_hash


def generated_document_get_or_render(
    *, request: SignatureRequest, language: str
) -> GeneratedDocument:
    """The PDF of the document as it stands now, rendering and storing it if needed."""
    existing, state_hash = generated_document_find(request=request, language=language)
    if existing is not None:
        return existing
    pdf = render_pdf(document_html(request, language=language))
    generated = GeneratedDocument(
        request=request, state_hash=state_hash, file_sha256=hashlib.sha256(pdf).hexdigest()
    )
    name = f"{request.document_code}-v{request.version}-{language}-{state_hash[:12]}.pdf"
    stored_file_save(generated.file, name, ContentFile(pdf))
    try:
        with transaction.atomic():
            generated.save()
    except IntegrityError:
        # Another worker stored the same state first; theirs is identical.
        generated.file.delete(save=False)
        return GeneratedDocument.objects.get(request=request, state_hash=state_hash)
    return generated


def generated_document_for_download(
    *, request: SignatureRequest, language: str
) -> GeneratedDocument | None:
    """The PDF to hand out now: light documents render at once; a heavy one is queued for a
    worker (after commit) and None is returned until it is stored."""
    if not signables.get(request.document_type).heavy:
        return generated_document_get_or_render(request=request, language=language)
    existing, _state_hash = generated_document_find(request=request, language=language)
    if existing is None:
        from ..jobs import render_signed_document

        transaction.on_commit(lambda: render_signed_document.delay(request.pk, language))
    return existing

"""A card's documents and an item's output file, downloaded as attachments by those who may
see the card or item (404 for the others)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from collab.errors import RuleViolation
from collab.views.helpers import attachment, file_attachment

from .. import documents, selectors, services
from ..permissions import card_require


def _language(request) -> str:
    """`?lang=` or the person's language; a link with an unknown language leads nowhere."""
    try:
        return documents.document_language(request.GET.get("lang"))
    except RuleViolation as error:
        raise Http404 from error


@login_required
def card_pdf(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    content = documents.card_pdf(card, language=_language(request))
    return attachment(content, f"{card.code}.pdf", "application/pdf")


@login_required
def retrospective_pdf(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    if not card.retrospective_pdf:
        raise Http404
    language = _language(request)
    try:
        stored = services.retrospective_report_stored(card=card, language=language)
    except RuleViolation as error:  # e.g. the media folder cannot be written
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("tasks:card-detail", args=[card.code]) + "?tab=documents")
    return file_attachment(
        request, stored, f"{card.code}-retrospective-{language}.pdf", "application/pdf"
    )


@login_required
def card_archive(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    try:
        card_require(request.user, card, "download_archive")
    except RuleViolation as error:
        raise Http404 from error
    return attachment(documents.card_archive(card), f"{card.code}-archive.zip", "application/zip")


@login_required
def action_item_output_file(request, pk):
    item = selectors.action_item_get_for_user(pk=pk, user=request.user)
    if not item.output_file:
        raise Http404
    name = item.output_file.name.rsplit("/", 1)[-1]
    return file_attachment(request, item.output_file, name, "application/octet-stream")

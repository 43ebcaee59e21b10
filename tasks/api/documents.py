"""Documents of a card over the API: the card PDF, the retrospective report, the archive.

Each answers the file as an attachment (`Accept: application/pdf` or `application/zip`, or
anything), or a JSON error; the card is found through the selector, so outsiders get 404.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer

from collab.api.downloads import PdfRenderer, ZipRenderer
from collab.views.helpers import attachment, file_attachment

from .. import documents, services
from ..permissions import card_require

PDF = {(200, "application/pdf"): OpenApiResponse(description="The PDF, as an attachment.")}
ZIP = {(200, "application/zip"): OpenApiResponse(description="The ZIP, as an attachment.")}
LANG = OpenApiParameter(
    "lang",
    str,
    enum=["en", "zh-hans"],
    description="The document's language; the caller's (Accept-Language) when left out.",
)


class CardDocumentActions:
    """For CardViewSet: the card's documents as files."""

    @extend_schema(responses=PDF, parameters=[LANG])
    @action(detail=True, methods=["get"], renderer_classes=[PdfRenderer, JSONRenderer])
    def pdf(self, request, code=None):
        """The task card as a PDF, in the language asked for or the caller's."""
        card = self.get_object()
        language = documents.document_language(request.query_params.get("lang"))
        content = documents.card_pdf(card, language=language)
        return attachment(content, f"{card.code}.pdf", "application/pdf")

    @extend_schema(responses=PDF, parameters=[LANG])
    @action(
        detail=True,
        methods=["get"],
        url_path="retrospective-pdf",
        renderer_classes=[PdfRenderer, JSONRenderer],
    )
    def retrospective_pdf(self, request, code=None):
        """The retrospective report (协同复盘报告), once the card is closed, in the language
        asked for or the caller's."""
        card = self.get_object()
        language = documents.document_language(request.query_params.get("lang"))
        stored = services.retrospective_report_stored(card=card, language=language)
        return file_attachment(
            request, stored, f"{card.code}-retrospective-{language}.pdf", "application/pdf"
        )

    @extend_schema(responses=ZIP)
    @action(detail=True, methods=["get"], renderer_classes=[ZipRenderer, JSONRenderer])
    def archive(self, request, code=None):
        """The closed card's whole file: letters, card PDF, report, deliverables, index."""
        card = self.get_object()
        card_require(request.user, card, "download_archive")
        return attachment(
            documents.card_archive(card), f"{card.code}-archive.zip", "application/zip"
        )

"""The feedback form PDF and "turn into a card" over the API.

The form is found through the selector (404 for whoever may not see it); each action calls
the same code as the page, so the rules, refusals and files are the same.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from collab.api.downloads import DownloadMixin, PdfRenderer
from collab.api.schema import action_schema

from .. import selectors, services
from ..documents import document_language
from ..models import FeedbackForm
from ..permissions import FEEDBACK_RULES
from ..views.documents import feedback_pdf_response


class EscalatedCardSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("The new card's code, e.g. TC-2026-0001."))
    title = serializers.CharField()
    status = serializers.CharField(help_text=_("Always “draft”: the card is edited, then sent."))
    url = serializers.CharField(help_text=_("The card in the API."))
    page_url = serializers.CharField(help_text=_("The card's edit page."))


LANG = OpenApiParameter(
    "lang", str, enum=["en", "zh-hans"], description="The PDF's language; the caller's if left out."
)
PDF = {(200, "application/pdf"): OpenApiResponse(description="The PDF, as an attachment.")}


class FeedbackDocumentActions(DownloadMixin):
    """The `pdf` and `to-card` actions of FeedbackViewSet."""

    # Lets the schema know the object behind `{code}`; the objects come from the selector.
    queryset = FeedbackForm.objects.none()

    def _form(self, code):
        return selectors.feedback_get_for_user(code=code, user=self.request.user)

    @extend_schema(responses=PDF, parameters=[LANG])
    @action(detail=True, methods=["get"], renderer_classes=[PdfRenderer, JSONRenderer])
    def pdf(self, request, code=None):
        """The feedback form PDF (`?lang=`): the archived signed copy once both heads have
        signed, else the form as it stands now."""
        form = self._form(code)
        language = document_language(request.query_params.get("lang"))
        return feedback_pdf_response(request, form, language)

    @action_schema(
        who=str(FEEDBACK_RULES["escalate"].not_you),
        request=None,
        responses={201: EscalatedCardSerializer},
    )
    @action(detail=True, methods=["post"], url_path="to-card")
    def to_card(self, request, code=None):
        """Turn the form into a draft task card pre-filled from it (title from the type and
        code; background, goal and scope from the three descriptions; the receiving and
        involved departments take part), linked both ways. Refused (409) once the form is
        confirmed or already turned into a card."""
        card = services.feedback_escalate(form=self._form(code), by=request.user)
        data = {
            "code": card.code,
            "title": card.title,
            "status": card.status,
            "url": request.build_absolute_uri(reverse("api-card-detail", args=[card.code])),
            "page_url": request.build_absolute_uri(reverse("tasks:card-edit", args=[card.code])),
        }
        return Response(EscalatedCardSerializer(data).data, status=status.HTTP_201_CREATED)

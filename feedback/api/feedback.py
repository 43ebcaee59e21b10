"""Feedback forms over the API, addressed by code (`/api/v1/feedback/FB-2026-0001/`, any
case).

The read side (list, retrieve) lives here; each sub-domain adds its actions through a
mixin of its own module."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from collab.api.mixins import ValidateMixin

from .. import selectors
from ..models import FeedbackForm
from .documents import FeedbackDocumentActions
from .filing import FeedbackFilingActions
from .responses import FeedbackResponseActions
from .serializers import FeedbackDetailSerializer, FeedbackSerializer


class FeedbackViewSet(
    FeedbackFilingActions,
    FeedbackResponseActions,
    FeedbackDocumentActions,
    ValidateMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Feedback forms the caller may see (their departments' forms, sent, received or
    involved in; forms they filed, answer for or resolved; forms that gave them an action
    item). Newest first."""

    # For the schema only; get_queryset() decides what a caller sees.
    queryset = FeedbackForm.objects.none()
    lookup_field = "code"
    lookup_value_regex = r"[^/.]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.feedback_list(self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return FeedbackSerializer
        return FeedbackDetailSerializer

    def get_object(self):
        return selectors.feedback_get_for_user(code=self.kwargs["code"], user=self.request.user)

    @extend_schema(responses=FeedbackDetailSerializer)
    def retrieve(self, request, code=None):
        return Response(
            FeedbackDetailSerializer(self.get_object(), context=self.get_serializer_context()).data
        )

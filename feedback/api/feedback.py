"""Feedback forms over the API, addressed by code (`/api/v1/feedback/FB-2026-0001/`, any
case).

The read side (list, retrieve) lives here; each sub-domain adds its actions through a
mixin of its own module."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from collab.api.mixins import ValidateMixin

from .. import selectors
from ..filters import FeedbackFilter
from ..models import FeedbackForm
from .documents import FeedbackDocumentActions
from .filing import FeedbackFilingActions
from .lists import FeedbackListActions
from .responses import FeedbackResponseActions
from .serializers import FeedbackDetailSerializer, FeedbackSerializer


class FeedbackViewSet(
    FeedbackFilingActions,
    FeedbackResponseActions,
    FeedbackDocumentActions,
    FeedbackListActions,
    ValidateMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Feedback forms the caller may see (their departments' forms, sent, received or
    involved in; forms they filed, answer for or resolved; forms that gave them an action
    item). Newest first.

    Filters, the list page's: scope (mine: filed by me; inbox: received by a department I
    am head or contact of, or naming me as receiving contact; department: my departments
    sent or received it; all), urgency, kind, status, sla_status (on_track, due_soon,
    breached, met, late, closed), department (code, either side), initiating_department,
    receiving_department, submitted_from / submitted_until (dates, company time zone),
    search (code, background, current situation, expectation); `ordering` by
    submitted_at, response_due_at or urgency, `-` for descending. An unknown filter value
    is a 400.
    """

    # For the schema only; get_queryset() decides what a caller sees.
    queryset = FeedbackForm.objects.none()
    lookup_field = "code"
    lookup_value_regex = r"[^/.]+"
    filterset_class = FeedbackFilter
    filter_backends = [DjangoFilterBackend]

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

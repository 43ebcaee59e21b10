"""Meetings over the API, addressed by code (`/api/v1/meetings/MT-2026-0001/`, any case).

The read side (list with filters, retrieve) lives here; each sub-domain adds its actions
through a mixin of its own module."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from collab.api.mixins import ValidateMixin

from .. import selectors
from ..filters import MeetingFilter
from ..models import Meeting
from .calling import MeetingCallingActions
from .documents import MeetingDocumentActions
from .minutes import MeetingMinutesActions
from .serializers import MeetingDetailSerializer, MeetingSerializer


class MeetingViewSet(
    MeetingCallingActions,
    MeetingMinutesActions,
    MeetingDocumentActions,
    ValidateMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Meetings the caller may see (host, recorder, whoever called it, invitees and their
    deputies, the invited departments' people, those who see its card, decision makers).

    Filters: scope (mine, department, all), when (upcoming, past), status, minutes
    (not_due, due, overdue, published), kind, card (code), starts_from / starts_until
    (dates), search (code and topic); `ordering` by starts_at, minutes_due or code, `-` for
    descending. Without filters: every visible meeting, soonest first. An unknown filter
    value is a 400.
    """

    # For the schema only; get_queryset() decides what a caller sees.
    queryset = Meeting.objects.none()
    lookup_field = "code"
    lookup_value_regex = r"[^/.]+"
    filterset_class = MeetingFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.meeting_list(self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return MeetingSerializer
        return MeetingDetailSerializer

    def get_object(self):
        return selectors.meeting_get_for_user(code=self.kwargs["code"], user=self.request.user)

    @extend_schema(responses=MeetingDetailSerializer)
    def retrieve(self, request, code=None):
        return Response(
            MeetingDetailSerializer(self.get_object(), context=self.get_serializer_context()).data
        )

"""An action item's delay notices over the API: a resource under the item."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from collab.api.idempotency import IdempotentCreateMixin
from collab.api.mixins import NestedMixin, ValidateMixin
from collab.api.schema import action_schema
from collab.converters import ID_PATTERN

from .. import selectors, services
from ..models import DelayNotice
from ..permissions import ITEM_RULES, describe
from .items import DelayNoticeSerializer


class DelayNoticeInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, label=_("reason"))
    new_due_date = serializers.DateField(label=_("new expected date"))


@extend_schema(
    parameters=[
        OpenApiParameter("action_item_pk", int, OpenApiParameter.PATH, description=_("The item."))
    ]
)
class DelayNoticeViewSet(
    IdempotentCreateMixin,
    NestedMixin,
    ValidateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """An item's delay notices, newest first. Whoever cannot see the item gets 404 here too."""

    queryset = DelayNotice.objects.none()
    serializer_class = DelayNoticeSerializer
    filter_backends = []
    lookup_value_regex = ID_PATTERN

    def get_parent(self):
        return selectors.action_item_get_for_user(
            pk=self.kwargs["action_item_pk"], user=self.request.user
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.delay_notices_of(self.parent)

    @action_schema(
        who=describe(ITEM_RULES["file_delay_notice"]),
        request=DelayNoticeInputSerializer,
        responses={201: DelayNoticeSerializer},
    )
    def create(self, request, action_item_pk=None):
        """File a delay notice: reason and new date; the due date moves when acknowledged."""
        item = self.parent  # 404 before anything else for those who may not see it
        data = self.validated(DelayNoticeInputSerializer)
        notice = services.delay_notice_file(item=item, by=request.user, **data)
        return self.respond(DelayNoticeSerializer, notice, status.HTTP_201_CREATED)

    @action_schema(
        who=describe(ITEM_RULES["acknowledge_delay_notice"]),
        request=None,
        responses=DelayNoticeSerializer,
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, action_item_pk=None, pk=None):
        """Acknowledge the notice; the item's due date moves to the new date now."""
        notice = get_object_or_404(self.get_queryset(), pk=pk)
        notice = services.delay_notice_acknowledge(notice=notice, by=request.user)
        return self.respond(DelayNoticeSerializer, notice)

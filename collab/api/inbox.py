"""API for "My work": everything awaiting the caller, as the home page lists it."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets

from collab.inbox import inbox_entries, inbox_kinds

from .pagination import PageNumberPagination


class EntryPaginator(Paginator):
    """Pages of a list already in memory: its length is the exact count."""

    count_is_estimate = False


class InboxPagination(PageNumberPagination):
    django_paginator_class = EntryPaginator


class InboxEntrySerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text=_('What kind of entry: "<app>.<what>", e.g. "collab.signature".')
    )
    label = serializers.CharField(help_text=_("What is asked, in the caller's language."))
    title = serializers.CharField(help_text=_("Of what: the card, document or item."))
    url = serializers.SerializerMethodField(help_text=_("The page where it is done."))
    deadline = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()
    all_day = serializers.BooleanField(
        help_text=_("The deadline is the end of a due date (action items): count it in days.")
    )
    time_left = serializers.CharField(
        help_text=_('"due in 2 days" or "3 days overdue"; empty without a deadline.')
    )
    action_label = serializers.CharField(help_text=_('The one-click action, e.g. "Sign".'))
    action_url = serializers.SerializerMethodField(
        help_text=_("Where the action is taken: the page, at its panel.")
    )
    detail = serializers.CharField()

    def get_url(self, entry) -> str:
        return self._absolute(entry.url)

    def get_action_url(self, entry) -> str:
        return self._absolute(entry.action_href)

    def _absolute(self, path):
        http_request = self.context.get("request")
        return http_request.build_absolute_uri(path) if http_request else path


class InboxQuerySerializer(serializers.Serializer):
    kind = serializers.CharField(required=False)

    def validate_kind(self, value):
        if value not in inbox_kinds():
            raise serializers.ValidationError(
                _("Unknown kind; one of: %(kinds)s.") % {"kinds": ", ".join(inbox_kinds())},
                code="invalid_choice",
            )
        return value


class InboxViewSet(viewsets.GenericViewSet):
    """What awaits the caller: signatures, confirmations, decisions, delay notices, risks to
    coordinate and their own open action items, soonest deadline first (overdue ones lead),
    those without a deadline last."""

    serializer_class = InboxEntrySerializer
    pagination_class = InboxPagination
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                description=str(_('Only entries of this kind, e.g. "tasks.confirmation".')),
            )
        ]
    )
    def list(self, request):
        query = InboxQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        entries = inbox_entries(request.user)
        if kind := query.validated_data.get("kind"):
            entries = [entry for entry in entries if entry.kind == kind]
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_queryset(self):  # the entries are no queryset; list() gathers them
        return []

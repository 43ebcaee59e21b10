"""Action items over the API (their delay notices: tasks/api/delay_notices.py)."""

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from collab.api.downloads import DownloadMixin, OctetStreamRenderer
from collab.api.fields import CodeRelatedField
from collab.api.idempotency import IdempotentCreateMixin
from collab.api.mixins import ValidateMixin
from collab.api.schema import action_schema
from collab.api.serializers import UserBriefSerializer, UserRefField
from collab.converters import ID_PATTERN
from collab.uploads import UPLOAD_HELP
from collab.views.helpers import file_attachment

from .. import selectors, services
from ..filters import ActionItemFilter
from ..models import ActionItem, Card, DelayNotice, Priority
from ..permissions import CARD_RULES, ITEM_RULES, describe
from .cards import active_departments, active_people
from .recurrence import OccurrenceSerializer, RecurrenceActionsMixin, RecurrenceSerializer
from .serializers import ActionItemStatusField, absolute, item_with_details


class DelayNoticeSerializer(serializers.ModelSerializer):
    filed_by = UserBriefSerializer(read_only=True)
    acknowledged_by = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = DelayNotice
        fields = [
            "id",
            "action_item",
            "reason",
            "new_due_date",
            "previous_due_date",
            "filed_by",
            "filed_at",
            "is_late",
            "acknowledged_by",
            "acknowledged_at",
        ]


class ItemPermissionsSerializer(serializers.Serializer):
    """What the caller can do with the item now (tasks.permissions decides)."""

    can_edit = serializers.BooleanField()
    can_withdraw = serializers.BooleanField()
    can_cancel = serializers.BooleanField()
    can_report_progress = serializers.BooleanField()
    can_file_delay_notice = serializers.BooleanField()
    can_acknowledge_delay_notices = serializers.BooleanField()
    can_close_over_dependencies = serializers.BooleanField()
    can_repeat = serializers.BooleanField()
    can_stop_repeating = serializers.BooleanField()


class ActionItemSerializer(serializers.ModelSerializer):
    owner = UserBriefSerializer(read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)
    card = serializers.CharField(source="card.code", read_only=True, allow_null=True)
    depends_on = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    status = ActionItemStatusField(read_only=True)
    has_pending_delay_notice = serializers.BooleanField(read_only=True)
    repeats = serializers.CharField(
        source="recurrence.rule",
        read_only=True,
        allow_null=True,
        help_text=_("How the item repeats (weekly, daily, every_n), or null."),
    )
    overdue = serializers.SerializerMethodField()
    output_file_url = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "title",
            "details",
            "owner",
            "department",
            "card",
            "deliverable",
            "due_date",
            "original_due_date",
            "priority",
            "status",
            "percent",
            "depends_on",
            "origin",
            "origin_reference",
            "created_at",
            "completed_at",
            "output_link",
            "output_file_url",
            "done_override_reason",
            "cancelled_at",
            "cancel_reason",
            "has_pending_delay_notice",
            "repeats",
            "occurrence_date",
            "overdue",
            "permissions",
        ]

    def get_overdue(self, item) -> bool:
        return item.is_open and item.due_date < timezone.localdate()

    def get_output_file_url(self, item) -> str | None:
        if not item.output_file:
            return None
        return absolute(self, reverse("api-action-item-output-file", args=[item.pk]))

    @extend_schema_field(ItemPermissionsSerializer)
    def get_permissions(self, item):
        return selectors.item_permissions_of(self.context["request"].user, item).as_dict()


class ActionItemDetailSerializer(ActionItemSerializer):
    """One item; build it from `item_with_details(item)`. `warnings` come back on writes."""

    created_by = UserBriefSerializer(read_only=True)
    delay_notices = DelayNoticeSerializer(many=True, read_only=True)
    recurrence = RecurrenceSerializer(read_only=True, allow_null=True)
    occurrences = OccurrenceSerializer(
        source="occurrence_list",
        many=True,
        read_only=True,
        help_text=_("Every occurrence of the item's series, this one included; empty if none."),
    )
    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("What is allowed but worth a second look, e.g. due after the card's end."),
    )

    class Meta(ActionItemSerializer.Meta):
        fields = [
            *ActionItemSerializer.Meta.fields,
            "created_by",
            "delay_notices",
            "recurrence",
            "occurrences",
            "warnings",
        ]


class ItemInputSerializer(serializers.Serializer):
    """The fields of an item; dependencies may only name items the caller can see."""

    title = serializers.CharField(max_length=200, allow_blank=True, label=_("title"))
    details = serializers.CharField(required=False, allow_blank=True, label=_("details"))
    owner = UserRefField(queryset=active_people(), label=_("owner"))
    department = CodeRelatedField(
        queryset=active_departments(),
        required=False,
        allow_null=True,
        label=_("department"),
        help_text=_("The owner's department when left out."),
    )
    deliverable = serializers.CharField(
        max_length=300, required=False, allow_blank=True, label=_("deliverable")
    )
    due_date = serializers.DateField(
        label=_("due date"),
        help_text=_("Once a delay notice was filed, only acknowledged notices move it."),
    )
    priority = serializers.ChoiceField(
        choices=Priority.choices, required=False, label=_("priority")
    )
    depends_on = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=ActionItem.objects.none(),
        required=False,
        label=_("depends on"),
        help_text=_("Ids of items of the same card; on update, replaces the current ones."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            visible = selectors.action_items_visible_to(request.user)
            self.fields["depends_on"].child_relation.queryset = visible


class ActionItemCreateSerializer(ItemInputSerializer):
    card = CodeRelatedField(
        queryset=Card.objects.none(),
        required=False,
        allow_null=True,
        label=_("card"),
        help_text=_("The card's code; leave out for an item of no card."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["card"].queryset = selectors.cards_visible_to(request.user)


class ItemProgressInputSerializer(serializers.Serializer):
    status = ActionItemStatusField(label=_("status"))
    percent = serializers.IntegerField(label=_("percent done"))
    output_link = serializers.URLField(
        required=False, allow_blank=True, default="", label=_("output link")
    )
    output_file = serializers.FileField(
        required=False,
        allow_null=True,
        default=None,
        label=_("output file"),
        help_text=UPLOAD_HELP,
    )
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        label=_("reason for closing with open dependencies"),
        help_text=_("Only the card's lead closes an item whose dependencies are open."),
    )


class ItemCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, label=_("reason"))


class ActionItemViewSet(
    RecurrenceActionsMixin,
    IdempotentCreateMixin,
    DownloadMixin,
    ValidateMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Action items the caller may see: of visible cards, their own, their departments' loose
    ones. Filters: owner, department, card, status, priority, due_before, due_after, overdue,
    search; `ordering` by due_date, created_at, priority (high first) or status."""

    # For the schema only; get_queryset() decides what a caller sees.
    queryset = ActionItem.objects.none()
    lookup_value_regex = ID_PATTERN
    filterset_class = ActionItemFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return (
            selectors.action_item_list(selectors.action_items_visible_to(self.request.user))
            .prefetch_related(Prefetch("depends_on", queryset=ActionItem.objects.only("pk")))
            .order_by("due_date", "pk")
        )

    def get_serializer_class(self):
        if self.action == "list":
            return ActionItemSerializer
        if self.action == "create":
            return ActionItemCreateSerializer
        if self.action == "partial_update":
            return ItemInputSerializer
        return ActionItemDetailSerializer

    def get_object(self):
        return selectors.action_item_get_for_user(pk=self.kwargs["pk"], user=self.request.user)

    def item_response(self, pk, warnings=(), status_code=status.HTTP_200_OK):
        item = item_with_details(selectors.action_item_get_for_user(pk=pk, user=self.request.user))
        item.warnings = list(warnings)
        return self.respond(ActionItemDetailSerializer, item, status_code)

    @extend_schema(responses=ActionItemDetailSerializer)
    def retrieve(self, request, pk=None):
        item = item_with_details(self.get_object())
        item.warnings = []
        return self.respond(ActionItemDetailSerializer, item)

    @action_schema(
        who=describe(CARD_RULES["add_item"]),
        request=ActionItemCreateSerializer,
        responses={201: ActionItemDetailSerializer},
    )
    def create(self, request):
        """Create an item on a card, or of no card (anyone, for themselves or others)."""
        data = self.validated(ActionItemCreateSerializer)
        card = data.pop("card", None)
        depends_on = data.pop("depends_on", [])
        item, warnings = services.action_item_create(
            by=request.user, card=card, values=data, depends_on=depends_on
        )
        return self.item_response(item.pk, warnings, status.HTTP_201_CREATED)

    @action_schema(
        who=describe(ITEM_RULES["edit"]),
        request=ItemInputSerializer,
        responses=ActionItemDetailSerializer,
    )
    def partial_update(self, request, pk=None):
        """Edit an item; `depends_on` replaces its dependencies. All of it or nothing."""
        item = self.get_object()
        data = self.validated(ItemInputSerializer, partial=True)
        depends_on = data.pop("depends_on", None)
        item, warnings = services.action_item_update(
            item=item, by=request.user, values=data, depends_on=depends_on
        )
        return self.item_response(item.pk, warnings)

    @action_schema(
        who=describe(ITEM_RULES["report_progress"]),
        request=ItemProgressInputSerializer,
        responses=ActionItemDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """Report status and percent; done needs the dependencies done (or the lead's reason)."""
        item = self.get_object()
        data = self.validated(ItemProgressInputSerializer)
        services.action_item_report_progress(item=item, by=request.user, **data)
        return self.item_response(item.pk)

    @action_schema(who=describe(ITEM_RULES["withdraw"]), request=None, responses={204: None})
    def destroy(self, request, pk=None):
        """Withdraw an item added by mistake to a draft card: it is deleted. Once the card
        was sent for confirmation this answers 409: cancel the item with a reason instead."""
        item = self.get_object()
        services.action_item_withdraw(item=item, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action_schema(
        who=describe(ITEM_RULES["cancel"]),
        request=ItemCancelInputSerializer,
        responses=ActionItemDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel an open item with a reason; it stays on file."""
        item = self.get_object()
        data = self.validated(ItemCancelInputSerializer)
        services.action_item_cancel(item=item, by=request.user, reason=data["reason"])
        return self.item_response(item.pk)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="The file."),
        }
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="output-file",
        renderer_classes=[OctetStreamRenderer, JSONRenderer],
    )
    def output_file(self, request, pk=None):
        """The delivered output file, as an attachment (404 when there is none)."""
        item = self.get_object()
        if not item.output_file:
            raise Http404
        name = item.output_file.name.rsplit("/", 1)[-1]
        return file_attachment(request, item.output_file, name, "application/octet-stream")

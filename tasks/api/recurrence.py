"""Repeating an action item over the API: `repeat/` and `stop-repeating/` on the item, and
how a series shows in the item's detail."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.decorators import action

from collab.api.schema import action_schema

from .. import selectors, services
from ..models import ActionItem, ItemRecurrence
from ..permissions import ITEM_RULES, describe, item_require
from .serializers import ActionItemStatusField


class RecurrenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ItemRecurrence
        fields = ["id", "rule", "weekday", "every", "until", "created_at", "stopped_at"]


class OccurrenceSerializer(serializers.ModelSerializer):
    """One occurrence of the series: an action item with its own due date and status."""

    status = ActionItemStatusField(read_only=True)

    class Meta:
        model = ActionItem
        fields = ["id", "occurrence_date", "due_date", "status", "percent"]


class RepeatInputSerializer(serializers.Serializer):
    rule = serializers.ChoiceField(choices=ItemRecurrence.Rule.choices, label=_("repeats"))
    weekday = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        label=_("weekday"),
        help_text=_("For a weekly rule: 0 is Monday, 6 is Sunday."),
    )
    every = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        label=_("every N working days"),
        help_text=_("For the every-N-working-days rule."),
    )
    until = serializers.DateField(
        label=_("until"),
        help_text=_("The last day an occurrence may fall on; at most 400 occurrences in all."),
    )


class StopRepeatingInputSerializer(serializers.Serializer):
    from_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        label=_("from"),
        help_text=_("Open occurrences from this day on are cancelled; today when left out."),
    )


class SeriesSerializer(serializers.Serializer):
    """A series: its rule and every occurrence, in order."""

    recurrence = RecurrenceSerializer()
    occurrences = OccurrenceSerializer(many=True)


class RecurrenceActionsMixin:
    """The item's series actions, for `ActionItemViewSet` (which brings `get_object`)."""

    def series_response(self, item_pk, status_code=status.HTTP_200_OK):
        item = selectors.action_item_get_for_user(pk=item_pk, user=self.request.user)
        series = {"recurrence": item.recurrence, "occurrences": selectors.item_occurrences(item)}
        return self.respond(SeriesSerializer, series, status_code)

    @action_schema(
        who=describe(ITEM_RULES["repeat"]),
        request=RepeatInputSerializer,
        responses={201: SeriesSerializer},
    )
    @action(detail=True, methods=["post"])
    def repeat(self, request, pk=None):
        """Make the item repeat until a date: it becomes the first occurrence and the others
        are created now, each an action item with its own due date and done mark."""
        item = self.get_object()
        data = self.validated(RepeatInputSerializer)
        services.action_item_repeat(item=item, by=request.user, **data)
        return self.series_response(item.pk, status.HTTP_201_CREATED)

    @action_schema(
        who=describe(ITEM_RULES["stop_repeating"]),
        request=StopRepeatingInputSerializer,
        responses=SeriesSerializer,
    )
    @action(detail=True, methods=["post"], url_path="stop-repeating")
    def stop_repeating(self, request, pk=None):
        """Stop the series: its open occurrences from `from_date` on are cancelled; done and
        earlier ones stay."""
        item = self.get_object()
        data = self.validated(StopRepeatingInputSerializer)
        if item.recurrence_id is None:
            item_require(request.user, item, "stop_repeating")  # 403, or 409: no series
        services.recurrence_stop(recurrence=item.recurrence, by=request.user, **data)
        return self.series_response(item.pk)

"""Acceptance and the retrospective over the API: actions under a card."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.decorators import action

from collab.api.schema import action_schema

from .. import selectors, services
from ..models import ActionItem
from ..permissions import CARD_RULES, describe
from .serializers import CardDetailSerializer


class AcceptanceInputSerializer(serializers.Serializer):
    deliverables = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=ActionItem.objects.none(),
        label=_("deliverables"),
        help_text=_("Ids of the card's done action items."),
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", label=_("deliverables list")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            visible = selectors.action_items_visible_to(request.user)
            self.fields["deliverables"].child_relation.queryset = visible


class AcceptInputSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", label=_("comment")
    )


class RejectAcceptanceInputSerializer(serializers.Serializer):
    reasons = serializers.CharField(allow_blank=True, label=_("reasons"))


class RetrospectiveInputSerializer(serializers.Serializer):
    successes = serializers.CharField(allow_blank=True, label=_("successes"))
    shortcomings = serializers.CharField(allow_blank=True, label=_("shortcomings"))
    improvements = serializers.CharField(allow_blank=True, label=_("improvements"))


class CardAcceptanceActions:
    """For CardViewSet: hand over the deliverables, decide on them, close the card."""

    @action_schema(
        who=describe(CARD_RULES["submit_for_acceptance"]),
        request=AcceptanceInputSerializer,
        responses=CardDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="submit-acceptance")
    def submit_acceptance(self, request, code=None):
        """Hand done action items to the acceptance party, who decides in 3 working days."""
        card = self.get_object()
        data = self.validated(AcceptanceInputSerializer)
        services.card_submit_for_acceptance(card=card, by=request.user, **data)
        return self.card_response(code)

    @action_schema(
        who=describe(CARD_RULES["decide_acceptance"]),
        request=AcceptInputSerializer,
        responses=CardDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, code=None):
        """Accept the deliverables; the lead then writes the retrospective."""
        card = self.get_object()
        data = self.validated(AcceptInputSerializer)
        services.card_accept(card=card, by=request.user, **data)
        return self.card_response(code)

    @action_schema(
        who=describe(CARD_RULES["decide_acceptance"]),
        request=RejectAcceptanceInputSerializer,
        responses=CardDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="reject-acceptance")
    def reject_acceptance(self, request, code=None):
        """Reject the deliverables, with reasons; the card is active again."""
        card = self.get_object()
        data = self.validated(RejectAcceptanceInputSerializer)
        services.card_reject_acceptance(card=card, by=request.user, **data)
        return self.card_response(code)

    @action_schema(
        who=describe(CARD_RULES["close"]),
        request=RetrospectiveInputSerializer,
        responses=CardDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def retrospective(self, request, code=None):
        """Write the retrospective after acceptance; it closes the card and makes its report."""
        card = self.get_object()
        data = self.validated(RetrospectiveInputSerializer)
        services.card_close(card=card, by=request.user, **data)
        return self.card_response(code)

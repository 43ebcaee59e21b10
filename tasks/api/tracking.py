"""A card's milestones, risks and progress updates over the API: resources under the card
(`/api/v1/cards/{code}/milestones/`, `…/risks/`, `…/progress-updates/`), paged like every
list. Whoever cannot see the card gets 404 for all of them."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from collab.api.fields import CodeRelatedField
from collab.api.idempotency import IdempotentCreateMixin
from collab.api.mixins import NestedMixin, ValidateMixin
from collab.api.schema import action_schema
from collab.api.serializers import UserRefField
from collab.converters import ID_PATTERN

from .. import selectors, services
from ..models import Milestone, ProgressUpdate, Risk
from ..permissions import CARD_RULES, describe
from .cards import active_departments, active_people
from .serializers import (
    MilestoneSerializer,
    ProgressUpdateSerializer,
    RiskLevelField,
    RiskSerializer,
)

CARD_CODE = OpenApiParameter(
    "card_code", str, OpenApiParameter.PATH, description=_("The card's code, any case.")
)


@extend_schema(parameters=[CARD_CODE])
class CardChildViewSet(
    IdempotentCreateMixin,
    NestedMixin,
    ValidateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Rows of one card, which the caller must be able to see."""

    filter_backends = []
    lookup_value_regex = ID_PATTERN
    rows = None  # selectors.card_<rows>(card)

    def get_parent(self):
        return selectors.card_get_for_user(
            code=self.kwargs["card_code"], user=self.request.user, people=False
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return type(self).rows(self.parent)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


# --- milestones -------------------------------------------------------------------------------


class MilestoneInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, allow_blank=True, label=_("name"))
    due_date = serializers.DateField(label=_("due date"))
    buffer_days = serializers.IntegerField(
        default=0, label=_("buffer days"), help_text=_("From 0 to 365.")
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        label=_("reason"),
        help_text=_(
            "Needed on an active card: the change goes to the departments as a change request."
        ),
    )


class MilestoneReachedInputSerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, default=None, allow_null=True, help_text=_("Today when left out.")
    )


class MilestoneViewSet(CardChildViewSet):
    """The card's milestones, by due date."""

    queryset = Milestone.objects.none()
    serializer_class = MilestoneSerializer
    rows = staticmethod(selectors.card_milestones)

    @action_schema(
        who=describe(CARD_RULES["edit_milestones"]),
        request=MilestoneInputSerializer,
        responses={201: MilestoneSerializer},
    )
    def create(self, request, card_code=None):
        """Add a milestone."""
        card = self.parent  # 404 before anything else for those who may not see it
        data = self.validated(MilestoneInputSerializer)
        milestone = services.milestone_add(card=card, by=request.user, **data)
        return self.respond(MilestoneSerializer, milestone, status.HTTP_201_CREATED)

    @action_schema(
        who=describe(CARD_RULES["edit_milestones"]),
        request=MilestoneInputSerializer,
        responses=MilestoneSerializer,
    )
    def partial_update(self, request, card_code=None, pk=None):
        """Change a milestone's name, due date or buffer days."""
        milestone = self.get_object()
        data = self.validated(MilestoneInputSerializer, partial=True)
        reason = data.pop("reason", "")
        milestone = services.milestone_update(
            milestone=milestone, by=request.user, values=data, reason=reason
        )
        return self.respond(MilestoneSerializer, milestone)

    @action_schema(
        who=describe(CARD_RULES["record_milestones"]),
        request=MilestoneReachedInputSerializer,
        responses=MilestoneSerializer,
    )
    @action(detail=True, methods=["post"])
    def reached(self, request, card_code=None, pk=None):
        """Record the day the milestone was reached."""
        milestone = self.get_object()
        data = self.validated(MilestoneReachedInputSerializer)
        milestone = services.milestone_mark_achieved(milestone=milestone, by=request.user, **data)
        return self.respond(MilestoneSerializer, milestone)


# --- risks ------------------------------------------------------------------------------------


class RiskInputSerializer(serializers.Serializer):
    description = serializers.CharField(allow_blank=True, label=_("description"))
    impact = RiskLevelField(label=_("impact"))
    likelihood = RiskLevelField(label=_("likelihood"))
    owner = UserRefField(queryset=active_people(), label=_("owner"))
    mitigation = serializers.CharField(
        required=False, allow_blank=True, default="", label=_("mitigation")
    )


class RiskCoordinationInputSerializer(serializers.Serializer):
    solution = serializers.CharField(allow_blank=True, label=_("solution"))
    responsible_department = CodeRelatedField(
        queryset=active_departments(),
        allow_null=True,
        required=False,
        default=None,
        label=_("responsible department"),
    )
    deadline = serializers.DateField(
        allow_null=True, required=False, default=None, label=_("deadline")
    )


class RiskViewSet(CardChildViewSet):
    """The card's risk register, newest first."""

    queryset = Risk.objects.none()
    serializer_class = RiskSerializer
    rows = staticmethod(selectors.card_risks)

    @action_schema(
        who=describe(CARD_RULES["raise_risk"]),
        request=RiskInputSerializer,
        responses={201: RiskSerializer},
    )
    def create(self, request, card_code=None):
        """Raise a risk; a coordination decision is due within 24 hours."""
        card = self.parent  # 404 before anything else for those who may not see it
        data = self.validated(RiskInputSerializer)
        risk = services.risk_raise(card=card, by=request.user, **data)
        return self.respond(RiskSerializer, risk, status.HTTP_201_CREATED)

    @action_schema(
        who=describe(CARD_RULES["manage_risks"]),
        request=RiskInputSerializer,
        responses=RiskSerializer,
    )
    def partial_update(self, request, card_code=None, pk=None):
        """Correct a risk that is not closed; its level follows impact and likelihood."""
        risk = self.get_object()
        data = self.validated(RiskInputSerializer, partial=True)
        risk = services.risk_update(risk=risk, by=request.user, values=data)
        return self.respond(RiskSerializer, risk)

    @action_schema(
        who=describe(CARD_RULES["manage_risks"]),
        request=RiskCoordinationInputSerializer,
        responses=RiskSerializer,
    )
    @action(detail=True, methods=["post"])
    def coordinate(self, request, card_code=None, pk=None):
        """The coordination decision: solution, responsible department, deadline."""
        risk = self.get_object()
        data = self.validated(RiskCoordinationInputSerializer)
        risk = services.risk_coordinate(risk=risk, by=request.user, **data)
        return self.respond(RiskSerializer, risk)

    @action_schema(who=describe(CARD_RULES["manage_risks"]), request=None, responses=RiskSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, card_code=None, pk=None):
        """Close the risk: it is over, or no longer worth watching."""
        risk = services.risk_close(risk=self.get_object(), by=request.user)
        return self.respond(RiskSerializer, risk)


# --- progress updates ---------------------------------------------------------------------------


class ProgressUpdateInputSerializer(serializers.Serializer):
    department = CodeRelatedField(queryset=active_departments(), label=_("department"))
    date = serializers.DateField(
        default=timezone.localdate, label=_("date"), help_text=_("Today when left out.")
    )
    percent = serializers.IntegerField(label=_("percent done"))
    done = serializers.CharField(allow_blank=True, label=_("what was done"))
    problems = serializers.CharField(
        required=False, allow_blank=True, default="", label=_("problems")
    )


class ProgressUpdateViewSet(CardChildViewSet):
    """The card's progress updates, newest first."""

    queryset = ProgressUpdate.objects.none()
    serializer_class = ProgressUpdateSerializer
    rows = staticmethod(selectors.card_progress_updates)

    @action_schema(
        who=describe(CARD_RULES["post_progress"]),
        request=ProgressUpdateInputSerializer,
        responses={201: ProgressUpdateSerializer},
    )
    def create(self, request, card_code=None):
        """Post a department's progress."""
        card = self.parent  # 404 before anything else for those who may not see it
        data = self.validated(ProgressUpdateInputSerializer)
        update = services.progress_update_add(card=card, by=request.user, **data)
        return self.respond(ProgressUpdateSerializer, update, status.HTTP_201_CREATED)

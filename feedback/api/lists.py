"""What the feedback lists add to the API: a department's response-time compliance
(`/api/v1/feedback/compliance/?department=TEC&days=90`, the figures of its inbox page) and
the SLA policy, read-only (`/api/v1/sla-policies/`)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from collab.api.errors import ErrorSerializer
from collab.api.schema import ERROR_DESCRIPTIONS

from .. import selectors
from ..filters import COMPLIANCE_PERIODS, DEFAULT_COMPLIANCE_DAYS, ComplianceQueryForm
from ..models import SlaPolicy
from ..permissions import department_inbox_allowed
from .serializers import UrgencyField


class SlaPolicySerializer(serializers.ModelSerializer):
    urgency = UrgencyField(read_only=True)
    response_unit = serializers.ChoiceField(
        choices=SlaPolicy.Unit.choices,
        read_only=True,
        help_text=_("working_days (on the company calendar) or hours (clock hours)."),
    )

    class Meta:
        model = SlaPolicy
        fields = [
            "urgency",
            "response_within",
            "response_unit",
            "follow_up_every_hours",
            "due_soon_percent",
            "updated_at",
        ]
        read_only_fields = fields


class UrgencyComplianceSerializer(serializers.Serializer):
    urgency = UrgencyField(read_only=True)
    received = serializers.IntegerField(read_only=True)
    in_time = serializers.IntegerField(
        read_only=True, help_text=_("First responses by the first-response deadline.")
    )
    late = serializers.IntegerField(
        read_only=True, help_text=_("First responses after the deadline.")
    )
    open_past_due = serializers.IntegerField(
        read_only=True, help_text=_("Not answered yet, deadline passed.")
    )
    pending = serializers.IntegerField(
        read_only=True, help_text=_("Not answered yet, deadline still ahead.")
    )
    percent_in_time = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("in_time of in_time + late + open_past_due, rounded; null when none."),
    )


class SatisfactionSerializer(serializers.Serializer):
    average = serializers.FloatField(
        read_only=True, allow_null=True, help_text=_("1–5, one decimal; null when none.")
    )
    count = serializers.IntegerField(read_only=True, help_text=_("Confirmed, rated forms."))


class ComplianceSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.code", read_only=True)
    days = serializers.IntegerField(read_only=True)
    since = serializers.DateTimeField(read_only=True)
    by_urgency = UrgencyComplianceSerializer(many=True, read_only=True)
    satisfaction = SatisfactionSerializer(read_only=True)


class FeedbackListActions:
    """Mixed into FeedbackViewSet: `compliance` (a list-level action)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "department",
                str,
                required=True,
                description=_("The receiving department's code (any case)."),
            ),
            OpenApiParameter(
                "days",
                int,
                enum=list(COMPLIANCE_PERIODS),
                description=_("The period, in days back from now (default 90)."),
            ),
        ],
        responses={
            200: ComplianceSerializer,
            404: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS["404"]),
        },
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def compliance(self, request):
        """A department's response-time compliance by urgency over the forms it received in
        the period, and its average satisfaction: the figures of its inbox page. Its people
        and administrators may ask; anyone else gets 404."""
        query = ComplianceQueryForm(request.query_params)
        if not query.is_valid():
            raise ValidationError(
                {name: [str(error) for error in errors] for name, errors in query.errors.items()}
            )
        department = query.cleaned_data["department"]
        if not department_inbox_allowed(request.user, department):
            raise Http404
        days = query.cleaned_data["days"] or DEFAULT_COMPLIANCE_DAYS
        figures = selectors.department_compliance(department, days=days)
        return Response(ComplianceSerializer(figures).data)


class SlaPolicyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The SLA policy: for each urgency, how soon the receiving side must respond (in working
    days or clock hours), how often it follows up, and when a form counts as due soon.
    Administrators change it in the admin; a form keeps the deadlines it was filed with."""

    serializer_class = SlaPolicySerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.sla_policies()

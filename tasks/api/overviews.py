"""A department's overview over the API: the figures, cards with their health and red flags,
open items and what its people owe; the same reads as the page (tasks.overviews)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from collab.api.fields import named_choice_field
from collab.api.serializers import UserBriefSerializer

from .. import overviews
from ..permissions import OverviewRole
from .serializers import ActionItemStatusField, CardStatusField, absolute

HealthField = named_choice_field("Health", overviews.Health)
RedFlagField = named_choice_field("RedFlagKind", overviews.Flag)
OverviewRoleField = named_choice_field("OverviewRole", OverviewRole)


class RedFlagSerializer(serializers.Serializer):
    flag = RedFlagField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class OverviewCardSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    status = CardStatusField()
    health = HealthField()
    initiating_department = serializers.CharField(source="initiating_department.code")
    lead = UserBriefSerializer()
    planned_end = serializers.DateField()
    overdue_items = serializers.IntegerField()
    flags = RedFlagSerializer(many=True, help_text=_("Empty when the card has no red flag."))
    url = serializers.SerializerMethodField(help_text=_("The card in the API."))

    def get_url(self, card) -> str:
        return absolute(self, reverse("api-card-detail", args=[card.code]))


class OverviewFiguresSerializer(serializers.Serializer):
    active_cards = serializers.IntegerField(help_text=_("Cards under way."))
    cards_on_track = serializers.IntegerField(source="cards_by_health.on_track")
    cards_at_risk = serializers.IntegerField(source="cards_by_health.at_risk")
    cards_overdue = serializers.IntegerField(source="cards_by_health.overdue")
    overdue_items = serializers.IntegerField()
    overdue_milestones = serializers.IntegerField()
    open_high_risks = serializers.IntegerField()
    missed_confirmations = serializers.IntegerField()
    late_signoffs = serializers.IntegerField()


class OverviewItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    owner = UserBriefSerializer()
    card = serializers.CharField(source="card.code", allow_null=True, default=None)
    due_date = serializers.DateField()
    status = ActionItemStatusField()
    health = HealthField()


class PersonDuesSerializer(serializers.Serializer):
    person = UserBriefSerializer()
    open_items = serializers.IntegerField()
    overdue_items = serializers.IntegerField()
    confirmations_owed = serializers.IntegerField()


class DepartmentOverviewSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.code")
    name = serializers.CharField(source="department.localized_name")
    role = OverviewRoleField(
        source="figures.role", help_text=_("How the caller comes to see the overview.")
    )
    figures = OverviewFiguresSerializer()
    cards = OverviewCardSerializer(
        source="figures.shown_cards",
        many=True,
        help_text=_(
            "Cards under way, worst health first (at most 50; the figures count them all)."
        ),
    )
    items = OverviewItemSerializer(
        many=True,
        help_text=_("Open action items of the department, soonest due first (at most 50)."),
    )
    open_items = serializers.IntegerField(help_text=_("All open items of the department."))
    people = PersonDuesSerializer(many=True, help_text=_("Who owes something, most overdue first."))


class DepartmentOverviewView(APIView):
    """A department's overview: figures, cards under way with their health and red flags,
    open action items with their health, and what each of its people owes.

    Health and red flags follow the rules in the README ("Overviews for heads and
    executives"). **Who may call it:** the department's head, its overseeing executive,
    administrators; anyone else gets a 404."""

    @extend_schema(responses=DepartmentOverviewSerializer)
    def get(self, request, code):
        department = overviews.department_get_for_overview(code=code, user=request.user)
        overview = overviews.department_overview(request.user, department)
        return Response(DepartmentOverviewSerializer(overview, context={"request": request}).data)

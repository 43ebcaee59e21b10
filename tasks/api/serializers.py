"""What the task API answers: cards, their rows, action items and delay notices.

Output only; each module's input serializers parse, and the services decide. Links to
documents and files are API routes that check who may see them (`…/pdf/`, `…/archive/`,
`…/output-file/`), so they work with a token and under production settings alike.
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from collab.api.fields import named_choice_field
from collab.api.serializers import UserBriefSerializer
from collab.models import SignatureRequest

from .. import selectors
from ..models import (
    AcceptanceSubmission,
    ActionItem,
    Card,
    CardDepartment,
    ChangeRequest,
    Milestone,
    ProgressUpdate,
    Risk,
)
from ..permissions import card_permissions

CardStatusField = named_choice_field("CardStatus", Card.Status)
ActionItemStatusField = named_choice_field("ActionItemStatus", ActionItem.Status)
RiskStatusField = named_choice_field("RiskStatus", Risk.Status)
RiskLevelField = named_choice_field("RiskLevel", Risk.Level)
AcceptanceDecisionField = named_choice_field("AcceptanceDecision", AcceptanceSubmission.Decision)
ObjectionTopicField = named_choice_field("ObjectionTopic", CardDepartment.Topic, blank=True)


def absolute(serializer: serializers.Serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


# --- reads the detail answers need (one query per relation, whatever the card holds) ------------


def card_with_details(card: Card, user) -> Card:
    """Prefetch what the card detail shows and what the caller may do with it."""
    prefetch_related_objects(
        [card],
        Prefetch(
            "departments",
            queryset=CardDepartment.objects.select_related(
                "department", "contact", "answered_by"
            ).order_by("position", "pk"),
        ),
        Prefetch("milestones", queryset=selectors.card_milestones(card)),
        Prefetch(
            "acceptances",
            queryset=AcceptanceSubmission.objects.select_related("submitted_by", "decided_by")
            .prefetch_related(Prefetch("deliverables", queryset=ActionItem.objects.only("pk")))
            .order_by("-submitted_at", "-pk"),
        ),
        Prefetch(
            "change_requests",
            queryset=ChangeRequest.objects.select_related("requested_by").order_by(
                "-requested_at", "-pk"
            ),
        ),
    )
    card.goal_letter_requests = selectors.goal_letter_requests(card)
    acceptances = list(card.acceptances.all())
    card.permissions = card_permissions(
        user,
        card,
        participations=list(card.departments.all()),
        acceptance=acceptances[0] if acceptances else None,
    )
    return card


def item_with_details(item: ActionItem) -> ActionItem:
    prefetch_related_objects(
        [item],
        Prefetch("depends_on", queryset=ActionItem.objects.only("pk")),
        Prefetch("delay_notices", queryset=selectors.delay_notices_of(item)),
    )
    item.occurrence_list = selectors.item_occurrences(item)
    return item


# --- cards ----------------------------------------------------------------------------------


class CardDepartmentBriefSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.code", read_only=True)

    class Meta:
        model = CardDepartment
        fields = ["department", "role", "confirmation"]


class CardListSerializer(serializers.ModelSerializer):
    initiating_department = serializers.CharField(
        source="initiating_department.code", read_only=True
    )
    status = CardStatusField(read_only=True)
    lead = UserBriefSerializer(read_only=True)
    departments = CardDepartmentBriefSerializer(many=True, read_only=True)
    open_items = serializers.IntegerField(read_only=True)
    overdue_items = serializers.IntegerField(read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Card
        fields = [
            "code",
            "title",
            "kind",
            "priority",
            "status",
            "initiating_department",
            "lead",
            "departments",
            "planned_start",
            "planned_end",
            "confidential",
            "open_items",
            "overdue_items",
            "overdue",
            "created_at",
        ]

    def get_overdue(self, card) -> bool:
        return card.is_open and card.planned_end < timezone.localdate()


class ParticipationSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.code", read_only=True)
    department_name = serializers.CharField(source="department", read_only=True)
    contact = UserBriefSerializer(read_only=True)
    answered_by = UserBriefSerializer(read_only=True, allow_null=True)
    objection_topic = ObjectionTopicField(read_only=True)

    class Meta:
        model = CardDepartment
        fields = [
            "department",
            "department_name",
            "role",
            "responsibilities",
            "contact",
            "confirmation",
            "requested_at",
            "due_at",
            "answered_at",
            "answered_by",
            "objection_topic",
            "objection",
            "proposed_change",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "name", "due_date", "buffer_days", "achieved_on"]


class AcceptanceSerializer(serializers.ModelSerializer):
    submitted_by = UserBriefSerializer(read_only=True)
    decided_by = UserBriefSerializer(read_only=True, allow_null=True)
    deliverables = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    decision = AcceptanceDecisionField(read_only=True)

    class Meta:
        model = AcceptanceSubmission
        fields = [
            "id",
            "submitted_by",
            "submitted_at",
            "due_at",
            "deliverables",
            "note",
            "decision",
            "decided_by",
            "decided_at",
            "reasons",
        ]


class ChangeRequestSerializer(serializers.ModelSerializer):
    requested_by = UserBriefSerializer(read_only=True)

    class Meta:
        model = ChangeRequest
        fields = ["id", "requested_by", "requested_at", "reason", "changes"]


class GoalLetterSerializer(serializers.ModelSerializer):
    """A version of the card's goal confirmation letter; sign it at /api/v1/signature-requests/."""

    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = SignatureRequest
        fields = ["id", "version", "status", "requested_at", "due_at", "decided_at", "pdf_url"]

    def get_pdf_url(self, letter) -> str:
        return absolute(self, reverse("signature-request-pdf", args=[letter.pk]))


class CardPermissionsSerializer(serializers.Serializer):
    """What the caller can do with the card now (tasks.permissions decides)."""

    can_edit = serializers.BooleanField()
    can_submit = serializers.BooleanField()
    can_request_change = serializers.BooleanField()
    can_cancel = serializers.BooleanField()
    can_add_item = serializers.BooleanField()
    can_edit_milestones = serializers.BooleanField()
    can_record_milestones = serializers.BooleanField()
    can_post_progress = serializers.BooleanField()
    can_raise_risk = serializers.BooleanField()
    can_manage_risks = serializers.BooleanField()
    can_submit_for_acceptance = serializers.BooleanField()
    can_decide_acceptance = serializers.BooleanField()
    can_close = serializers.BooleanField()
    can_download_archive = serializers.BooleanField()
    answers_for = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Departments whose pending confirmation the caller can give now."),
    )
    progress_departments = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Departments the caller can post progress for."),
    )


class CardDetailSerializer(serializers.ModelSerializer):
    """The whole card; build it from `card_with_details(card, user)`."""

    initiating_department = serializers.CharField(
        source="initiating_department.code", read_only=True
    )
    status = CardStatusField(read_only=True)
    initiator = UserBriefSerializer(read_only=True)
    lead = UserBriefSerializer(read_only=True)
    tracker = UserBriefSerializer(read_only=True)
    acceptance_user = UserBriefSerializer(read_only=True, allow_null=True)
    acceptance_department = serializers.CharField(
        source="acceptance_department.code", read_only=True, allow_null=True
    )
    key_results = serializers.ListField(child=serializers.CharField(), read_only=True)
    departments = ParticipationSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    acceptances = AcceptanceSerializer(many=True, read_only=True)
    change_requests = ChangeRequestSerializer(many=True, read_only=True)
    goal_letters = GoalLetterSerializer(many=True, read_only=True, source="goal_letter_requests")
    pdf_url = serializers.SerializerMethodField()
    retrospective_pdf_url = serializers.SerializerMethodField()
    archive_url = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = Card
        fields = [
            "code",
            "title",
            "kind",
            "priority",
            "status",
            "initiating_department",
            "initiator",
            "lead",
            "tracker",
            "background",
            "goal",
            "key_results",
            "in_scope",
            "out_of_scope",
            "planned_start",
            "planned_end",
            "budget_amount",
            "budget_currency",
            "people_needed",
            "equipment_needed",
            "meeting_cadence",
            "meeting_channel",
            "confidential",
            "acceptance_user",
            "acceptance_department",
            "departments",
            "milestones",
            "created_at",
            "submitted_at",
            "activated_at",
            "closed_at",
            "cancelled_at",
            "cancel_reason",
            "successes",
            "shortcomings",
            "improvements",
            "acceptances",
            "change_requests",
            "goal_letters",
            "pdf_url",
            "retrospective_pdf_url",
            "archive_url",
            "permissions",
        ]

    def get_pdf_url(self, card) -> str:
        return absolute(self, reverse("api-card-pdf", args=[card.code]))

    def get_retrospective_pdf_url(self, card) -> str | None:
        if not card.retrospective_pdf:
            return None
        return absolute(self, reverse("api-card-retrospective-pdf", args=[card.code]))

    def get_archive_url(self, card) -> str | None:
        if card.status != Card.Status.CLOSED:
            return None
        return absolute(self, reverse("api-card-archive", args=[card.code]))

    @extend_schema_field(CardPermissionsSerializer)
    def get_permissions(self, card):
        return card.permissions.as_dict()


# --- progress updates and risks ---------------------------------------------------------------


class ProgressUpdateSerializer(serializers.ModelSerializer):
    author = UserBriefSerializer(read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "author", "department", "date", "percent", "done", "problems", "created_at"]


class RiskSerializer(serializers.ModelSerializer):
    owner = UserBriefSerializer(read_only=True)
    raised_by = UserBriefSerializer(read_only=True)
    responsible_department = serializers.CharField(
        source="responsible_department.code", read_only=True, allow_null=True
    )
    coordinated_by = UserBriefSerializer(read_only=True, allow_null=True)
    impact = RiskLevelField(read_only=True)
    likelihood = RiskLevelField(read_only=True)
    level = RiskLevelField(read_only=True)
    status = RiskStatusField(read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id",
            "description",
            "impact",
            "likelihood",
            "level",
            "mitigation",
            "owner",
            "status",
            "raised_by",
            "raised_at",
            "decision_due_at",
            "solution",
            "responsible_department",
            "deadline",
            "coordinated_by",
            "coordinated_at",
        ]

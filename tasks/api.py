"""API of task cards and action items: parse input, fetch through a selector, call one service.

Every card route finds its card with `selectors.card_get_for_user` and every item route its item
with `selectors.action_item_get_for_user`, so outsiders get 404 everywhere. Who may do what is
decided by the services; their `RuleViolation` becomes a 400 `{"detail", "code", "fields"}`
(code "forbidden", "invalid_state", ...) in `collab.api.errors`.
"""

import django_filters
from django.db import transaction
from django.db.models import (
    Case,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import filters, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from collab.api.views import UserBriefSerializer
from collab.models import Department, SignatureRequest, User

from . import selectors, services
from .models import (
    AcceptanceSubmission,
    ActionItem,
    Card,
    CardDepartment,
    ChangeRequest,
    DelayNotice,
    Milestone,
    Priority,
    ProgressUpdate,
    Risk,
)
from .services.cards import EDITABLE_FIELDS

# `?ordering=priority` means high first: order by rank, not by the stored word.
PRIORITY_RANK = Case(
    When(priority=Priority.HIGH, then=Value(0)),
    When(priority=Priority.MEDIUM, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def named_choice_field(name: str, choices, *, blank: bool = False) -> type[serializers.ChoiceField]:
    """A ChoiceField class whose enum is the schema component `name`.

    drf-spectacular names an enum after its property, and "status", "decision" and the
    high/medium/low set appear here for several models (and in sign-off); a component of its
    own keeps each choice set apart under a clear name, without ENUM_NAME_OVERRIDES.
    """
    values = [*choices.values, *([""] if blank else [])]

    @extend_schema_field({"type": "string", "enum": values}, component_name=name)
    class NamedChoiceField(serializers.ChoiceField):
        def __init__(self, **kwargs):
            kwargs.setdefault("allow_blank", blank)
            super().__init__(choices=choices.choices, **kwargs)

    NamedChoiceField.__name__ = NamedChoiceField.__qualname__ = f"{name}Field"
    return NamedChoiceField


CardStatusField = named_choice_field("CardStatus", Card.Status)
ActionItemStatusField = named_choice_field("ActionItemStatus", ActionItem.Status)
RiskStatusField = named_choice_field("RiskStatus", Risk.Status)
RiskLevelField = named_choice_field("RiskLevel", Risk.Level)
AcceptanceDecisionField = named_choice_field("AcceptanceDecision", AcceptanceSubmission.Decision)
ObjectionTopicField = named_choice_field("ObjectionTopic", CardDepartment.Topic, blank=True)


def _active_people() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def _active_departments() -> QuerySet[Department]:
    return Department.objects.filter(is_active=True)


def _absolute(serializer: serializers.Serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


# --- reads the detail responses need (one query per relation, whatever the card holds) ----------


def _card_with_details(card: Card) -> Card:
    """Prefetch what the card detail shows; the goal letters come in one query."""
    prefetch_related_objects(
        [card],
        Prefetch(
            "departments",
            queryset=CardDepartment.objects.select_related(
                "department", "contact", "answered_by"
            ).order_by("position", "pk"),
        ),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "pk")),
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
    return card


def _item_with_details(item: ActionItem) -> ActionItem:
    prefetch_related_objects(
        [item],
        Prefetch("depends_on", queryset=ActionItem.objects.only("pk")),
        Prefetch(
            "delay_notices",
            queryset=DelayNotice.objects.select_related("filed_by", "acknowledged_by").order_by(
                "-filed_at", "-pk"
            ),
        ),
    )
    return item


# --- card: output -------------------------------------------------------------------------------


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
        return _absolute(self, reverse("signature-request-pdf", args=[letter.pk]))


class CardPermissionsSerializer(serializers.Serializer):
    can_edit = serializers.BooleanField(help_text=_("Lead, tracker or initiator."))
    answers_for = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Codes of the departments the caller confirms or objects for."),
    )
    is_acceptance_party = serializers.BooleanField()


class CardDetailSerializer(serializers.ModelSerializer):
    """The whole card; build it from `_card_with_details(card)` (the prefetches it reads)."""

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
        return _absolute(self, reverse("card-pdf", args=[card.code]))

    def get_retrospective_pdf_url(self, card) -> str | None:
        if not card.retrospective_pdf:
            return None
        return _absolute(self, reverse("card-retrospective-pdf", args=[card.code]))

    def get_archive_url(self, card) -> str:
        return _absolute(self, reverse("card-archive", args=[card.code]))

    @extend_schema_field(CardPermissionsSerializer)
    def get_permissions(self, card):
        user = self.context["request"].user
        return {
            "can_edit": selectors.can_edit_card(user, card),
            "answers_for": [
                participation.department.code
                for participation in card.departments.all()
                if selectors.can_answer_for(user, participation)
            ],
            "is_acceptance_party": selectors.is_acceptance_party(user, card),
        }


# --- card: input --------------------------------------------------------------------------------


class DepartmentRowSerializer(serializers.Serializer):
    department = serializers.SlugRelatedField(
        slug_field="code", queryset=_active_departments(), label=_("department")
    )
    role = serializers.ChoiceField(
        choices=CardDepartment.Role.choices, default=CardDepartment.Role.EXECUTOR, label=_("role")
    )
    # Blank is let through: the service says which department lacks its responsibilities.
    responsibilities = serializers.CharField(allow_blank=True, label=_("responsibilities"))
    contact = serializers.PrimaryKeyRelatedField(
        queryset=_active_people(), label=_("contact"), help_text=_("User id.")
    )


class MilestoneRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        required=False,
        help_text=_("An existing milestone's id, to keep it (and its achieved date) on update."),
    )
    name = serializers.CharField(max_length=200, label=_("name"))
    due_date = serializers.DateField(label=_("due date"))
    buffer_days = serializers.IntegerField(
        min_value=0, max_value=32767, default=0, label=_("buffer days")
    )


class CardWriteSerializer(serializers.ModelSerializer):
    """A card's fields and rows. Only parses: `services.card_create`/`card_update` check them."""

    initiating_department = serializers.SlugRelatedField(
        slug_field="code", queryset=_active_departments(), label=_("initiating department")
    )
    lead = serializers.PrimaryKeyRelatedField(queryset=_active_people(), label=_("task lead"))
    tracker = serializers.PrimaryKeyRelatedField(queryset=_active_people(), label=_("tracker"))
    acceptance_user = serializers.PrimaryKeyRelatedField(
        queryset=_active_people(),
        allow_null=True,
        required=False,
        label=_("acceptance by (person)"),
    )
    acceptance_department = serializers.SlugRelatedField(
        slug_field="code",
        queryset=_active_departments(),
        allow_null=True,
        required=False,
        label=_("acceptance by (head of department)"),
    )
    key_results = serializers.ListField(
        child=serializers.CharField(), required=False, label=_("key results")
    )
    departments = DepartmentRowSerializer(
        many=True,
        required=False,
        label=_("participating departments"),
        help_text=_("All the card's departments; left out on update, they stay as they are."),
    )
    milestones = MilestoneRowSerializer(
        many=True,
        required=False,
        label=_("milestones"),
        help_text=_("All the card's milestones; left out on update, they stay as they are."),
    )

    class Meta:
        model = Card
        fields = [*EDITABLE_FIELDS, "departments", "milestones"]


class ChangeRequestInputSerializer(CardWriteSerializer):
    """What changes on a signed card (anything left out stays), and why."""

    reason = serializers.CharField(allow_blank=True, label=_("reason"))

    class Meta(CardWriteSerializer.Meta):
        fields = [*CardWriteSerializer.Meta.fields, "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "reason":
                field.required = False


def _card_input(data: dict, card: Card | None = None) -> services.CardInput:
    """The services' CardInput from validated data; on update, what is left out stays."""
    fields = {name: data[name] for name in EDITABLE_FIELDS if name in data}
    departments: list[services.DepartmentRow] = []
    milestones: list[services.MilestoneRow] = []
    if card is not None:
        fields = {**{name: getattr(card, name) for name in EDITABLE_FIELDS}, **fields}
        departments = [
            services.DepartmentRow(
                department=participation.department,
                role=participation.role,
                responsibilities=participation.responsibilities,
                contact=participation.contact,
                id=participation.pk,
            )
            for participation in selectors.card_participations(card)
        ]
        milestones = [
            services.MilestoneRow(
                name=milestone.name,
                due_date=milestone.due_date,
                buffer_days=milestone.buffer_days,
                id=milestone.pk,
            )
            for milestone in card.milestones.order_by("due_date", "pk")
        ]
    if "departments" in data:
        departments = [services.DepartmentRow(**row) for row in data["departments"]]
    if "milestones" in data:
        milestones = [services.MilestoneRow(**row) for row in data["milestones"]]
    return services.CardInput(fields=fields, departments=departments, milestones=milestones)


class ObjectionInputSerializer(serializers.Serializer):
    topic = ObjectionTopicField(label=_("objection concerns"))
    objection = serializers.CharField(allow_blank=True, label=_("objection"))
    proposed_change = serializers.CharField(
        required=False, allow_blank=True, default="", label=_("proposed change")
    )


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
            self.fields["deliverables"].child_relation.queryset = selectors.action_items_visible_to(
                request.user
            )


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


class CancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, label=_("reason for cancelling"))


# --- progress updates and risks -----------------------------------------------------------------


class ProgressUpdateSerializer(serializers.ModelSerializer):
    author = UserBriefSerializer(read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "author", "department", "date", "percent", "done", "problems", "created_at"]


class ProgressUpdateInputSerializer(serializers.Serializer):
    department = serializers.SlugRelatedField(
        slug_field="code", queryset=_active_departments(), label=_("department")
    )
    date = serializers.DateField(
        default=timezone.localdate, label=_("date"), help_text=_("Today when left out.")
    )
    percent = serializers.IntegerField(label=_("percent done"))
    done = serializers.CharField(allow_blank=True, label=_("what was done"))
    problems = serializers.CharField(
        required=False, allow_blank=True, default="", label=_("problems")
    )


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


class RiskInputSerializer(serializers.Serializer):
    description = serializers.CharField(allow_blank=True, label=_("description"))
    impact = RiskLevelField(label=_("impact"))
    likelihood = RiskLevelField(label=_("likelihood"))
    owner = serializers.PrimaryKeyRelatedField(
        queryset=_active_people(), label=_("owner"), help_text=_("User id.")
    )
    mitigation = serializers.CharField(
        required=False, allow_blank=True, default="", label=_("mitigation")
    )


class RiskCoordinationInputSerializer(serializers.Serializer):
    solution = serializers.CharField(allow_blank=True, label=_("solution"))
    responsible_department = serializers.SlugRelatedField(
        slug_field="code",
        queryset=_active_departments(),
        allow_null=True,
        required=False,
        default=None,
        label=_("responsible department"),
    )
    deadline = serializers.DateField(
        allow_null=True, required=False, default=None, label=_("deadline")
    )


# --- card: filters and the viewset ----------------------------------------------------------------


class StableOrderingFilter(django_filters.OrderingFilter):
    """`?ordering=` that ends with the primary key, so that pages neither repeat nor skip rows."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value], "pk")


class CardFilter(django_filters.FilterSet):
    department = django_filters.CharFilter(
        method="filter_department", label=_("Department code, initiating or taking part")
    )
    mine = django_filters.BooleanFilter(
        method="filter_mine",
        label=_("Cards I initiated, lead or track, or own an action item of"),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Open and past the planned end")
    )
    ordering = StableOrderingFilter(
        fields=(
            ("created_at", "created_at"),
            ("planned_end", "planned_end"),
            ("priority_rank", "priority"),
            ("code", "code"),
        ),
        label=_("Order by (priority: high first)"),
    )

    class Meta:
        model = Card
        fields = ["status", "priority", "kind"]

    def filter_department(self, queryset, name, value):
        return selectors.cards_of_department(queryset, value)

    def filter_mine(self, queryset, name, value):
        mine = selectors.cards_mine_q(self.request.user)
        return queryset.filter(mine) if value else queryset.exclude(mine)

    def filter_overdue(self, queryset, name, value):
        overdue = selectors.cards_overdue_q()
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


DEPARTMENT_CODE = OpenApiParameter(
    "department_code", str, OpenApiParameter.PATH, description=_("A participating department.")
)
RISK_ID = OpenApiParameter("risk_id", int, OpenApiParameter.PATH, description=_("A risk's id."))
NOTICE_ID = OpenApiParameter(
    "notice_id", int, OpenApiParameter.PATH, description=_("A delay notice's id.")
)


class ValidateMixin:
    def validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def list_or_add(self, request, *, rows, serializer_class, input_serializer_class, add):
        """GET: the rows; POST: validate, add one through a service, answer 201 with it."""
        context = self.get_serializer_context()
        if request.method == "GET":
            return Response(serializer_class(rows(), many=True, context=context).data)
        created = add(self.validated(input_serializer_class))
        return Response(
            serializer_class(created, context=context).data, status=status.HTTP_201_CREATED
        )


class CardViewSet(ValidateMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Task cards, addressed by code (`/api/v1/cards/TC-2026-0042/`).

    The list shows the cards the caller may see (filters: status, priority, kind, department,
    mine, overdue; search: code and title). Every action answers with the whole card, except
    progress updates and risks, which answer with what was added.
    """

    # For the schema only; get_queryset() decides what a caller sees.
    queryset = Card.objects.none()
    lookup_field = "code"
    filterset_class = CardFilter
    filter_backends = [DjangoFilterBackend, filters.SearchFilter]
    search_fields = ["code", "title"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return (
            selectors.card_list(self.request.user)
            .annotate(priority_rank=PRIORITY_RANK)
            .prefetch_related(
                Prefetch(
                    "departments",
                    queryset=CardDepartment.objects.select_related("department").order_by(
                        "position", "pk"
                    ),
                )
            )
            .order_by("-created_at", "-pk")
        )

    def get_serializer_class(self):
        if self.action == "list":
            return CardListSerializer
        if self.action in ("create", "update", "partial_update"):
            return CardWriteSerializer
        return CardDetailSerializer

    def get_object(self):
        return selectors.card_get_for_user(code=self.kwargs["code"], user=self.request.user)

    def _card_response(self, code: str, status_code: int = status.HTTP_200_OK) -> Response:
        """The card as it is now (after a service changed it), in full."""
        card = selectors.card_get_for_user(code=code, user=self.request.user)
        return self._render(card, status_code)

    def _render(self, card: Card, status_code: int = status.HTTP_200_OK) -> Response:
        serializer = CardDetailSerializer(
            _card_with_details(card), context=self.get_serializer_context()
        )
        return Response(serializer.data, status=status_code)

    @extend_schema(responses=CardDetailSerializer)
    def retrieve(self, request, code=None):
        return self._render(self.get_object())

    @extend_schema(request=CardWriteSerializer, responses={201: CardDetailSerializer})
    def create(self, request):
        """Create a draft card with its departments and milestones; the caller initiates it."""
        data = self.validated(CardWriteSerializer)
        card = services.card_create(by=request.user, data=_card_input(data))
        return self._card_response(card.code, status.HTTP_201_CREATED)

    @extend_schema(request=CardWriteSerializer, responses=CardDetailSerializer)
    def update(self, request, code=None):
        """Edit a draft. Optional fields and rows that are left out keep their values."""
        return self._update(partial=False)

    @extend_schema(request=CardWriteSerializer, responses=CardDetailSerializer)
    def partial_update(self, request, code=None):
        """Edit a draft; what is left out keeps its value."""
        return self._update(partial=True)

    def _update(self, *, partial: bool) -> Response:
        card = self.get_object()
        data = self.validated(CardWriteSerializer, partial=partial)
        services.card_update(card=card, by=self.request.user, data=_card_input(data, card))
        return self._card_response(card.code)

    @extend_schema(request=None, responses=CardDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, code=None):
        """Send the draft to its departments for confirmation."""
        services.card_submit(card=self.get_object(), by=request.user)
        return self._card_response(code)

    @extend_schema(request=None, responses=CardDetailSerializer, parameters=[DEPARTMENT_CODE])
    @action(
        detail=True,
        methods=["post"],
        url_path=r"departments/(?P<department_code>[-\w]+)/confirm",
        url_name="department-confirm",
    )
    def department_confirm(self, request, code=None, department_code=None):
        """Confirm for a department (its contact on the card or its head)."""
        services.department_confirm(
            card=self.get_object(), department_code=department_code, by=request.user
        )
        return self._card_response(code)

    @extend_schema(
        request=ObjectionInputSerializer,
        responses=CardDetailSerializer,
        parameters=[DEPARTMENT_CODE],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"departments/(?P<department_code>[-\w]+)/object",
        url_name="department-object",
    )
    def department_object(self, request, code=None, department_code=None):
        """Object for a department; the card goes back to draft with the objection on it."""
        card = self.get_object()
        data = self.validated(ObjectionInputSerializer)
        services.department_object(
            card=card, department_code=department_code, by=request.user, **data
        )
        return self._card_response(code)

    @extend_schema(request=ChangeRequestInputSerializer, responses=CardDetailSerializer)
    @action(detail=True, methods=["post"], url_path="change-request")
    def change_request(self, request, code=None):
        """Change an active card: the changed departments re-confirm, then the heads re-sign."""
        card = self.get_object()
        data = self.validated(ChangeRequestInputSerializer, partial=True)
        reason = data.pop("reason", "")
        services.card_change_request(
            card=card, by=request.user, data=_card_input(data, card), reason=reason
        )
        return self._card_response(code)

    @extend_schema(request=AcceptanceInputSerializer, responses=CardDetailSerializer)
    @action(detail=True, methods=["post"], url_path="submit-acceptance")
    def submit_acceptance(self, request, code=None):
        """The lead hands done action items to the acceptance party."""
        card = self.get_object()
        data = self.validated(AcceptanceInputSerializer)
        services.card_submit_for_acceptance(card=card, by=request.user, **data)
        return self._card_response(code)

    @extend_schema(request=AcceptInputSerializer, responses=CardDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, code=None):
        """The acceptance party accepts the deliverables; the lead then writes the retrospective."""
        card = self.get_object()
        data = self.validated(AcceptInputSerializer)
        services.card_accept(card=card, by=request.user, **data)
        return self._card_response(code)

    @extend_schema(request=RejectAcceptanceInputSerializer, responses=CardDetailSerializer)
    @action(detail=True, methods=["post"], url_path="reject-acceptance")
    def reject_acceptance(self, request, code=None):
        """The acceptance party rejects, with reasons; the card is active again."""
        card = self.get_object()
        data = self.validated(RejectAcceptanceInputSerializer)
        services.card_reject_acceptance(card=card, by=request.user, **data)
        return self._card_response(code)

    @extend_schema(request=RetrospectiveInputSerializer, responses=CardDetailSerializer)
    @action(detail=True, methods=["post"])
    def retrospective(self, request, code=None):
        """The lead's retrospective after acceptance; it closes the card."""
        card = self.get_object()
        data = self.validated(RetrospectiveInputSerializer)
        services.card_close(card=card, by=request.user, **data)
        return self._card_response(code)

    @extend_schema(request=CancelInputSerializer, responses=CardDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, code=None):
        card = self.get_object()
        data = self.validated(CancelInputSerializer)
        services.card_cancel(card=card, by=request.user, **data)
        return self._card_response(code)

    @extend_schema(methods=["GET"], request=None, responses=ProgressUpdateSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=ProgressUpdateInputSerializer,
        responses={201: ProgressUpdateSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="progress-updates",
        pagination_class=None,
        filter_backends=[],
    )
    def progress_updates(self, request, code=None):
        """The card's progress updates, newest first; POST adds one for a department."""
        card = self.get_object()
        return self.list_or_add(
            request,
            rows=lambda: selectors.card_progress_updates(card),
            serializer_class=ProgressUpdateSerializer,
            input_serializer_class=ProgressUpdateInputSerializer,
            add=lambda data: services.progress_update_add(card=card, by=request.user, **data),
        )

    @extend_schema(methods=["GET"], request=None, responses=RiskSerializer(many=True))
    @extend_schema(methods=["POST"], request=RiskInputSerializer, responses={201: RiskSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def risks(self, request, code=None):
        """The card's risk register, newest first; POST raises a risk."""
        card = self.get_object()
        return self.list_or_add(
            request,
            rows=lambda: selectors.card_risks(card),
            serializer_class=RiskSerializer,
            input_serializer_class=RiskInputSerializer,
            add=lambda data: services.risk_raise(card=card, by=request.user, **data),
        )

    @extend_schema(
        request=RiskCoordinationInputSerializer, responses=RiskSerializer, parameters=[RISK_ID]
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"risks/(?P<risk_id>\d+)/coordinate",
        url_name="risk-coordinate",
    )
    def risk_coordinate(self, request, code=None, risk_id=None):
        """The coordination decision on a risk: solution, responsible department, deadline."""
        card = self.get_object()
        risk = card.risks.filter(pk=risk_id).first()
        if risk is None:
            raise Http404
        data = self.validated(RiskCoordinationInputSerializer)
        risk = services.risk_coordinate(risk=risk, by=request.user, **data)
        return Response(RiskSerializer(risk, context=self.get_serializer_context()).data)


# --- action items ---------------------------------------------------------------------------------


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


class ActionItemSerializer(serializers.ModelSerializer):
    owner = UserBriefSerializer(read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)
    card = serializers.CharField(source="card.code", read_only=True, allow_null=True)
    depends_on = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    status = ActionItemStatusField(read_only=True)
    has_pending_delay_notice = serializers.BooleanField(read_only=True)
    overdue = serializers.SerializerMethodField()

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
            "output_file",
            "done_override_reason",
            "has_pending_delay_notice",
            "overdue",
        ]

    def get_overdue(self, item) -> bool:
        return item.is_open and item.due_date < timezone.localdate()


class ActionItemDetailSerializer(ActionItemSerializer):
    """One item; build it from `_item_with_details(item)`. `warnings` come back on writes."""

    created_by = UserBriefSerializer(read_only=True)
    delay_notices = DelayNoticeSerializer(many=True, read_only=True)
    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("What is allowed but worth a second look, e.g. due after the card's end."),
    )

    class Meta(ActionItemSerializer.Meta):
        fields = [*ActionItemSerializer.Meta.fields, "created_by", "delay_notices", "warnings"]


class _VisibleItemsMixin:
    """Dependencies may only name items the caller can see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            visible = selectors.action_items_visible_to(request.user)
            self.fields["depends_on"].child_relation.queryset = visible


class ActionItemCreateSerializer(_VisibleItemsMixin, serializers.Serializer):
    card = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Card.objects.none(),
        required=False,
        allow_null=True,
        label=_("card"),
        help_text=_("The card's code; leave out for an item of no card."),
    )
    title = serializers.CharField(max_length=200, allow_blank=True, label=_("title"))
    details = serializers.CharField(required=False, allow_blank=True, label=_("details"))
    owner = serializers.PrimaryKeyRelatedField(
        queryset=_active_people(), label=_("owner"), help_text=_("User id.")
    )
    department = serializers.SlugRelatedField(
        slug_field="code",
        queryset=_active_departments(),
        required=False,
        allow_null=True,
        label=_("department"),
        help_text=_("The owner's department when left out."),
    )
    deliverable = serializers.CharField(
        max_length=300, required=False, allow_blank=True, label=_("deliverable")
    )
    due_date = serializers.DateField(label=_("due date"))
    priority = serializers.ChoiceField(
        choices=Priority.choices, required=False, label=_("priority")
    )
    depends_on = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=ActionItem.objects.none(),
        required=False,
        label=_("depends on"),
        help_text=_("Ids of items of the same card."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["card"].queryset = selectors.cards_visible_to(request.user)


class ActionItemUpdateSerializer(_VisibleItemsMixin, serializers.Serializer):
    title = serializers.CharField(max_length=200, allow_blank=True, label=_("title"))
    details = serializers.CharField(allow_blank=True, label=_("details"))
    owner = serializers.PrimaryKeyRelatedField(
        queryset=_active_people(), label=_("owner"), help_text=_("User id.")
    )
    department = serializers.SlugRelatedField(
        slug_field="code", queryset=_active_departments(), label=_("department")
    )
    deliverable = serializers.CharField(max_length=300, allow_blank=True, label=_("deliverable"))
    due_date = serializers.DateField(
        label=_("due date"),
        help_text=_("Once a delay notice was filed, only acknowledged notices move it."),
    )
    priority = serializers.ChoiceField(choices=Priority.choices, label=_("priority"))
    depends_on = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=ActionItem.objects.none(),
        label=_("depends on"),
        help_text=_("Ids of items of the same card; replaces the current ones."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class ItemProgressInputSerializer(serializers.Serializer):
    status = ActionItemStatusField(label=_("status"))
    percent = serializers.IntegerField(label=_("percent done"))
    output_link = serializers.URLField(
        required=False, allow_blank=True, default="", label=_("output link")
    )
    output_file = serializers.FileField(
        required=False, allow_null=True, default=None, label=_("output file")
    )
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        label=_("reason for closing with open dependencies"),
        help_text=_("Only the card's lead closes an item whose dependencies are open."),
    )


class DelayNoticeInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, label=_("reason"))
    new_due_date = serializers.DateField(label=_("new expected date"))


class ActionItemFilter(django_filters.FilterSet):
    owner = django_filters.NumberFilter(field_name="owner_id", label=_("Owner (user id)"))
    department = django_filters.CharFilter(
        field_name="department__code", label=_("Department code")
    )
    card = django_filters.CharFilter(field_name="card__code", label=_("Card code"))
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("Due on or before")
    )
    due_after = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label=_("Due on or after")
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Open and past the due date")
    )
    ordering = StableOrderingFilter(
        fields=(
            ("due_date", "due_date"),
            ("created_at", "created_at"),
            ("priority_rank", "priority"),
            ("status", "status"),
        ),
        label=_("Order by (priority: high first)"),
    )

    class Meta:
        model = ActionItem
        fields = ["status", "priority"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=ActionItem.OPEN_STATUSES, due_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class ActionItemViewSet(ValidateMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Action items the caller may see: of visible cards, their own, their departments' loose ones.

    Delay notices live under their item:
    `POST /api/v1/action-items/{id}/delay-notices/` files one (the owner; GET lists them) and
    `POST /api/v1/action-items/{id}/delay-notices/{notice_id}/acknowledge/` acknowledges it (the
    card's lead or tracker), which moves the due date. Nesting them keeps one visibility check:
    whoever cannot see the item gets 404 for its notices too.
    """

    # For the schema only; get_queryset() decides what a caller sees.
    queryset = ActionItem.objects.none()
    lookup_value_regex = r"\d+"
    filterset_class = ActionItemFilter
    filter_backends = [DjangoFilterBackend, filters.SearchFilter]
    search_fields = ["title"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return (
            selectors.action_item_list(selectors.action_items_visible_to(self.request.user))
            .annotate(priority_rank=PRIORITY_RANK)
            .prefetch_related(Prefetch("depends_on", queryset=ActionItem.objects.only("pk")))
            .order_by("due_date", "pk")
        )

    def get_serializer_class(self):
        if self.action == "list":
            return ActionItemSerializer
        if self.action == "create":
            return ActionItemCreateSerializer
        if self.action == "partial_update":
            return ActionItemUpdateSerializer
        return ActionItemDetailSerializer

    def get_object(self):
        return selectors.action_item_get_for_user(pk=self.kwargs["pk"], user=self.request.user)

    def _item_response(
        self, pk: int, warnings: list[str] | None = None, status_code: int = status.HTTP_200_OK
    ) -> Response:
        item = _item_with_details(selectors.action_item_get_for_user(pk=pk, user=self.request.user))
        item.warnings = warnings or []
        serializer = ActionItemDetailSerializer(item, context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)

    @extend_schema(responses=ActionItemDetailSerializer)
    def retrieve(self, request, pk=None):
        item = _item_with_details(self.get_object())
        item.warnings = []
        return Response(
            ActionItemDetailSerializer(item, context=self.get_serializer_context()).data
        )

    @extend_schema(request=ActionItemCreateSerializer, responses={201: ActionItemDetailSerializer})
    def create(self, request):
        """Create an item, on a card (its lead, tracker or initiator) or on none."""
        data = self.validated(ActionItemCreateSerializer)
        card = data.pop("card", None)
        depends_on = data.pop("depends_on", [])
        item, warnings = services.action_item_create(
            by=request.user, card=card, values=data, depends_on=depends_on
        )
        return self._item_response(item.pk, warnings, status.HTTP_201_CREATED)

    @extend_schema(request=ActionItemUpdateSerializer, responses=ActionItemDetailSerializer)
    def partial_update(self, request, pk=None):
        """The card's managers edit an item; `depends_on` replaces its dependencies."""
        item = self.get_object()
        data = self.validated(ActionItemUpdateSerializer, partial=True)
        depends_on = data.pop("depends_on", None)
        warnings: list[str] = []
        # Both edits or neither: one PATCH is one change.
        with transaction.atomic():
            if data:
                item, warnings = services.action_item_update(
                    item=item, by=request.user, values=data
                )
            if depends_on is not None:
                services.action_item_set_dependencies(
                    item=item, by=request.user, depends_on=depends_on
                )
        return self._item_response(item.pk, warnings)

    @extend_schema(request=ItemProgressInputSerializer, responses=ActionItemDetailSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """The owner (or a manager) reports status and percent; done needs dependencies done."""
        item = self.get_object()
        data = self.validated(ItemProgressInputSerializer)
        services.action_item_report_progress(item=item, by=request.user, **data)
        return self._item_response(item.pk)

    @extend_schema(methods=["GET"], request=None, responses=DelayNoticeSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=DelayNoticeInputSerializer,
        responses={201: DelayNoticeSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="delay-notices",
        pagination_class=None,
        filter_backends=[],
    )
    def delay_notices(self, request, pk=None):
        """The item's delay notices, newest first; POST files one (the owner)."""
        item = self.get_object()
        return self.list_or_add(
            request,
            rows=lambda: selectors.delay_notices_of(item),
            serializer_class=DelayNoticeSerializer,
            input_serializer_class=DelayNoticeInputSerializer,
            add=lambda data: services.delay_notice_file(item=item, by=request.user, **data),
        )

    @extend_schema(request=None, responses=DelayNoticeSerializer, parameters=[NOTICE_ID])
    @action(
        detail=True,
        methods=["post"],
        url_path=r"delay-notices/(?P<notice_id>\d+)/acknowledge",
        url_name="delay-notice-acknowledge",
    )
    def acknowledge_delay_notice(self, request, pk=None, notice_id=None):
        """The card's lead or tracker acknowledges the notice; the due date moves now."""
        item = self.get_object()
        notice = item.delay_notices.filter(pk=notice_id).first()
        if notice is None:
            raise Http404
        notice = services.delay_notice_acknowledge(notice=notice, by=request.user)
        return Response(DelayNoticeSerializer(notice, context=self.get_serializer_context()).data)

"""Cards over the API: list, create, edit a draft, confirmation and change requests, cancel.

Cards are addressed by code (`/api/v1/cards/TC-2026-0042/`, any case). Every action
answers with the whole card as it is afterwards.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from collab.api.downloads import DownloadMixin
from collab.api.fields import CodeRelatedField
from collab.api.idempotency import IdempotentCreateMixin
from collab.api.mixins import ValidateMixin
from collab.api.schema import action_schema
from collab.api.serializers import UserRefField
from collab.models import Department, User

from .. import selectors, services
from ..filters import CardFilter
from ..models import Card, CardDepartment
from ..permissions import ANSWER_RULE, CARD_RULES, describe
from ..services.cards import EDITABLE_FIELDS
from .acceptance import CardAcceptanceActions
from .documents import CardDocumentActions
from .serializers import (
    CardDetailSerializer,
    CardListSerializer,
    ObjectionTopicField,
    card_with_details,
)


def active_people():
    return User.objects.filter(is_active=True)


def active_departments():
    return Department.objects.filter(is_active=True)


class DepartmentRowSerializer(serializers.Serializer):
    department = CodeRelatedField(queryset=active_departments(), label=_("department"))
    role = serializers.ChoiceField(
        choices=CardDepartment.Role.choices, default=CardDepartment.Role.EXECUTOR, label=_("role")
    )
    # Blank is let through: the service says which department lacks its responsibilities.
    responsibilities = serializers.CharField(allow_blank=True, label=_("responsibilities"))
    contact = UserRefField(queryset=active_people(), label=_("contact"))


class MilestoneRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        required=False,
        help_text=_("An existing milestone's id, to keep it (and its achieved date) on update."),
    )
    name = serializers.CharField(max_length=200, allow_blank=True, label=_("name"))
    due_date = serializers.DateField(label=_("due date"))
    buffer_days = serializers.IntegerField(
        default=0, label=_("buffer days"), help_text=_("From 0 to 365.")
    )


class CardWriteSerializer(serializers.ModelSerializer):
    """A card's fields and rows. Only parses: the services check them."""

    initiating_department = CodeRelatedField(
        queryset=active_departments(), label=_("initiating department")
    )
    lead = UserRefField(queryset=active_people(), label=_("task lead"))
    tracker = UserRefField(queryset=active_people(), label=_("tracker"))
    acceptance_user = UserRefField(
        queryset=active_people(), allow_null=True, required=False, label=_("acceptance by (person)")
    )
    acceptance_department = CodeRelatedField(
        queryset=active_departments(),
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
        help_text=_(
            "Replaces all the card's departments when given (send every row you keep); "
            "left out, they stay as they are."
        ),
    )
    milestones = MilestoneRowSerializer(
        many=True,
        required=False,
        label=_("milestones"),
        help_text=_(
            "Replaces all the card's milestones when given (rows with an `id` are kept and "
            "updated); left out, they stay as they are."
        ),
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


class ObjectionInputSerializer(serializers.Serializer):
    topic = ObjectionTopicField(label=_("objection concerns"))
    objection = serializers.CharField(allow_blank=True, label=_("objection"))
    proposed_change = serializers.CharField(
        required=False, allow_blank=True, default="", label=_("proposed change")
    )


class CancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, label=_("reason for cancelling"))


def card_input(data: dict, card: Card | None = None) -> services.CardInput:
    """The services' CardInput from validated data; on update, what is left out stays."""
    fields = {name: data[name] for name in EDITABLE_FIELDS if name in data}
    rows = {}
    if "departments" in data:
        rows["departments"] = [services.DepartmentRow(**row) for row in data["departments"]]
    if "milestones" in data:
        rows["milestones"] = [services.MilestoneRow(**row) for row in data["milestones"]]
    if card is not None:
        return services.card_input_of(card, fields=fields, **rows)
    return services.CardInput(fields=fields, **rows)


DEPARTMENT_CODE = OpenApiParameter(
    "department_code",
    str,
    OpenApiParameter.PATH,
    description=_("A participating department's code, any case."),
)


class CardViewSet(
    IdempotentCreateMixin,
    CardAcceptanceActions,
    CardDocumentActions,
    DownloadMixin,
    ValidateMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Task cards the caller may see (members of its departments, their executives, the people
    it names; a confidential card only the people it names).

    Filters: status, priority, kind, department (code, initiating or taking part), mine,
    overdue, search (code and title); `ordering` by created_at, planned_end, priority (high
    first) or code, `-` for descending. An unknown filter value is a 400.
    """

    # For the schema only; get_queryset() decides what a caller sees.
    queryset = Card.objects.none()
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"
    filterset_class = CardFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.card_list(self.request.user).prefetch_related(
            Prefetch(
                "departments",
                queryset=CardDepartment.objects.select_related("department").order_by(
                    "position", "pk"
                ),
            )
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return selectors.with_item_counts(page) if page is not None else None

    def get_serializer_class(self):
        if self.action == "list":
            return CardListSerializer
        if self.action in ("create", "update", "partial_update"):
            return CardWriteSerializer
        return CardDetailSerializer

    def get_object(self):
        return selectors.card_get_for_user(code=self.kwargs["code"], user=self.request.user)

    def card_response(self, code: str, status_code: int = status.HTTP_200_OK) -> Response:
        """The card as it is now (after a service changed it), in full."""
        card = selectors.card_get_for_user(code=code, user=self.request.user)
        return self.respond(
            CardDetailSerializer, card_with_details(card, self.request.user), status_code
        )

    @extend_schema(responses=CardDetailSerializer)
    def retrieve(self, request, code=None):
        card = self.get_object()
        return self.respond(CardDetailSerializer, card_with_details(card, request.user))

    @extend_schema(request=CardWriteSerializer, responses={201: CardDetailSerializer})
    def create(self, request):
        """Create a draft card with its departments and milestones; the caller initiates it."""
        data = self.validated(CardWriteSerializer)
        card = services.card_create(by=request.user, data=card_input(data))
        return self.card_response(card.code, status.HTTP_201_CREATED)

    @action_schema(
        who=describe(CARD_RULES["edit"]),
        request=CardWriteSerializer,
        responses=CardDetailSerializer,
    )
    def update(self, request, code=None):
        """Edit a draft. Optional fields and rows that are left out keep their values."""
        return self._update(partial=False)

    @action_schema(
        who=describe(CARD_RULES["edit"]),
        request=CardWriteSerializer,
        responses=CardDetailSerializer,
    )
    def partial_update(self, request, code=None):
        """Edit a draft; what is left out keeps its value, rows given replace the card's rows."""
        return self._update(partial=True)

    def _update(self, *, partial: bool) -> Response:
        card = self.get_object()
        data = self.validated(CardWriteSerializer, partial=partial)
        services.card_update(card=card, by=self.request.user, data=card_input(data, card))
        return self.card_response(card.code)

    @action_schema(who=describe(CARD_RULES["submit"]), request=None, responses=CardDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, code=None):
        """Send the draft to its departments for confirmation."""
        services.card_submit(card=self.get_object(), by=request.user)
        return self.card_response(code)

    @action_schema(
        who=describe(ANSWER_RULE),
        request=None,
        responses=CardDetailSerializer,
        parameters=[DEPARTMENT_CODE],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"departments/(?P<department_code>[-\w]+)/confirm",
        url_name="department-confirm",
    )
    def department_confirm(self, request, code=None, department_code=None):
        """Confirm the card for a department."""
        services.department_confirm(
            card=self.get_object(), department_code=department_code, by=request.user
        )
        return self.card_response(code)

    @action_schema(
        who=describe(ANSWER_RULE),
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
        return self.card_response(code)

    @action_schema(
        who=describe(CARD_RULES["request_change"]),
        request=ChangeRequestInputSerializer,
        responses=CardDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="change-request")
    def change_request(self, request, code=None):
        """Change an active card: the changed departments re-confirm, then the heads re-sign."""
        card = self.get_object()
        data = self.validated(ChangeRequestInputSerializer, partial=True)
        reason = data.pop("reason", "")
        services.card_change_request(
            card=card, by=request.user, data=card_input(data, card), reason=reason
        )
        return self.card_response(code)

    @action_schema(
        who=describe(CARD_RULES["cancel"]),
        request=CancelInputSerializer,
        responses=CardDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, code=None):
        """Cancel an open card, with a reason."""
        card = self.get_object()
        data = self.validated(CancelInputSerializer)
        services.card_cancel(card=card, by=request.user, **data)
        return self.card_response(code)

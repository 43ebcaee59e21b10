"""Filing a feedback form over the API (`POST /api/v1/feedback/`, JSON or multipart with
files in `attachments`) and downloading its attachments. The input serializer only
parses; feedback_submit decides, with the same field errors as the page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer

from collab.api.downloads import DownloadMixin, OctetStreamRenderer
from collab.api.fields import CodeRelatedField
from collab.api.idempotency import idempotent
from collab.api.mixins import ValidateMixin
from collab.api.serializers import UserRefField
from collab.models import Department, User
from collab.uploads import UPLOAD_HELP
from collab.views.helpers import file_attachment
from tasks.models import Card
from tasks.selectors import cards_visible_to

from .. import selectors, services
from ..models import FeedbackForm
from ..services.forms import FORM_FIELDS, MAX_ATTACHMENTS
from .serializers import FeedbackDetailSerializer, FeedbackKindField, UrgencyField


class CardCodeField(CodeRelatedField):
    """A card the caller can see, by its code (any other is "does not exist")."""

    def get_queryset(self):
        request = self.context.get("request")
        return cards_visible_to(request.user) if request else super().get_queryset()


def _department_field(**kwargs) -> CodeRelatedField:
    return CodeRelatedField(queryset=Department.objects.all(), **kwargs)


class FeedbackFilingInputSerializer(serializers.Serializer):
    """A new form. What is left out takes its default; what is missing or wrong comes back
    as field errors, all at once."""

    initiating_department = _department_field(
        required=False,
        allow_null=True,
        label=_("initiating department"),
        help_text=_("A department you belong to, by code; default: yours."),
    )
    phone_extension = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        label=_("phone extension"),
        help_text=_("Default: the one in your profile."),
    )
    urgency = UrgencyField(
        required=False,
        label=_("urgency"),
        help_text=_("Default: normal. It sets the first-response deadline (SLA policy)."),
    )
    kind = FeedbackKindField(required=False, label=_("type"))
    kind_other = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        label=_("other type"),
        help_text=_("Required when the type is `other`."),
    )
    background = serializers.CharField(
        required=False, allow_blank=True, label=_("background"), help_text=_("Required.")
    )
    current_situation = serializers.CharField(
        required=False, allow_blank=True, label=_("current situation"), help_text=_("Required.")
    )
    expectation = serializers.CharField(
        required=False, allow_blank=True, label=_("expectation"), help_text=_("Required.")
    )
    receiving_department = _department_field(
        required=False,
        allow_null=True,
        label=_("receiving department"),
        help_text=_("By code; not the initiating department."),
    )
    receiving_contact = UserRefField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        label=_("receiving contact"),
        help_text=_(
            "The receiving department's head or one of its contacts; default: its usual contact."
        ),
    )
    involved_departments = serializers.ListField(
        child=_department_field(),
        required=False,
        default=list,
        label=_("other involved departments"),
        help_text=_("Department codes; they are informed."),
    )
    expected_completion = serializers.DateTimeField(
        required=False,
        allow_null=True,
        label=_("expected completion"),
        help_text=_("In the future."),
    )
    card = CardCodeField(
        queryset=Card.objects.all(),
        required=False,
        allow_null=True,
        label=_("related card"),
        help_text=_("The code of a card you can see."),
    )
    related_item = serializers.CharField(
        max_length=200, required=False, allow_blank=True, label=_("related item")
    )
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        max_length=MAX_ATTACHMENTS,
        label=_("attachments"),
        help_text=UPLOAD_HELP,
    )


def feedback_input(data: dict) -> services.FeedbackInput:
    return services.FeedbackInput(
        values={name: data[name] for name in FORM_FIELDS if data.get(name) is not None},
        involved_departments=list(data.get("involved_departments") or []),
        attachments=list(data.get("attachments") or []),
    )


ATTACHMENT_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description=_("The attachment's id.")
)


class FeedbackFilingActions(ValidateMixin, DownloadMixin):
    """`create` and the `attachments/{pk}` download of FeedbackViewSet."""

    # For the schema only (the code's type); every action fetches through a selector.
    queryset = FeedbackForm.objects.none()

    @extend_schema(
        request={
            "application/json": FeedbackFilingInputSerializer,
            "multipart/form-data": FeedbackFilingInputSerializer,
        },
        responses={201: FeedbackDetailSerializer},
    )
    @idempotent
    def create(self, request):
        """File a feedback form as the caller: it gets its code and its first-response
        deadline from the SLA policy; the receiving contact and head are asked to respond,
        the involved departments informed, the initiating department's head copied.
        Multipart bodies carry files in `attachments`."""
        data = self.validated(FeedbackFilingInputSerializer)
        form = services.feedback_submit(by=request.user, data=feedback_input(data))
        filed = selectors.feedback_get_for_user(code=form.code, user=request.user)
        return self.respond(FeedbackDetailSerializer, filed, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ATTACHMENT_ID],
        responses={(200, "application/octet-stream"): OpenApiResponse(description=_("The file."))},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<pk>[0-9]+)",
        url_name="attachment",
        renderer_classes=[OctetStreamRenderer, JSONRenderer],
    )
    def attachment(self, request, code=None, pk=None):
        """One of the form's attachments, as a download, for whoever may see the form."""
        stored = selectors.feedback_attachment_get(code=code, pk=pk, user=request.user)
        return file_attachment(request, stored.file, stored.name, "application/octet-stream")

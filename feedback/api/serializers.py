"""What the feedback API answers: a list row (`FeedbackSerializer`, also what every action
answers with) and the whole form (`FeedbackDetailSerializer`). Departments are given by
code, people as brief objects."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from collab.api.fields import named_choice_field
from collab.api.serializers import UserBriefSerializer

from .. import selectors
from ..models import FeedbackAttachment, FeedbackForm, LogEntry, Urgency
from ..sla import SlaStatus, sla_status_of

UrgencyField = named_choice_field("FeedbackUrgency", Urgency)
FeedbackKindField = named_choice_field("FeedbackKind", FeedbackForm.Kind)
FeedbackStatusField = named_choice_field("FeedbackStatus", FeedbackForm.Status)
SlaStatusField = named_choice_field("SlaStatus", SlaStatus)
LogKindField = named_choice_field("FeedbackLogKind", LogEntry.Kind)


class FeedbackSerializer(serializers.ModelSerializer):
    """A form as lists show it. Rows of `selectors.feedback_list` carry `sla_status`; any
    other form (an action's answer) has it worked out."""

    initiating_department = serializers.CharField(
        source="initiating_department.code", read_only=True
    )
    receiving_department = serializers.CharField(source="receiving_department.code", read_only=True)
    initiator = UserBriefSerializer(read_only=True)
    receiving_contact = UserBriefSerializer(read_only=True, allow_null=True)
    urgency = UrgencyField(read_only=True)
    kind = FeedbackKindField(read_only=True)
    status = FeedbackStatusField(read_only=True)
    sla_status = serializers.SerializerMethodField(
        help_text=_("on_track, due_soon, breached (no answer yet), met, late or closed.")
    )

    class Meta:
        model = FeedbackForm
        fields = [
            "code",
            "initiating_department",
            "initiator",
            "urgency",
            "kind",
            "kind_other",
            "receiving_department",
            "receiving_contact",
            "status",
            "submitted_at",
            "expected_completion",
            "first_response_due_at",
            "first_response_at",
            "response_due_at",
            "responded_at",
            "sla_status",
        ]
        read_only_fields = fields

    @extend_schema_field(SlaStatusField)
    def get_sla_status(self, form) -> str:
        return getattr(form, "sla_status", None) or sla_status_of(form, timezone.now())


class LogEntrySerializer(serializers.ModelSerializer):
    kind = LogKindField(read_only=True)
    author = UserBriefSerializer(read_only=True)
    department = serializers.CharField(source="department.code", read_only=True, allow_null=True)

    class Meta:
        model = LogEntry
        fields = ["id", "kind", "happened_at", "author", "department", "text"]
        read_only_fields = fields


class FeedbackAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("Where the file downloads."))

    class Meta:
        model = FeedbackAttachment
        fields = ["name", "size", "url"]
        read_only_fields = fields

    def get_url(self, attachment) -> str:
        return reverse(
            "api-feedback-attachment", kwargs={"code": attachment.form.code, "pk": attachment.pk}
        )


class FeedbackDetailSerializer(FeedbackSerializer):
    """The whole form: a form from `selectors.feedback_get_for_user`."""

    phone_extension = serializers.CharField(read_only=True)
    involved_departments = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    card = serializers.CharField(source="card.code", read_only=True, allow_null=True)
    escalated_card = serializers.CharField(
        source="escalated_card.code", read_only=True, allow_null=True
    )
    responsible_person = UserBriefSerializer(read_only=True, allow_null=True)
    log = LogEntrySerializer(source="log_entries", many=True, read_only=True)
    attachments = FeedbackAttachmentSerializer(many=True, read_only=True)
    permissions = serializers.SerializerMethodField(
        help_text=_("What the caller may do with the form now.")
    )
    pdf_url = serializers.SerializerMethodField(
        help_text=_("The feedback form PDF: signed once both heads have signed, else current.")
    )

    class Meta(FeedbackSerializer.Meta):
        fields = [
            *FeedbackSerializer.Meta.fields,
            "phone_extension",
            "background",
            "current_situation",
            "expectation",
            "involved_departments",
            "card",
            "related_item",
            "follow_up_every_hours",
            "solution",
            "completed_at",
            "responsible_person",
            "resolved_at",
            "reopen_count",
            "satisfaction",
            "satisfaction_comment",
            "confirmed_at",
            "escalated_card",
            "log",
            "attachments",
            "permissions",
            "pdf_url",
        ]
        read_only_fields = fields

    def get_pdf_url(self, form) -> str:
        path = reverse("api-feedback-pdf", args=[form.code])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "boolean"}})
    def get_permissions(self, form) -> dict:
        request = self.context.get("request")
        return selectors.feedback_permissions_of(request.user, form).as_dict()

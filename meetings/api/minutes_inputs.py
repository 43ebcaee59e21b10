"""The minutes API's input serializers: they parse; the services decide."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from collab.api.fields import CodeRelatedField
from collab.api.serializers import UserRefField
from collab.models import Department, User
from collab.uploads import UPLOAD_HELP

from ..models import Invitation

# --- input -------------------------------------------------------------------------------


class AttendanceRowInput(serializers.Serializer):
    invitation = serializers.PrimaryKeyRelatedField(
        queryset=Invitation.objects.none(), label=_("invitation")
    )
    attended = serializers.BooleanField(label=_("attended"))
    absence_reason = serializers.CharField(
        required=False, allow_blank=True, default="", label=_("reason for absence")
    )


class AttendanceInput(serializers.Serializer):
    rows = AttendanceRowInput(many=True, label=_("attendance"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.context.get("meeting")
        if meeting is not None:
            field = self.fields["rows"].child.fields["invitation"]
            field.queryset = Invitation.objects.filter(meeting=meeting).select_related("person")


class ViewpointInput(serializers.Serializer):
    department = CodeRelatedField(queryset=Department.objects.all(), label=_("department"))
    text = serializers.CharField(allow_blank=True, label=_("viewpoint"))


class DisagreementInput(serializers.Serializer):
    id = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("An existing disagreement's id, to keep it (and its decision)."),
    )
    subject = serializers.CharField(allow_blank=True, label=_("disagreement"))
    decision_maker = UserRefField(
        queryset=User.objects.filter(is_active=True), allow_null=True, label=_("decision maker")
    )


class MinutesInputSerializer(serializers.Serializer):
    viewpoints = ViewpointInput(many=True, required=False)
    conclusions = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, label=_("conclusions")
    )
    disagreements = DisagreementInput(many=True, required=False)
    follow_up_plan = serializers.CharField(
        required=False, allow_blank=True, label=_("follow-up plan")
    )
    pending_decisions = serializers.CharField(
        required=False, allow_blank=True, label=_("pending decisions")
    )


class MinutesFileInput(serializers.Serializer):
    file = serializers.FileField(allow_null=True, label=_("file"), help_text=UPLOAD_HELP)


class DecisionInput(serializers.Serializer):
    decision = serializers.CharField(allow_blank=True, label=_("decision"))


class OpinionInput(serializers.Serializer):
    written_opinion = serializers.CharField(
        required=False, allow_blank=True, default="", label=_("written opinion")
    )
    file = serializers.FileField(
        required=False, allow_null=True, default=None, label=_("file"), help_text=UPLOAD_HELP
    )

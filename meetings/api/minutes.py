"""Recording a meeting over the API: attendance, the minutes while draft, the action items
they create, decisions on disagreements and written opinions.

Every route first fetches the meeting through `selectors.meeting_get_for_user` (404 for
whoever may not see it); the services decide the rest (403 wrong person, 409 wrong moment,
400 bad input)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from collab.api.mixins import ValidateMixin
from collab.api.schema import action_schema
from collab.api.serializers import UserBriefSerializer
from tasks.api.origin_items import OriginActionItemInput

from .. import selectors, services
from ..models import Invitation, Meeting, MeetingAttachment, Minutes
from ..permissions import MEETING_RULES
from .minutes_inputs import (
    AttendanceInput,
    DecisionInput,
    MinutesFileInput,
    MinutesInputSerializer,
    OpinionInput,
)

RECORDERS = _("Who may call it: the meeting's recorder or host, once it started, until published.")


def _who(action_name: str) -> str:
    if action_name == "record":
        return str(RECORDERS)
    rule = MEETING_RULES[action_name]
    return f"{_('Who may call it:')} {rule.not_you}"


# --- output ------------------------------------------------------------------------------


class AttendanceRowSerializer(serializers.ModelSerializer):
    person = UserBriefSerializer(read_only=True)
    department = serializers.CharField(source="department.code", read_only=True, default=None)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "person",
            "department",
            "is_required",
            "response",
            "attendance",
            "absence_reason",
            "written_opinion",
        ]


class ViewpointSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.code")
    text = serializers.CharField()


class ConclusionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    text = serializers.CharField()


class DisagreementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    decision_maker = UserBriefSerializer()
    decision = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)


class MinutesItemSerializer(serializers.Serializer):
    """An action item the minutes created; `id` is the item's, as in /api/v1/action-items/."""

    number = serializers.IntegerField()
    id = serializers.IntegerField(source="action_item.id")
    title = serializers.CharField(source="action_item.title")
    owner = UserBriefSerializer(source="action_item.owner")
    department = serializers.CharField(source="action_item.department.code")
    deliverable = serializers.CharField(source="action_item.deliverable")
    due_date = serializers.DateField(source="action_item.due_date")
    priority = serializers.CharField(source="action_item.priority")
    status = serializers.CharField(source="action_item.status")


class MeetingFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    purpose = serializers.CharField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_by = UserBriefSerializer()
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text=_("Downloads the file (as an attachment)."))

    def get_url(self, attachment) -> str:
        path = reverse("meetings:minutes-file", args=[attachment.meeting.code, attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class MinutesSerializer(serializers.Serializer):
    """The minutes as they stand (a draft, or the published version)."""

    meeting = serializers.CharField(source="meeting.code")
    version = serializers.IntegerField()
    status = serializers.CharField(help_text=_('"draft" or "published".'))
    viewpoints = ViewpointSerializer(many=True)
    conclusions = ConclusionSerializer(many=True)
    disagreements = DisagreementSerializer(many=True)
    action_items = MinutesItemSerializer(many=True, source="item_links")
    follow_up_plan = serializers.CharField()
    pending_decisions = serializers.CharField()
    due_at = serializers.DateTimeField(source="meeting.minutes_due_at")
    due_state = serializers.SerializerMethodField(
        help_text=_('"not_due", "due", "overdue" or "published".')
    )

    @extend_schema_field(serializers.CharField())
    def get_due_state(self, minutes) -> str:
        return selectors.minutes_state_of(minutes.meeting)


def _minutes_input(data: dict, current: Minutes | None) -> services.MinutesInput:
    """The service's input: the fields given, the others as they stand (PATCH)."""

    def now(name, of_current):
        if name in data:
            return data[name]
        return of_current(current) if current is not None else []

    viewpoints = now(
        "viewpoints",
        lambda m: [{"department": v.department, "text": v.text} for v in m.viewpoints.all()],
    )
    disagreements = now(
        "disagreements",
        lambda m: [
            {"id": d.pk, "subject": d.subject, "decision_maker": d.decision_maker}
            for d in m.disagreements.all()
        ],
    )
    return services.MinutesInput(
        viewpoints=[(row["department"], row["text"]) for row in viewpoints],
        conclusions=now("conclusions", lambda m: [c.text for c in m.conclusions.all()]),
        disagreements=[
            services.DisagreementRow(row["subject"], row["decision_maker"], row.get("id"))
            for row in disagreements
        ],
        follow_up_plan=data.get(
            "follow_up_plan", current.follow_up_plan if current is not None else ""
        ),
        pending_decisions=data.get(
            "pending_decisions", current.pending_decisions if current is not None else ""
        ),
    )


class MeetingMinutesActions(ValidateMixin):
    """The `attendance`, `minutes`, `minutes/action-items`, `disagreements/{id}/decide` and
    `opinion` actions of MeetingViewSet."""

    # For the schema (the path's `code` and the model); every route reads through
    # minutes_meeting(), which answers 404 to whoever may not see the meeting.
    queryset = Meeting.objects.none()

    def minutes_meeting(self):
        return selectors.meeting_get_for_user(code=self.kwargs["code"], user=self.request.user)

    def minutes_response(self, meeting, status_code=status.HTTP_200_OK):
        minutes = selectors.minutes_content(meeting) or Minutes(meeting=meeting)
        return Response(
            MinutesSerializer(minutes, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def attendance_response(self, meeting):
        rows = meeting.invitations.all()
        return Response(AttendanceRowSerializer(rows, many=True).data)

    @extend_schema(
        methods=["GET"], responses=AttendanceRowSerializer(many=True), description=RECORDERS
    )
    @action_schema(
        who=_who("record"),
        methods=["POST", "PUT"],
        request=AttendanceInput,
        responses=AttendanceRowSerializer(many=True),
    )
    @action(detail=True, methods=["get", "post", "put"])
    def attendance(self, request, code=None):
        """Who is invited and who attended; POST/PUT records attended or absent (with the
        reason) for the invitations given."""
        meeting = self.minutes_meeting()
        if request.method == "GET":
            return self.attendance_response(meeting)
        serializer = AttendanceInput(data=request.data, context={"meeting": meeting})
        serializer.is_valid(raise_exception=True)
        services.attendance_record(
            meeting=meeting,
            by=request.user,
            rows=[
                services.AttendanceRow(row["invitation"], row["attended"], row["absence_reason"])
                for row in serializer.validated_data["rows"]
            ],
        )
        return self.attendance_response(self.minutes_meeting())

    @extend_schema(methods=["GET"], responses=MinutesSerializer)
    @action_schema(
        who=_who("record"),
        methods=["PUT", "PATCH"],
        request=MinutesInputSerializer,
        responses=MinutesSerializer,
    )
    @action(detail=True, methods=["get", "put", "patch"])
    def minutes(self, request, code=None):
        """The minutes; PUT replaces their content while they are a draft (PATCH only the
        fields given). Conclusions are numbered in the order given; blank ones are dropped."""
        meeting = self.minutes_meeting()
        if request.method == "GET":
            return self.minutes_response(meeting)
        data = self.validated(MinutesInputSerializer)
        current = selectors.minutes_content(meeting) if request.method == "PATCH" else None
        services.minutes_save(meeting=meeting, by=request.user, data=_minutes_input(data, current))
        return self.minutes_response(meeting)

    @extend_schema(methods=["GET"], responses=MinutesItemSerializer(many=True))
    @action_schema(
        who=_who("record"),
        methods=["POST"],
        request=OriginActionItemInput,
        responses={201: MinutesItemSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="minutes/action-items")
    def minutes_action_items(self, request, code=None):
        """The action items the minutes created; POST creates one (owner required; on the
        meeting's card when it has one; it shows in the owner's "My action items")."""
        meeting = self.minutes_meeting()
        if request.method == "GET":
            minutes = selectors.minutes_content(meeting)
            links = minutes.item_links.all() if minutes is not None else []
            return Response(MinutesItemSerializer(links, many=True).data)
        data = self.validated(OriginActionItemInput)
        link, _warnings = services.minutes_item_add(meeting=meeting, by=request.user, values=data)
        link = selectors.minutes_item_link_get(meeting=meeting, item_id=link.action_item_id)
        return Response(MinutesItemSerializer(link).data, status=status.HTTP_201_CREATED)

    @action_schema(
        who=_who("record"),
        methods=["PATCH"],
        request=OriginActionItemInput,
        responses=MinutesItemSerializer,
    )
    @action_schema(who=_who("record"), methods=["DELETE"], request=None, responses={204: None})
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=r"minutes/action-items/(?P<item_id>[0-9]+)",
    )
    def minutes_action_item(self, request, code=None, item_id=None):
        """Change an item of the draft minutes, or remove it (the item is cancelled, with
        the minutes named as the reason; the others are numbered again)."""
        meeting = self.minutes_meeting()
        link = selectors.minutes_item_link_get(meeting=meeting, item_id=int(item_id))
        if request.method == "DELETE":
            services.minutes_item_remove(meeting=meeting, by=request.user, link=link)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = self.validated(OriginActionItemInput, partial=True)
        services.minutes_item_update(meeting=meeting, by=request.user, link=link, values=data)
        link = selectors.minutes_item_link_get(meeting=meeting, item_id=link.action_item_id)
        return Response(MinutesItemSerializer(link).data)

    @action_schema(who=_who("decide"), request=DecisionInput, responses=DisagreementSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"disagreements/(?P<disagreement_id>[0-9]+)/decide",
    )
    def decide(self, request, code=None, disagreement_id=None):
        """The named decision maker records the decision on a disagreement, once."""
        meeting = self.minutes_meeting()
        disagreement = selectors.disagreement_get_for_user(meeting=meeting, pk=int(disagreement_id))
        data = self.validated(DecisionInput)
        decided = services.disagreement_decide(
            disagreement=disagreement, by=request.user, decision=data["decision"]
        )
        return Response(DisagreementSerializer(decided).data)

    @action_schema(
        who=_who("write_opinion"),
        request={"multipart/form-data": OpinionInput, "application/json": OpinionInput},
        responses=AttendanceRowSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def opinion(self, request, code=None):
        """An invitee sends a written opinion: text, a file (multipart), or both."""
        meeting = self.minutes_meeting()
        data = self.validated(OpinionInput)
        invitation = services.opinion_send(
            meeting=meeting, by=request.user, text=data["written_opinion"], upload=data["file"]
        )
        return Response(AttendanceRowSerializer(invitation).data)

    def files_response(self, meeting, status_code=status.HTTP_200_OK):
        files = selectors.meeting_files(meeting, MeetingAttachment.Purpose.MINUTES)
        context = self.get_serializer_context()
        return Response(
            MeetingFileSerializer(files, many=True, context=context).data, status=status_code
        )

    @extend_schema(methods=["GET"], responses=MeetingFileSerializer(many=True))
    @action_schema(
        who=_who("record"),
        methods=["POST"],
        request={"multipart/form-data": MinutesFileInput},
        responses={201: MeetingFileSerializer(many=True)},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="minutes/attachments",
        parser_classes=[MultiPartParser, FormParser],
    )
    def minutes_attachments(self, request, code=None):
        """The files attached to the minutes; POST attaches one (type and size checked)."""
        meeting = self.minutes_meeting()
        if request.method == "GET":
            return self.files_response(meeting)
        data = self.validated(MinutesFileInput)
        services.minutes_attachment_add(meeting=meeting, by=request.user, upload=data["file"])
        return self.files_response(meeting, status.HTTP_201_CREATED)

    @action_schema(who=_who("record"), request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"minutes/attachments/(?P<file_id>[0-9]+)",
    )
    def minutes_attachment(self, request, code=None, file_id=None):
        """Take a file off the draft minutes."""
        meeting = self.minutes_meeting()
        attachment = selectors.meeting_file_get_for_user(
            code=meeting.code, pk=int(file_id), user=request.user
        )
        services.minutes_attachment_remove(meeting=meeting, by=request.user, attachment=attachment)
        return Response(status=status.HTTP_204_NO_CONTENT)

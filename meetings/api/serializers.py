"""What the meetings API answers: a list row (`MeetingSerializer`, also what every action
answers with) and the whole meeting (`MeetingDetailSerializer`)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from collab.api.fields import named_choice_field
from collab.api.serializers import UserBriefSerializer

from .. import selectors
from ..filters import MinutesState
from ..models import AgendaItem, Invitation, Meeting

MeetingKindField = named_choice_field("MeetingKind", Meeting.Kind)
MeetingChannelField = named_choice_field("MeetingChannel", Meeting.Channel)
MeetingStatusField = named_choice_field("MeetingStatus", Meeting.Status)
MinutesStateField = named_choice_field("MinutesState", MinutesState)
InvitationResponseField = named_choice_field("InvitationResponse", Invitation.Response)
AttendanceField = named_choice_field("Attendance", Invitation.Attendance)


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting as lists show it. Rows of `selectors.meeting_list` carry the counts and the
    caller's answer; any other meeting (an action's answer) has them worked out."""

    kind = MeetingKindField(read_only=True)
    channel = MeetingChannelField(read_only=True)
    status = MeetingStatusField(read_only=True)
    host = UserBriefSerializer(read_only=True)
    recorder = UserBriefSerializer(read_only=True)
    card = serializers.CharField(source="card.code", read_only=True, allow_null=True)
    series = serializers.CharField(source="series.rrule", read_only=True, allow_null=True)
    minutes_state = serializers.SerializerMethodField(
        help_text=_("not_due, due, overdue or published.")
    )
    my_response = serializers.SerializerMethodField(
        help_text=_("The caller's answer to their invitation; null when not invited.")
    )
    is_deputy = serializers.SerializerMethodField(
        help_text=_("Whether the caller was named deputy for an invitee.")
    )
    invited_count = serializers.SerializerMethodField()
    answered_count = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "code",
            "topic",
            "kind",
            "channel",
            "place",
            "link",
            "starts_at",
            "ends_at",
            "is_urgent",
            "status",
            "host",
            "recorder",
            "card",
            "series",
            "notice_sent_at",
            "is_short_notice",
            "minutes_due_at",
            "minutes_state",
            "my_response",
            "is_deputy",
            "invited_count",
            "answered_count",
        ]
        read_only_fields = fields

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    @extend_schema_field(MinutesStateField)
    def get_minutes_state(self, meeting) -> str:
        state = getattr(meeting, "minutes_state", None)
        return state or selectors.minutes_state_of(meeting)

    @extend_schema_field(InvitationResponseField(allow_null=True))
    def get_my_response(self, meeting):
        if hasattr(meeting, "my_response"):
            return meeting.my_response
        user = self._user()
        own = selectors.own_invitation(meeting, user) if user is not None else None
        return own.response if own is not None else None

    def get_is_deputy(self, meeting) -> bool:
        if hasattr(meeting, "is_deputy"):
            return meeting.is_deputy
        user = self._user()
        return any(i.deputy_id == getattr(user, "pk", None) for i in meeting.invitations.all())

    def get_invited_count(self, meeting) -> int:
        if hasattr(meeting, "invited_count"):
            return meeting.invited_count
        return len(meeting.invitations.all())

    def get_answered_count(self, meeting) -> int:
        if hasattr(meeting, "answered_count"):
            return meeting.answered_count
        pending = Invitation.Response.PENDING
        return sum(1 for i in meeting.invitations.all() if i.response != pending)


class InvitationSerializer(serializers.ModelSerializer):
    person = UserBriefSerializer(read_only=True)
    department = serializers.CharField(source="department.code", read_only=True, allow_null=True)
    deputy = UserBriefSerializer(read_only=True, allow_null=True)
    response = InvitationResponseField(read_only=True)
    attendance = AttendanceField(read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "person",
            "department",
            "is_required",
            "response",
            "response_reason",
            "deputy",
            "responded_at",
            "attendance",
            "absence_reason",
        ]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    presenter = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "minutes", "presenter"]
        read_only_fields = fields


class MeetingDetailSerializer(MeetingSerializer):
    """The whole meeting: a meeting from `selectors.meeting_get_for_user`."""

    created_by = UserBriefSerializer(read_only=True)
    invitations = InvitationSerializer(many=True, read_only=True)
    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    permissions = serializers.SerializerMethodField(
        help_text=_("What the caller may do with the meeting now.")
    )
    unanswered_required = serializers.SerializerMethodField(
        help_text=_(
            "Required invitees who have not answered although the meeting is 2 working days "
            "away or less (empty before then)."
        )
    )

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "background",
            "goal",
            "cancelled_at",
            "cancel_reason",
            "sequence",
            "created_by",
            "created_at",
            "invitations",
            "agenda_items",
            "permissions",
            "unanswered_required",
        ]
        read_only_fields = fields

    @extend_schema_field(UserBriefSerializer(many=True))
    def get_unanswered_required(self, meeting) -> list:
        people = [invitation.person for invitation in selectors.unanswered_required(meeting)]
        return UserBriefSerializer(people, many=True, context=self.context).data

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "boolean"}})
    def get_permissions(self, meeting) -> dict:
        return selectors.meeting_permissions_of(self._user(), meeting).as_dict()

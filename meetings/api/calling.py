"""Calling a meeting over the API: create, edit, delete a draft, send the notice, cancel,
and the meeting's calendar file. Input serializers only parse; the services decide."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from collab.api.downloads import BinaryRenderer, DownloadMixin
from collab.api.fields import CodeRelatedField, named_choice_field
from collab.api.idempotency import idempotent
from collab.api.mixins import ValidateMixin
from collab.api.schema import action_schema
from collab.api.serializers import UserRefField
from collab.models import Department, User
from collab.views.helpers import attachment
from tasks.selectors import cards_visible_to

from .. import calendar, selectors, services
from ..models import Meeting, MeetingSeries
from ..permissions import MEETING_RULES
from ..services.meetings import (
    MEETING_FIELDS,
    AgendaEntry,
    DepartmentInvitation,
    Invitee,
    MeetingInput,
)
from .serializers import (
    MeetingChannelField,
    MeetingDetailSerializer,
    MeetingKindField,
    MeetingSerializer,
)


def who(action_name: str) -> str:
    """The sentence the schema shows beside an action: who is refused, said positively."""
    return str(MEETING_RULES[action_name].not_you)


def active_people():
    return User.objects.filter(is_active=True)


class CalendarRenderer(BinaryRenderer):
    media_type = "text/calendar"
    format = "ics"


class CardCodeField(CodeRelatedField):
    """A card the caller can see, by its code (any other is "does not exist")."""

    def get_queryset(self):
        request = self.context.get("request")
        return cards_visible_to(request.user) if request else super().get_queryset()


class InviteeInputSerializer(serializers.Serializer):
    person = UserRefField(queryset=active_people(), label=_("person"))
    is_required = serializers.BooleanField(default=True, label=_("required"))


class DepartmentInviteeInputSerializer(serializers.Serializer):
    department = CodeRelatedField(
        queryset=Department.objects.filter(is_active=True), label=_("department")
    )
    is_required = serializers.BooleanField(default=True, label=_("required"))


class AgendaEntryInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, allow_blank=True, label=_("title"))
    minutes = serializers.IntegerField(label=_("duration (minutes)"))
    presenter = UserRefField(
        queryset=active_people(), allow_null=True, required=False, label=_("presenter")
    )


class MeetingWriteSerializer(serializers.ModelSerializer):
    """A meeting's fields, invitees and agenda. On update, what is left out stays; a list
    given replaces the meeting's list."""

    kind = MeetingKindField(required=False, label=_("kind"))
    channel = MeetingChannelField(required=False, label=_("form"))

    host = UserRefField(queryset=active_people(), label=_("host"))
    recorder = UserRefField(queryset=active_people(), label=_("recorder"))
    card = CardCodeField(
        queryset=Meeting._meta.get_field("card").related_model.objects.all(),
        allow_null=True,
        required=False,
        label=_("card"),
    )
    invitees = InviteeInputSerializer(many=True, required=False, label=_("people invited"))
    departments = DepartmentInviteeInputSerializer(
        many=True,
        required=False,
        label=_("departments invited"),
        help_text=_("A department is invited through its head and its contacts."),
    )
    agenda = AgendaEntryInputSerializer(many=True, required=False, label=_("agenda"))

    class Meta:
        model = Meeting
        fields = [*MEETING_FIELDS, "invitees", "departments", "agenda"]
        extra_kwargs = {"topic": {"allow_blank": True}}


def meeting_input(data: dict, meeting: Meeting | None = None) -> MeetingInput:
    values = {name: data[name] for name in MEETING_FIELDS if name in data}
    changes = {"values": values}
    if "invitees" in data or "departments" in data:
        changes["invitees"] = [
            Invitee(row["person"], row["is_required"]) for row in data.get("invitees", [])
        ]
        changes["departments"] = [
            DepartmentInvitation(row["department"], row["is_required"])
            for row in data.get("departments", [])
        ]
    if "agenda" in data:
        changes["agenda"] = [
            AgendaEntry(row["title"], row["minutes"], row.get("presenter"))
            for row in data["agenda"]
        ]
    if meeting is not None:
        return services.meeting_input_of(meeting, **changes)
    return MeetingInput(
        values=values,
        invitees=changes.get("invitees", []),
        departments=changes.get("departments", []),
        agenda=changes.get("agenda", []),
    )


class SeriesWriteSerializer(MeetingWriteSerializer):
    """A repeating meeting: the first occurrence's fields, how it repeats and until when."""

    frequency = named_choice_field("MeetingSeriesFrequency", MeetingSeries.Frequency)(
        label=_("repeats")
    )
    until = serializers.DateField(label=_("repeats until"))

    class Meta(MeetingWriteSerializer.Meta):
        fields = [*MeetingWriteSerializer.Meta.fields, "frequency", "until"]


class MeetingCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, label=_("reason for cancelling"))


class MeetingCallingActions(ValidateMixin, DownloadMixin):
    """Create/update/destroy and the `send-notice`, `cancel`, `ics` actions of MeetingViewSet."""

    # For the schema only (the code's type); every action fetches through the selector.
    queryset = Meeting.objects.none()

    def meeting_for_caller(self, code: str) -> Meeting:
        """404 for whoever may not see it, before anything else."""
        return selectors.meeting_get_for_user(code=code, user=self.request.user)

    def meeting_response(self, code: str, status_code: int = status.HTTP_200_OK) -> Response:
        return self.respond(MeetingDetailSerializer, self.meeting_for_caller(code), status_code)

    @extend_schema(request=MeetingWriteSerializer, responses={201: MeetingDetailSerializer})
    @idempotent
    def create(self, request):
        """Call a meeting (a draft until its notice is sent); the caller is its organiser.
        An agenda longer than the meeting is saved; the answer's `warnings` say so."""
        data = self.validated(MeetingWriteSerializer)
        meeting, warnings = services.meeting_create(by=request.user, data=meeting_input(data))
        response = self.meeting_response(meeting.code, status.HTTP_201_CREATED)
        return _with_warnings(response, warnings)

    @extend_schema(request=SeriesWriteSerializer, responses={201: MeetingSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def series(self, request):
        """A card's weekly or daily meeting: one meeting per occurrence until `until` (daily
        means working days), each with its own invitations, attendance and minutes."""
        data = self.validated(SeriesWriteSerializer)
        frequency, until = data.pop("frequency"), data.pop("until")
        _series, meetings = services.meeting_series_create(
            by=request.user, data=meeting_input(data), frequency=frequency, until=until
        )
        return Response(
            MeetingSerializer(meetings, many=True, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @action_schema(
        who=who("edit"), request=MeetingWriteSerializer, responses=MeetingDetailSerializer
    )
    def update(self, request, code=None):
        """Change the meeting; after the notice, send an update (`send-notice`) to tell the
        invitees. Lists given replace the meeting's lists."""
        return self._update(partial=False)

    @action_schema(
        who=who("edit"), request=MeetingWriteSerializer, responses=MeetingDetailSerializer
    )
    def partial_update(self, request, code=None):
        """Change some of the meeting; what is left out keeps its value."""
        return self._update(partial=True)

    def _update(self, *, partial: bool) -> Response:
        meeting = self.meeting_for_caller(self.kwargs["code"])
        data = self.validated(MeetingWriteSerializer, partial=partial)
        _meeting, warnings = services.meeting_update(
            meeting=meeting, by=self.request.user, data=meeting_input(data, meeting)
        )
        return _with_warnings(self.meeting_response(meeting.code), warnings)

    @action_schema(
        who=who("edit"),
        request=None,
        responses={204: None},
    )
    def destroy(self, request, code=None):
        """Delete a draft whose notice never went out (409 otherwise: cancel it instead)."""
        services.meeting_delete(meeting=self.meeting_for_caller(code), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action_schema(who=who("send_notice"), request=None, responses=MeetingDetailSerializer)
    @action(detail=True, methods=["post"], url_path="send-notice")
    def send_notice(self, request, code=None):
        """Send the notice to every invitee (email with an iCalendar REQUEST), or, once sent,
        an update with the next SEQUENCE. Less than 3 working days ahead it is marked short
        notice."""
        services.notice_send(meeting=self.meeting_for_caller(code), by=request.user)
        return self.meeting_response(code)

    @action_schema(
        who=who("cancel"), request=MeetingCancelInputSerializer, responses=MeetingDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, code=None):
        """Cancel the meeting with a reason; whoever got the notice gets a CANCEL."""
        meeting = self.meeting_for_caller(code)
        data = self.validated(MeetingCancelInputSerializer)
        services.meeting_cancel(meeting=meeting, by=request.user, reason=data["reason"])
        return self.meeting_response(code)

    @extend_schema(
        responses={(200, "text/calendar"): OpenApiResponse(description=_("The meeting (.ics)."))}
    )
    @action(detail=True, methods=["get"], renderer_classes=[CalendarRenderer, JSONRenderer])
    def ics(self, request, code=None):
        """The meeting as an iCalendar file, for whoever may see it."""
        meeting = self.meeting_for_caller(code)
        return attachment(calendar.download_ics(meeting), f"{meeting.code}.ics", "text/calendar")


def _with_warnings(response: Response, warnings: list[str]) -> Response:
    """The meeting with `warnings`: what was saved but deserves a look (a long agenda)."""
    response.data = {**response.data, "warnings": [str(w) for w in warnings]}
    return response

"""A meeting's agenda items and invitations over the API
(`/api/v1/meetings/{code}/agenda-items/`, `.../invitations/`), and the caller's calendar
feed (`/api/v1/calendar-feed/`)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from collab.api.fields import CodeRelatedField
from collab.api.mixins import NestedMixin, ValidateMixin
from collab.api.schema import action_schema
from collab.api.serializers import UserRefField
from collab.models import Department, User

from .. import selectors, services
from ..models import AgendaItem, Invitation
from .calling import AgendaEntryInputSerializer, active_people, who
from .serializers import AgendaItemSerializer, InvitationSerializer

MEETING_CODE = OpenApiParameter(
    "meeting_code", str, OpenApiParameter.PATH, description=_("The meeting's code.")
)


class MeetingChildViewSet(NestedMixin, ValidateMixin, viewsets.GenericViewSet):
    parent_lookup = "meeting_code"

    def get_parent(self):
        return selectors.meeting_get_for_user(
            code=self.kwargs["meeting_code"], user=self.request.user
        )


@extend_schema(parameters=[MEETING_CODE])
class AgendaItemViewSet(mixins.ListModelMixin, MeetingChildViewSet):
    """The meeting's agenda, in order."""

    queryset = AgendaItem.objects.none()
    serializer_class = AgendaItemSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return self.parent.agenda_items.select_related("presenter").order_by("position")

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @action_schema(
        who=who("edit"), request=AgendaEntryInputSerializer, responses={201: AgendaItemSerializer}
    )
    def create(self, request, meeting_code=None):
        """Add an item at the end of the agenda."""
        meeting = self.parent
        data = self.validated(AgendaEntryInputSerializer)
        item = services.agenda_item_add(meeting=meeting, by=request.user, **data)
        return self.respond(AgendaItemSerializer, item, status.HTTP_201_CREATED)

    @action_schema(
        who=who("edit"), request=AgendaEntryInputSerializer, responses=AgendaItemSerializer
    )
    def partial_update(self, request, meeting_code=None, pk=None):
        """Change an item's title, minutes or presenter."""
        item = self.get_object()
        data = self.validated(AgendaEntryInputSerializer, partial=True)
        item = services.agenda_item_update(item=item, by=request.user, values=data)
        return self.respond(AgendaItemSerializer, item)

    @action_schema(who=who("edit"), request=None, responses={204: None})
    def destroy(self, request, meeting_code=None, pk=None):
        """Remove an item; the rest close up."""
        services.agenda_item_remove(item=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action_schema(who=who("edit"), request=None, responses=AgendaItemSerializer(many=True))
    @action(detail=False, methods=["post"])
    def order(self, request, meeting_code=None):
        """Reorder the agenda: `{"order": [id, id, ...]}` with every item's id once."""
        data = self.validated(OrderInputSerializer)
        items = services.agenda_reorder(meeting=self.parent, by=request.user, order=data["order"])
        return Response(AgendaItemSerializer(items, many=True).data)


class OrderInputSerializer(serializers.Serializer):
    order = serializers.ListField(child=serializers.IntegerField(), label=_("order"))


class InvitationInputSerializer(serializers.Serializer):
    person = UserRefField(
        queryset=active_people(), required=False, allow_null=True, label=_("person")
    )
    department = CodeRelatedField(
        queryset=Department.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        label=_("department"),
        help_text=_("Invites its head and its contacts."),
    )
    is_required = serializers.BooleanField(default=True, label=_("required"))


class AnswerInputSerializer(serializers.Serializer):
    response = serializers.ChoiceField(
        choices=[
            Invitation.Response.ATTEND,
            Invitation.Response.DECLINE,
            Invitation.Response.DEPUTY,
        ],
        label=_("answer"),
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        label=_("reason"),
        help_text=_("Required to decline."),
    )
    deputy = UserRefField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        label=_("deputy"),
        help_text=_("Who attends in your place, when the answer is `deputy`."),
    )


@extend_schema(parameters=[MEETING_CODE])
class InvitationViewSet(mixins.ListModelMixin, MeetingChildViewSet):
    """Who is invited and what they answered."""

    queryset = Invitation.objects.none()
    serializer_class = InvitationSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return self.parent.invitations.select_related("person", "department", "deputy").order_by(
            "-is_required", "department_id", "person_id"
        )

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @action_schema(
        who=who("edit"),
        request=InvitationInputSerializer,
        responses={201: InvitationSerializer(many=True)},
    )
    def create(self, request, meeting_code=None):
        """Invite a person or a department; after the notice, send an update to reach them."""
        data = self.validated(InvitationInputSerializer)
        added = services.invitation_add(meeting=self.parent, by=request.user, **data)
        return Response(InvitationSerializer(added, many=True).data, status.HTTP_201_CREATED)

    @action_schema(who=who("edit"), request=None, responses={204: None})
    def destroy(self, request, meeting_code=None, pk=None):
        """Take the person off the list; after the notice they get a cancellation."""
        services.invitation_remove(invitation=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action_schema(who=who("answer"), request=AnswerInputSerializer, responses=InvitationSerializer)
    @action(detail=False, methods=["post"])
    def answer(self, request, meeting_code=None):
        """Answer your own invitation: attend, decline with a reason, or name a deputy."""
        meeting = self.parent
        invitation = selectors.own_invitation(meeting, request.user)
        if invitation is None:
            return Response(
                {"detail": _("You are not invited to this meeting."), "code": "not_found"},
                status=status.HTTP_404_NOT_FOUND,
            )
        data = self.validated(AnswerInputSerializer)
        invitation = services.invitation_answer(invitation=invitation, by=request.user, **data)
        return self.respond(InvitationSerializer, invitation)


class CalendarFeedSerializer(serializers.Serializer):
    url = serializers.URLField(read_only=True, help_text=_("Subscribe to it; no login needed."))


class CalendarFeedViewSet(viewsets.ViewSet):
    """The caller's personal calendar feed: an ICS address with an unguessable token."""

    serializer_class = CalendarFeedSerializer

    def _answer(self, request, feed) -> Response:
        url = request.build_absolute_uri(reverse("meetings:calendar-feed-ics", args=[feed.token]))
        return Response({"url": url})

    @extend_schema(responses=CalendarFeedSerializer)
    def list(self, request):
        """My feed's address (made on first use)."""
        return self._answer(request, services.calendar_feed_of(person=request.user))

    @extend_schema(request=None, responses=CalendarFeedSerializer)
    @action(detail=False, methods=["post"])
    def reset(self, request):
        """A new address; the old one answers 404 from now on."""
        return self._answer(request, services.calendar_feed_reset(by=request.user))

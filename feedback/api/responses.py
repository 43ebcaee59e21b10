"""Answering and closing a form over the API: `acknowledge`, the `log`, `action-items`,
`resolve`, `reopen` and `rate`. Input serializers only parse; the services decide (a
rating outside 1–5, a future time, a missing owner are their field errors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from collab.api.mixins import ValidateMixin
from collab.api.schema import action_schema
from collab.api.serializers import UserBriefSerializer, UserRefField
from collab.models import User
from tasks.api.origin_items import OriginActionItemInput

from .. import selectors, services
from ..permissions import FEEDBACK_RULES
from .serializers import FeedbackDetailSerializer, LogEntrySerializer


def who(action_name: str) -> str:
    """The sentence the schema shows beside an action: who may call it."""
    return str(FEEDBACK_RULES[action_name].not_you)


def active_people():
    return User.objects.filter(is_active=True)


class AcknowledgeInput(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        label=_("note"),
        help_text=_("Written in the log with the acknowledgement."),
    )


class LogEntryInput(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, label=_("what was said or done"))
    happened_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        label=_("time"),
        help_text=_("Now when left out; never in the future."),
    )


class FeedbackItemSerializer(serializers.Serializer):
    """An action item of the form: a row of the one action-item table."""

    id = serializers.IntegerField(source="action_item.id")
    title = serializers.CharField(source="action_item.title")
    owner = UserBriefSerializer(source="action_item.owner")
    department = serializers.CharField(source="action_item.department.code")
    deliverable = serializers.CharField(source="action_item.deliverable")
    due_date = serializers.DateField(source="action_item.due_date")
    priority = serializers.CharField(source="action_item.priority")
    status = serializers.CharField(source="action_item.status")


class ResolveInput(serializers.Serializer):
    solution = serializers.CharField(allow_blank=True, label=_("solution"))
    completed_at = serializers.DateTimeField(
        allow_null=True, label=_("completion time"), help_text=_("Not in the future.")
    )
    responsible_person = UserRefField(
        queryset=active_people(),
        allow_null=True,
        label=_("responsible person"),
        help_text=_("Someone of the receiving department."),
    )


class ReopenInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, label=_("why reopen"))


class RateInput(serializers.Serializer):
    # The range is the service's rule (one message for page and API); the type is parsed.
    satisfaction = serializers.IntegerField(
        allow_null=True, label=_("satisfaction"), help_text=_("1 (very dissatisfied) to 5.")
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", label=_("comment")
    )


def _row(rows, pk: int):
    """The created row as the selector reads it (with the people and departments shown)."""
    return next(row for row in rows if row.pk == pk)


class FeedbackResponseActions(ValidateMixin):
    """The receiving side's and the initiator's actions of FeedbackViewSet. Everyone who
    cannot see the form gets 404 first."""

    def form_for_caller(self, code: str):
        return selectors.feedback_get_for_user(code=code, user=self.request.user)

    def form_response(self, code: str) -> Response:
        return self.respond(FeedbackDetailSerializer, self.form_for_caller(code))

    @action_schema(
        who=who("acknowledge"), request=AcknowledgeInput, responses=FeedbackDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, code=None):
        """Confirm the request is understood: records the first-response time (once); the
        initiator is told. Only a newly submitted form."""
        form = self.form_for_caller(code)  # 404 for outsiders before anything else
        data = self.validated(AcknowledgeInput)
        services.feedback_acknowledge(form=form, by=request.user, **data)
        return self.form_response(code)

    @extend_schema(methods=["GET"], responses=LogEntrySerializer(many=True))
    @action_schema(
        who=who("log"),
        methods=["POST"],
        request=LogEntryInput,
        responses={201: LogEntrySerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def log(self, request, code=None):
        """The communication log in time order; POST adds a note (the receiving side's note
        counts as its response and a follow-up; the other side is told)."""
        form = self.form_for_caller(code)
        if request.method == "GET":
            return Response(LogEntrySerializer(form.log_entries.all(), many=True).data)
        data = self.validated(LogEntryInput)
        entry = services.feedback_log_add(form=form, by=request.user, **data)
        entry = _row(self.form_for_caller(code).log_entries.all(), entry.pk)
        return Response(LogEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=FeedbackItemSerializer(many=True))
    @action_schema(
        who=who("add_item"),
        methods=["POST"],
        request=OriginActionItemInput,
        responses={201: FeedbackItemSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="action-items")
    def action_items(self, request, code=None):
        """The form's action items (rows of the one action-item table); POST creates one
        (owner and due date required; on the form's card when it has one; it shows in the
        owner's "My action items")."""
        form = self.form_for_caller(code)
        if request.method == "GET":
            return Response(FeedbackItemSerializer(form.action_item_links.all(), many=True).data)
        data = self.validated(OriginActionItemInput)
        link, _warnings = services.feedback_action_item_add(form=form, by=request.user, values=data)
        link = _row(self.form_for_caller(code).action_item_links.all(), link.pk)
        return Response(FeedbackItemSerializer(link).data, status=status.HTTP_201_CREATED)

    @action_schema(who=who("resolve"), request=ResolveInput, responses=FeedbackDetailSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, code=None):
        """Record the solution, its completion time and the responsible person (someone of
        the receiving department); the initiator is asked to rate."""
        form = self.form_for_caller(code)  # 404 for outsiders before anything else
        data = self.validated(ResolveInput)
        services.feedback_resolve(form=form, by=request.user, **data)
        return self.form_response(code)

    @action_schema(who=who("reopen"), request=ReopenInput, responses=FeedbackDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, code=None):
        """Not solved: back to in progress with a reason; a new response is due within the
        urgency's window from now."""
        form = self.form_for_caller(code)  # 404 for outsiders before anything else
        data = self.validated(ReopenInput)
        services.feedback_reopen(form=form, by=request.user, **data)
        return self.form_response(code)

    @action_schema(who=who("rate"), request=RateInput, responses=FeedbackDetailSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, code=None):
        """Rate the result 1–5 (with a comment) and so confirm the form; both departments'
        heads are asked to sign it."""
        form = self.form_for_caller(code)  # 404 for outsiders before anything else
        data = self.validated(RateInput)
        services.feedback_rate(form=form, by=request.user, **data)
        return self.form_response(code)

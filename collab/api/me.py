"""API of the caller's own settings: `/api/v1/me/reminder-settings/`."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from collab import services
from collab.models import User

from .errors import ErrorSerializer


class ReminderSettingsSerializer(serializers.ModelSerializer):
    """When the weekly digest arrives and which reminders the caller gets."""

    class Meta:
        model = User
        fields = ["digest_weekday", "digest_hour", "time_zone", "low_priority_reminders"]
        extra_kwargs = {
            "digest_weekday": {"help_text": _("0 = Monday … 6 = Sunday.")},
            "digest_hour": {"help_text": _("0–23, in the caller's time zone.")},
            "time_zone": {"help_text": _("An IANA time zone name, such as Asia/Shanghai.")},
            "low_priority_reminders": {
                "help_text": _(
                    "False turns off reminders about low-priority action items; "
                    "escalations are always sent."
                )
            },
        }


class ReminderSettingsInputSerializer(serializers.Serializer):
    """Types only: the ranges and the time zone are checked by the service, as on the
    profile page, so both answer with the same messages."""

    digest_weekday = serializers.IntegerField(required=False)
    digest_hour = serializers.IntegerField(required=False)
    time_zone = serializers.CharField(required=False, allow_blank=True)
    low_priority_reminders = serializers.BooleanField(required=False)


class ReminderSettingsView(APIView):
    """Your digest day and hour, time zone and low-priority reminder opt-out."""

    @extend_schema(responses={200: ReminderSettingsSerializer})
    def get(self, request):
        return Response(ReminderSettingsSerializer(request.user).data)

    @extend_schema(
        request=ReminderSettingsInputSerializer,
        responses={
            200: ReminderSettingsSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "`invalid`: a day outside 0–6, an hour outside 0–23 or an unknown "
                    "time zone; `fields` names each one. Nothing is saved."
                ),
            ),
        },
    )
    def patch(self, request):
        values = ReminderSettingsInputSerializer(data=request.data)
        values.is_valid(raise_exception=True)
        user = services.user_update_reminder_settings(
            user=request.user, by=request.user, values=dict(values.validated_data)
        )
        return Response(ReminderSettingsSerializer(user).data)

"""Output serializers of the meetings API. (A minimal MeetingSerializer: the read side's
full one replaces it.)"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from collab.api.fields import named_choice_field

from ..models import Meeting

MeetingStatusField = named_choice_field("MeetingStatus", Meeting.Status)


class MeetingSerializer(serializers.ModelSerializer):
    status = MeetingStatusField(read_only=True, label=_("status"))

    class Meta:
        model = Meeting
        fields = [
            "code",
            "topic",
            "status",
            "starts_at",
            "ends_at",
            "sequence",
            "is_short_notice",
        ]

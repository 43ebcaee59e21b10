"""The API input of an action item another record creates (meeting minutes, a feedback
form): the twin of tasks.forms.OriginActionItemForm."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from collab.api.fields import CodeRelatedField
from collab.api.serializers import UserRefField
from collab.models import Department, User

from ..models import Priority


class OriginActionItemInput(serializers.Serializer):
    """Owner and due date may be empty here: the service refuses them with the same field
    error the page shows."""

    title = serializers.CharField(max_length=200, allow_blank=True, label=_("title"))
    details = serializers.CharField(required=False, allow_blank=True, label=_("details"))
    owner = UserRefField(
        queryset=User.objects.filter(is_active=True), allow_null=True, label=_("owner")
    )
    department = CodeRelatedField(
        queryset=Department.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        label=_("department"),
        help_text=_("The owner's department when left out."),
    )
    deliverable = serializers.CharField(
        max_length=300, required=False, allow_blank=True, label=_("deliverable")
    )
    due_date = serializers.DateField(allow_null=True, label=_("due date"))
    priority = serializers.ChoiceField(
        choices=Priority.choices, required=False, label=_("priority")
    )

"""Serializers every app's API shares."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from collab.models import User


class UserBriefSerializer(serializers.ModelSerializer):
    """A person as lists show them: id, login and name."""

    name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "description": "The person's id."},
            {
                "type": "object",
                "properties": {"id": {"type": "integer"}},
                "required": ["id"],
                "description": "A person as the API returns one; only `id` is read.",
            },
        ]
    }
)
class UserRefField(serializers.PrimaryKeyRelatedField):
    """A person by id, or by the object the API returned (`{"id": 7, ...}`): what you read
    is what you write."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            if "id" not in data:
                self.fail("incorrect_type", data_type="object without id")
            data = data["id"]
        return super().to_internal_value(data)

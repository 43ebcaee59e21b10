"""Fields every app's API shares: named choice sets and case-insensitive codes."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def named_choice_field(name: str, choices, *, blank: bool = False) -> type[serializers.ChoiceField]:
    """A ChoiceField class whose enum is the schema component `name`.

    drf-spectacular names an enum after its property, and "status", "decision" and the
    high/medium/low set appear for several models; a component of its own keeps each
    choice set apart under a clear name, without ENUM_NAME_OVERRIDES.
    """
    values = [*choices.values, *([""] if blank else [])]

    @extend_schema_field({"type": "string", "enum": values}, component_name=name)
    class NamedChoiceField(serializers.ChoiceField):
        def __init__(self, **kwargs):
            kwargs.setdefault("allow_blank", blank)
            super().__init__(choices=choices.choices, **kwargs)

    NamedChoiceField.__name__ = NamedChoiceField.__qualname__ = f"{name}Field"
    return NamedChoiceField


class CodeRelatedField(serializers.SlugRelatedField):
    """An object by its code, whatever the case (`prd` and `PRD` are the same department)."""

    default_error_messages = {
        "does_not_exist": _("There is no %(model)s with the code “{value}”."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        match = self.get_queryset().filter(**{f"{self.slug_field}__iexact": data.strip()}).first()
        if match is None:
            message = self.error_messages["does_not_exist"] % {
                "model": self.get_queryset().model._meta.verbose_name
            }
            raise serializers.ValidationError(message.format(value=data), code="does_not_exist")
        return match

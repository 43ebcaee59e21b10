"""Pieces of FilterSets that every app shares, for pages and the API alike."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

# The largest id a PostgreSQL bigint holds: a bigger number names nothing, and asking the
# database about it would be an error rather than an answer.
MAX_ID = 2**63 - 1


def is_id(value) -> bool:
    """Whether `value` could be the id of a row (so it is worth asking the database)."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID


class IdChoiceField(forms.ModelChoiceField):
    """A choice by id; a huge or malformed id is an invalid choice, never a database error."""

    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdFilter(django_filters.ModelChoiceFilter):
    """`?owner=17`: filter by an object's id; unknown or impossible ids are a field error."""

    field_class = IdChoiceField


class CodeChoiceField(forms.ModelChoiceField):
    """A choice by code, whatever the case: `prd` and `PRD` name the same department."""

    default_error_messages = {
        "invalid_choice": _("There is no such code: %(value)s."),
    }

    def __init__(self, *args, uppercase: bool = False, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        # Codes stored in upper case (TC-2026-0001) are matched exactly, on their index.
        self.uppercase = uppercase
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        if self.uppercase:
            lookup = {self.to_field_name: value.upper()}
        else:
            lookup = {f"{self.to_field_name}__iexact": value}
        match = self.queryset.filter(**lookup).first()
        if match is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return match


@extend_schema_field(OpenApiTypes.STR)
class CodeFilter(django_filters.ModelChoiceFilter):
    """`?department=prd`: filter by an object's code, case-insensitive; unknown codes are a 400
    in the API and a field error on pages, never a silently empty list."""

    field_class = CodeChoiceField


class StableOrderingFilter(django_filters.OrderingFilter):
    """`?ordering=` that ends with the primary key, so that pages neither repeat nor skip rows."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value], "pk")


TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off"}


class OptionalCheckbox(forms.CheckboxInput):
    """A checkbox whose absence means "no filter", not "false"."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: str(value).lower() in TRUE_WORDS)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictBooleanField(forms.Field):
    """true/false (also 1/0, yes/no, on/off); anything else is an error, never ignored."""

    widget = OptionalCheckbox
    default_error_messages = {"invalid": _("Enter true or false.")}

    def to_python(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.Filter):
    """`?overdue=true`: a yes/no filter whose method decides what yes and no mean."""

    field_class = StrictBooleanField

    def filter(self, qs, value):
        return qs if value is None else super().filter(qs, value)


def filtered(filterset):
    """The FilterSet's rows: all of them when no filter was given, none while a filter is
    invalid (the page shows the form's errors instead)."""
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs

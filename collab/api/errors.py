"""One error shape for the whole API: {"detail": ..., "code": ..., "fields": {...}}.

Status codes: 400 for input a rule refuses, 401 without valid credentials, 403 `forbidden`
for a visible object the caller may not act on, 404 for what the caller may not see,
409 `invalid_state` when the object's state does not allow the action.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from collab.errors import RuleViolation

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer (for the schema)."""

    detail = serializers.CharField(help_text=_("What went wrong, in the caller's language."))
    code = serializers.CharField(
        help_text=_(
            "Stable name of the error: invalid (or the rule's name), not_authenticated, "
            "forbidden, not_found, invalid_state, ..."
        )
    )
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Messages by input field; empty when no one field is at fault."),
    )


class RuleViolationError(exceptions.APIException):
    """A service's refusal, carried through DRF with its own status code."""

    def __init__(self, violation: RuleViolation):
        self.status_code = violation.status_code
        self.violation = violation
        super().__init__(detail=str(violation.message), code=violation.code)


def _first_code(codes):
    while isinstance(codes, list | dict):
        if not codes:
            return "invalid"
        codes = codes[0] if isinstance(codes, list) else next(iter(codes.values()))
    return codes


def _flatten(messages) -> list[str]:
    """DRF nests row errors ([{"field": [...]}, {}]) for many=True serializers."""
    if isinstance(messages, dict):
        return [f"{key}: {m}" for key, value in messages.items() for m in _flatten(value)]
    if isinstance(messages, list):
        return [m for message in messages for m in _flatten(message)]
    return [str(messages)]


def _detail_from_fields(fields: dict, general: list[str]) -> str:
    """The real reason: the general messages, else each field's first message."""
    if general:
        return " ".join(general)
    parts = []
    for field, messages in fields.items():
        flat = _flatten(messages)
        if flat:
            parts.append(f"{field}: {flat[0]}")
    return " ".join(parts) or _("The request is not valid.")


def exception_handler(exc, context):
    if isinstance(exc, RuleViolation):
        return _rule_violation_response(exc, context)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    fields: dict = {}
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(response.data, dict):
            fields = dict(response.data)
            general = _flatten(fields.pop(NON_FIELD, []))
        else:
            general = _flatten(response.data)
        detail = _detail_from_fields(fields, general)
        code = _first_code(exc.get_codes())
    else:
        detail = response.data.get("detail", str(exc)) if isinstance(response.data, dict) else exc
        if isinstance(exc, Http404):
            code = "not_found"
        elif isinstance(exc, PermissionDenied):
            code = "forbidden"
        else:
            code = getattr(getattr(exc, "detail", None), "code", None) or getattr(
                exc, "default_code", "error"
            )
    response.data = {"detail": str(detail), "code": code, "fields": fields}
    return response


def _rule_violation_response(exc: RuleViolation, context):
    response = drf_exception_handler(RuleViolationError(exc), context)
    fields = {
        field: [str(message) for message in messages]
        for field, messages in exc.errors.items()
        if field
    }
    general = [str(message) for message in exc.errors.get(None, [])]
    detail = _detail_from_fields(fields, general) if exc.errors else str(exc.message)
    # Refusals by role and by state share one code each, whatever rule said so.
    code = exc.default_code if exc.status_code in (403, 409) else exc.code
    response.data = {"detail": detail, "code": code, "fields": fields}
    return response

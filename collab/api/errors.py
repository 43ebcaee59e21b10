"""One error shape for the whole API: {"detail": ..., "code": ..., "fields": {...}}."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from collab.errors import RuleViolation


def _first_code(codes):
    while isinstance(codes, list | dict):
        if not codes:
            return "invalid"
        codes = codes[0] if isinstance(codes, list) else next(iter(codes.values()))
    return codes


def exception_handler(exc, context):
    if isinstance(exc, RuleViolation):
        field_errors = {
            field or api_settings.NON_FIELD_ERRORS_KEY: messages
            for field, messages in exc.errors.items()
        }
        exc = exceptions.ValidationError(field_errors or exc.message, code=exc.code)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(response.data, dict):
            fields = dict(response.data)
            general = fields.pop(api_settings.NON_FIELD_ERRORS_KEY, None)
            detail = (
                " ".join(str(message) for message in general)
                if general
                else _("Some fields are not valid.")
            )
        else:
            fields = {}
            detail = " ".join(str(message) for message in response.data)
        code = _first_code(exc.get_codes())
    else:
        fields = {}
        detail = response.data.get("detail", str(exc)) if isinstance(response.data, dict) else exc
        if isinstance(exc, Http404):
            code = "not_found"
        elif isinstance(exc, PermissionDenied):
            code = "permission_denied"
        else:
            code = getattr(getattr(exc, "detail", None), "code", None) or getattr(
                exc, "default_code", "error"
            )
    response.data = {"detail": str(detail), "code": code, "fields": fields}
    return response

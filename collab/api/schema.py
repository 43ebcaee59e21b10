"""The OpenAPI schema: every operation lists the error answers it can give, in the one shape."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny

from .errors import ErrorSerializer

ERROR_DESCRIPTIONS = {
    "400": _("Input a rule refuses; `fields` names each field at fault."),
    "401": _("No valid credentials (session or `Authorization: Token …`)."),
    "403": _("`forbidden`: the caller sees the object but may not do this to it."),
    "404": _("`not_found`: no such object, or the caller may not see it."),
    "409": _("`invalid_state`: the object's state does not allow this now."),
    "422": _("`idempotency_key_reused`: the Idempotency-Key came with another request."),
}
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema plus the 4xx answers of each operation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status_code in self._error_codes():
            if status_code not in responses:
                response = self._get_response_for_code(ErrorSerializer, status_code)
                response["description"] = str(ERROR_DESCRIPTIONS[status_code])
                responses[status_code] = response
        return responses

    def _error_codes(self) -> list[str]:
        codes = []
        query_parameters = [
            parameter
            for parameter in self.get_override_parameters()
            if getattr(parameter, "location", None) == OpenApiParameter.QUERY
        ]
        has_input = (
            self.method in UNSAFE_METHODS
            or bool(self.get_filter_backends())
            or bool(query_parameters)
        )
        if has_input:
            codes.append("400")
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            codes.append("401")
        names_an_object = "{" in self.path
        if self.method in UNSAFE_METHODS and names_an_object:
            codes.append("403")
        if names_an_object:
            codes.append("404")
        if self.method in UNSAFE_METHODS and names_an_object:
            codes.append("409")
        handler = getattr(self.view, getattr(self.view, "action", None) or "", None)
        if getattr(handler, "idempotent", False):  # collab.api.idempotency
            codes.append("422")
        return codes


def action_schema(*, who: str, **kwargs):
    """`extend_schema` for a workflow action: its docstring, then who may call it."""

    def decorate(view_function):
        doc = (view_function.__doc__ or "").strip()
        return extend_schema(description=f"{doc}\n\n**{who}**".strip(), **kwargs)(view_function)

    return decorate

"""Viewset helpers every app's API shares."""

from functools import cached_property

from rest_framework import status
from rest_framework.response import Response


class ValidateMixin:
    """`self.validated(InputSerializer)`: parse the body or answer 400; services do the rest."""

    def validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def respond(self, serializer_class, instance, status_code=status.HTTP_200_OK) -> Response:
        serializer = serializer_class(instance, context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)


class NestedMixin:
    """A viewset under a parent object (`/cards/{card_code}/risks/`): the parent is fetched
    once per request through a selector that answers 404 to those who may not see it."""

    parent_lookup = "card_code"

    def get_parent(self):
        raise NotImplementedError

    @cached_property
    def parent(self):
        return self.get_parent()

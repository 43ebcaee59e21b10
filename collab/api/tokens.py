"""API for personal tokens: list mine, create one (its secret shown once), revoke one."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from collab import selectors, services
from collab.models import ApiToken

from .mixins import ValidateMixin


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token as lists show it: never its secret, nor the hash that identifies it."""

    # The public id, not the primary key: that is the token's digest (see ApiToken).
    id = serializers.UUIDField(source="public_id", read_only=True)
    token_key = serializers.CharField(
        read_only=True,
        help_text=_("The token's first characters, to tell which one a program holds."),
    )

    class Meta:
        model = ApiToken
        fields = ["id", "name", "token_key", "created", "expiry", "last_used_at"]


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    token = serializers.CharField(
        source="secret",
        read_only=True,
        help_text=_("The secret, shown this once: send it as `Authorization: Token <token>`."),
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]


class ApiTokenInputSerializer(serializers.Serializer):
    name = serializers.CharField(
        allow_blank=True, help_text=_("What the token is for; unique among your live tokens.")
    )
    expires_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "The last day the token works; without it, the server's default lifetime "
            "(the answer's `expiry` says when)."
        ),
    )


class ApiTokenViewSet(
    ValidateMixin, mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Your personal API tokens, for programs that call the API as you."""

    # For the schema only; get_queryset() decides what a caller sees.
    queryset = ApiToken.objects.none()
    serializer_class = ApiTokenSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.api_tokens_of(self.request.user)

    def get_object(self):
        return selectors.api_token_get_for_user(public_id=self.kwargs["id"], user=self.request.user)

    @extend_schema(request=ApiTokenInputSerializer, responses={201: ApiTokenCreatedSerializer})
    def create(self, request):
        """Create a token. The answer holds its secret, which is never shown again."""
        # A token may make tokens, but none that outlive it (a leaked sign-in token must
        # not mint a permanent one).
        made_with = request.auth if isinstance(request.auth, ApiToken) else None
        token, secret = services.api_token_create(
            by=request.user, made_with=made_with, **self.validated(ApiTokenInputSerializer)
        )
        token.secret = secret
        return self.respond(ApiTokenCreatedSerializer, token, status.HTTP_201_CREATED)

    @extend_schema(responses={204: OpenApiResponse(description=_("Revoked"))})
    def destroy(self, request, *args, **kwargs):
        """Revoke a token: programs that use it are refused from now on."""
        services.api_token_revoke(token=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""`Authorization: Token <token>`: knox's hashed tokens, with the time each was last used."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication as KnoxTokenAuthentication

from collab.models import ApiToken

# How stale `last_used_at` may get: a program calling many times a second costs one
# UPDATE a minute, not one per request.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's authentication (`request.auth` is the ApiToken), which also notes when each
    token was last used."""

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        now = timezone.now()
        stale_before = now - LAST_USED_PRECISION
        if token.last_used_at is None or token.last_used_at <= stale_before:
            # The condition is repeated in the UPDATE: of concurrent requests that all read a
            # stale time, one writes and the others match no row.
            ApiToken.objects.filter(pk=token.pk).filter(
                Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale_before)
            ).update(last_used_at=now)
            token.last_used_at = now
        return user, token

    def _cleanup_token(self, auth_token) -> bool:
        """Whether the token has expired: knox then skips it, and refuses the request.
        (A private hook of knox 5.1's `authenticate_credentials`; the tests pin its effect.)

        knox would also read all of the owner's tokens and delete the expired ones on every
        request; here an expired token is only refused, and the token services clear the
        owner's expired tokens when they issue a new one.
        """
        return auth_token.expiry is not None and auth_token.expiry <= timezone.now()


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema's name for it: the same as DRF's token authentication had before."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.authenticate_header(None)
        )

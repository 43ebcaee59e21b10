"""Reads of API tokens: a person sees and revokes only their own live tokens."""

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import ApiToken, User


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's live tokens (revoked ones are gone, expired ones left out), newest first."""
    return (
        ApiToken.objects.filter(user=user)
        .filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))
        .order_by("-created", "-pk")
    )


def api_token_get_for_user(*, public_id, user: User) -> ApiToken:
    """404 for anyone but the owner, for an expired token and for an id that is not a UUID."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(api_tokens_of(user), public_id=public_id)

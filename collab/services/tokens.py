"""API tokens: personal tokens people name and revoke, and the token exchange's sign-in tokens.

A token's secret is returned once, by the service that issues it; only its hash is stored.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from knox.models import get_digest_token
from knox.settings import CONSTANTS

from ..errors import Forbidden, RuleViolation
from ..history import records_actor
from ..models import ApiToken, User
from ..selectors.tokens import api_tokens_of
from ..text import clean_text

MAX_LIVE_TOKENS = 20


def zone_of(user: User) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(user.time_zone)


NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


@records_actor("by")
@transaction.atomic
def api_token_create(
    *,
    by: User,
    name: str,
    expires_on: dt.date | None = None,
    made_with: ApiToken | None = None,
) -> tuple[ApiToken, str]:
    """A personal token of `by`: valid through `expires_on` (a day in their own time zone;
    without it, `settings.API_TOKEN_DEFAULT_DAYS` from today, and never more than
    `settings.API_TOKEN_MAX_DAYS`), or until revoked. Returns the token and its secret, which
    is never stored: show it once.

    Names are unique among the person's live tokens, ignoring case. A token made with an
    expiring token (`made_with`) expires with it at the latest: a leaked sign-in token
    cannot mint a permanent one.
    """
    name = clean_text(name).strip()
    if not name:
        raise RuleViolation(
            _("Name the token, e.g. after the program that will use it."),
            field="name",
            code="required",
        )
    if len(name) > NAME_MAX_LENGTH:
        raise RuleViolation(
            _("A token name has at most %(limit)d characters.") % {"limit": NAME_MAX_LENGTH},
            field="name",
            code="max_length",
        )
    zone = zone_of(by)
    today = timezone.localdate(timezone=zone)
    if expires_on is None:
        expires_on = today + dt.timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
    if expires_on < today:
        raise RuleViolation(
            _("The expiry date cannot be in the past."), field="expires_on", code="in_past"
        )
    if expires_on > today + dt.timedelta(days=settings.API_TOKEN_MAX_DAYS):
        raise RuleViolation(
            _("A token works for at most %(days)d days: choose an earlier expiry date.")
            % {"days": settings.API_TOKEN_MAX_DAYS},
            field="expires_on",
            code="too_late",
        )
    # Valid through the whole day: it expires at the next midnight where the owner is.
    expiry = dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    limit = made_with.expiry if made_with is not None else None
    if limit is not None and (expiry is None or expiry > limit):
        expiry = limit

    _lock_and_tidy(by)
    if api_tokens_of(by).filter(name__iexact=name).exists():
        raise RuleViolation(
            _("You already have a token named “%(name)s”. Choose another name.") % {"name": name},
            field="name",
            code="duplicate",
        )
    _refuse_past_limit(by)
    return _issue(user=by, name=name, expiry=expiry)


@records_actor("by")
@transaction.atomic
def api_token_sign_in(*, by: User) -> tuple[ApiToken, str]:
    """The token exchange: a token named “API sign-in” (in the person's language) that
    expires after `settings.API_SIGN_IN_TOKEN_TTL`. The caller has checked the password.

    It counts towards the same limit of live tokens as personal ones.
    """
    _lock_and_tidy(by)
    _refuse_past_limit(by)
    with translation.override(by.language):
        name = _("API sign-in")
    return _issue(user=by, name=name, expiry=timezone.now() + settings.API_SIGN_IN_TOKEN_TTL)


@records_actor("by")
@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> None:
    """Delete the token: the next request that presents it is refused."""
    if token.user_id != by.pk:
        raise Forbidden(_("Only the token's owner can revoke it."))
    ApiToken.objects.filter(pk=token.pk).delete()


def api_tokens_revoke_all(*, user: User) -> int:
    """Delete every token of `user`, personal and sign-in alike: what a password change
    does. Returns how many there were."""
    deleted, _by_model = ApiToken.objects.filter(user=user).delete()
    return deleted


def _lock_and_tidy(user: User) -> None:
    """Lock the owner's row, so that two requests at once cannot both pass the name and limit
    checks, and delete their expired tokens: nothing reads them again."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    ApiToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()


def _refuse_past_limit(user: User) -> None:
    if api_tokens_of(user).count() >= MAX_LIVE_TOKENS:
        raise RuleViolation(
            _(
                "You already hold %(limit)d API tokens, the most one person may. "
                "Revoke one you no longer use on your profile page first."
            )
            % {"limit": MAX_LIVE_TOKENS},
            code="too_many_tokens",
        )


def _issue(*, user: User, name: str, expiry: dt.datetime | None) -> tuple[ApiToken, str]:
    # knox's manager takes a lifetime, not a moment; build the row as it does instead.
    digest, secret = get_digest_token()
    token = ApiToken(
        digest=digest,
        token_key=secret[: CONSTANTS.TOKEN_KEY_LENGTH],
        user=user,
        name=name,
        expiry=expiry,
    )
    token.save(force_insert=True)
    return token, secret

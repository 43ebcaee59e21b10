"""The profile page's API tokens: create one (its secret shown once), revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..errors import RuleViolation
from ..forms import ApiTokenForm, ProfileForm
from .helpers import add_rule_violation

FORM_PREFIX = "token"


def tokens_context(user, *, token_form=None, new_token=None) -> dict:
    """What the profile page's API tokens section shows."""
    return {
        "api_tokens": selectors.api_tokens_of(user),
        "token_form": token_form or ApiTokenForm(prefix=FORM_PREFIX),
        "new_token": new_token,
    }


@login_required
@require_POST
def api_token_create(request):
    form = ApiTokenForm(request.POST, prefix=FORM_PREFIX)
    new_token = None
    if form.is_valid():
        try:
            new_token, secret = services.api_token_create(by=request.user, **form.cleaned_data)
        except RuleViolation as error:
            add_rule_violation(form, error)
        else:
            new_token.secret = secret
            form = None
    # Answered here rather than after a redirect: the secret is kept nowhere, not in the
    # session nor in a message cookie. Reloading would post again, and the duplicate name
    # is refused.
    response = render(
        request,
        "collab/profile.html",
        {
            "form": ProfileForm(instance=request.user),
            **tokens_context(request.user, token_form=form, new_token=new_token),
        },
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def api_token_revoke(request, public_id):
    token = selectors.api_token_get_for_user(public_id=public_id, user=request.user)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(
        request,
        _("The token “%(name)s” is revoked: programs that use it are refused from now on.")
        % {"name": token.name},
    )
    return redirect("profile")

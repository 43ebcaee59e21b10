"""The password-reset form, rate-limited: each request sends an email to someone."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from collab.client import client_address

RATE_GROUP = "password-reset"


def _over_limit(request) -> bool:
    """Counts this request against both limits: per client, and per email address asked
    for (so many clients cannot flood one mailbox)."""
    email = request.POST.get("email", "").strip().lower()
    limits = [
        (f"client:{client_address(request) or 'unknown'}", settings.PASSWORD_RESET_RATE_PER_CLIENT),
        (f"email:{email}", settings.PASSWORD_RESET_RATE_PER_EMAIL),
    ]
    over = False
    for key, rate in limits:
        over |= is_ratelimited(
            request,
            group=RATE_GROUP,
            key=lambda _group, _request, key=key: key,
            rate=rate,
            increment=True,
        )
    return over


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        if _over_limit(request):
            form = self.get_form()
            form.is_valid()
            form.add_error(
                None,
                _("Too many password reset requests. Wait a few minutes, then try again."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

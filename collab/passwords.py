"""What follows a password change: the person's API tokens stop working."""

from django.utils.translation import gettext as _


class RevokeApiTokensOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS for Django's `password_changed` hook, which runs
    after a new password is saved however it was set. It refuses no password.

    Someone who changes a leaked password expects every door to close, tokens included.
    """

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            from collab.services.tokens import api_tokens_revoke_all

            api_tokens_revoke_all(user=user)

    def get_help_text(self):
        return _("Changing your password revokes your API tokens.")

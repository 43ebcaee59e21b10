"""Personal API tokens: knox's hashed tokens, named by their owner, with the time of last use.

Only a hash of the secret is stored (`digest`, knox's primary key); the raw token is shown
once, when it is created. `token_key` is the secret's first characters, which knox looks
tokens up by.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    """A secret that lets a program call the API as its owner until it expires or is revoked."""

    # Pages and the API name a token by this random id, never by its primary key (the
    # digest) or `token_key` (the first characters of the secret itself): URLs end up in
    # access logs and browser history, and `token_key` is not unique in the database.
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        # knox's own __str__ shows the digest and reads the user.
        return self.name

"""Idempotency keys: a client's promise that a retried create is the same request."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """The first answer to a create request sent with an `Idempotency-Key` header.

    A retry with the same key from the same user gets this answer again instead of
    creating a second object. The unique (user, key) lets only one of two concurrent
    requests with the same key run; the other waits on the row and then replays it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(_("key"), max_length=255)
    # SHA-256 of method, path and body: the same key with another request is refused.
    request_fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True)
    response_body = models.JSONField(_("response body"), null=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user"),
        ]
        indexes = [
            # The purge job: keys older than the replay window.
            models.Index(fields=["created_at"], name="idempotency_key_created_idx"),
        ]

    def __str__(self):
        return self.key

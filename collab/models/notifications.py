"""Notifications: the in-app message and its email, the database being the source of truth."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one person for one reason, shown in the notification centre.

    The unique (recipient, reason, key) makes a second notify() for the same
    event a no-op, whatever retries or duplicate sweeps happen. Notifications with
    the same reason about the same thing (`about`) show as one row. A request
    (`is_request`: please confirm, please sign, ...) is settled when the thing it asks
    for is done. Title and body are rendered from `template` and `context` (plain
    values) when read, in the reader's language; `title` and `body` keep the text as
    first sent (the email's; the only text of rows from before reading-time rendering).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    reason = models.CharField(_("reason"), max_length=64)
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    template = models.CharField(_("template"), max_length=200, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    about = models.CharField(_("about"), max_length=200, blank=True)
    is_request = models.BooleanField(_("asks for action"), default=False)
    settled_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "reason", "key"], name="notification_once_per_reason_key"
            ),
        ]
        indexes = [
            # The notification centre: a person's notifications, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            # The unread badge on every page: unread and not settled.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True, settled_at__isnull=True),
                name="notification_unread_idx",
            ),
            # Settling: a reason's open requests about one thing.
            models.Index(
                fields=["reason", "about"],
                condition=Q(is_request=True, settled_at__isnull=True),
                name="notification_open_request_idx",
            ),
        ]

    def __str__(self):
        return self.title


class EmailDelivery(models.Model):
    """The email for a notification, written in the same transaction as it.

    The database is the source of truth: Celery only executes, and the sweep
    re-queues anything still pending, so a broker outage delays but never loses.
    A worker claims a delivery (status "sending", claimed_at) before it talks to the
    mail server, outside any transaction; a claim older than the service's timeout
    belongs to a worker that died and is taken over by the sweep.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    notification = models.OneToOneField(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="email",
    )
    to_address = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        indexes = [
            # The sweep: pending deliveries whose next attempt is due.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="email_delivery_due_idx",
            ),
            # The sweep: claims left behind by a worker that died mid-send.
            models.Index(
                fields=["claimed_at"],
                condition=Q(status="sending"),
                name="email_delivery_claimed_idx",
            ),
        ]

    def __str__(self):
        return f"{self.to_address}: {self.subject}"


class EmailAttachment(models.Model):
    """A file sent with an email (a calendar invitation, a PDF), stored with the delivery
    so a retry sends exactly what the first attempt would have."""

    delivery = models.ForeignKey(
        EmailDelivery,
        verbose_name=_("email delivery"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    filename = models.CharField(_("file name"), max_length=200)
    mimetype = models.CharField(_("type"), max_length=120)
    content = models.BinaryField(_("content"))
    # A calendar invitation goes both as an alternative body part (what Outlook and Gmail
    # read as "an invitation") and as a file (what Apple Mail opens).
    is_alternative = models.BooleanField(_("also as an alternative body part"), default=False)

    class Meta:
        verbose_name = _("email attachment")
        verbose_name_plural = _("email attachments")

    def __str__(self):
        return self.filename

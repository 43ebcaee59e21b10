"""Comment threads any object can have (a card, an action item, a meeting, ...).

collab knows no domain app: a comment points at its object through a content type and an
id, and `collab.threads` says, for each model a domain app registered, who may read and
write its thread.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

COMMENT_MAX_LENGTH = 10_000
# The notification reason of a mention; its key is "comment-<id>".
MENTION_REASON = "mentioned"


class Comment(models.Model):
    """One message in an object's thread: its Markdown source as typed, and the sanitised
    HTML rendered from it when it was saved (pages show `body_html` without rendering).

    A removed comment keeps its row (so the thread's order and any link to it stay), with
    its text and attachments gone.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("discussion", "author"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    body = models.TextField(
        pgettext_lazy("discussion", "comment"), max_length=COMMENT_MAX_LENGTH, blank=True
    )
    body_html = models.TextField(_("comment as HTML"), blank=True, editable=False)
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentioned people"),
        related_name="mentioned_in",
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("discussion", "comment")
        verbose_name_plural = _("comments")
        indexes = [
            # An object's thread, oldest first (the page, the API list, the activity view).
            models.Index(
                fields=["content_type", "object_id", "created_at"], name="comment_thread_idx"
            ),
        ]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class CommentAttachment(models.Model):
    """A file added to a comment, checked by collab.uploads and downloaded only through a
    view that checks the reader may see the comment's object."""

    comment = models.ForeignKey(
        Comment,
        verbose_name=pgettext_lazy("discussion", "comment"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="comments/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("comment attachment")
        verbose_name_plural = _("comment attachments")

    def __str__(self):
        return self.name

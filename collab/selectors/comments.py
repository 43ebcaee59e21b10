"""Reads of comment threads: a fixed number of queries whatever the thread's length."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..filters import is_id
from ..inbox import InboxEntry
from ..models import Comment, CommentAttachment, Notification
from ..models.comments import MENTION_REASON
from ..threads import discussable_for

INBOX_LIMIT = 50


def comments_of(target) -> QuerySet[Comment]:
    """`target`'s thread, oldest first, with authors and attachments (two queries)."""
    return (
        Comment.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=target.pk
        )
        .select_related("author")
        .prefetch_related(
            Prefetch("attachments", queryset=CommentAttachment.objects.order_by("pk"))
        )
        .order_by("created_at", "pk")
    )


def comment_get_for_user(*, pk, user) -> tuple[Comment, object]:
    """The comment and its object, if the user may see the object; 404 otherwise."""
    if not is_id(pk):
        raise Http404
    comment = Comment.objects.select_related("content_type").filter(pk=pk).first()
    if comment is None:
        raise Http404
    target = comment.target
    if target is None or not discussable_for(target).may_read(user, target):
        raise Http404
    return comment, target


def attachment_get_for_user(*, pk, user) -> CommentAttachment:
    """A comment's file, if the user may see the comment's object; 404 otherwise."""
    if not is_id(pk):
        raise Http404
    attachment = CommentAttachment.objects.select_related("comment").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    comment_get_for_user(pk=attachment.comment_id, user=user)
    return attachment


@dataclass(frozen=True)
class ActivityEntry:
    """One line of the activity view: a comment or a recorded change, by time."""

    when: dt.datetime
    comment: Comment | None = None
    change: object | None = None  # collab.history.HistoryEntry


def thread_activity(comments: list[Comment], changes: list) -> list[ActivityEntry]:
    """The thread and the change history of its object, oldest first."""
    entries = [ActivityEntry(when=comment.created_at, comment=comment) for comment in comments]
    entries += [ActivityEntry(when=change.when, change=change) for change in changes]
    return sorted(entries, key=lambda entry: entry.when)


def _unread_mentions(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, reason=MENTION_REASON, read_at__isnull=True)


def mention_inbox_entries(user) -> list[InboxEntry]:
    """Unread mentions of `user`, newest first, with a snippet of each comment (two queries)."""
    if not user.is_authenticated:
        return []
    notifications = list(_unread_mentions(user).order_by("-created_at", "-pk")[:INBOX_LIMIT])
    ids = [key.removeprefix("comment-") for key in (n.key for n in notifications)]
    bodies = dict(
        Comment.objects.filter(pk__in=[pk for pk in ids if pk.isdigit()]).values_list("pk", "body")
    )
    entries = []
    for notification, pk in zip(notifications, ids, strict=True):
        body = bodies.get(int(pk)) if pk.isdigit() else None
        entries.append(
            InboxEntry(
                kind="collab.mention",
                label=_("Mentioned you"),
                title=notification.title,
                url=notification.url,
                detail=Truncator(" ".join((body or "").split())).chars(120),
            )
        )
    return entries


def mention_inbox_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return _unread_mentions(user).count()

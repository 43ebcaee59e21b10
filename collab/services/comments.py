"""Comments on any discussable object (collab.threads): add, edit, remove.

Rules: whoever may see the object reads its thread; whoever the app's permissions let
(for cards: anyone who sees the card, while it is open) adds comments. Only the author
edits or removes a comment, while the thread is writable; a removed comment keeps its
place in the thread with its text and files gone. `@username` notifies that person once
per comment ("mentioned"), only if they may see the object: anyone else's @name stays
plain text, so a mention reveals nothing to an outsider.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..errors import FieldErrors
from ..markdown import mentioned_usernames, render_markdown
from ..models import Comment, CommentAttachment, Notification, User
from ..models.comments import COMMENT_MAX_LENGTH, MENTION_REASON
from ..text import clean_text
from ..threads import Discussable, comment_change_require, discussable_for
from ..uploads import stored_file_delete_on_commit, stored_file_save, upload_check
from .notifications import notify

MAX_ATTACHMENTS = 5
MAX_MENTIONS = 20  # further @names in one comment stay plain text
SNIPPET_CHARS = 140


def mention_key(comment: Comment) -> str:
    return f"comment-{comment.pk}"


def comment_url(discussable: Discussable, target, comment: Comment) -> str:
    return f"{discussable.url_of(target)}#comment-{comment.pk}"


def _clean_body(body: str, *, errors: FieldErrors, has_files: bool) -> str:
    body = clean_text(body or "", multiline=True).strip()
    if not body and not has_files:
        errors.add("body", _("Write a comment or attach a file."))
    if len(body) > COMMENT_MAX_LENGTH:
        errors.add(
            "body",
            _("A comment has at most %(limit)d characters; this one has %(count)d.")
            % {"limit": COMMENT_MAX_LENGTH, "count": len(body)},
        )
    return body


def _mentionable_people(discussable: Discussable, target, body: str) -> list[User]:
    """The active people `body` mentions by username who may see `target`."""
    usernames = mentioned_usernames(body)[:MAX_MENTIONS]
    if not usernames:
        return []
    candidates = list(User.objects.filter(username__in=usernames, is_active=True))
    allowed = discussable.mentionable(target, candidates)
    return [user for user in candidates if user.pk in allowed]


def _render(comment: Comment, people: list[User]) -> None:
    comment.body_html = render_markdown(
        comment.body, mentions={user.username: str(user) for user in people}
    )


def _notify_mentioned(discussable, target, comment: Comment, people: list[User], by) -> None:
    """Notify each mentioned person once for this comment (an edit adding a mention
    notifies only the newcomer: notify() is once per recipient and key)."""
    recipients = [user for user in people if user.pk != by.pk]
    if not recipients:
        return
    notify(
        recipients=recipients,
        reason=MENTION_REASON,
        key=mention_key(comment),
        template="collab/notifications/mentioned",
        context={
            "author": str(by),
            "object": discussable.title_of(target),
            "snippet": Truncator(" ".join(comment.body.split())).chars(SNIPPET_CHARS),
        },
        url=comment_url(discussable, target, comment),
    )


@transaction.atomic
def comment_add(*, target, body: str, attachments: Iterable = (), by: User) -> Comment:
    """Add a comment to `target`'s thread. The caller has fetched `target` through a
    selector that answers 404 to those who may not see it."""
    discussable = discussable_for(target)
    discussable.comment_require(by, target)
    attachments = [upload for upload in attachments if upload is not None]
    errors = FieldErrors()
    body = _clean_body(body, errors=errors, has_files=bool(attachments))
    if len(attachments) > MAX_ATTACHMENTS:
        errors.add(
            "attachments",
            _("At most %(limit)d files per comment.") % {"limit": MAX_ATTACHMENTS},
        )
    for upload in attachments:
        upload_check(upload, field="attachments", errors=errors)
    errors.raise_if_any()

    people = _mentionable_people(discussable, target, body)
    comment = Comment(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        author=by,
        body=body,
    )
    _render(comment, people)
    comment.save()
    comment.mentioned.set(people)
    for upload in attachments:
        attachment = CommentAttachment(comment=comment, name=upload.name[:255], size=upload.size)
        stored_file_save(attachment.file, upload.name, upload, field="attachments")
        attachment.save()
    _notify_mentioned(discussable, target, comment, people, by)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, body: str, by: User) -> Comment:
    """Change the text of one's own comment; people it newly mentions are notified."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    target = comment.target
    comment_change_require(by, comment, target)
    discussable = discussable_for(target)
    errors = FieldErrors()
    comment.body = _clean_body(body, errors=errors, has_files=comment.attachments.exists())
    errors.raise_if_any()
    people = _mentionable_people(discussable, target, comment.body)
    _render(comment, people)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    comment.mentioned.set(people)
    _notify_mentioned(discussable, target, comment, people, by)
    return comment


@transaction.atomic
def comment_remove(*, comment: Comment, by: User) -> Comment:
    """Remove one's own comment: its text, its files and the unread notices of its
    mentions go; its place in the thread stays, marked removed."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment_change_require(by, comment, comment.target)
    for attachment in comment.attachments.all():
        stored_file_delete_on_commit(attachment.file.storage, attachment.file.name)
    comment.attachments.all().delete()
    comment.mentioned.clear()
    Notification.objects.filter(
        reason=MENTION_REASON, key=mention_key(comment), read_at__isnull=True
    ).delete()
    comment.body = comment.body_html = ""
    comment.removed_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "removed_at"])
    return comment


def mentions_mark_read(*, user: User, comments: Iterable[Comment]) -> int:
    """Reading a thread clears the reader's unread mentions in the comments shown."""
    keys = [mention_key(comment) for comment in comments]
    if not keys or not user.is_authenticated:
        return 0
    return Notification.objects.filter(
        recipient=user, reason=MENTION_REASON, key__in=keys, read_at__isnull=True
    ).update(read_at=timezone.now())

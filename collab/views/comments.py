"""The comment thread of any discussable object (collab.threads): shown on its page through
`thread_context` and templates/collab/_thread.html, written here. Adding a comment works
with htmx (the thread is swapped in place) and without JavaScript (back to the page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..errors import RuleViolation
from ..forms import CommentEditForm, CommentForm
from ..selectors.comments import (
    attachment_get_for_user,
    comment_get_for_user,
    comments_of,
    thread_activity,
)
from ..services.comments import (
    comment_add,
    comment_edit,
    comment_remove,
    comment_url,
    mentions_mark_read,
)
from ..threads import discussable_by_kind, discussable_for, may_change_comment
from .helpers import add_rule_violation, file_attachment

ALL_ACTIVITY = "all"


def thread_context(request, target, *, form=None, activity: str | None = None) -> dict:
    """What templates/collab/_thread.html needs, as {"thread": ...}: the comments (two
    queries whatever their number), or with `activity="all"` the comments and the object's
    recorded changes in one time-ordered list. Reading the thread clears the reader's
    unread mentions in it."""
    discussable = discussable_for(target)
    if activity is None:
        activity = request.GET.get("activity", "")
    activity = ALL_ACTIVITY if activity == ALL_ACTIVITY else ""
    comments = list(comments_of(target))
    mentions_mark_read(user=request.user, comments=comments)
    readonly_reason = ""
    try:
        discussable.comment_require(request.user, target)
    except RuleViolation as error:
        readonly_reason = error.message
    for comment in comments:
        comment.changeable = may_change_comment(request.user, comment, writable=not readonly_reason)
    page_url = discussable.url_of(target)
    separator = "&" if "?" in page_url else "?"
    return {
        "thread": {
            "kind": discussable.kind,
            "key": discussable.key_of(target),
            "comments": comments,
            "activity": activity,
            "entries": thread_activity(comments, discussable.history(target)) if activity else None,
            "form": form or CommentForm(),
            "may_comment": not readonly_reason,
            "readonly_reason": readonly_reason,
            "page_url": page_url,
            "all_url": f"{page_url}{separator}activity={ALL_ACTIVITY}#discussion",
            "comments_url": f"{page_url}#discussion",
        }
    }


@login_required
@require_POST
def comment_create(request, kind, key):
    discussable = discussable_by_kind(kind)
    target = discussable.get_for_user(key, request.user)
    form = CommentForm(request.POST, request.FILES)
    comment, refusal_status = None, 400
    if form.is_valid():
        try:
            comment = comment_add(
                target=target,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
                by=request.user,
            )
        except RuleViolation as error:
            add_rule_violation(form, error)
            refusal_status = error.status_code
    activity = request.POST.get("activity", "")
    if request.headers.get("HX-Request"):
        context = thread_context(request, target, form=None if comment else form, activity=activity)
        context["thread"]["announce"] = _("Comment added.") if comment else ""
        return render(request, "collab/_thread.html", context)
    if comment is None:
        # Without JavaScript: the thread on a page of its own, the text kept beside the errors.
        context = thread_context(request, target, form=form, activity=activity)
        context.update(title=discussable.title_of(target), back_url=discussable.url_of(target))
        return render(request, "collab/thread_page.html", context, status=refusal_status)
    messages.success(request, _("Comment added."))
    return HttpResponseRedirect(comment_url(discussable, target, comment))


@login_required
@require_POST
def comment_change(request, pk):
    comment, target = comment_get_for_user(pk=pk, user=request.user)
    form = CommentEditForm(request.POST)
    discussable = discussable_for(target)
    if form.is_valid():
        try:
            comment_edit(comment=comment, body=form.cleaned_data["body"], by=request.user)
        except RuleViolation as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Comment changed."))
    return HttpResponseRedirect(comment_url(discussable, target, comment))


@login_required
@require_POST
def comment_delete(request, pk):
    comment, target = comment_get_for_user(pk=pk, user=request.user)
    discussable = discussable_for(target)
    try:
        comment_remove(comment=comment, by=request.user)
    except RuleViolation as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Comment removed."))
    return HttpResponseRedirect(comment_url(discussable, target, comment))


@login_required
def comment_attachment(request, pk):
    """A comment's file, as an attachment, for those who may see the comment's object."""
    attachment = attachment_get_for_user(pk=pk, user=request.user)
    return file_attachment(request, attachment.file, attachment.name, "application/octet-stream")

"""Pages around a notice: the invitee's answer, pre-reads, calendar files and the
personal calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collab.errors import RuleViolation
from collab.views.helpers import ATTACHMENT_HEADERS, attachment, file_attachment

from .. import calendar, forms, selectors, services
from .calling import back_to_meeting


@login_required
@require_POST
def invitation_answer(request, code):
    """The invitee's answer: attend (one click), decline with a reason, or a deputy."""
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    invitation = selectors.own_invitation(meeting, request.user)
    if invitation is None:
        raise Http404
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_answer(
                invitation=invitation,
                by=request.user,
                response=form.cleaned_data["response"],
                reason=form.cleaned_data["reason"],
                deputy=form.cleaned_data["deputy"],
            )
        except RuleViolation as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your answer is recorded."))
    else:
        messages.error(request, _("Choose to attend, decline or send a deputy."))
    return back_to_meeting(meeting)


@login_required
@require_POST
def pre_read_upload(request, code):
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    form = forms.PreReadForm(request.POST, request.FILES)
    form.is_valid()
    try:
        services.pre_read_add(
            meeting=meeting, by=request.user, upload=form.cleaned_data.get("file")
        )
    except RuleViolation as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The pre-read is attached."))
    return back_to_meeting(meeting)


@login_required
@require_POST
def pre_read_remove(request, code, pk):
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    attachment_ = selectors.pre_read_get(meeting, pk)
    try:
        services.pre_read_remove(attachment=attachment_, by=request.user)
    except RuleViolation as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The pre-read is removed."))
    return back_to_meeting(meeting)


@login_required
@require_GET
def pre_read_download(request, code, pk):
    """A pre-read, for whoever may see the meeting (404 for anyone else), as a download."""
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    stored = selectors.pre_read_get(meeting, pk)
    return file_attachment(request, stored.file, stored.name, "application/octet-stream")


@login_required
@require_GET
def meeting_ics(request, code):
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    return attachment(calendar.download_ics(meeting), f"{meeting.code}.ics", "text/calendar")


# --- the personal calendar feed -----------------------------------------------------


def feed_url(request, feed) -> str:
    return request.build_absolute_uri(reverse("meetings:calendar-feed-ics", args=[feed.token]))


@login_required
def calendar_feed_page(request):
    """My feed's URL to paste into a calendar app, and a button that resets it."""
    if request.method == "POST":
        services.calendar_feed_reset(by=request.user)
        messages.success(
            request, _("Your calendar feed has a new address; the old one no longer works.")
        )
        return redirect("meetings:calendar-feed")
    feed = services.calendar_feed_of(person=request.user)
    return render(request, "meetings/calendar_feed.html", {"feed_url": feed_url(request, feed)})


@require_GET
def calendar_feed_ics(request, token):
    """The feed itself: no login, the unguessable token is the key; a wrong one is a 404."""
    feed = selectors.calendar_feed_by_token(token)
    body = calendar.feed_ics(
        selectors.feed_meetings(feed.person), name=_("Meetings of %(name)s") % {"name": feed.person}
    )
    response = HttpResponse(body, content_type=calendar.ICS_CONTENT_TYPE)
    response["X-Content-Type-Options"] = ATTACHMENT_HEADERS["X-Content-Type-Options"]
    response["Cache-Control"] = "private, max-age=300"
    return response

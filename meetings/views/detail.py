"""The meeting page: a header with the facts, then one tab at a time (`?tab=`), each
filled by its sub-domain's module."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collab.views.comments import thread_context

from .. import selectors
from ..history import meeting_history
from . import calling, documents, minutes
from .lists import minutes_note


def discussion_tab(request, meeting, permissions) -> dict:
    return thread_context(request, meeting)


def history_tab(request, meeting, permissions) -> dict:
    return {"entries": meeting_history(meeting)}


# (key, label, context function): the order is the page's.
TABS = [
    ("notice", _("Notice"), calling.notice_tab),
    ("agenda", _("Agenda"), calling.agenda_tab),
    ("attendance", _("Attendance"), minutes.attendance_tab),
    ("minutes", pgettext_lazy("meeting minutes", "Minutes"), minutes.minutes_tab),
    ("documents", _("Documents"), documents.documents_tab),
    ("discussion", _("Discussion"), discussion_tab),
    ("history", _("History"), history_tab),
]


@login_required
def meeting_detail(request, code):
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    permissions = selectors.meeting_permissions_of(request.user, meeting)
    keys = [key for key, _label, _context in TABS]
    tab = request.GET.get("tab") if request.GET.get("tab") in keys else "notice"
    context_of = next(context for key, _label, context in TABS if key == tab)
    now = timezone.now()
    state = selectors.minutes_state_of(meeting, now)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "permissions": permissions,
            "minutes_state": state,
            "minutes_note": minutes_note(state, meeting.minutes_due_at, now),
            "tabs": [(key, label) for key, label, _context in TABS],
            "tab": tab,
            "tab_template": f"meetings/tabs/{tab}.html",
            **context_of(request, meeting, permissions),
        },
    )

"""The meeting list: my upcoming meetings, my departments', minutes overdue, any filter."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collab.filters import filtered
from collab.pagination import EstimatingPaginator

from .. import selectors
from ..filters import MinutesState

# The page's tabs: (key, label, the filters they stand for). Without a query the page shows
# the first.
VIEWS = [
    ("mine", gettext_lazy("My upcoming meetings"), "scope=mine&when=upcoming"),
    (
        "department",
        gettext_lazy("My departments' upcoming meetings"),
        "scope=department&when=upcoming",
    ),
    ("overdue", gettext_lazy("Minutes overdue"), "minutes=overdue"),
    ("past", gettext_lazy("My past meetings"), "scope=mine&when=past"),
    ("all", gettext_lazy("All I may see"), "scope=all"),
]
PAGE_SIZE = 25


def minutes_note(state: str, due_at: dt.datetime, now: dt.datetime | None = None) -> str:
    """A minutes state in words: "due in 5 hours", "overdue by 2 days", "published"."""
    now = now or timezone.now()
    if state == MinutesState.DUE:
        return _("due in %(time)s") % {"time": timeuntil(due_at, now, depth=1)}
    if state == MinutesState.OVERDUE:
        return _("overdue by %(time)s") % {"time": timesince(due_at, now, depth=1)}
    return str(MinutesState(state).label)


def _current_view(query: QueryDict) -> str:
    given = {key: value for key, value in query.items() if key != "page" and value}
    for key, _label, preset in VIEWS:
        if given == dict(QueryDict(preset).items()):
            return key
    return ""


@login_required
def meeting_list(request):
    data = request.GET.copy()
    data.pop("page", None)
    if not any(value for value in data.values()):
        data = QueryDict(VIEWS[0][2], mutable=True)
    filterset = selectors.meeting_filterset(request=request, data=data)
    page = EstimatingPaginator(filtered(filterset), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    page.object_list = selectors.with_roles(list(page.object_list), request.user)
    for meeting in page.object_list:
        meeting.minutes_note = minutes_note(meeting.minutes_state, meeting.minutes_due_at, now)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "filters": filterset.form,
            "page": page,
            "query": data.urlencode(),
            "views": [(key, label, preset) for key, label, preset in VIEWS],
            "current_view": _current_view(data),
            "now": now,
        },
    )

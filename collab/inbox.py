"""Everything awaiting a person, gathered from every app without collab importing them.

An app registers an `InboxSource` from its AppConfig.ready(). The home page shows
the entries of every source, soonest deadline first (so overdue ones lead); the
navigation shows their count. Each source answers with a fixed number of queries
whatever the number of entries (the home page's and the API's query counts are pinned).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class InboxEntry:
    """One thing a person should do, with where to do it."""

    kind: str  # stable key, "<app>.<what>", e.g. "tasks.confirmation"
    label: str  # what is asked, translated: "Confirm your department's part"
    title: str  # of what: "TC-2026-0003 Launch the autumn campaign"
    url: str  # the page where it is done
    deadline: dt.datetime | None = None
    action_label: str = ""  # the one-click button, e.g. "Sign"; empty: the title is the link
    action_url: str = ""  # defaults to url
    detail: str = ""  # context, e.g. the department or "for Wang Fang (delegated)"
    # The deadline is the end of a due *date* (see `end_of_day`): time left counts in days.
    all_day: bool = False

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.now()

    @property
    def due_date(self) -> dt.date | None:
        """For an all-day deadline, the due date it ends (the day before `deadline`)."""
        if self.deadline is None or not self.all_day:
            return None
        return timezone.localdate(self.deadline) - dt.timedelta(days=1)

    @property
    def action_href(self) -> str:
        return self.action_url or self.url

    @property
    def time_left(self) -> str:
        """ "due in 2 days" or "3 days overdue", in the active language; "" without a deadline."""
        if self.deadline is None:
            return ""
        if self.all_day:
            return _days_left(self.due_date)
        now = timezone.now()
        if self.deadline < now:
            return _("%(time)s overdue") % {"time": timesince(self.deadline, now, depth=1)}
        return _("due in %(time)s") % {"time": timeuntil(self.deadline, now, depth=1)}


def _days_left(due: dt.date) -> str:
    days = (due - timezone.localdate()).days
    if days < 0:
        return ngettext("%(count)d day overdue", "%(count)d days overdue", -days) % {"count": -days}
    if days == 0:
        return _("due today")
    return ngettext("due in %(count)d day", "due in %(count)d days", days) % {"count": days}


@dataclass(frozen=True)
class InboxSource:
    """`entries(user)` lists what awaits the user; `count(user)` counts it cheaply.

    Both answer with a fixed number of queries, whatever the number of entries."""

    kind: str
    entries: Callable[[object], list[InboxEntry]]
    count: Callable[[object], int]


_sources: list[InboxSource] = []


def register_inbox_source(source: InboxSource) -> InboxSource:
    if all(existing.kind != source.kind for existing in _sources):
        _sources.append(source)
    return source


def inbox_entries(user) -> list[InboxEntry]:
    """Every entry awaiting `user`, soonest deadline first (overdue ones lead), undated last."""
    entries = [entry for source in _sources for entry in source.entries(user)]
    far_future = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(entries, key=lambda entry: (entry.deadline or far_future, entry.title))


def inbox_kinds() -> list[str]:
    return [source.kind for source in _sources]


def inbox_count(user) -> int:
    return sum(source.count(user) for source in _sources)


def end_of_day(day: dt.date) -> dt.datetime:
    """The deadline a due *date* sets: the start of the next day, local time; so an item due
    today is overdue tomorrow, as the item lists count it."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))

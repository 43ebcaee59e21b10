"""Everything awaiting a person, gathered from every app without collab importing them.

An app registers an `InboxSource` from its AppConfig.ready(). The home page shows
the entries of every source, soonest deadline first; the navigation shows their
count. Each source answers with a fixed number of queries whatever the number of
entries (the home page's query count is pinned).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone


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

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.now()


@dataclass(frozen=True)
class InboxSource:
    """`entries(user)` lists what awaits the user; `count(user)` counts it cheaply."""

    kind: str
    entries: Callable[[object], list[InboxEntry]]
    count: Callable[[object], int]


_sources: list[InboxSource] = []


def register_inbox_source(source: InboxSource) -> InboxSource:
    if all(existing.kind != source.kind for existing in _sources):
        _sources.append(source)
    return source


def inbox_entries(user) -> list[InboxEntry]:
    """Every entry awaiting `user`, soonest deadline first, undated ones last."""
    entries = [entry for source in _sources for entry in source.entries(user)]
    far_future = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(entries, key=lambda entry: (entry.deadline or far_future, entry.title))


def inbox_count(user) -> int:
    return sum(source.count(user) for source in _sources)

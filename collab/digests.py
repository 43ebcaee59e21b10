"""The weekly digest's sections, gathered from every app without collab importing them.

An app registers a section from its AppConfig.ready(): `register_section(key, order,
provider)`. A provider takes a batch of users and the week and answers, per user id, the
groups of lines it has for that person (none: the person is left out of the dict). It reads
the whole batch in a constant number of queries — never one per user — so the digest of
20,000 people costs a few queries per batch of `DIGEST_BATCH`.

The service that sends the digest is `collab.services.digests_send`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# How many lines a group lists; the rest is counted ("and 4 more").
LINES_SHOWN = 5


@dataclass(frozen=True)
class DigestWeek:
    """The week a digest covers: Monday to Sunday around the digest's local day."""

    today: dt.date

    @property
    def start(self) -> dt.date:
        return self.today - dt.timedelta(days=self.today.weekday())

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def key(self) -> str:
        """The ISO week, e.g. "2026-W49": a person's digest is sent once per key."""
        year, week, _day = self.today.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class DigestLine:
    """One thing listed: its title, the page where it is done, and an optional date (a due
    date) or moment (a meeting's start), shown in the recipient's language and zone."""

    title: str
    url: str
    # Text, lazy text, or a department (anything with `localized_name`): stored in every
    # language, so the centre shows it in the reader's.
    detail: object = ""
    due: dt.date | None = None  # a due date
    due_at: dt.datetime | None = None  # a deadline moment
    when: dt.datetime | None = None  # a moment that is no deadline (a meeting's start)

    def as_context(self) -> dict:
        return {
            "title": self.title,
            "url": self.url,
            "detail": self.detail,
            "due": self.due,
            "due_at": self.due_at,
            "when": self.when,
        }


@dataclass
class DigestGroup:
    """A heading (translatable, lazy: stored in every language) with the lines under it.

    `lines` may hold every line; `as_context` keeps the first LINES_SHOWN and counts all."""

    heading: object
    lines: list[DigestLine] = field(default_factory=list)

    def as_context(self) -> dict:
        shown = self.lines[:LINES_SHOWN]
        return {
            "heading": self.heading,
            "total": len(self.lines),
            "more": len(self.lines) - len(shown),
            "lines": [line.as_context() for line in shown],
        }


DigestProvider = Callable[[Sequence[object], DigestWeek], dict[int, list[DigestGroup]]]


@dataclass(frozen=True)
class DigestSection:
    key: str
    order: int
    provider: DigestProvider


_sections: dict[str, DigestSection] = {}


def register_section(key: str, order: int, provider: DigestProvider) -> DigestSection:
    """Add (or replace, on a reload) the section `key`; sections show by `order`."""
    section = DigestSection(key=key, order=order, provider=provider)
    _sections[key] = section
    return section


def digest_sections() -> list[DigestSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def digest_groups(users: Sequence[object], week: DigestWeek) -> dict[int, list[DigestGroup]]:
    """Every section's groups for each user of the batch, in section order; users with
    nothing to say are left out."""
    result: dict[int, list[DigestGroup]] = {}
    for section in digest_sections():
        for user_id, groups in section.provider(users, week).items():
            non_empty = [group for group in groups if group.lines]
            if non_empty:
                result.setdefault(user_id, []).extend(non_empty)
    return result

"""States the list, inbox and page tests need beyond a called meeting.

The notice, minutes and decisions have their own services in their sub-domains; until
those are part of this branch, these helpers set the few fields a list reads.
"""

import datetime as dt

from django.utils import timezone

from meetings.models import Disagreement, Meeting, Minutes
from meetings.services.meetings import AgendaEntry, Invitee
from tests.factories import UserFactory
from tests.meetings import builders

HOUR = dt.timedelta(hours=1)


def meeting_at(org, start: dt.datetime, *, hours: int = 1, **fields) -> Meeting:
    return builders.meeting(org, starts_at=start, ends_at=start + hours * HOUR, **fields)


def noticed(meeting: Meeting) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.NOTIFIED, notice_sent_at=timezone.now()
    )
    meeting.refresh_from_db()
    return meeting


def published(meeting: Meeting, by) -> Minutes:
    return Minutes.objects.create(
        meeting=meeting,
        status=Minutes.Status.PUBLISHED,
        published_at=timezone.now(),
        published_by=by,
    )


def disagreement(meeting: Meeting, decision_maker, subject="Who pays for the booth?"):
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    return Disagreement.objects.create(
        minutes=minutes, subject=subject, decision_maker=decision_maker
    )


def many_rows(n: int) -> dict:
    """Meeting fields with `n` more invitees and `n` agenda items, for query-count pins."""
    return {
        "invitees": [Invitee(UserFactory(), False) for _ in range(n)],
        "agenda": [AgendaEntry(f"Point {i}", 2, None) for i in range(n)],
    }

"""States the list, inbox and page tests need beyond a called meeting, built through the
services."""

import datetime as dt

from meetings import services
from meetings.models import Meeting
from meetings.services.meetings import AgendaEntry, Invitee
from tests.factories import UserFactory
from tests.meetings import builders

HOUR = dt.timedelta(hours=1)


def meeting_at(org, start: dt.datetime, *, hours: int = 1, **fields) -> Meeting:
    return builders.meeting(org, starts_at=start, ends_at=start + hours * HOUR, **fields)


noticed = builders.notice_sent
published = builders.published


def disagreement(meeting: Meeting, decision_maker, subject="Who pays for the booth?"):
    """The recorder's minutes name one disagreement for `decision_maker` to decide."""
    data = services.MinutesInput(disagreements=[services.DisagreementRow(subject, decision_maker)])
    minutes = services.minutes_save(meeting=meeting, by=meeting.recorder, data=data)
    return minutes.disagreements.get()


def many_rows(n: int) -> dict:
    """Meeting fields with `n` more invitees and `n` agenda items, for query-count pins."""
    return {
        "invitees": [Invitee(UserFactory(), False) for _ in range(n)],
        "agenda": [AgendaEntry(f"Point {i}", 2, None) for i in range(n)],
    }

"""What meetings put in a person's inbox on My work: invitations to answer, minutes to
write, disagreements to decide; and the fixed number of queries that costs."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from collab.inbox import inbox_count, inbox_entries
from meetings import services
from meetings.models import Invitation
from meetings.services.meetings import Invitee
from tests.meetings import builders
from tests.meetings.list_builders import disagreement, meeting_at, noticed, published

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def meeting_entries(user, kind):
    return [entry for entry in inbox_entries(user) if entry.kind == kind]


def test_an_invitee_answers_a_noticed_upcoming_meeting_until_they_answer(org):
    draft = builders.meeting(org, invitees=[Invitee(org.acceptor, True)])
    assert meeting_entries(org.acceptor, "meetings.answer") == []  # no notice yet
    meeting = noticed(draft)
    [entry] = meeting_entries(org.acceptor, "meetings.answer")
    assert entry.title == str(meeting) and entry.deadline == meeting.starts_at
    assert entry.action_href.endswith("?tab=notice") and "required" in entry.detail
    services.invitation_answer(
        invitation=Invitation.objects.get(meeting=meeting, person=org.acceptor),
        by=org.acceptor,
        response=Invitation.Response.ATTEND,
    )
    assert meeting_entries(org.acceptor, "meetings.answer") == []


def test_ended_or_cancelled_meetings_are_not_to_answer(org):
    ended = noticed(meeting_at(org, timezone.now() - 3 * HOUR))
    cancelled = noticed(builders.meeting(org))
    services.meeting_cancel(meeting=cancelled, by=org.lead, reason="No longer needed.")
    assert ended.pk and meeting_entries(org.fin_head, "meetings.answer") == []


def test_the_recorder_writes_minutes_from_the_start_until_published(org):
    upcoming = builders.meeting(org)
    running = meeting_at(org, timezone.now() - 0.5 * HOUR)
    late = meeting_at(org, timezone.now() - 3 * DAY)
    done = meeting_at(org, timezone.now() - 4 * DAY)
    published(org, done)
    entries = meeting_entries(org.tracker, "meetings.minutes")
    assert [entry.title for entry in entries] == [str(late), str(running)]
    assert entries[0].overdue and not entries[1].overdue
    assert entries[0].url.endswith("?tab=minutes")
    assert upcoming.pk and meeting_entries(org.lead, "meetings.minutes") == []  # the host


def test_the_decision_maker_decides_until_decided(org):
    meeting = meeting_at(org, timezone.now() - DAY)
    point = disagreement(meeting, org.executive)
    [entry] = meeting_entries(org.executive, "meetings.decision")
    assert entry.title == point.subject and entry.detail == str(meeting)
    point.decision, point.decided_at = "Marketing pays.", timezone.now()
    point.save()
    assert meeting_entries(org.executive, "meetings.decision") == []


def test_my_work_shows_the_meetings_entries(client, org):
    noticed(builders.meeting(org, invitees=[Invitee(org.acceptor, True)]))
    client.force_login(org.acceptor)
    page = client.get(reverse("home")).content.decode()
    assert "Answer a meeting invitation" in page
    assert inbox_count(org.acceptor) == 1


def many(org, n):
    for index in range(n):
        noticed(builders.meeting(org, starts_at=timezone.now() + (index + 1) * 3 * HOUR))
        past = meeting_at(org, timezone.now() - (index + 1) * 3 * HOUR, recorder=org.fin_head)
        disagreement(past, org.fin_head)


@pytest.mark.parametrize("n", [2, 20])
def test_the_inbox_api_runs_constant_queries_with_meetings(org, n, django_assert_max_num_queries):
    many(org, n)
    api = APIClient()
    api.force_authenticate(org.fin_head)
    # one per source: five of tasks, three of meetings, two of feedback
    with django_assert_max_num_queries(13):
        response = api.get("/api/v1/inbox/", {"page_size": 100})
    assert response.json()["count"] == 3 * n

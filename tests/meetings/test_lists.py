"""The meeting list page: its views (my upcoming, my departments', minutes overdue), the
filters it shares with the API, what a row shows, and its query count."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from meetings import selectors, services
from meetings.filters import MinutesState
from meetings.services.meetings import Invitee
from tests.meetings import builders
from tests.meetings.list_builders import meeting_at, noticed, published

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
URL = "/meetings/"


def codes(client, query=""):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return [meeting.code for meeting in response.context["page"].object_list]


def test_the_list_shows_my_upcoming_meetings_by_default_soonest_first(org, client):
    later = builders.meeting(org, starts_at=timezone.now() + 3 * DAY)
    sooner = builders.meeting(org, starts_at=timezone.now() + DAY)
    meeting_at(org, timezone.now() - 2 * DAY)  # past
    not_mine = builders.meeting(
        org,
        by=org.fin_head,
        host=org.fin_head,
        recorder=org.fin_head,
        departments=[org.technology],
        invitees=[],
    )
    client.force_login(org.tracker)  # records every meeting Marketing's lead calls
    assert codes(client) == [sooner.code, later.code]
    assert reverse("meetings:meetings") == URL
    client.force_login(org.tec_head)
    assert not_mine.code in codes(client)


def test_the_views_mine_departments_and_minutes_overdue(org, client):
    now = timezone.now()
    mine = builders.meeting(org, departments=[org.finance])
    technology = builders.meeting(org, departments=[org.technology])
    overdue = meeting_at(org, now - 3 * DAY, departments=[org.technology])
    due = meeting_at(org, now - 2 * HOUR, departments=[org.technology])
    done = meeting_at(org, now - 5 * DAY, departments=[org.technology])
    published(org, done)
    client.force_login(org.tec_member)  # in Technology, invited to nothing in person
    assert codes(client) == []  # nothing of "mine"
    assert codes(client, "scope=department&when=upcoming") == [technology.code]
    assert codes(client, "minutes=overdue") == [overdue.code]
    assert codes(client, "minutes=due") == [due.code]
    assert codes(client, "minutes=published") == [done.code]
    assert set(codes(client, "minutes=not_due")) == {technology.code}
    assert codes(client, "scope=department&when=past") == [due.code, overdue.code, done.code]
    client.force_login(org.fin_head)
    assert codes(client) == [mine.code]


def test_filters_by_kind_card_dates_and_search(org, client):
    from tests.tasks import builders as task_builders

    card = task_builders.draft_card(org)
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + 10 * DAY
    weekly = builders.meeting(org, kind="weekly", topic="Weekly sync", starts_at=start, card=card)
    other = builders.meeting(org, starts_at=start + 2 * DAY)
    client.force_login(org.lead)
    assert codes(client, "scope=all&kind=weekly") == [weekly.code]
    assert codes(client, f"scope=all&card={card.code.lower()}") == [weekly.code]
    day = (start + 2 * DAY).date().isoformat()
    assert codes(client, f"starts_from={day}&starts_until={day}") == [other.code]
    assert codes(client, "search=weekly") == [weekly.code]
    assert codes(client, f"search={other.code[-4:]}") == [other.code]


def test_a_bad_filter_is_a_field_error_not_an_empty_list_or_a_crash(org, client):
    builders.meeting(org)
    client.force_login(org.lead)
    response = client.get(f"{URL}?minutes=late&card=TC-1999-0001")
    assert response.status_code == 200
    assert set(response.context["filters"].errors) == {"minutes", "card"}
    assert "Correct the filters above" in response.content.decode()


def test_a_row_shows_when_form_host_my_answer_and_the_short_notice_badge(org, client):
    meeting = noticed(builders.meeting(org, invitees=[Invitee(org.acceptor, False)]))
    assert meeting.is_short_notice  # tomorrow is less than 3 working days away
    client.force_login(org.acceptor)
    page = client.get(URL).content.decode()
    assert meeting.code in page and "short notice" in page and "not answered" in page
    assert "Emma Clark" in page and "in person" in page
    client.force_login(org.lead)
    assert "host" in client.get(URL).content.decode()
    builders.meeting(org, invitees=[Invitee(org.acceptor, False)], topic="Not noticed yet")
    client.force_login(org.acceptor)
    rows = client.get(URL).context["page"].object_list
    assert [row.my_role for row in rows] == ["not answered", "invited"]


def test_the_page_links_the_views_and_marks_the_current_one(org, client):
    client.force_login(org.lead)
    page = client.get(f"{URL}?minutes=overdue").content.decode()
    assert 'href="?minutes=overdue" aria-current="page"' in page
    assert 'href="?scope=mine&amp;when=upcoming"' in page


def test_outsiders_list_nothing(org, client):
    builders.meeting(org)
    client.force_login(org.outsider)
    assert codes(client, "scope=all") == []


# --- the minutes state, on a stopped clock -------------------------------------------------------


def test_minutes_state_moves_from_not_due_to_due_to_overdue_and_published(org):
    start = timezone.now() + DAY
    meeting = builders.meeting(org, starts_at=start)  # an hour; minutes due 24 h after
    call = builders.meeting(org, starts_at=start, channel="phone", place="", is_urgent=True)

    def state(m, at):
        with time_machine.travel(at, tick=False):
            listed = selectors.meeting_list(org.lead).get(pk=m.pk).minutes_state
            single = selectors.minutes_state_of(
                selectors.meeting_get_for_user(code=m.code, user=org.lead)
            )
        assert listed == single
        return listed

    assert state(meeting, start + 30 * dt.timedelta(minutes=1)) == MinutesState.NOT_DUE
    assert state(meeting, start + HOUR) == MinutesState.DUE
    assert state(meeting, start + 24 * HOUR) == MinutesState.DUE
    assert state(meeting, start + 25 * HOUR) == MinutesState.OVERDUE
    assert state(call, start + 2 * HOUR) == MinutesState.DUE
    assert state(call, start + 3 * HOUR) == MinutesState.OVERDUE
    with time_machine.travel(start + 26 * HOUR, tick=False):
        published(org, meeting)
    assert state(meeting, start + 30 * HOUR) == MinutesState.PUBLISHED
    services.meeting_cancel(meeting=call, by=org.lead, reason="Settled by email.")
    assert state(call, start + 5 * HOUR) == MinutesState.NOT_DUE


def test_the_list_says_due_in_and_overdue_by(org, client):
    start = timezone.now() - 2 * HOUR
    due = meeting_at(org, start, topic="Due one")
    overdue = meeting_at(org, start - 2 * DAY, topic="Late one")
    client.force_login(org.tracker)
    page = client.get(f"{URL}?scope=all").content.decode()
    assert "due in 22" in page  # hours: it ended an hour ago
    assert "overdue by 1" in page  # day
    assert due.code in page and overdue.code in page


# --- queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 20])
def test_the_list_page_runs_constant_queries(org, client, n, django_assert_max_num_queries):
    for index in range(n):
        meeting = builders.meeting(org, starts_at=timezone.now() + (index + 1) * HOUR * 3)
        if index % 2:
            noticed(meeting)
    client.force_login(org.fin_head)
    # session, user, departments (who sees what: 3), count, rows, unread notifications
    with django_assert_max_num_queries(8):
        response = client.get(f"{URL}?scope=all")
    assert len(response.context["page"].object_list) == n


def test_the_time_reads_in_the_readers_time_zone(org, client):
    start = dt.datetime(2030, 3, 12, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
    meeting = builders.meeting(org, starts_at=start, ends_at=start + HOUR)
    client.force_login(org.lead)

    def text():
        return re.sub(r"<[^>]+>", "", client.get(f"{URL}?scope=all").content.decode())

    assert "12 Mar 2030 10:00–11:00" in text()
    org.lead.time_zone = "Europe/London"
    org.lead.save(update_fields=["time_zone"])
    assert meeting.code in text() and "12 Mar 2030 02:00–03:00" in text()

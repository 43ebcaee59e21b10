"""The meeting page's frame: the header's facts, the tabs, the History and Discussion tabs,
and the card page's meetings panel; with their query counts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from collab.services.comments import comment_add
from meetings import services
from meetings.models import AgendaItem
from tests.meetings import builders
from tests.meetings.list_builders import many_rows, meeting_at, published
from tests.tasks import builders as task_builders

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def page_of(client, user, meeting, tab=""):
    client.force_login(user)
    url = reverse("meetings:meeting-detail", args=[meeting.code])
    response = client.get(f"{url}?tab={tab}" if tab else url)
    assert response.status_code == 200
    return response


def test_the_header_shows_the_meetings_facts(org, client):
    card = task_builders.draft_card(org)
    meeting = builders.notice_sent(builders.meeting(org, card=card))  # tomorrow: short notice
    assert meeting.is_short_notice
    html = page_of(client, org.fin_head, meeting).content.decode()
    for fact in (
        meeting.code,
        "新品上市协调会",
        "notice sent",
        "coordination",
        "in person",
        "3F 会议室",
        "Emma Clark",
        "刘洋",
        card.code,
        "short notice",
        "Minutes due",
        "not due yet",
    ):
        assert fact in html, fact


def test_the_header_says_overdue_and_published(org, client):
    late = meeting_at(org, timezone.now() - 3 * DAY)
    assert "overdue by 1" in page_of(client, org.lead, late).content.decode()
    published(org, late)
    html = page_of(client, org.lead, late).content.decode()
    assert "overdue by" not in html and "published" in html


def test_the_tabs_mark_the_current_one_and_an_unknown_tab_shows_the_notice(org, client):
    meeting = builders.meeting(org)
    html = page_of(client, org.lead, meeting, "history").content.decode()
    assert 'href="?tab=history" aria-current="page"' in html
    assert 'href="?tab=discussion"' in html
    response = page_of(client, org.lead, meeting, "nonsense")
    assert response.context["tab"] == "notice"


def test_history_merges_the_meeting_its_invitations_and_agenda_newest_first(org, client):
    meeting = builders.meeting(org)
    meeting.topic = "Launch coordination"
    meeting.save()
    item = AgendaItem.objects.get(meeting=meeting, title="Budget")
    item.minutes = 25
    item.save()
    entries = page_of(client, org.lead, meeting, "history").context["entries"]
    subjects = [entry.subject for entry in entries]
    assert subjects[0] == "Agenda item: Budget" and entries[0].changes[0].new == "25"
    assert subjects[1] == "Meeting" and entries[1].changes[0].new == "Launch coordination"
    assert "Invitation: Sophia Hughes" in subjects
    assert "Agenda item: Landing page" in subjects
    created = [entry for entry in entries if entry.subject == "Meeting" and entry.kind == "created"]
    assert len(created) == 1
    # A deleted agenda item keeps its history.
    AgendaItem.objects.filter(meeting=meeting, title="Landing page").delete()
    entries = page_of(client, org.lead, meeting, "history").context["entries"]
    assert entries[0].kind == "deleted" and entries[0].subject == "Agenda item: Landing page"


def test_the_discussion_takes_comments_from_whoever_sees_the_meeting(org, client):
    meeting = builders.meeting(org)
    url = reverse("comment-add", args=["meeting", meeting.code])
    client.force_login(org.tec_contact)
    response = client.post(url, {"body": "Can we move it to 14:00?"})
    assert response.status_code in (200, 302)
    html = page_of(client, org.lead, meeting, "discussion").content.decode()
    assert "Can we move it to 14:00?" in html
    client.force_login(org.outsider)
    assert client.post(url, {"body": "Hello"}).status_code == 404


def test_a_cancelled_meetings_discussion_is_read_only(org, client):
    meeting = builders.meeting(org)
    services.meeting_cancel(meeting=meeting, by=org.lead, reason="No longer needed.")
    response = page_of(client, org.lead, meeting, "discussion")
    assert response.context["thread"]["may_comment"] is False
    assert "read-only" in response.context["thread"]["readonly_reason"]


@pytest.mark.parametrize("n", [2, 20])
@pytest.mark.parametrize("tab", ["notice", "history", "discussion"])
def test_the_meeting_page_runs_constant_queries(org, client, n, tab, django_assert_max_num_queries):
    meeting = builders.meeting(org, **many_rows(n))
    for index in range(n):
        comment_add(target=meeting, body=f"Point {index}", by=org.fin_head)
    client.force_login(org.fin_head)
    url = reverse("meetings:meeting-detail", args=[meeting.code])
    # the frame: session, user, who sees what and the meeting (4), its invitations and
    # agenda (2), unread notifications; history: one per history model (7), the invitees'
    # and the changed relations' names (4); discussion: comments and their attachments,
    # unread mentions
    limit = {"notice": 11, "history": 19, "discussion": 11}[tab]
    with django_assert_max_num_queries(limit):
        response = client.get(f"{url}?tab={tab}")
    assert response.status_code == 200


# --- the card page's meetings panel -------------------------------------------------------------


def test_the_card_page_lists_its_meetings_with_their_minutes_state(org, client):
    card = task_builders.draft_card(org)
    upcoming = builders.meeting(org, card=card, topic="Weekly sync")
    late = meeting_at(org, timezone.now() - 3 * DAY, card=card, topic="Kick-off")
    builders.meeting(org, topic="Not this card's")
    client.force_login(org.lead)
    response = client.get(reverse("tasks:card-detail", args=[card.code]))
    html = response.content.decode()
    assert upcoming.code in html and late.code in html and "Not this card" not in html
    assert "overdue by" in html and "not due yet" in html
    assert html.index(upcoming.code) < html.index(late.code)  # newest first


def test_a_card_without_meetings_says_so(org, client):
    card = task_builders.draft_card(org)
    client.force_login(org.lead)
    html = client.get(reverse("tasks:card-detail", args=[card.code])).content.decode()
    assert "No meetings for this card yet." in html


@pytest.mark.parametrize("n", [2, 20])
def test_the_card_panel_runs_one_query(org, client, n, django_assert_max_num_queries):
    card = task_builders.draft_card(org)
    for index in range(n):
        meeting_at(org, timezone.now() + (index - n // 2) * DAY, card=card)
    client.force_login(org.lead)
    url = reverse("tasks:card-detail", args=[card.code])
    from meetings.card_panel import meetings_panel
    from tasks import card_panels

    # Without this panel (other apps' panels stay): the difference is the panel's cost.
    panels = list(card_panels.CARD_PANELS)
    card_panels.CARD_PANELS[:] = [panel for panel in panels if panel is not meetings_panel]
    try:
        client.get(url)  # warm caches (content types)
        with django_assert_max_num_queries(100) as without:
            client.get(url)
    finally:
        card_panels.CARD_PANELS[:] = panels
    # the panel's meetings, and who sees them (departments: 3)
    with django_assert_max_num_queries(len(without.captured_queries) + 4):
        response = client.get(url)
    assert response.status_code == 200

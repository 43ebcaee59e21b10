import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Invitation, MinutesActionItem
from tasks.models import ActionItem
from tests.meetings import builders
from tests.tasks import builders as task_builders

pytestmark = pytest.mark.django_db


def page(meeting, tab):
    return f"/meetings/{meeting.code}/?tab={tab}"


def post_url(meeting, action):
    return f"/meetings/{meeting.code}/{action}"


def item_post(org, **values):
    data = {
        "item-title": "Approve the ad budget",
        "item-owner": org.fin_head.pk,
        "item-department": "",
        "item-deliverable": "Signed budget",
        "item-due_date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        "item-priority": "high",
    }
    data.update(values)
    return data


def test_attendance_is_recorded_and_an_absence_without_reason_is_refused(org, client):
    meeting = builders.held_meeting(org)
    client.force_login(org.tracker)
    invitations = list(meeting.invitations.all())
    data = {f"attendance_{i.pk}": "attended" for i in invitations}
    data[f"attendance_{invitations[0].pk}"] = "absent"
    refused = client.post(post_url(meeting, "attendance/"), data)
    assert refused.status_code == 200
    assert "Give the reason" in refused.content.decode()
    assert not meeting.invitations.exclude(attendance=Invitation.Attendance.UNKNOWN).exists()
    data[f"reason_{invitations[0].pk}"] = "On leave"
    answer = client.post(post_url(meeting, "attendance/"), data)
    assert answer.status_code == 302
    assert meeting.invitations.get(pk=invitations[0].pk).absence_reason == "On leave"


def test_an_absentee_sends_an_opinion_from_the_tab_and_everyone_reads_it(org, client):
    meeting = builders.notice_sent(builders.held_meeting(org))
    client.force_login(org.tec_contact)
    assert "Send your written opinion" in client.get(page(meeting, "attendance")).content.decode()
    client.post(post_url(meeting, "opinion/"), {"written_opinion": "Launch in December."})
    client.force_login(org.fin_head)
    assert "Launch in December." in client.get(page(meeting, "attendance")).content.decode()


def test_minutes_are_saved_with_numbered_conclusions_from_the_page(org, client):
    meeting = builders.held_meeting(org)
    client.force_login(org.tracker)
    assert client.get(page(meeting, "minutes")).status_code == 200
    data = {
        f"viewpoint_{org.finance.pk}": "Budget fits.",
        f"viewpoint_{org.technology.pk}": "",
        "conclusions-TOTAL_FORMS": "3",
        "conclusions-INITIAL_FORMS": "0",
        "conclusions-0-text": "First",
        "conclusions-1-text": "Dropped",
        "conclusions-1-DELETE": "on",
        "conclusions-2-text": "Second",
        "disagreements-TOTAL_FORMS": "1",
        "disagreements-INITIAL_FORMS": "0",
        "disagreements-0-subject": "Who pays?",
        "disagreements-0-decision_maker": org.mkt_head.pk,
        "follow_up_plan": "Next Monday",
        "pending_decisions": "",
    }
    assert client.post(post_url(meeting, "minutes/"), data).status_code == 302
    minutes = meeting.minutes
    assert list(minutes.conclusions.values_list("number", "text")) == [(1, "First"), (2, "Second")]
    assert minutes.disagreements.get().decision_maker == org.mkt_head
    data["disagreements-0-decision_maker"] = ""
    refused = client.post(post_url(meeting, "minutes/"), data)
    assert refused.status_code == 200 and "Name who decides" in refused.content.decode()


def test_items_added_on_the_page_show_in_the_owners_list_and_on_the_card(org, client):
    card = task_builders.active_card(org)
    meeting = builders.recorded_meeting(org, card=card, recorder=org.tec_head)
    client.force_login(org.tec_head)
    answer = client.post(post_url(meeting, "minutes/items/"), item_post(org))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    client.force_login(org.fin_head)
    assert "Approve the ad budget" in client.get("/items/").content.decode()
    client.force_login(org.lead)
    card_items = client.get(f"/cards/{card.code}/?tab=items").content.decode()
    assert "Approve the ad budget" in card_items


def test_an_item_with_no_owner_is_a_field_error_on_the_page_and_nothing_is_saved(org, client):
    meeting = builders.recorded_meeting(org)
    client.force_login(org.tracker)
    refused = client.post(post_url(meeting, "minutes/items/"), item_post(org, **{"item-owner": ""}))
    assert refused.status_code == 200
    assert "Name the person who owns this action item." in refused.content.decode()
    assert not ActionItem.objects.exists() and not MinutesActionItem.objects.exists()


def test_only_the_decision_maker_sees_the_form_and_decides(org, client):
    meeting = builders.recorded_meeting(org)
    disagreement = meeting.minutes.disagreements.get()
    route = post_url(meeting, f"disagreements/{disagreement.pk}/decide/")
    client.force_login(org.fin_head)
    assert route not in client.get(page(meeting, "minutes")).content.decode()
    assert client.post(route, {f"decision-{disagreement.pk}-decision": "x"}).status_code == 403
    client.force_login(org.mkt_head)
    assert route in client.get(page(meeting, "minutes")).content.decode()
    client.post(route, {f"decision-{disagreement.pk}-decision": "Marketing pays."})
    disagreement.refresh_from_db()
    assert disagreement.decision == "Marketing pays."


@pytest.mark.parametrize(
    ("hours_after_end", "text"),
    [(-20, "Due in 20 h"), (3, "Overdue by 3 h")],
)
def test_due_and_overdue_are_shown(org, client, hours_after_end, text):
    # A meeting whose minutes fall due (24 h after its end) `-hours_after_end` hours from now.
    meeting = builders.held_meeting(org, hours_ago=24 + hours_after_end + 1)
    client.force_login(org.fin_head)
    assert text in client.get(page(meeting, "minutes")).content.decode()


def test_an_urgent_phone_call_is_due_in_two_hours(org, client):
    meeting = builders.held_meeting(org, channel="phone", place="", is_urgent=True)
    client.force_login(org.fin_head)
    assert "Due in 1 h" in client.get(page(meeting, "minutes")).content.decode()


@pytest.mark.parametrize(
    ("method", "action"),
    [
        ("get", "?tab=attendance"),
        ("get", "?tab=minutes"),
        ("post", "attendance/"),
        ("post", "opinion/"),
        ("post", "minutes/"),
        ("get", "minutes/row/conclusions/"),
        ("post", "minutes/items/"),
        ("post", "minutes/items/{item}/remove/"),
        ("post", "disagreements/{disagreement}/decide/"),
        ("post", "minutes/files/"),
        ("get", "files/{file}/"),
    ],
)
def test_outsiders_get_404_on_every_page(org, client, method, action):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings import services

    meeting = builders.recorded_meeting(org)
    link = builders.add_item(org, meeting)
    file = services.minutes_attachment_add(
        meeting=meeting, by=org.tracker, upload=SimpleUploadedFile("a.txt", b"hello", "text/plain")
    )
    disagreement = meeting.minutes.disagreements.get()
    route = post_url(
        meeting,
        action.format(item=link.action_item_id, disagreement=disagreement.pk, file=file.pk),
    )
    client.force_login(org.outsider)
    assert getattr(client, method)(route).status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_the_tabs_read_in_constant_queries(org, client, count, django_assert_max_num_queries):
    from meetings.services.meetings import Invitee

    people = [org.outsider, org.drifter, org.tec_member, org.acceptor, org.executive]
    meeting = builders.recorded_meeting(
        org, invitees=[Invitee(p, False) for p in [org.mkt_head, *people][: max(1, count // 4)]]
    )
    for number in range(count):
        builders.add_item(org, meeting, title=f"Item {number}")
    client.force_login(org.tracker)
    with django_assert_max_num_queries(16):
        assert client.get(page(meeting, "minutes")).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(page(meeting, "attendance")).status_code == 200

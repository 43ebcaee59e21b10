"""One rule, two doors: calling a meeting through the page and through the API gives the
same outcome, refusal included."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from tests.meetings import builders
from tests.tasks.api_support import api_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


def page(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("lead", True), ("admin", True), ("fin_head", False), ("tracker", False)],
)
def test_who_may_send_the_notice_is_the_same_on_page_and_api(org, client, who, allowed):
    user = getattr(org, who)
    by_page, by_api = builders.meeting(org), builders.meeting(org)
    page(client, user).post(f"/meetings/{by_page.code}/send-notice/")
    response = api_for(user).post(f"/api/v1/meetings/{by_api.code}/send-notice/")
    assert response.status_code == (200 if allowed else 403)
    notified = {
        Meeting.objects.get(pk=m.pk).status == Meeting.Status.NOTIFIED for m in (by_page, by_api)
    }
    assert notified == {allowed}


def test_a_cancelled_meeting_sends_no_notice_through_either_door(org, client):
    by_page, by_api = builders.meeting(org), builders.meeting(org)
    for meeting in (by_page, by_api):
        services.meeting_cancel(meeting=meeting, by=org.lead, reason="Moved")
    response = page(client, org.lead).post(f"/meetings/{by_page.code}/send-notice/", follow=True)
    assert "can only be sent for a meeting that has not ended" in response.content.decode()
    assert api_for(org.lead).post(f"/api/v1/meetings/{by_api.code}/send-notice/").status_code == 409
    assert {Meeting.objects.get(pk=m.pk).notice_sent_at for m in (by_page, by_api)} == {None}


@pytest.mark.parametrize(
    ("answer", "saved"),
    [
        ({"response": "attend"}, "attend"),
        ({"response": "decline", "reason": ""}, "pending"),
        ({"response": "decline", "reason": "On leave"}, "decline"),
        ({"response": "deputy"}, "pending"),
    ],
)
def test_answer_rules_are_the_same_on_page_and_api(org, client, answer, saved):
    by_page, by_api = builders.meeting(org), builders.meeting(org)
    for meeting in (by_page, by_api):
        services.notice_send(meeting=meeting, by=org.lead)
    page(client, org.fin_head).post(f"/meetings/{by_page.code}/answer/", answer)
    response = api_for(org.fin_head).post(
        f"/api/v1/meetings/{by_api.code}/invitations/answer/", answer
    )
    assert response.status_code == (200 if saved != "pending" else 400)
    answers = {m.invitations.get(person=org.fin_head).response for m in (by_page, by_api)}
    assert answers == {saved}


def test_answers_close_when_the_meeting_has_ended_on_both_doors(org, client):
    start = timezone.now() - dt.timedelta(hours=3)
    with time_machine.travel(start - dt.timedelta(days=3)):
        by_page = builders.meeting(org, starts_at=start, ends_at=start + dt.timedelta(hours=1))
        by_api = builders.meeting(org, starts_at=start, ends_at=start + dt.timedelta(hours=1))
        for meeting in (by_page, by_api):
            services.notice_send(meeting=meeting, by=org.lead)
    page(client, org.fin_head).post(f"/meetings/{by_page.code}/answer/", {"response": "attend"})
    response = api_for(org.fin_head).post(
        f"/api/v1/meetings/{by_api.code}/invitations/answer/", {"response": "attend"}
    )
    assert response.status_code == 409
    answers = {m.invitations.get(person=org.fin_head).response for m in (by_page, by_api)}
    assert answers == {"pending"}

"""Calling a meeting on the pages: the form, the notice tab, answers, files, the feed."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from meetings import services
from meetings.models import Invitation, Meeting
from tests.meetings import builders
from tests.tasks import builders as task_builders

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


def form_data(org, **overrides):
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=7)
    data = {
        "topic": "Budget review",
        "kind": "coordination",
        "channel": "in_person",
        "place": "3F",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "host": org.lead.pk,
        "recorder": org.tracker.pk,
        "required_people": [org.acceptor.pk],
        "required_departments": [org.finance.pk],
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-title": "Numbers",
        "agenda-0-minutes": "30",
        "agenda-0-ORDER": "1",
    }
    data.update(overrides)
    return data


def login(client, user):
    client.force_login(user)
    return client


def test_call_a_meeting_on_the_form(org, client):
    login(client, org.lead)
    assert client.get("/meetings/new/").status_code == 200
    response = client.post("/meetings/new/", form_data(org))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.code}/"
    assert {i.person for i in meeting.invitations.all()} == {
        org.acceptor,
        org.fin_head,
        org.fin_contact,
    }
    assert [i.title for i in meeting.agenda_items.all()] == ["Numbers"]


@pytest.mark.parametrize(
    ("change", "field_text"),
    [
        ({"topic": ""}, "Give the meeting a topic."),
        ({"ends_at": "2026-01-01T09:00", "starts_at": "2026-01-01T10:00"}, "must end after"),
        ({"required_people": [], "required_departments": []}, "Invite at least one"),
    ],
)
def test_bad_input_shows_field_errors_and_saves_nothing(org, client, change, field_text):
    login(client, org.lead)
    response = client.post("/meetings/new/", form_data(org, **change))
    assert response.status_code == 200
    assert field_text in response.content.decode()
    assert not Meeting.objects.exists() and not Invitation.objects.exists()


def test_a_forbidden_pre_read_is_a_field_error_and_nothing_is_saved(org, client):
    login(client, org.lead)
    page = SimpleUploadedFile("agenda.html", b"<html><script>x</script></html>")
    response = client.post("/meetings/new/", {**form_data(org), "pre_read": page})
    assert response.status_code == 200
    assert 'id="id_pre_read_error"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_long_agenda_is_saved_with_a_warning(org, client):
    login(client, org.lead)
    response = client.post(
        "/meetings/new/", form_data(org, **{"agenda-0-minutes": "90"}), follow=True
    )
    assert Meeting.objects.count() == 1
    assert "The agenda takes 90 minutes but the meeting lasts 60." in response.content.decode()


def test_a_card_and_an_earlier_meeting_prefill_the_form(org, client):
    card = task_builders.draft_card(org)
    earlier = builders.meeting(org)
    login(client, org.lead)
    page = client.get(f"/meetings/new/?card={card.code}").content.decode()
    assert f'value="{card.code}" selected' in page
    page = client.get(f"/meetings/new/?follows={earlier.code}").content.decode()
    assert earlier.topic in page and f'name="follows" value="{earlier.code}"' in page
    client.post(
        f"/meetings/new/?follows={earlier.code}", {**form_data(org), "follows": earlier.code}
    )
    assert Meeting.objects.exclude(pk=earlier.pk).get().follows == earlier


def test_the_host_sends_the_notice_and_invitees_see_no_button(org, client):
    meeting = builders.meeting(org)
    login(client, org.fin_head)
    page = client.get(f"/meetings/{meeting.code}/").content.decode()
    assert "Send notice" not in page
    assert client.post(f"/meetings/{meeting.code}/send-notice/").status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT
    login(client, org.lead)
    page = client.get(f"/meetings/{meeting.code}/").content.decode()
    assert "Send notice" in page
    client.post(f"/meetings/{meeting.code}/send-notice/")
    page = client.get(f"/meetings/{meeting.code}/").content.decode()
    assert "Send update" in page and "notice sent" in page


def test_invitees_answer_on_the_notice_tab(org, client):
    meeting = builders.meeting(org)
    services.notice_send(meeting=meeting, by=org.lead)
    login(client, org.fin_head)
    client.post(f"/meetings/{meeting.code}/answer/", {"response": "attend"})
    assert meeting.invitations.get(person=org.fin_head).response == "attend"
    response = client.post(
        f"/meetings/{meeting.code}/answer/", {"response": "decline", "reason": ""}, follow=True
    )
    assert "Say why you cannot attend." in response.content.decode()
    assert meeting.invitations.get(person=org.fin_head).response == "attend"
    login(client, org.lead)
    page = client.get(f"/meetings/{meeting.code}/").content.decode()
    assert "will attend" in page and "Sophia Hughes" in page


def test_the_unanswered_required_invitees_are_listed_close_to_the_meeting(org, client):
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    meeting = builders.meeting(org, starts_at=start + dt.timedelta(days=1))
    services.notice_send(meeting=meeting, by=org.lead)
    login(client, org.lead)
    page = client.get(f"/meetings/{meeting.code}/").content.decode()
    assert 'data-testid="unanswered"' in page and "Liam Foster" in page
    # The API says the same (parity).
    api = APIClient()
    api.force_authenticate(org.lead)
    silent = api.get(f"/api/v1/meetings/{meeting.code}/").json()["unanswered_required"]
    assert "Liam Foster" in [person["name"] for person in silent]
    assert len(silent) == meeting.invitations.filter(is_required=True).count()


def test_outsiders_get_404_on_the_form_ics_and_pre_reads(org, client):
    meeting = builders.meeting(org)
    pre_read = services.pre_read_add(
        meeting=meeting, by=org.lead, upload=SimpleUploadedFile("notes.txt", b"read me")
    )
    login(client, org.outsider)
    for path in (
        f"/meetings/{meeting.code}/",
        f"/meetings/{meeting.code}/edit/",
        f"/meetings/{meeting.code}/calendar.ics",
        f"/meetings/{meeting.code}/pre-reads/{pre_read.pk}/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/meetings/{meeting.code}/send-notice/").status_code == 404
    login(client, org.fin_contact)
    download = client.get(f"/meetings/{meeting.code}/pre-reads/{pre_read.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    ics = client.get(f"/meetings/{meeting.code}/calendar.ics")
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.content


def test_the_feed_page_shows_my_address_and_resets_it(org, client):
    login(client, org.fin_head)
    assert "/meetings/calendar/" in client.get("/profile/").content.decode()
    page = client.get("/meetings/calendar/").content.decode()
    token = services.calendar_feed_of(person=org.fin_head).token
    assert token in page
    client.post("/meetings/calendar/")
    assert services.calendar_feed_of(person=org.fin_head).token != token
    client.logout()
    assert client.get(f"/meetings/calendar/{token}.ics").status_code == 404


@pytest.mark.parametrize("extra_departments", [0, 2])
def test_the_notice_tab_reads_a_constant_number_of_queries(
    org, client, django_assert_max_num_queries, extra_departments
):
    departments = [org.finance, org.technology] + (
        [org.marketing, org.legal] if extra_departments else []
    )
    meeting = builders.meeting(org, departments=departments)
    services.notice_send(meeting=meeting, by=org.lead)
    for name in ("a.txt", "b.txt")[: 1 + extra_departments // 2]:
        services.pre_read_add(meeting=meeting, by=org.lead, upload=SimpleUploadedFile(name, b"x"))
    login(client, org.lead)
    with django_assert_max_num_queries(11):
        assert client.get(f"/meetings/{meeting.code}/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/meetings/{meeting.code}/?tab=agenda").status_code == 200


def test_a_card_s_weekly_meeting_is_called_as_a_series_on_the_form(org, client):
    card = task_builders.draft_card(org)
    login(client, org.lead)
    data = form_data(org, card=card.code, repeats="WEEKLY")
    start = dt.datetime.fromisoformat(data["starts_at"])
    response = client.post("/meetings/new/", {**data, "repeat_until": ""})
    assert "Say until when the meeting repeats." in response.content.decode()
    assert not Meeting.objects.exists()
    until = (start + dt.timedelta(weeks=3)).date().isoformat()
    client.post("/meetings/new/", {**data, "repeat_until": until})
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert len(meetings) == 4 and len({m.series_id for m in meetings}) == 1
    assert all(m.invitations.count() == 3 for m in meetings)


def test_editing_after_the_notice_keeps_answers_and_asks_for_an_update(org, client):
    meeting = builders.meeting(org)
    services.notice_send(meeting=meeting, by=org.lead)
    services.invitation_answer(
        invitation=meeting.invitations.get(person=org.fin_head), by=org.fin_head, response="attend"
    )
    login(client, org.lead)
    page = client.get(f"/meetings/{meeting.code}/edit/").content.decode()
    assert 'value="Budget"' in page and "send an update" in page
    people = [i.person_id for i in meeting.invitations.all()]
    data = form_data(
        org,
        topic="Renamed",
        required_people=people,
        required_departments=[],
        **{"agenda-INITIAL_FORMS": "0"},
    )
    response = client.post(f"/meetings/{meeting.code}/edit/", data, follow=True)
    assert "Send an update" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.topic == "Renamed" and meeting.status == Meeting.Status.NOTIFIED
    assert meeting.invitations.get(person=org.fin_head).response == "attend"
    login(client, org.fin_head)
    assert client.get(f"/meetings/{meeting.code}/edit/").status_code == 403

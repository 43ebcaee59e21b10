"""Calling a meeting over the API: create, edit, delete, notice, cancel, agenda items,
invitations and answers, the calendar file and the personal feed."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from meetings import services
from meetings.models import Invitation, Meeting
from tests.meetings import builders
from tests.tasks.api_support import api_for, assert_field_error, assert_refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


def url(meeting, tail=""):
    code = getattr(meeting, "code", meeting)
    return f"/api/v1/meetings/{code}/{tail}"


def payload(org, **overrides):
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=7)
    return {
        "topic": "Budget review",
        "kind": "coordination",
        "channel": "in_person",
        "place": "3F",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        "host": org.lead.pk,
        "recorder": org.tracker.pk,
        "invitees": [{"person": org.acceptor.pk, "is_required": False}],
        "departments": [{"department": "fin", "is_required": True}],
        "agenda": [{"title": "Numbers", "minutes": 30, "presenter": org.fin_head.pk}],
        **overrides,
    }


def test_create_a_meeting_with_invitees_departments_and_agenda(org):
    response = api_for(org.lead).post("/api/v1/meetings/", payload(org), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["sequence"] == 0 and body["warnings"] == []
    meeting = Meeting.objects.get(code=body["code"])
    rows = {i.person: i.is_required for i in meeting.invitations.select_related("person")}
    assert rows == {org.acceptor: False, org.fin_head: True, org.fin_contact: True}
    assert [i.title for i in meeting.agenda_items.all()] == ["Numbers"]


def test_create_honours_the_idempotency_key(org):
    client = api_for(org.lead)
    first = client.post(
        "/api/v1/meetings/", payload(org), format="json", HTTP_IDEMPOTENCY_KEY="call-1"
    )
    again = client.post(
        "/api/v1/meetings/", payload(org), format="json", HTTP_IDEMPOTENCY_KEY="call-1"
    )
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"topic": ""}, "topic"),
        (
            {"ends_at": "2020-01-01T00:00:00+08:00", "starts_at": "2020-01-01T01:00:00+08:00"},
            "ends_at",
        ),
        ({"agenda": [{"title": "", "minutes": 10}]}, "agenda"),
        ({"departments": [{"department": "nope"}]}, "departments"),
    ],
)
def test_bad_input_is_a_field_error_and_saves_nothing(org, change, field):
    response = api_for(org.lead).post("/api/v1/meetings/", payload(org, **change), format="json")
    assert_field_error(response, field)
    assert not Meeting.objects.exists() and not Invitation.objects.exists()


def test_a_long_agenda_is_saved_with_a_warning(org):
    agenda = [{"title": "A", "minutes": 50}, {"title": "B", "minutes": 40}]
    response = api_for(org.lead).post(
        "/api/v1/meetings/", payload(org, agenda=agenda), format="json"
    )
    assert response.status_code == 201
    assert "90" in response.json()["warnings"][0]


def test_update_send_notice_update_and_cancel(org, django_capture_on_commit_callbacks):
    meeting = builders.meeting(org)
    client = api_for(org.lead)
    response = client.patch(url(meeting), {"place": "5F"}, format="json")
    assert response.status_code == 200, response.json()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url(meeting, "send-notice/")).json()["status"] == "notified"
    assert len(mail.outbox) == 5
    assert client.patch(url(meeting), {"topic": "Renamed"}, format="json").status_code == 200
    body = client.post(url(meeting, "send-notice/")).json()
    assert body["sequence"] == 1 and body["topic"] == "Renamed"
    assert_field_error(client.post(url(meeting, "cancel/"), {"reason": ""}), "reason")
    body = client.post(url(meeting, "cancel/"), {"reason": "Moved"}, format="json").json()
    assert body["status"] == "cancelled" and body["sequence"] == 2
    assert_refused(client.post(url(meeting, "send-notice/")), 409, "invalid_state")


def test_only_a_draft_never_noticed_is_deleted(org):
    client = api_for(org.lead)
    draft = builders.meeting(org)
    assert client.delete(url(draft)).status_code == 204
    noticed = builders.meeting(org)
    services.notice_send(meeting=noticed, by=org.lead)
    assert_refused(client.delete(url(noticed)), 409, "invalid_state")
    assert Meeting.objects.filter(pk=noticed.pk).exists()


def test_invitees_may_not_edit_or_send_and_outsiders_get_404(org):
    meeting = builders.meeting(org)
    assert_refused(api_for(org.fin_head).post(url(meeting, "send-notice/")), 403, "forbidden")
    outsider = api_for(org.outsider)
    for response in (
        outsider.patch(url(meeting), {"place": "x"}, format="json"),
        outsider.post(url(meeting, "send-notice/")),
        outsider.get(url(meeting, "ics/")),
        outsider.get(url(meeting, "agenda-items/")),
        outsider.get(url(meeting, "invitations/")),
        outsider.delete(url(meeting)),
    ):
        assert response.status_code == 404


def test_agenda_items_add_change_remove_and_order(org):
    meeting = builders.meeting(org)
    client = api_for(org.lead)
    added = client.post(url(meeting, "agenda-items/"), {"title": "Risks", "minutes": 10})
    assert added.status_code == 201 and added.json()["position"] == 3
    item_id = added.json()["id"]
    changed = client.patch(url(meeting, f"agenda-items/{item_id}/"), {"minutes": 15})
    assert changed.json()["minutes"] == 15
    ids = [row["id"] for row in client.get(url(meeting, "agenda-items/")).json()]
    ordered = client.post(
        url(meeting, "agenda-items/order/"), {"order": list(reversed(ids))}, format="json"
    )
    assert [row["id"] for row in ordered.json()] == list(reversed(ids))
    assert_field_error(
        client.post(url(meeting, "agenda-items/order/"), {"order": ids[:1]}, format="json"),
        "order",
    )
    assert client.delete(url(meeting, f"agenda-items/{ids[0]}/")).status_code == 204
    assert [i.position for i in meeting.agenda_items.order_by("position")] == [1, 2]
    assert_field_error(
        client.post(url(meeting, "agenda-items/"), {"title": "", "minutes": 5}), "title"
    )


def test_invitations_add_remove_and_the_invitees_answer(org):
    meeting = builders.meeting(org)
    client = api_for(org.lead)
    added = client.post(
        url(meeting, "invitations/"), {"person": org.acceptor.pk, "is_required": False}
    )
    assert added.status_code == 201 and added.json()[0]["is_required"] is False
    removed = meeting.invitations.get(person=org.acceptor)
    assert client.delete(url(meeting, f"invitations/{removed.pk}/")).status_code == 204
    # Answers wait for the notice.
    head = api_for(org.fin_head)
    assert_refused(
        head.post(url(meeting, "invitations/answer/"), {"response": "attend"}), 409, "invalid_state"
    )
    client.post(url(meeting, "send-notice/"))
    assert (
        head.post(url(meeting, "invitations/answer/"), {"response": "attend"}).json()["response"]
        == "attend"
    )
    assert_field_error(
        api_for(org.tec_head).post(url(meeting, "invitations/answer/"), {"response": "decline"}),
        "reason",
    )
    deputy = api_for(org.tec_head).post(
        url(meeting, "invitations/answer/"), {"response": "deputy", "deputy": org.tec_member.pk}
    )
    assert deputy.json()["deputy"]["id"] == org.tec_member.pk
    listed = {row["person"]["id"] for row in client.get(url(meeting, "invitations/")).json()}
    assert org.tec_member.pk in listed
    # The host is not invited: nothing to answer.
    assert (
        client.post(url(meeting, "invitations/answer/"), {"response": "attend"}).status_code == 404
    )


def test_the_ics_download_and_the_personal_feed(org, client):
    meeting = builders.meeting(org)
    services.notice_send(meeting=meeting, by=org.lead)
    other = builders.meeting(org, departments=[org.technology], invitees=[])
    services.notice_send(meeting=other, by=org.lead)
    response = api_for(org.fin_head).get(url(meeting, "ics/"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == meeting.uid

    feed = api_for(org.fin_head).get("/api/v1/calendar-feed/").json()["url"]
    path = feed.split("testserver", 1)[1]
    listed = icalendar.Calendar.from_ical(client.get(path).content).walk("VEVENT")
    assert [str(e["UID"]) for e in listed] == [meeting.uid]  # not Technology's meeting
    reset = api_for(org.fin_head).post("/api/v1/calendar-feed/reset/").json()["url"]
    assert reset != feed
    assert client.get(path).status_code == 404
    assert client.get("/meetings/calendar/not-a-token.ics").status_code == 404


def test_a_weekly_series_over_the_api(org):
    from tests.tasks import builders as task_builders

    card = task_builders.draft_card(org)
    start = dt.datetime.fromisoformat(payload(org)["starts_at"])
    until = (start + dt.timedelta(weeks=2)).date().isoformat()
    response = api_for(org.lead).post(
        "/api/v1/meetings/series/",
        payload(org, card=card.code, frequency="WEEKLY", until=until),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()) == 3
    assert Meeting.objects.filter(series__isnull=False).count() == 3
    missing_card = api_for(org.lead).post(
        "/api/v1/meetings/series/", payload(org, frequency="WEEKLY", until=until), format="json"
    )
    assert_field_error(missing_card, "card")


@pytest.mark.parametrize("meetings", [1, 4])
def test_feed_and_nested_lists_read_a_constant_number_of_queries(
    org, client, django_assert_max_num_queries, meetings
):
    for _n in range(meetings):
        meeting = builders.meeting(org)
        services.notice_send(meeting=meeting, by=org.lead)
    token = services.calendar_feed_of(person=org.fin_head).token
    with django_assert_max_num_queries(4):
        response = client.get(f"/meetings/calendar/{token}.ics")
    assert response.content.count(b"BEGIN:VEVENT") == meetings
    api = api_for(org.lead)
    with django_assert_max_num_queries(6):
        assert len(api.get(url(meeting, "invitations/")).json()) == 5
    with django_assert_max_num_queries(6):
        assert len(api.get(url(meeting, "agenda-items/")).json()) == 2


def test_pre_reads_over_the_api_refuse_bad_files_and_download_as_attachments(org, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = builders.meeting(org)
    client = api_for(org.lead)
    page = SimpleUploadedFile("agenda.html", b"<html><script>x</script></html>")
    assert_field_error(client.post(url(meeting, "pre-reads/"), {"file": page}), "file")
    settings.CROSSDESK_MAX_UPLOAD_BYTES = 10
    big = SimpleUploadedFile("notes.txt", b"x" * 11)
    assert_field_error(client.post(url(meeting, "pre-reads/"), {"file": big}), "file")
    settings.CROSSDESK_MAX_UPLOAD_BYTES = 1024
    added = client.post(url(meeting, "pre-reads/"), {"file": SimpleUploadedFile("n.txt", b"hi")})
    assert added.status_code == 201, added.json()
    download = api_for(org.fin_contact).get(added.json()["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert api_for(org.outsider).get(added.json()["download_url"]).status_code == 404
    assert (
        api_for(org.fin_contact)
        .post(url(meeting, "pre-reads/"), {"file": SimpleUploadedFile("m.txt", b"hi")})
        .status_code
        == 403
    )
    assert client.delete(url(meeting, f"pre-reads/{added.json()['id']}/")).status_code == 204
    assert meeting.attachments.count() == 0

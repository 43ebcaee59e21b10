"""One rule, two doors: each minutes rule answers the same through the page and the API."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings.models import Invitation, MeetingAttachment
from tasks.models import ActionItem
from tests.meetings import builders
from tests.tasks.api_support import api_for

pytestmark = pytest.mark.django_db

DUE = (timezone.localdate() + dt.timedelta(days=7)).isoformat()


def via_page(client, user, meeting, action, data):
    client.force_login(user)
    return client.post(f"/meetings/{meeting.code}/{action}", data)


def test_an_item_with_no_owner_is_refused_by_both(org, client):
    meeting = builders.recorded_meeting(org)
    page = via_page(
        client,
        org.tracker,
        meeting,
        "minutes/items/",
        {"item-title": "x", "item-due_date": DUE, "item-priority": "low"},
    )
    api = api_for(org.tracker).post(
        f"/api/v1/meetings/{meeting.code}/minutes/action-items/",
        {"title": "x", "owner": None, "due_date": DUE},
        format="json",
    )
    message = "Name the person who owns this action item."
    assert message in page.content.decode()
    assert api.status_code == 400 and api.json()["fields"]["owner"] == [message]
    assert not ActionItem.objects.exists()


def test_an_absence_without_reason_is_refused_by_both(org, client):
    meeting = builders.held_meeting(org)
    absent = meeting.invitations.get(person=org.tec_contact)
    data = {f"attendance_{i.pk}": "attended" for i in meeting.invitations.all()}
    data[f"attendance_{absent.pk}"] = "absent"
    page = via_page(client, org.tracker, meeting, "attendance/", data)
    api = api_for(org.tracker).post(
        f"/api/v1/meetings/{meeting.code}/attendance/",
        {"rows": [{"invitation": absent.pk, "attended": False}]},
        format="json",
    )
    assert page.status_code == 200 and "Give the reason" in page.content.decode()
    assert api.status_code == 400 and "attendance" in api.json()["fields"]
    assert not meeting.invitations.exclude(attendance=Invitation.Attendance.UNKNOWN).exists()


def test_only_the_decision_maker_decides_by_both(org, client):
    meeting = builders.recorded_meeting(org)
    disagreement = meeting.minutes.disagreements.get()
    action = f"disagreements/{disagreement.pk}/decide/"
    page = via_page(
        client, org.fin_head, meeting, action, {f"decision-{disagreement.pk}-decision": "x"}
    )
    api = api_for(org.fin_head).post(f"/api/v1/meetings/{meeting.code}/{action}", {"decision": "x"})
    assert (page.status_code, api.status_code) == (403, 403)
    disagreement.refresh_from_db()
    assert disagreement.decided_at is None


def test_only_the_recorder_or_host_adds_items_by_both(org, client):
    meeting = builders.recorded_meeting(org)
    page = via_page(
        client,
        org.fin_head,
        meeting,
        "minutes/items/",
        {
            "item-title": "x",
            "item-owner": org.fin_head.pk,
            "item-due_date": DUE,
            "item-priority": "low",
        },
    )
    api = api_for(org.fin_head).post(
        f"/api/v1/meetings/{meeting.code}/minutes/action-items/",
        {"title": "x", "owner": org.fin_head.pk, "due_date": DUE},
        format="json",
    )
    assert (page.status_code, api.status_code) == (403, 403)
    assert not ActionItem.objects.exists()


def test_a_forbidden_file_type_is_refused_by_both(org, client):
    meeting = builders.recorded_meeting(org)
    client.force_login(org.tracker)
    page = client.post(
        f"/meetings/{meeting.code}/minutes/files/",
        {"file": SimpleUploadedFile("run.exe", b"MZ\x90\x00", "application/octet-stream")},
    )
    api = api_for(org.tracker).post(
        f"/api/v1/meetings/{meeting.code}/minutes/attachments/",
        {"file": SimpleUploadedFile("run.exe", b"MZ\x90\x00", "application/octet-stream")},
        format="multipart",
    )
    assert page.status_code == 200 and api.status_code == 400 and "file" in api.json()["fields"]
    assert not MeetingAttachment.objects.exists()
    ok = api_for(org.tracker).post(
        f"/api/v1/meetings/{meeting.code}/minutes/attachments/",
        {"file": SimpleUploadedFile("notes.txt", b"Notes", "text/plain")},
        format="multipart",
    )
    assert ok.status_code == 201 and ok.json()[0]["name"] == "notes.txt"
    download = client.get(f"/meetings/{meeting.code}/files/{ok.json()[0]['id']}/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]


def test_an_item_is_changed_from_its_page(org, client):
    meeting = builders.recorded_meeting(org)
    link = builders.add_item(org, meeting)
    client.force_login(org.tracker)
    route = f"/meetings/{meeting.code}/minutes/items/{link.action_item_id}/edit/"
    assert client.get(route).status_code == 200
    data = {
        "item-title": "Approve the whole budget",
        "item-owner": org.fin_contact.pk,
        "item-due_date": DUE,
        "item-priority": "low",
    }
    assert client.post(route, data).status_code == 302
    item = ActionItem.objects.get(pk=link.action_item_id)
    assert (item.title, item.owner, item.priority) == (
        "Approve the whole budget",
        org.fin_contact,
        "low",
    )
    client.force_login(org.outsider)
    assert client.get(route).status_code == 404

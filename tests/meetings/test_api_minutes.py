import pytest

from collab.models import Notification
from meetings.models import Invitation, MinutesActionItem
from tasks.models import ActionItem
from tests.meetings import builders
from tests.tasks import builders as task_builders
from tests.tasks.api_support import api_for, assert_field_error

pytestmark = pytest.mark.django_db


def url(meeting, action=""):
    return f"/api/v1/meetings/{meeting.code}/{action}"


def item_payload(org, **values):
    payload = {**builders.item_values(org), **values}
    if payload.get("owner") is not None:
        payload["owner"] = payload["owner"].pk
    if payload.get("due_date") is not None:
        payload["due_date"] = payload["due_date"].isoformat()
    return payload


def test_attendance_is_read_and_recorded_and_an_absence_needs_a_reason(org):
    meeting = builders.held_meeting(org)
    api = api_for(org.tracker)
    rows = api.get(url(meeting, "attendance/")).json()
    assert {row["person"]["id"] for row in rows} >= {org.fin_head.pk, org.tec_contact.pk}
    absent = meeting.invitations.get(person=org.tec_contact)
    refused = api.post(
        url(meeting, "attendance/"),
        {"rows": [{"invitation": absent.pk, "attended": False}]},
        format="json",
    )
    assert_field_error(refused, "attendance")
    absent.refresh_from_db()
    assert absent.attendance == Invitation.Attendance.UNKNOWN
    answer = api.put(
        url(meeting, "attendance/"),
        {"rows": [{"invitation": absent.pk, "attended": False, "absence_reason": "Ill"}]},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    row = next(r for r in answer.json() if r["id"] == absent.pk)
    assert (row["attendance"], row["absence_reason"]) == ("absent", "Ill")


def test_minutes_are_read_and_patched_while_draft(org):
    meeting = builders.recorded_meeting(org)
    api = api_for(org.tracker)
    body = api.get(url(meeting, "minutes/")).json()
    assert [c["number"] for c in body["conclusions"]] == [1, 2]
    assert body["status"] == "draft" and body["due_state"] == "due"
    answer = api.patch(url(meeting, "minutes/"), {"conclusions": ["Only one", ""]}, format="json")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["conclusions"] == [{"number": 1, "text": "Only one"}]
    assert len(body["viewpoints"]) == 2 and len(body["disagreements"]) == 1  # kept
    assert (
        api_for(org.fin_head)
        .patch(url(meeting, "minutes/"), {"follow_up_plan": "x"}, format="json")
        .status_code
        == 403
    )


def test_action_items_from_the_api_reach_the_card_and_the_owners_list(org):
    card = task_builders.active_card(org)
    meeting = builders.recorded_meeting(org, card=card)
    api = api_for(org.tracker)
    answer = api.post(url(meeting, "minutes/action-items/"), item_payload(org), format="json")
    assert answer.status_code == 201, answer.content
    item_id = answer.json()["id"]
    assert answer.json()["number"] == 1 and answer.json()["department"] == org.finance.code
    owners = api_for(org.fin_head).get("/api/v1/action-items/", {"owner": org.fin_head.pk})
    assert item_id in [row["id"] for row in owners.json()["results"]]
    assert ActionItem.objects.get(pk=item_id).card == card
    listed = api.get(url(meeting, "minutes/action-items/")).json()
    assert [row["id"] for row in listed] == [item_id]
    assert (
        api.patch(
            url(meeting, f"minutes/action-items/{item_id}/"), {"priority": "low"}, format="json"
        ).json()["priority"]
        == "low"
    )
    assert api.delete(url(meeting, f"minutes/action-items/{item_id}/")).status_code == 204
    assert ActionItem.objects.get(pk=item_id).status == ActionItem.Status.CANCELLED


def test_an_item_with_no_owner_is_a_field_error_and_nothing_is_saved(org):
    meeting = builders.recorded_meeting(org)
    answer = api_for(org.tracker).post(
        url(meeting, "minutes/action-items/"), item_payload(org, owner=None), format="json"
    )
    assert_field_error(answer, "owner")
    assert not ActionItem.objects.exists() and not MinutesActionItem.objects.exists()


def test_only_the_decision_maker_decides(org):
    meeting = builders.recorded_meeting(org)
    disagreement = meeting.minutes.disagreements.get()
    route = url(meeting, f"disagreements/{disagreement.pk}/decide/")
    assert api_for(org.tracker).post(route, {"decision": "x"}).status_code == 403
    assert api_for(org.outsider).post(route, {"decision": "x"}).status_code == 404
    answer = api_for(org.mkt_head).post(route, {"decision": "Marketing pays."})
    assert answer.status_code == 200, answer.content
    assert answer.json()["decision"] == "Marketing pays."
    assert (
        Notification.objects.filter(
            recipient=org.mkt_head, reason="meeting_decision_requested"
        ).count()
        == 1
    )
    assert api_for(org.mkt_head).post(route, {"decision": "again"}).status_code == 409


def test_an_invitee_sends_an_opinion(org):
    meeting = builders.notice_sent(builders.held_meeting(org))
    api = api_for(org.tec_contact)
    assert_field_error(api.post(url(meeting, "opinion/"), {}, format="json"), "written_opinion")
    answer = api.post(url(meeting, "opinion/"), {"written_opinion": "Later, please."})
    assert answer.status_code == 200, answer.content
    assert answer.json()["written_opinion"] == "Later, please."


@pytest.mark.parametrize(
    ("method", "action"),
    [
        ("get", "attendance/"),
        ("post", "attendance/"),
        ("get", "minutes/"),
        ("patch", "minutes/"),
        ("get", "minutes/action-items/"),
        ("post", "minutes/action-items/"),
        ("delete", "minutes/action-items/{item}/"),
        ("post", "disagreements/{disagreement}/decide/"),
        ("post", "opinion/"),
    ],
)
def test_outsiders_get_404_everywhere(org, method, action):
    meeting = builders.recorded_meeting(org)
    link = builders.add_item(org, meeting)
    disagreement = meeting.minutes.disagreements.get()
    route = url(meeting, action.format(item=link.action_item_id, disagreement=disagreement.pk))
    assert getattr(api_for(org.outsider), method)(route, {}, format="json").status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_the_minutes_read_in_constant_queries(org, count, django_assert_max_num_queries):
    meeting = builders.recorded_meeting(org)
    for number in range(count):
        builders.add_item(org, meeting, title=f"Item {number}")
    api = api_for(org.tracker)
    with django_assert_max_num_queries(11):
        assert len(api.get(url(meeting, "minutes/")).json()["action_items"]) == count
    with django_assert_max_num_queries(10):
        assert len(api.get(url(meeting, "minutes/action-items/")).json()) == count
    with django_assert_max_num_queries(5):
        assert len(api.get(url(meeting, "attendance/")).json()) == 5

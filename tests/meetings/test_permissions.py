"""Who sees a meeting, the same on the list page, the meeting page and the API: the role
matrix of `meetings_visible_to`."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from meetings import services
from meetings.services.meetings import Invitee
from tests.meetings import builders
from tests.meetings.list_builders import disagreement
from tests.tasks import builders as task_builders

pytestmark = pytest.mark.django_db

# role -> (who, sees the meeting Marketing's lead calls with Finance and Technology)
MATRIX = {
    "host": ("lead", True),
    "recorder": ("tracker", True),
    "invited in person": ("mkt_head", True),
    "head of an invited department": ("fin_head", True),
    "contact of an invited department": ("tec_contact", True),
    "member of an invited department": ("tec_member", True),
    "executive overseeing an invited department": ("executive", True),
    "administrator": ("admin", True),
    "another department": ("outsider", False),
    "no department": ("drifter", False),
}


def sees(client, user, meeting) -> dict[str, bool]:
    client.force_login(user)
    listed = client.get("/meetings/?scope=all").context["page"].object_list
    page = client.get(reverse("meetings:meeting-detail", args=[meeting.code]))
    api = APIClient()
    api.force_authenticate(user)
    api_listed = [row["code"] for row in api.get("/api/v1/meetings/").json()["results"]]
    api_one = api.get(f"/api/v1/meetings/{meeting.code}/")
    return {
        "list": meeting.code in [m.code for m in listed],
        "page": page.status_code == 200,
        "api list": meeting.code in api_listed,
        "api": api_one.status_code == 200,
        "404s": page.status_code == 404 and api_one.status_code == 404,
    }


@pytest.mark.parametrize("role", list(MATRIX))
def test_who_sees_a_meeting_on_the_page_and_in_the_api(org, client, role):
    name, visible = MATRIX[role]
    meeting = builders.meeting(org, invitees=[Invitee(org.mkt_head, True)])
    result = sees(client, getattr(org, name), meeting)
    expected = {"list": visible, "page": visible, "api list": visible, "api": visible}
    assert {key: result[key] for key in expected} == expected, role
    assert result["404s"] is not visible


def test_a_deputy_sees_the_meeting_they_attend_for_someone(org, client):
    meeting = builders.notice_sent(builders.meeting(org, departments=[org.finance]))
    assert not sees(client, org.drifter, meeting)["page"]
    services.invitation_answer(
        invitation=meeting.invitations.get(person=org.fin_head),
        by=org.fin_head,
        response="deputy",
        deputy=org.drifter,
    )
    assert all(value for key, value in sees(client, org.drifter, meeting).items() if key != "404s")


def test_whoever_sees_the_card_sees_its_meetings(org, client):
    card = task_builders.draft_card(org)
    meeting = builders.meeting(org, card=card, departments=[org.finance])
    # Technology is not invited, but the Marketing card is visible to Marketing's people.
    assert sees(client, org.mkt_head, meeting)["page"]
    assert not sees(client, org.outsider, meeting)["page"]


def test_a_decision_maker_sees_the_meeting_of_the_disagreement(org, client):
    meeting = builders.held_meeting(org, departments=[org.finance])
    assert not sees(client, org.outsider, meeting)["api"]
    disagreement(meeting, org.outsider)
    assert sees(client, org.outsider, meeting)["api"]


def test_an_action_item_owner_sees_the_meeting_whose_minutes_gave_it(org, client):
    meeting = builders.held_meeting(org, departments=[org.finance])
    assert not sees(client, org.drifter, meeting)["page"]
    services.minutes_item_add(
        meeting=meeting,
        by=org.tracker,
        values={**builders.item_values(org), "owner": org.drifter, "department": org.finance},
    )
    result = sees(client, org.drifter, meeting)
    assert result["page"] and result["api"]

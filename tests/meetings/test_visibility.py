import pytest

from meetings.permissions import meetings_visible_to
from tests.meetings import builders

pytestmark = pytest.mark.django_db


def test_invitees_departments_host_and_recorder_see_the_meeting_outsiders_do_not(org):
    meeting = builders.meeting(org)
    for person in (
        org.lead,
        org.tracker,
        org.fin_head,
        org.tec_contact,
        org.acceptor,
        org.tec_member,
        org.mkt_head,
        org.admin,
    ):
        assert meetings_visible_to(person).filter(pk=meeting.pk).exists(), person
    for person in (org.outsider, org.drifter):
        assert not meetings_visible_to(person).filter(pk=meeting.pk).exists(), person


def test_outsiders_get_404_on_the_meeting_page(org, client):
    meeting = builders.meeting(org)
    client.force_login(org.outsider)
    assert client.get(f"/meetings/{meeting.code}/").status_code == 404
    client.force_login(org.fin_contact)
    assert client.get(f"/meetings/{meeting.code}/").status_code == 200

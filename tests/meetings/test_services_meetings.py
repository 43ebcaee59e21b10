import datetime as dt

import pytest

from collab.errors import RuleViolation
from meetings import services
from meetings.models import Invitation, Meeting
from meetings.services.meetings import Invitee
from tests.meetings import builders

pytestmark = pytest.mark.django_db


def test_a_department_invitation_brings_its_head_and_contact_once(org):
    meeting = builders.meeting(org, invitees=[Invitee(org.fin_head, False)])
    rows = {i.person: i for i in meeting.invitations.select_related("person")}
    assert set(rows) == {org.fin_head, org.fin_contact, org.tec_head, org.tec_contact}
    # Named as optional but also brought by a required department: required wins.
    assert rows[org.fin_head].is_required
    assert rows[org.fin_head].department == org.finance
    assert meeting.code.startswith("MT-") and meeting.status == Meeting.Status.DRAFT


def test_minutes_are_due_24_hours_after_the_end_or_2_for_an_urgent_call(org):
    ordinary = builders.meeting(org)
    assert ordinary.minutes_due_at == ordinary.ends_at + dt.timedelta(hours=24)
    call = builders.meeting(org, channel="phone", place="", is_urgent=True)
    assert call.minutes_due_at == call.ends_at + dt.timedelta(hours=2)
    online_urgent = builders.meeting(
        org, channel="online", link="https://meet.example.com/x", is_urgent=True
    )
    assert online_urgent.minutes_due_at == online_urgent.ends_at + dt.timedelta(hours=24)


def test_end_before_start_is_refused_and_nothing_is_saved(org):
    start = builders.meeting_input(org).values["starts_at"]
    with pytest.raises(RuleViolation) as refused:
        builders.meeting(org, starts_at=start, ends_at=start - dt.timedelta(minutes=5))
    assert "ends_at" in refused.value.errors
    assert not Meeting.objects.exists() and not Invitation.objects.exists()


def test_an_agenda_longer_than_the_meeting_is_a_warning(org):
    data = builders.meeting_input(org)
    data.agenda.append(services.meetings.AgendaEntry("Everything else", 30))
    meeting, warnings = services.meeting_create(by=org.lead, data=data)
    assert meeting.agenda_items.count() == 3
    assert warnings and "80" in warnings[0] and "60" in warnings[0]

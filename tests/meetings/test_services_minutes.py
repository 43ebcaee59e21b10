import pytest

from collab.errors import Forbidden, InvalidState, RuleViolation
from meetings import services
from meetings.models import Invitation, Minutes
from tests.meetings import builders

pytestmark = pytest.mark.django_db


def test_attendance_and_minutes_are_recorded_in_order(org):
    meeting = builders.recorded_meeting(org)
    absent = meeting.invitations.get(person=org.tec_contact)
    assert absent.attendance == Invitation.Attendance.ABSENT and absent.absence_reason == "On leave"
    minutes = Minutes.objects.get(meeting=meeting)
    assert [(c.number, c.text) for c in minutes.conclusions.order_by("number")] == [
        (1, "Budget approved: 200,000."),
        (2, "Launch on 1 Dec."),
    ]
    assert minutes.disagreements.get().decision_maker == org.mkt_head
    assert minutes.viewpoints.count() == 2


def test_an_absence_without_reason_is_refused_and_nothing_is_recorded(org):
    meeting = builders.held_meeting(org)
    rows = [services.AttendanceRow(i, attended=False) for i in meeting.invitations.all()]
    with pytest.raises(RuleViolation) as refused:
        services.attendance_record(meeting=meeting, by=org.tracker, rows=rows)
    assert "attendance" in refused.value.errors
    assert not meeting.invitations.exclude(attendance=Invitation.Attendance.UNKNOWN).exists()


def test_only_the_recorder_or_host_records_and_only_once_the_meeting_started(org):
    held = builders.held_meeting(org)
    with pytest.raises(Forbidden):
        services.minutes_save(meeting=held, by=org.fin_head, data=builders.minutes_input(org))
    upcoming = builders.meeting(org)
    with pytest.raises(InvalidState):
        services.minutes_save(meeting=upcoming, by=org.tracker, data=builders.minutes_input(org))
    services.minutes_save(meeting=held, by=org.lead, data=builders.minutes_input(org))


def test_saving_again_renumbers_conclusions_and_keeps_a_decided_disagreement(org):
    meeting = builders.recorded_meeting(org)
    minutes = meeting.minutes
    disagreement = minutes.disagreements.get()
    data = builders.minutes_input(
        org,
        conclusions=["", "Only this one."],
        disagreements=[
            services.DisagreementRow("Who pays for ads, really?", org.mkt_head, disagreement.pk)
        ],
    )
    services.minutes_save(meeting=meeting, by=org.tracker, data=data)
    assert list(minutes.conclusions.values_list("number", "text")) == [(1, "Only this one.")]
    assert minutes.disagreements.get().pk == disagreement.pk


def test_a_disagreement_without_a_decision_maker_is_refused(org):
    meeting = builders.held_meeting(org)
    data = builders.minutes_input(org, disagreements=[services.DisagreementRow("Ads?", None)])
    with pytest.raises(RuleViolation) as refused:
        services.minutes_save(meeting=meeting, by=org.tracker, data=data)
    assert "disagreements" in refused.value.errors
    assert not Minutes.objects.filter(meeting=meeting, conclusions__isnull=False).exists()

import pytest

from collab.errors import Forbidden, InvalidState, RuleViolation
from meetings import selectors, services
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


def test_the_decision_maker_is_asked_once_and_decides(org):
    from collab.models import Notification

    meeting = builders.recorded_meeting(org)
    disagreement = meeting.minutes.disagreements.get()
    kept = [services.DisagreementRow(disagreement.subject, org.mkt_head, disagreement.pk)]
    data = builders.minutes_input(org, disagreements=kept)
    services.minutes_save(meeting=meeting, by=org.tracker, data=data)  # saved again: not re-asked
    asked = Notification.objects.filter(recipient=org.mkt_head, reason="meeting_decision_requested")
    assert asked.count() == 1 and asked.get().is_request and asked.get().settled_at is None
    with pytest.raises(Forbidden):
        services.disagreement_decide(disagreement=disagreement, by=org.tracker, decision="No")
    with pytest.raises(RuleViolation) as refused:
        services.disagreement_decide(disagreement=disagreement, by=org.mkt_head, decision=" ")
    assert "decision" in refused.value.errors
    services.disagreement_decide(
        disagreement=disagreement, by=org.mkt_head, decision="Marketing pays."
    )
    disagreement.refresh_from_db()
    assert disagreement.decision == "Marketing pays." and disagreement.decided_at
    assert asked.get().settled_at is not None
    with pytest.raises(InvalidState):
        services.disagreement_decide(disagreement=disagreement, by=org.mkt_head, decision="Again")


def test_an_absentee_sends_a_written_opinion_with_a_file(org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = builders.notice_sent(builders.held_meeting(org))
    upload = SimpleUploadedFile("opinion.txt", b"We prefer December.", "text/plain")
    services.opinion_send(meeting=meeting, by=org.tec_contact, text="Launch later.", upload=upload)
    invitation = meeting.invitations.get(person=org.tec_contact)
    assert invitation.written_opinion == "Launch later."
    assert meeting.attachments.get().purpose == "opinion"
    with pytest.raises(RuleViolation) as refused:
        services.opinion_send(meeting=meeting, by=org.tec_contact, text="")
    assert "written_opinion" in refused.value.errors
    with pytest.raises(Forbidden):
        services.opinion_send(meeting=meeting, by=org.outsider, text="Me too")


def test_a_forbidden_file_type_is_refused_on_the_minutes(org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = builders.recorded_meeting(org)
    upload = SimpleUploadedFile("run.exe", b"MZ\x90\x00", "application/octet-stream")
    with pytest.raises(RuleViolation) as refused:
        services.minutes_attachment_add(meeting=meeting, by=org.tracker, upload=upload)
    assert "file" in refused.value.errors and not meeting.attachments.exists()


def test_minutes_state_is_due_then_overdue(org):
    import datetime as dt

    meeting = builders.held_meeting(org)
    assert selectors.minutes_state_of(meeting) == "due"
    later = meeting.minutes_due_at + dt.timedelta(minutes=1)
    assert selectors.minutes_state_of(meeting, later) == "overdue"

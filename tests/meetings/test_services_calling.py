"""Calling a meeting: the notice, short notice, updates, cancelling, answers, deputies."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from collab.errors import Forbidden, InvalidState, RuleViolation
from meetings import selectors, services
from meetings.models import Invitation, Meeting, MeetingAttachment
from tests.meetings import builders
from tests.tasks import builders as task_builders

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return dt.datetime(*args, tzinfo=SHANGHAI)


def invited(meeting):
    return {i.person for i in meeting.invitations.select_related("person")}


def test_the_notice_goes_to_exactly_the_invitees_with_the_invitation_attached(
    org, django_capture_on_commit_callbacks
):
    meeting = builders.meeting(org)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.notice_send(meeting=meeting, by=org.lead)
    assert meeting.status == Meeting.Status.NOTIFIED and meeting.notice_sent_at
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in invited(meeting))
    message = mail.outbox[0]
    assert "新品上市协调会" in message.subject
    assert "Budget" in message.body and "3F 会议室" in message.body
    [(name, _content, mimetype)] = message.attachments
    assert name == "invite.ics" and mimetype.startswith("text/calendar")


def mail_to(person):
    """The one email in the outbox addressed to `person`."""
    (message,) = [message for message in mail.outbox if message.to == [person.email]]
    return message


def test_sending_again_is_an_update_once_per_invitee(org, django_capture_on_commit_callbacks):
    meeting = builders.meeting(org)
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_send(meeting=meeting, by=org.lead)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.notice_send(meeting=meeting, by=org.lead)
    assert meeting.sequence == 1 and meeting.status == Meeting.Status.NOTIFIED
    assert len(mail.outbox) == 2 * sent
    to_sophia = [message for message in mail.outbox if message.to == [org.fin_head.email]]
    assert "updated" in to_sophia[-1].subject and "updated" not in to_sophia[0].subject


@pytest.mark.parametrize(
    ("sent", "starts", "short"),
    [
        # Tuesday before National Day: Sep 30, Oct 8, Oct 9 are 3 working days.
        (at(2026, 9, 29, 9), at(2026, 10, 9, 10), False),
        # Nine calendar days ahead but the holiday leaves two working days: short.
        (at(2026, 9, 30, 9), at(2026, 10, 9, 10), True),
        # The make-up Saturday (Oct 10) counts: Oct 9, 10 and 12.
        (at(2026, 10, 8, 9), at(2026, 10, 12, 10), False),
        (at(2026, 10, 9, 9), at(2026, 10, 12, 10), True),
    ],
)
def test_short_notice_counts_working_days_of_the_real_calendar(
    org, sent, starts, short, django_capture_on_commit_callbacks
):
    with time_machine.travel(sent, tick=False):
        meeting = builders.meeting(org, starts_at=starts, ends_at=starts + dt.timedelta(hours=1))
        with django_capture_on_commit_callbacks(execute=True):
            meeting = services.notice_send(meeting=meeting, by=org.lead)
    assert meeting.is_short_notice is short
    # Sophia Hughes reads English; the subject is marked only when the notice is short.
    assert ("Short notice" in mail_to(org.fin_head).subject) is short


def test_only_organisers_send_the_notice(org):
    meeting = builders.meeting(org)
    with pytest.raises(Forbidden):
        services.notice_send(meeting=meeting, by=org.fin_head)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT


def test_cancelling_needs_a_reason_and_tells_everyone_who_got_the_notice(
    org, django_capture_on_commit_callbacks
):
    meeting = builders.meeting(org)
    services.notice_send(meeting=meeting, by=org.lead)
    with pytest.raises(RuleViolation) as refused:
        services.meeting_cancel(meeting=meeting, by=org.lead, reason="  ")
    assert "reason" in refused.value.errors
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_cancel(meeting=meeting, by=org.lead, reason="Budget frozen")
    assert meeting.status == Meeting.Status.CANCELLED and meeting.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in invited(meeting))
    assert "cancelled" in mail_to(org.fin_head).subject
    with pytest.raises(InvalidState):
        services.notice_send(meeting=meeting, by=org.lead)


def test_a_draft_never_noticed_can_be_deleted_a_noticed_one_only_cancelled(org):
    draft = builders.meeting(org)
    services.meeting_delete(meeting=draft, by=org.lead)
    assert not Meeting.objects.filter(pk=draft.pk).exists()
    noticed = builders.meeting(org)
    services.notice_send(meeting=noticed, by=org.lead)
    with pytest.raises(InvalidState):
        services.meeting_delete(meeting=noticed, by=org.lead)


def test_an_update_keeps_answers_of_those_still_invited_and_uninvites_the_rest(
    org, django_capture_on_commit_callbacks
):
    meeting = builders.meeting(org)
    services.notice_send(meeting=meeting, by=org.lead)
    answer(meeting, org.fin_head, "attend")
    data = services.meeting_input_of(meeting)
    data.invitees = [i for i in data.invitees if i.person != org.tec_contact]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting, _warnings = services.meeting_update(meeting=meeting, by=org.lead, data=data)
    assert org.tec_contact not in invited(meeting)
    assert meeting.invitations.get(person=org.fin_head).response == "attend"
    assert meeting.status == Meeting.Status.NOTIFIED and meeting.sequence == 0
    [removed] = mail.outbox
    assert removed.to == [org.tec_contact.email] and "no longer invited" in removed.subject


def answer(meeting, person, response, **kwargs):
    invitation = meeting.invitations.get(person=person)
    return services.invitation_answer(invitation=invitation, by=person, response=response, **kwargs)


def test_invitees_answer_after_the_notice_and_a_decline_needs_a_reason(org):
    meeting = builders.meeting(org)
    with pytest.raises(InvalidState):
        answer(meeting, org.fin_head, "attend")
    services.notice_send(meeting=meeting, by=org.lead)
    assert answer(meeting, org.fin_head, "attend").response == "attend"
    with pytest.raises(RuleViolation) as refused:
        answer(meeting, org.tec_head, "decline")
    assert "reason" in refused.value.errors
    declined = answer(meeting, org.tec_head, "decline", reason="On leave")
    assert declined.response == "decline" and declined.response_reason == "On leave"
    with pytest.raises(Forbidden):
        services.invitation_answer(
            invitation=meeting.invitations.get(person=org.fin_contact),
            by=org.fin_head,
            response="attend",
        )


def test_a_deputy_is_invited_and_gets_the_invitation(org, django_capture_on_commit_callbacks):
    meeting = builders.meeting(org)
    services.notice_send(meeting=meeting, by=org.lead)
    with pytest.raises(RuleViolation) as refused:
        answer(meeting, org.tec_head, "deputy")
    assert "deputy" in refused.value.errors
    with pytest.raises(RuleViolation):
        answer(meeting, org.tec_head, "deputy", deputy=org.fin_head)  # already invited
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer(meeting, org.tec_head, "deputy", deputy=org.tec_member)
    deputy_row = meeting.invitations.get(person=org.tec_member)
    assert deputy_row.department == org.technology and deputy_row.is_required
    assert meeting.invitations.get(person=org.tec_head).deputy == org.tec_member
    [message] = mail.outbox
    assert message.to == [org.tec_member.email] and message.attachments


def test_required_invitees_without_an_answer_are_listed_from_two_working_days_before(org):
    with time_machine.travel(at(2026, 9, 28, 9), tick=False):
        starts = at(2026, 10, 9, 10)
        meeting = builders.meeting(org, starts_at=starts, ends_at=starts + dt.timedelta(hours=1))
        services.notice_send(meeting=meeting, by=org.lead)
        answer(meeting, org.fin_head, "attend")
    loaded = selectors.meeting_get_for_user(code=meeting.code, user=org.lead)
    # Two working days before Friday Oct 9 is Wednesday Sep 30 (the holiday in between).
    assert selectors.answer_deadline(loaded).date() == dt.date(2026, 9, 30)
    assert selectors.unanswered_required(loaded, now=at(2026, 9, 29, 18)) == []
    late = selectors.unanswered_required(loaded, now=at(2026, 9, 30, 8))
    assert {i.person for i in late} == {
        org.mkt_head,
        org.fin_contact,
        org.tec_head,
        org.tec_contact,
    }


def test_a_pre_read_of_a_forbidden_type_or_too_big_is_refused(org, settings):
    meeting = builders.meeting(org)
    page = SimpleUploadedFile("agenda.html", b"<html><script>x</script></html>")
    with pytest.raises(RuleViolation) as refused:
        services.pre_read_add(meeting=meeting, by=org.lead, upload=page)
    assert "file" in refused.value.errors
    settings.CROSSDESK_MAX_UPLOAD_BYTES = 10
    big = SimpleUploadedFile("notes.txt", b"x" * 11)
    with pytest.raises(RuleViolation):
        services.pre_read_add(meeting=meeting, by=org.lead, upload=big)
    assert not MeetingAttachment.objects.exists()
    ok = services.pre_read_add(
        meeting=meeting, by=org.lead, upload=SimpleUploadedFile("notes.txt", b"read me")
    )
    assert ok.purpose == MeetingAttachment.Purpose.PRE_READ and ok.size == 7


def test_calling_with_a_refused_pre_read_saves_no_meeting(org):
    page = SimpleUploadedFile("agenda.html", b"<html></html>")
    with pytest.raises(RuleViolation):
        services.meeting_call(by=org.lead, data=builders.meeting_input(org), pre_reads=[page])
    assert not Meeting.objects.exists() and not Invitation.objects.exists()


def test_a_feed_reset_changes_the_token(org):
    feed = services.calendar_feed_of(person=org.fin_head)
    again = services.calendar_feed_of(person=org.fin_head)
    assert feed.token == again.token and len(feed.token) >= 40
    reset = services.calendar_feed_reset(by=org.fin_head)
    assert reset.token != feed.token


def test_a_weekly_series_makes_one_meeting_per_week_with_its_own_invitations(org):
    card = task_builders.draft_card(org)
    starts = at(2026, 9, 1, 10)
    data = builders.meeting_input(org, starts_at=starts, card=card)
    with time_machine.travel(at(2026, 8, 20, 9), tick=False):
        series, meetings = services.meeting_series_create(
            by=org.lead, data=data, frequency="WEEKLY", until=dt.date(2026, 9, 29)
        )
    assert [m.starts_at for m in meetings] == [starts + dt.timedelta(weeks=n) for n in range(5)]
    assert series.rrule == "FREQ=WEEKLY;UNTIL=20260929T235959Z"
    assert {m.invitations.count() for m in meetings} == {5}
    with pytest.raises(RuleViolation) as refused:
        services.meeting_series_create(
            by=org.lead,
            data=builders.meeting_input(org),
            frequency="WEEKLY",
            until=dt.date(2027, 1, 1),
        )
    assert "card" in refused.value.errors


def test_a_daily_series_skips_the_holiday_and_keeps_the_make_up_day(org):
    card = task_builders.draft_card(org)
    starts = at(2026, 9, 29, 9)
    data = builders.meeting_input(
        org, starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), card=card
    )
    with time_machine.travel(at(2026, 9, 1, 9), tick=False):
        series, meetings = services.meeting_series_create(
            by=org.lead, data=data, frequency="DAILY", until=dt.date(2026, 10, 12)
        )
    days = [m.starts_at.astimezone(SHANGHAI).date() for m in meetings]
    assert days == [
        dt.date(2026, 9, 29),
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 8),
        dt.date(2026, 10, 9),
        dt.date(2026, 10, 10),
        dt.date(2026, 10, 12),
    ]
    assert series.rrule.startswith("FREQ=DAILY") and all(m.series == series for m in meetings)
    assert len({m.uid for m in meetings}) == 6

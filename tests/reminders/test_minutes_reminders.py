"""A meeting held on Tuesday 29 September 2026, 10:00–11:00 in Shanghai, the eve of the
National Day week: its minutes are due 24 hours after it ends, Wednesday 30 September
11:00. The recorder is reminded half-way (23:00 on the 29th, so at 09:00 the next
morning), the host when the deadline passes, and the host's head one working day later
— Thursday 8 October, after the holiday week. A meeting ending on Thursday 8 October
escalates to the head on Saturday 10 October, a make-up working day (调休)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collab.models import EmailDelivery, Notification
from collab.reminders import run_sweep
from meetings import services
from tests.meetings import builders

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(month, day, hour=9, minute=30):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def held_on(org, month, day, **fields):
    """A meeting from 10:00 to 11:00 that day, called and announced the week before."""
    with time_machine.travel(at(month, day) - dt.timedelta(days=7), tick=False):
        created = builders.meeting(
            org, starts_at=at(month, day, 10, 0), ends_at=at(month, day, 11, 0), **fields
        )
        builders.notice_sent(created)
    return created


@pytest.fixture
def meeting(org):
    return held_on(org, 9, 29)


def sweep(moment):
    with time_machine.travel(moment, tick=False):
        return run_sweep(now=moment, kinds=["minutes"])


def reminders_of(user):
    return list(
        Notification.objects.filter(recipient=user, reason__startswith="reminder.")
        .order_by("pk")
        .values_list("reason", flat=True)
    )


def everyone_reminded():
    return set(
        Notification.objects.filter(reason__startswith="reminder.").values_list(
            "recipient__username", "reason"
        )
    )


def test_recorder_host_and_head_each_hear_at_their_moment_and_nobody_else(org, meeting):
    sweep(at(9, 29, 16, 0))  # the window is not half gone
    assert everyone_reminded() == set()
    sweep(at(9, 29, 23, 30))  # half gone, but night: waits for business hours
    assert everyone_reminded() == set()
    sweep(at(9, 30, 9, 0))
    assert everyone_reminded() == {("mkt.tracker", "reminder.minutes.recorder")}
    sweep(at(9, 30, 10, 59))
    assert reminders_of(org.lead) == []
    sweep(at(9, 30, 11, 0))
    assert reminders_of(org.lead) == ["reminder.minutes.escalate_host"]
    for holiday in (at(10, 1, 11, 0), at(10, 7, 11, 0)):
        sweep(holiday)
    assert reminders_of(org.mkt_head) == []
    sweep(at(10, 8, 11, 0))
    assert reminders_of(org.mkt_head) == ["reminder.minutes.escalate_host_head"]
    assert everyone_reminded() == {
        ("mkt.tracker", "reminder.minutes.recorder"),
        ("mkt.lead", "reminder.minutes.escalate_host"),
        ("mkt.head", "reminder.minutes.escalate_host_head"),
    }


def test_the_head_hears_on_the_make_up_saturday(org):
    held_on(org, 10, 8)  # minutes due Friday 9 October 11:00
    sweep(at(10, 9, 11, 0))
    assert reminders_of(org.lead) == ["reminder.minutes.escalate_host"]
    sweep(at(10, 10, 10, 59))
    assert reminders_of(org.mkt_head) == []
    sweep(at(10, 10, 11, 0))
    assert reminders_of(org.mkt_head) == ["reminder.minutes.escalate_host_head"]


def test_an_urgent_phone_call_gives_the_recorder_an_hour(org):
    held_on(org, 9, 29, channel="phone", place="", is_urgent=True)  # due at 13:00
    sweep(at(9, 29, 11, 59))
    assert reminders_of(org.tracker) == []
    sweep(at(9, 29, 12, 0))
    assert reminders_of(org.tracker) == ["reminder.minutes.recorder"]
    sweep(at(9, 29, 13, 0))
    assert reminders_of(org.lead) == ["reminder.minutes.escalate_host"]


def test_published_minutes_remind_nobody(org, meeting):
    with time_machine.travel(at(9, 29, 15, 0), tick=False):
        builders.published(org, meeting)
    for moment in (at(9, 30, 9, 0), at(9, 30, 12, 0), at(10, 8, 12, 0)):
        assert sweep(moment).sent == 0
    assert everyone_reminded() == set()


def test_a_cancelled_meeting_reminds_nobody(org):
    with time_machine.travel(at(9, 22), tick=False):
        created = builders.meeting(org, starts_at=at(9, 29, 10, 0), ends_at=at(9, 29, 11, 0))
        builders.notice_sent(created)
        services.meeting_cancel(meeting=created, by=org.lead, reason="Budget frozen.")
    assert sweep(at(9, 30, 12, 0)).sent == 0


def test_the_same_sweep_twice_sends_nothing_new(org, meeting):
    assert sweep(at(9, 30, 11, 0)).sent == 2  # recorder's reminder and the host's notice
    assert sweep(at(9, 30, 11, 5)).sent == 0


def test_the_sweep_runs_as_many_queries_for_twenty_meetings_as_for_two(org):
    moment = at(11, 4, 11, 0)  # minutes of Tuesday 3 November's meetings are due

    def counted():
        Notification.objects.all().delete()
        with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
            report = run_sweep(now=moment, kinds=["minutes"])
        return report.sent, len(queries)

    for _n in range(2):
        held_on(org, 11, 3)
    sent_two, two = counted()
    for _n in range(18):
        held_on(org, 11, 3)
    sent_twenty, twenty = counted()
    assert (sent_two, sent_twenty) == (4, 40)  # recorder and host of each
    assert twenty == two


def test_the_email_links_to_the_minutes_tab_in_english_and_chinese(org, meeting):
    sweep(at(10, 8, 11, 0))
    reminders = EmailDelivery.objects.filter(notification__reason__startswith="reminder.")
    english = reminders.get(notification__recipient=org.lead)
    chinese = reminders.get(notification__recipient=org.mkt_head)
    tab = f"/meetings/{meeting.code}/?tab=minutes"
    assert english.subject == f"Minutes late: meeting {meeting.code} “{meeting.topic}”"
    assert "Ask 刘洋, the recorder, to publish them." in english.body_text
    assert tab in english.body_text and tab in english.body_html
    # Chinese wording arrives with the catalogue; the date already reads the Chinese way.
    assert meeting.code in chinese.subject
    assert "2026年9月30日 11:00" in chinese.body_text
    assert tab in chinese.body_text and tab in chinese.body_html


def test_the_recorder_hears_it_is_late_when_the_first_sweep_comes_after_the_deadline(org, meeting):
    sweep(at(9, 30, 12, 0))
    email = EmailDelivery.objects.get(notification__reason="reminder.minutes.recorder")
    assert email.subject.startswith("Minutes late:")
    assert "were due by 30 Sep 2026 11:00" in email.body_text

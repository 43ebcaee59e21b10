"""The tracker's weekly summary of an active card, on real November 2026 dates: the week of
Monday 9 to Sunday 15 November is summarised from Monday 16 November 09:00 (Shanghai), once,
to the contacts of the card's participating departments."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import PeriodicTask

from collab.models import EmailDelivery, Notification
from tasks import jobs
from tasks.services.summaries import SUMMARY_REASON, card_weekly_summaries_send
from tests.tasks import builders

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(month, day, hour=10, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def send(moment):
    with time_machine.travel(moment, tick=False):
        return card_weekly_summaries_send(now=moment)


@pytest.fixture
def card(org):
    """Active from Monday 2 November, milestone "Pricing agreed" due Friday 20 November; in
    the week of 9 November: a progress update, an item done and a high risk raised; an item
    due Friday 6 November still open."""
    with time_machine.travel(at(11, 2), tick=False):
        card = builders.active_card(org, planned_start=dt.date(2026, 11, 2))
        late = builders.add_item(org, card, title="Licence list", due_date=dt.date(2026, 11, 6))
        done = builders.add_item(org, card, title="Order page", due_date=dt.date(2026, 11, 20))
    with time_machine.travel(at(11, 4), tick=False):
        builders.post_progress(org, card, date=dt.date(2026, 11, 4), percent=10, done="Kick-off.")
    with time_machine.travel(at(11, 11), tick=False):
        builders.post_progress(org, card, date=dt.date(2026, 11, 11), done="Draft budget written.")
        builders.finish(done, org.tec_member)
        builders.raise_risk(org, card, impact="high", likelihood="high")
    card.late_item = late
    return card


def summaries():
    return Notification.objects.filter(reason=SUMMARY_REASON)


def test_the_summary_tells_the_weeks_progress_items_risks_and_next_milestone(org, card):
    assert send(at(11, 16, 9, 30)) == 2
    email = EmailDelivery.objects.get(
        notification__recipient=org.tec_contact, notification__reason=SUMMARY_REASON
    )
    text = " ".join(email.body_text.split())
    assert f"Weekly summary: card {card.code} “新品上市协同”" == email.subject
    for line in [
        "the week of 9 Nov 2026 to 15 Nov 2026",
        "11 Nov 2026, Finance: 40% — Draft budget written.",
        "Action items done in the week: 1 - Order page (Tom Tech)",
        "Action items overdue: 1 - Licence list (Tom Tech), due 6 Nov 2026, 10 days overdue",
        "Open risks: 1 - high: 1",
        "Next milestone: Pricing agreed, due 20 Nov 2026",
        f"/cards/{card.code}/",
    ]:
        assert line in text, (line, text)
    # The update of the week before is not news.
    assert "Kick-off" not in text


def test_a_chinese_contact_reads_it_in_chinese(org, card):
    org.tec_contact.language = "zh-hans"
    org.tec_contact.save()
    send(at(11, 16, 9, 30))
    email = EmailDelivery.objects.get(
        notification__recipient=org.tec_contact, notification__reason=SUMMARY_REASON
    )
    text = " ".join(email.body_text.split())
    # Dates, departments and risk levels already have their Chinese; the sentences follow
    # when the catalogue is merged.
    for words in ["Liam Foster，您好", "2026年11月11日, 财务部: 40%", "高：1", "2026年11月20日"]:
        assert words in text, (words, text)


def test_a_quiet_week_still_sends_the_summary_saying_so(org, card):
    send(at(11, 16, 9, 30))
    assert send(at(11, 23, 9, 30)) == 2
    text = " ".join(summaries().filter(key__endswith="W48").first().body.split())
    assert "No progress update in the week." in text
    assert "Action items done in the week: 0" in text
    assert "Action items overdue: 1" in text


def test_it_goes_to_the_departments_contacts_and_nobody_else(org, card):
    send(at(11, 16, 9, 30))
    assert {n.recipient for n in summaries()} == {org.fin_contact, org.tec_contact}
    assert {n.key for n in summaries()} == {f"card:{card.pk}:2026-W47"}
    assert EmailDelivery.objects.filter(notification__reason=SUMMARY_REASON).count() == 2


def test_not_before_monday_nine_and_once_however_often_it_runs(org, card):
    assert send(at(11, 16, 8, 59)) == 0
    assert send(at(11, 16, 9, 0)) == 2
    assert send(at(11, 16, 10, 0)) == 0
    assert send(at(11, 18, 15, 0)) == 0
    assert summaries().count() == 2


def test_a_run_missed_on_monday_sends_on_tuesday(org, card):
    assert send(at(11, 17, 3, 0)) == 2
    assert send(at(11, 17, 4, 0)) == 0


def test_only_active_cards_are_summarised(org, card):
    with time_machine.travel(at(11, 12), tick=False):
        builders.submitted_card(org)
    send(at(11, 16, 9, 30))
    assert {n.key for n in summaries()} == {f"card:{card.pk}:2026-W47"}


def busy_cards(org, n):
    with time_machine.travel(at(11, 2), tick=False):
        for _ in range(n):
            card = builders.active_card(org, planned_start=dt.date(2026, 11, 2))
            builders.add_item(org, card, due_date=dt.date(2026, 11, 6))
            done = builders.add_item(org, card, due_date=dt.date(2026, 11, 30))
            builders.raise_risk(org, card)
            builders.post_progress(org, card, date=dt.date(2026, 11, 2))
            builders.finish(done, org.tec_member)


def queries_of_a_run(moment):
    with CaptureQueriesContext(connection) as queries:
        sent = send(moment)
    return sent, len(queries)


def test_the_queries_are_the_same_for_2_and_10_cards(org):
    busy_cards(org, 2)
    sent, few = queries_of_a_run(at(11, 9, 11))
    busy_cards(org, 8)
    sent_more, many = queries_of_a_run(at(11, 16, 11))
    assert (sent, sent_more) == (4, 20)
    assert many == few


def test_beat_runs_the_summary_job_hourly_and_the_job_sends(org, card):
    entry = PeriodicTask.objects.get(task="tasks.send_card_weekly_summaries")
    assert (entry.interval.every, entry.interval.period) == (3600, "seconds")
    assert PeriodicTask.objects.filter(task="tasks.send_monthly_risk_reports").exists()
    with time_machine.travel(at(11, 16, 9, 30), tick=False):
        assert jobs.send_card_weekly_summaries() == 2
        assert jobs.send_card_weekly_summaries() == 0

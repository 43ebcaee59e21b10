"""An action item due on Wednesday 30 September 2026, the eve of National Day: the owner is
reminded the day before and on the day, then every working day it is overdue — the first
being Thursday 8 October after the holiday week, and Saturday 10 October, a make-up
working day (调休), among them; the owner's head hears of it after one working day overdue,
the lead and the executive after three."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from collab.models import Notification, ReminderRule
from collab.reminders import preview, run_sweep
from tests.tasks import builders

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(month, day, hour=9, minute=30):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def item(org):
    org.marketing.executive = org.executive
    org.technology.executive = org.executive
    org.technology.save()
    with time_machine.travel(at(9, 21), tick=False):
        card = builders.active_card(org)
        return builders.add_item(org, card, due_date=dt.date(2026, 9, 30))


def sweep(moment):
    with time_machine.travel(moment, tick=False):
        return run_sweep(now=moment, kinds=["action_item"])


def reminders_of(user):
    return list(
        Notification.objects.filter(recipient=user, reason__startswith="reminder.")
        .order_by("pk")
        .values_list("reason", flat=True)
    )


def test_the_owner_is_reminded_the_day_before_on_the_day_and_each_overdue_working_day(org, item):
    steps = [
        (at(9, 28), []),
        (at(9, 29), ["reminder.action_item.before"]),
        (at(9, 30), ["reminder.action_item.due_day"]),
        (at(10, 2), []),  # National Day
        (at(10, 8), ["reminder.action_item.overdue"]),
        (at(10, 9), ["reminder.action_item.overdue"]),
        (at(10, 10), ["reminder.action_item.overdue"]),  # make-up Saturday
        (at(10, 11), []),  # an ordinary Sunday
    ]
    for moment, expected in steps:
        before = len(reminders_of(org.tec_member))
        sweep(moment)
        assert reminders_of(org.tec_member)[before:] == expected, moment


def test_escalations_to_the_head_then_lead_and_executive(org, item):
    sweep(at(10, 8))
    assert reminders_of(org.tec_head) == []
    sweep(at(10, 9))
    assert reminders_of(org.tec_head) == ["reminder.action_item.escalate_head"]
    sweep(at(10, 10))
    assert reminders_of(org.lead) == []
    sweep(at(10, 12))
    assert reminders_of(org.lead) == ["reminder.action_item.escalate_lead_executive"]
    assert reminders_of(org.executive) == ["reminder.action_item.escalate_lead_executive"]


def test_the_same_sweep_twice_sends_nothing_new(org, item):
    first = sweep(at(10, 8))
    again = sweep(at(10, 8, 9, 35))
    assert first.sent == 1
    assert again.sent == 0
    assert Notification.objects.filter(reason__startswith="reminder.").count() == 1


def test_an_overdue_notice_computed_at_night_waits_for_business_hours(org, item):
    assert sweep(at(10, 8, 3, 0)).sent == 0
    assert sweep(at(10, 8, 9, 0)).sent == 1


def test_the_recipients_time_zone_decides_business_hours(org, item):
    org.tec_member.time_zone = "Europe/London"
    org.tec_member.save()
    # 09:30 in Shanghai is 02:30 in London.
    assert sweep(at(10, 8, 9, 30)).sent == 0
    assert sweep(at(10, 8, 16, 0)).sent == 1  # 09:00 in London


def test_low_priority_reminders_can_be_refused_escalations_cannot(org, item):
    org.tec_member.low_priority_reminders = False
    org.tec_member.save()
    sweep(at(9, 29))
    assert reminders_of(org.tec_member) == []
    sweep(at(9, 30))
    assert reminders_of(org.tec_member) == ["reminder.action_item.due_day"]


def test_a_done_item_is_not_chased(org, item):
    builders.finish(item, org.tec_member)
    assert sweep(at(10, 8)).sent == 0


def test_a_disabled_rule_sends_nothing_and_a_changed_offset_applies(org, item):
    ReminderRule.objects.filter(kind="action_item", step="overdue").update(is_enabled=False)
    assert sweep(at(10, 8)).sent == 0
    ReminderRule.objects.filter(kind="action_item", step="before").update(offset=3)
    assert reminders_of(org.tec_member) == []
    # Three working days before: Thursday 24 September, as Friday 25 is Mid-Autumn Festival.
    assert sweep(at(9, 25)).sent == 0
    sweep(at(9, 24))
    assert reminders_of(org.tec_member) == ["reminder.action_item.before"]


def test_preview_lists_what_would_go_and_sends_nothing(org, item):
    report = preview(now=at(10, 9))
    planned = {(p.reminder.reason, p.reminder.recipient.username, p.status) for p in report.planned}
    assert ("reminder.action_item.overdue", "tec.member", "send") in planned
    assert ("reminder.action_item.escalate_head", "tec.head", "send") in planned
    assert not Notification.objects.filter(reason__startswith="reminder.").exists()


def test_a_sweep_that_rolls_back_leaves_no_delivery(org, item):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        sweep(at(10, 8))
        raise RuntimeError
    assert not Notification.objects.filter(reason__startswith="reminder.").exists()

"""A delay notice filed Thursday 24 September 2026 at 15:00, the eve of Mid-Autumn
Festival: 4 business hours later is Monday 28 September 10:00 (three hours on Thursday,
the holiday Friday and the weekend skipped, one on Monday) for the card's lead and
tracker; one working day later, Monday 15:00, the lead's head hears of it."""

import datetime as dt

import pytest

from tasks import services
from tests.reminders.task_kinds import at, frozen, recipients_of, reminder_count, sweep
from tests.tasks import builders

pytestmark = pytest.mark.django_db

KIND = "delay_notice"


@pytest.fixture
def notice(org):
    with frozen(at(9, 21)):
        card = builders.active_card(org)
        item = builders.add_item(org, card, due_date=dt.date(2026, 9, 30))
    with frozen(at(9, 24, 15)):
        return services.delay_notice_file(
            item=item, by=org.tec_member, reason="Supplier late", new_due_date=dt.date(2026, 10, 15)
        )


def test_lead_and_tracker_are_reminded_after_four_business_hours_across_the_holiday(org, notice):
    assert sweep(KIND, at(9, 24, 18, 30)).sent == 0
    assert sweep(KIND, at(9, 25, 11)).sent == 0  # Mid-Autumn Festival
    assert sweep(KIND, at(9, 28, 9, 55)).sent == 0
    assert sweep(KIND, at(9, 28, 10)).sent == 2
    assert recipients_of("reminder.delay_notice.lead") == ["mkt.lead", "mkt.tracker"]


def test_the_leads_head_hears_of_it_after_one_working_day_and_nobody_else(org, notice):
    sweep(KIND, at(9, 28, 14, 55))
    assert recipients_of("reminder.delay_notice.escalate_head") == []
    assert sweep(KIND, at(9, 28, 15)).sent == 1
    assert recipients_of("reminder.delay_notice.escalate_head") == ["mkt.head"]
    assert reminder_count() == 3  # lead, tracker, head
    assert sweep(KIND, at(9, 29, 15)).sent == 0


def test_the_head_who_is_also_the_lead_is_not_escalated_to(org, notice):
    org.marketing.head = org.lead
    org.marketing.save()
    sweep(KIND, at(9, 28, 15))
    assert recipients_of("reminder.delay_notice.escalate_head") == []


def test_an_acknowledged_notice_is_not_chased(org, notice):
    with frozen(at(9, 24, 16)):
        services.delay_notice_acknowledge(notice=notice, by=org.lead)
    assert sweep(KIND, at(9, 28, 15)).sent == 0

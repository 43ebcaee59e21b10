"""A risk's coordination decision, 24 hours: a risk raised on Monday 12 October 2026 at
10:00 is due Tuesday 10:00; the card's lead is reminded 4 hours before (06:00, so at the
start of business hours) and the lead's head hears of it when it is missed. One raised
on Thursday 24 September at 20:00 falls due on Mid-Autumn Festival: its escalation waits
for Monday 28 September."""

import datetime as dt

import pytest

from tasks import services
from tests.reminders.task_kinds import at, frozen, recipients_of, reminder_count, sweep
from tests.tasks import builders

pytestmark = pytest.mark.django_db

KIND = "risk"


def raise_risk(org, card, moment, description="Supplier may miss the date"):
    with frozen(moment):
        return services.risk_raise(
            card=card,
            by=org.tec_member,
            description=description,
            impact="high",
            likelihood="medium",
            owner=org.lead,
        )


@pytest.fixture
def card(org):
    with frozen(at(9, 21)):
        return builders.active_card(org)


@pytest.fixture
def risk(org, card):
    return raise_risk(org, card, at(10, 12))


def test_the_lead_is_reminded_four_hours_before_in_business_hours(org, risk):
    assert sweep(KIND, at(10, 12, 18)).sent == 0
    assert sweep(KIND, at(10, 13, 6)).sent == 0  # due, but before business hours
    assert sweep(KIND, at(10, 13, 9)).sent == 1
    assert recipients_of("reminder.risk.lead") == ["mkt.lead"]


def test_the_leads_head_hears_of_a_missed_decision_and_nobody_else(org, risk):
    sweep(KIND, at(10, 13, 9, 55))
    assert recipients_of("reminder.risk.escalate_head") == []
    assert sweep(KIND, at(10, 13, 10)).sent == 1
    assert recipients_of("reminder.risk.escalate_head") == ["mkt.head"]
    assert reminder_count() == 2


def test_an_escalation_falling_on_a_holiday_waits_for_the_next_working_day(org, card):
    raise_risk(org, card, at(9, 24, 20))
    assert sweep(KIND, at(9, 25, 16)).sent == 0  # Mid-Autumn Festival
    assert sweep(KIND, at(9, 26, 21)).sent == 0  # Saturday, past the deadline
    assert sweep(KIND, at(9, 28, 9)).sent == 1
    assert recipients_of("reminder.risk.escalate_head") == ["mkt.head"]
    # The lead's reminder, never sent in business hours before the deadline, is stale.
    assert recipients_of("reminder.risk.lead") == []


def test_a_risk_on_a_cancelled_card_is_not_chased(org, card, risk):
    with frozen(at(10, 12, 11)):
        services.card_cancel(card=card, by=org.lead, reason="Market changed")
    assert sweep(KIND, at(10, 13, 12)).sent == 0


def test_a_coordinated_risk_is_not_chased(org, risk):
    with frozen(at(10, 12, 11)):
        services.risk_coordinate(
            risk=risk,
            by=org.lead,
            solution="Second supplier",
            responsible_department=org.technology,
            deadline=dt.date(2026, 10, 20),
        )
    assert sweep(KIND, at(10, 13, 12)).sent == 0

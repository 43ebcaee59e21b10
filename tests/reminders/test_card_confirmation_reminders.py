"""Card confirmation, 2 working days: a card sent on Tuesday 29 September 2026 at 10:00 is
due Thursday 8 October 10:00 (National Day in between). Finance's contact is reminded one
working day before — Wednesday 30 September —, its head 4 hours before (06:00, so at the
start of business hours), and the initiator and Finance's executive hear of it when it is
missed. Technology confirms at once and is not chased."""

import pytest

from tasks import services
from tests.reminders.task_kinds import at, frozen, recipients_of, reminder_count, sweep
from tests.tasks import builders

pytestmark = pytest.mark.django_db

KIND = "card_confirmation"


def send(org, moment):
    with frozen(moment):
        card = builders.submitted_card(org)
        services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
    return card


@pytest.fixture
def card(org):
    org.finance.executive = org.executive
    org.finance.save()
    return send(org, at(9, 29))


def test_the_contact_is_reminded_one_working_day_before(org, card):
    assert sweep(KIND, at(9, 29, 17)).sent == 0
    assert sweep(KIND, at(9, 30, 9, 55)).sent == 0
    assert sweep(KIND, at(9, 30, 10)).sent == 1
    assert recipients_of("reminder.card_confirmation.contact") == ["fin.contact"]


def test_the_head_is_reminded_four_hours_before_in_business_hours(org, card):
    sweep(KIND, at(9, 30, 10))
    assert sweep(KIND, at(10, 8, 6)).sent == 0  # due, but before business hours
    assert sweep(KIND, at(10, 8, 9)).sent == 1
    assert recipients_of("reminder.card_confirmation.head") == ["fin.head"]


def test_the_initiator_and_the_executive_hear_of_it_when_missed_and_nobody_else(org, card):
    sweep(KIND, at(10, 8, 9))
    sweep(KIND, at(10, 8, 9, 55))
    assert recipients_of("reminder.card_confirmation.escalate") == []
    assert sweep(KIND, at(10, 8, 10)).sent == 2
    assert recipients_of("reminder.card_confirmation.escalate") == ["exec", "mkt.contact"]
    assert reminder_count() == 4  # the contact's and head's reminders, two escalations


def test_a_make_up_saturday_counts_as_a_working_day(org):
    # Sent Friday 9 October: due Monday 12 October, so the day before is Saturday 10
    # October, a make-up working day (调休).
    send(org, at(10, 9))
    assert sweep(KIND, at(10, 10, 9, 55)).sent == 0
    assert sweep(KIND, at(10, 10, 10)).sent == 1
    assert recipients_of("reminder.card_confirmation.contact") == ["fin.contact"]


def test_an_objection_sending_the_card_back_to_draft_stops_the_chase(org):
    with frozen(at(9, 29)):
        card = builders.submitted_card(org)
        services.department_object(
            card=card,
            department_code="TEC",
            by=org.tec_head,
            topic="scope",
            objection="Two weeks is too short",
        )
    # Finance's answer is still pending, but the card is a draft again.
    assert sweep(KIND, at(9, 30, 10)).sent == 0
    assert sweep(KIND, at(10, 8, 12)).sent == 0


def test_a_confirmed_department_is_not_chased(org, card):
    with frozen(at(9, 29, 11)):
        services.department_confirm(card=card, department_code="FIN", by=org.fin_contact)
    assert sweep(KIND, at(10, 8, 12)).sent == 0

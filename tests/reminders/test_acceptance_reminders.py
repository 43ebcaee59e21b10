"""The acceptance decision, 3 working days: deliverables submitted on Monday 28 September
2026 at 10:00 are due Thursday 8 October 10:00 (National Day in between). Finance's head,
the acceptance party, is reminded one working day before — Wednesday 30 September —,
and Finance's executive hears of it when it is missed."""

import pytest

from tasks import services
from tests.reminders.task_kinds import at, frozen, recipients_of, reminder_count, sweep
from tests.tasks import builders

pytestmark = pytest.mark.django_db

KIND = "acceptance"


@pytest.fixture
def card(org):
    org.finance.executive = org.executive
    org.finance.save()
    with frozen(at(9, 28)):
        return builders.card_in_acceptance(org)


def test_the_acceptance_party_is_reminded_one_working_day_before(org, card):
    assert sweep(KIND, at(9, 29, 16)).sent == 0
    assert sweep(KIND, at(9, 30, 9, 55)).sent == 0
    assert sweep(KIND, at(9, 30, 10)).sent == 1
    assert recipients_of("reminder.acceptance.party") == ["fin.head"]
    assert sweep(KIND, at(10, 2, 10)).sent == 0  # National Day


def test_the_executive_hears_of_a_missed_decision_and_nobody_else(org, card):
    sweep(KIND, at(10, 8, 9, 55))  # the party's reminder, late but not yet stale
    assert recipients_of("reminder.acceptance.escalate_executive") == []
    assert sweep(KIND, at(10, 8, 10)).sent == 1
    assert recipients_of("reminder.acceptance.escalate_executive") == ["exec"]
    assert reminder_count() == 2


def test_a_named_acceptor_is_reminded_and_their_executive_told(org):
    org.finance.executive = org.executive
    org.finance.save()
    with frozen(at(9, 28)):
        builders.card_in_acceptance(org, acceptance_user=org.acceptor, acceptance_department=None)
    sweep(KIND, at(9, 30, 10))
    sweep(KIND, at(10, 8, 10))
    assert recipients_of("reminder.acceptance.party") == ["fin.acceptor"]
    assert recipients_of("reminder.acceptance.escalate_executive") == ["exec"]


def test_a_decided_acceptance_is_not_chased(org, card):
    with frozen(at(9, 29)):
        services.card_accept(card=card, by=org.fin_head)
    assert sweep(KIND, at(10, 8, 12)).sent == 0

"""A goal confirmation letter sent for signature on Monday 28 September 2026 at 10:00
(Shanghai), due two working days later, Wednesday 30 September 10:00. The heads of
Finance and Technology who have not signed are reminded every working day from Tuesday
29 — through the National Day week to Thursday 8 October, and on Saturday 10 October, a
make-up working day (调休); their executive hears two working days after the due time,
Friday 9 October 10:00."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collab import services as collab_services
from collab.models import EmailDelivery, Notification
from collab.reminders import run_sweep
from tasks import services
from tests.factories import PASSWORD
from tests.tasks import builders

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAILY = "reminder.signature.daily"
ESCALATION = "reminder.signature.escalate_executive"


def at(month, day, hour=10, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def letter_requested(org):
    """Both departments confirm a card on Monday 28 September, 10:00: the goal letter
    goes to their heads for signature."""
    with time_machine.travel(at(9, 28), tick=False):
        card = builders.submitted_card(org)
        services.department_confirm(card=card, department_code="FIN", by=org.fin_contact)
        services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
        return builders.goal_letter(card)


@pytest.fixture
def letter(org):
    for department in (org.finance, org.technology):
        department.executive = org.executive
        department.save()
    return letter_requested(org)


def sweep(moment):
    with time_machine.travel(moment, tick=False):
        return run_sweep(now=moment, kinds=["signature"])


def reminders_of(user):
    return list(
        Notification.objects.filter(recipient=user, reason__startswith="reminder.")
        .order_by("pk")
        .values_list("reason", flat=True)
    )


def everyone_reminded():
    return sorted(
        Notification.objects.filter(reason__startswith="reminder.").values_list(
            "recipient__username", "reason"
        )
    )


def sign(request, head, moment):
    with time_machine.travel(moment, tick=False):
        collab_services.signature_sign(
            request=request, user=head, decision="approve", password=PASSWORD
        )


def test_silent_signers_are_reminded_every_working_day_and_nobody_else(org, letter):
    steps = [
        (at(9, 28, 17, 0), []),  # the day of the request
        (at(9, 29, 9, 59), []),
        (at(9, 29), [DAILY]),
        (at(9, 30), [DAILY]),
        (at(10, 2), []),  # National Day
        (at(10, 8), [DAILY]),
        (at(10, 10), [DAILY]),  # make-up Saturday
        (at(10, 11), []),  # an ordinary Sunday
        (at(10, 12), [DAILY]),
    ]
    for moment, expected in steps:
        before = {head: len(reminders_of(head)) for head in (org.fin_head, org.tec_head)}
        sweep(moment)
        for head in (org.fin_head, org.tec_head):
            assert reminders_of(head)[before[head] :] == expected, (moment, head)
    assert {username for username, _reason in everyone_reminded()} == {
        "fin.head",
        "tec.head",
        "exec",
    }


def test_the_executive_hears_two_working_days_after_the_due_time(org, letter):
    sweep(at(10, 8, 17, 0))
    assert reminders_of(org.executive) == []
    sweep(at(10, 9))
    assert reminders_of(org.executive) == [ESCALATION]
    sweep(at(10, 12))
    assert reminders_of(org.executive) == [ESCALATION]  # once


def test_a_signer_who_signed_is_not_reminded_while_the_other_is(org, letter):
    sign(letter, org.fin_head, at(9, 29, 9, 0))
    sweep(at(9, 29))
    assert reminders_of(org.fin_head) == []
    assert reminders_of(org.tec_head) == [DAILY]
    sweep(at(10, 9))
    email = EmailDelivery.objects.get(notification__recipient=org.executive)
    assert "赵强" in email.body_text and "Sophia Hughes" not in email.body_text


def test_a_request_signed_by_all_reminds_nobody(org, letter):
    sign(letter, org.fin_head, at(9, 29, 9, 0))
    sign(letter, org.tec_head, at(9, 29, 9, 5))
    for moment in (at(9, 29), at(9, 30), at(10, 9)):
        assert sweep(moment).sent == 0
    assert everyone_reminded() == []


def test_a_cancelled_request_reminds_nobody(org, letter):
    with time_machine.travel(at(9, 28, 15, 0), tick=False):
        collab_services.signature_request_cancel(request=letter, by=letter.requested_by)
    assert sweep(at(10, 9)).sent == 0


def test_a_deputy_is_reminded_with_the_head(org, letter):
    with time_machine.travel(at(9, 28, 11, 0), tick=False):
        collab_services.delegation_create(
            delegator=org.tec_head,
            deputy=org.tec_contact,
            starts_on=dt.date(2026, 9, 28),
            ends_on=dt.date(2026, 9, 29),
        )
    sweep(at(9, 29))
    assert reminders_of(org.tec_contact) == [DAILY]
    sweep(at(9, 30))  # the delegation has ended
    assert reminders_of(org.tec_contact) == [DAILY]


def test_a_reminder_found_at_night_waits_for_business_hours(org, letter):
    assert sweep(at(9, 30, 3, 0)).sent == 0
    assert sweep(at(9, 30, 9, 0)).sent == 2


def test_the_sweep_runs_as_many_queries_for_twenty_requests_as_for_two(org, letter):
    moment = at(10, 9)

    def counted():
        Notification.objects.all().delete()
        with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
            report = run_sweep(now=moment, kinds=["signature"])
        return report.sent, len(queries)

    letter_requested(org)
    sent_two, two = counted()
    for _n in range(18):
        letter_requested(org)
    sent_twenty, twenty = counted()
    # Each request: both heads reminded, the executive escalated to.
    assert (sent_two, sent_twenty) == (6, 60)
    assert twenty == two


def test_the_email_links_to_the_sign_off_page_in_english_and_chinese(org, letter):
    sweep(at(9, 29))
    reminders = EmailDelivery.objects.filter(notification__reason=DAILY)
    english = reminders.get(notification__recipient=org.fin_head)
    chinese = reminders.get(notification__recipient=org.tec_head)
    page = f"/signoffs/{letter.pk}/"
    code = letter.document_code
    assert english.subject == f"Reminder: please sign Goal confirmation letter {code}"
    assert "Please decide by" in english.body_text
    assert page in english.body_text and page in english.body_html
    # The document's title is already in the catalogue; the rest arrives with it.
    assert "目标确认函" in chinese.subject
    assert page in chinese.body_text and page in chinese.body_html


def test_the_escalation_lists_the_silent_signers_in_the_readers_language(org, letter):
    org.executive.language = "zh-hans"
    org.executive.save()
    sweep(at(10, 9))
    body = EmailDelivery.objects.get(
        notification__recipient=org.executive, notification__reason=ESCALATION
    ).body_text
    names = {"Sophia Hughes、赵强", "赵强、Sophia Hughes"}
    assert any(joined in body for joined in names), body

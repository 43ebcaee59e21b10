"""What task cards put in a person's inbox: each kind for whoever's turn it is, gone once
done, with the process's deadline, read in a fixed number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from collab.inbox import end_of_day, inbox_entries
from tasks import inbox, services
from tasks.models import AcceptanceSubmission, CardDepartment, DelayNotice, Risk
from tasks.permissions import queues
from tasks.permissions.rules import ANSWER_RULE, CARD_RULES, ITEM_RULES, rule_allows

from . import builders

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def kinds(user, kind):
    return [entry for entry in inbox_entries(user) if entry.kind == kind]


def file_delay(org, item):
    return services.delay_notice_file(
        item=item,
        by=item.owner,
        reason="The vendor is late.",
        new_due_date=item.due_date + 7 * DAY,
    )


# --- confirmations ---------------------------------------------------------------------------


def test_a_contact_and_a_head_see_the_confirmation_they_owe_until_it_is_given(org):
    card = builders.submitted_card(org)
    (fin,) = kinds(org.fin_contact, "tasks.confirmation")
    assert fin.title == f"{card.code} {card.title}"
    assert fin.detail == "Finance"
    assert fin.deadline == CardDepartment.objects.get(card=card, department__code="FIN").due_at
    assert fin.action_label == "Confirm"
    assert fin.action_url.endswith(f"/cards/{card.code}/?tab=departments#confirm-fin")
    assert len(kinds(org.fin_head, "tasks.confirmation")) == 1
    for other in (org.tec_member, org.lead, org.outsider, org.executive, org.admin):
        assert kinds(other, "tasks.confirmation") == []

    services.department_confirm(card=card, department_code="FIN", by=org.fin_contact)
    assert kinds(org.fin_contact, "tasks.confirmation") == []
    assert kinds(org.fin_head, "tasks.confirmation") == []
    assert len(kinds(org.tec_contact, "tasks.confirmation")) == 1


def test_the_confirmation_filter_agrees_with_the_answer_rule(org):
    card = builders.submitted_card(org)
    for participation in CardDepartment.objects.filter(card=card).select_related("department"):
        for person in (org.fin_contact, org.fin_head, org.tec_contact, org.lead, org.admin):
            owed = CardDepartment.objects.filter(
                queues.confirmations_owed_by(person), pk=participation.pk
            ).exists()
            assert owed == rule_allows(ANSWER_RULE, person, participation, {"card": card})


# --- delay notices ---------------------------------------------------------------------------


def test_the_lead_and_tracker_see_a_delay_notice_to_acknowledge_until_they_do(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    notice = file_delay(org, item)
    for person in (org.lead, org.tracker):
        (entry,) = kinds(person, "tasks.delay_notice")
        assert entry.title == item.title
        assert entry.deadline == end_of_day(notice.previous_due_date)
        assert entry.action_label == "Acknowledge"
        assert entry.action_url.endswith(f"/items/{item.pk}/#delay-heading")
        assert "Tom Tech" in entry.detail
    for other in (org.tec_member, org.initiator, org.fin_head):
        assert kinds(other, "tasks.delay_notice") == []
        assert not rule_allows(
            ITEM_RULES["acknowledge_delay_notice"], other, item, {"notice": notice}
        )
    # Administrators may acknowledge anything, but are not asked to.
    assert kinds(org.admin, "tasks.delay_notice") == []

    services.delay_notice_acknowledge(notice=notice, by=org.tracker)
    assert kinds(org.lead, "tasks.delay_notice") == []


def test_whoever_filed_a_notice_is_not_asked_to_acknowledge_it(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card, owner=org.tracker)
    file_delay(org, item)
    assert kinds(org.tracker, "tasks.delay_notice") == []
    assert len(kinds(org.lead, "tasks.delay_notice")) == 1


def test_a_notice_on_an_item_of_no_card_goes_to_its_creator(org):
    item = builders.add_item(org, None, by=org.tec_head)
    notice = file_delay(org, item)
    assert [e.title for e in kinds(org.tec_head, "tasks.delay_notice")] == [item.title]
    assert rule_allows(
        ITEM_RULES["acknowledge_delay_notice"], org.tec_head, item, {"notice": notice}
    )


# --- risks -----------------------------------------------------------------------------------


def test_the_cards_managers_see_a_risk_to_coordinate_until_it_is(org):
    card = builders.active_card(org)
    risk = builders.raise_risk(org, card)
    for person in (org.lead, org.tracker, org.initiator):
        (entry,) = kinds(person, "tasks.risk")
        assert entry.deadline == risk.decision_due_at
        assert entry.detail == f"{card.code} {card.title}"
        assert entry.action_url.endswith(f"/cards/{card.code}/risks/{risk.pk}/coordinate/")
        assert rule_allows(CARD_RULES["manage_risks"], person, card, {})
    for other in (org.tec_member, org.tec_head, org.fin_contact, org.admin):
        assert kinds(other, "tasks.risk") == []

    services.risk_coordinate(
        risk=risk,
        by=org.lead,
        solution="Second vendor",
        responsible_department=org.technology,
        deadline=timezone.localdate() + 3 * DAY,
    )
    assert kinds(org.lead, "tasks.risk") == []


# --- acceptance ------------------------------------------------------------------------------


def test_the_acceptance_party_sees_the_decision_until_it_is_made(org):
    card = builders.card_in_acceptance(org)
    submission = AcceptanceSubmission.objects.get(card=card)
    (entry,) = kinds(org.fin_head, "tasks.acceptance")
    assert entry.deadline == submission.due_at
    assert entry.action_label == "Decide"
    assert entry.action_url.endswith(f"/cards/{card.code}/acceptance/decide/")
    assert entry.detail == "submitted by Emma Clark"
    for other in (org.lead, org.acceptor, org.fin_contact, org.admin):
        assert kinds(other, "tasks.acceptance") == []

    services.card_accept(card=card, by=org.fin_head)
    assert kinds(org.fin_head, "tasks.acceptance") == []


def test_a_named_acceptor_is_asked_instead_of_the_departments_head(org):
    builders.card_in_acceptance(org, acceptance_user=org.acceptor, acceptance_department=None)
    assert len(kinds(org.acceptor, "tasks.acceptance")) == 1
    assert kinds(org.fin_head, "tasks.acceptance") == []


# --- action items ----------------------------------------------------------------------------


def test_an_owner_sees_their_open_items_overdue_ones_flagged(org):
    card = builders.active_card(org)
    today = timezone.localdate()
    late = builders.add_item(org, card, title="Late", due_date=today - 3 * DAY)
    soon = builders.add_item(org, card, title="Soon", due_date=today + 2 * DAY)
    done = builders.add_item(org, card, title="Done")
    builders.finish(done, org.tec_member)

    entries = kinds(org.tec_member, "tasks.action_item")
    assert [e.title for e in entries] == ["Late", "Soon"]
    assert entries[0].overdue and entries[0].time_left == "3 days overdue"
    assert not entries[1].overdue and entries[1].time_left == "due in 2 days"
    assert entries[1].deadline == end_of_day(soon.due_date)
    assert entries[1].due_date == soon.due_date and entries[1].all_day
    assert entries[1].action_url.endswith(f"/items/{soon.pk}/#progress-heading")
    assert late.pk != soon.pk
    assert kinds(org.lead, "tasks.action_item") == []


def test_an_item_due_today_is_not_yet_overdue(org):
    builders.add_item(org, None, due_date=timezone.localdate())
    (entry,) = kinds(org.tec_member, "tasks.action_item")
    assert not entry.overdue
    assert entry.time_left == "due today"


def test_items_of_a_cancelled_card_leave_the_inbox(org):
    card = builders.active_card(org)
    builders.add_item(org, card)
    services.card_cancel(card=card, by=org.lead, reason="No budget")
    assert kinds(org.tec_member, "tasks.action_item") == []


# --- queries ---------------------------------------------------------------------------------


def many_rows(org, n):
    """n cards in acceptance (each with a risk, a delay notice and an open item of Tom's), and
    n cards sent for confirmation."""
    for _ in range(n):
        card = builders.card_in_acceptance(org)
        builders.raise_risk(org, card)
        file_delay(org, builders.add_item(org, card, due_date=timezone.localdate() + 5 * DAY))
        builders.submitted_card(org)


@pytest.mark.parametrize("n", [2, 20])
def test_each_source_reads_in_one_query_and_counts_in_one(org, n, django_assert_num_queries):
    many_rows(org, n)
    people = {
        "tasks.confirmation": org.fin_contact,
        "tasks.acceptance": org.fin_head,
        "tasks.risk": org.lead,
        "tasks.delay_notice": org.lead,
        "tasks.action_item": org.tec_member,
    }
    for source in inbox.SOURCES:
        person = people[source.kind]
        with django_assert_num_queries(1):
            entries = source.entries(person)
        with django_assert_num_queries(1):
            assert source.count(person) == len(entries)
        assert len(entries) >= n, source.kind
    assert Risk.objects.count() == n and DelayNotice.objects.count() == n


def test_the_demo_leaves_the_heads_a_letter_to_sign_and_a_confirmation(capsys):
    from django.core.management import call_command

    from collab.models import User

    call_command("seed_demo")
    for username in ("mkt.head", "fin.head"):
        found = {entry.kind for entry in inbox_entries(User.objects.get(username=username))}
        assert {"collab.signature", "tasks.confirmation"} <= found, username

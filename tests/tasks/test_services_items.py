"""Action items, dependencies, delay notices, progress, risks, acceptance and closing."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from collab.errors import Forbidden, InvalidState, RuleViolation
from tasks import services
from tasks.models import ActionItem, Card, Risk
from tests.factories import UserFactory

from . import builders

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = dt.timedelta(days=1)


def add_item(org, card, owner=None, due=dt.date(2026, 12, 10), **values):
    """A "Price list" item of Finance's contact, due 10 December 2026 unless said otherwise."""
    values.setdefault("title", "Price list")
    return builders.add_item(org, card, owner=owner or org.fin_contact, due_date=due, **values)


def test_item_defaults_to_the_owners_department_and_notifies_them(org, active_card):
    item = add_item(org, active_card)
    assert item.department == org.finance
    assert item.original_due_date == item.due_date
    assert item.owner.notifications.filter(reason="action_item_assigned").exists()


def test_item_rules(org, active_card):
    nobody = UserFactory(department=None)
    with pytest.raises(RuleViolation) as refused:
        add_item(org, active_card, owner=nobody)
    assert "owner" in refused.value.errors
    with pytest.raises(Forbidden, match="lead, tracker or initiator add action items"):
        services.action_item_create(
            by=org.fin_contact,
            card=active_card,
            values={"title": "x", "owner": org.fin_contact, "due_date": dt.date(2026, 12, 1)},
        )
    assert not ActionItem.objects.exists()


def test_a_due_date_after_the_card_end_is_a_warning_not_an_error(org, active_card):
    item, warnings = services.action_item_create(
        by=org.lead,
        card=active_card,
        values={
            "title": "Late task",
            "owner": org.fin_contact,
            "due_date": active_card.planned_end + 5 * DAY,
        },
    )
    assert item.pk
    assert warnings and "after the card's planned end" in warnings[0]


def test_dependencies_refuse_self_and_cycles(org, active_card):
    a, b, c = (add_item(org, active_card, title=t) for t in "ABC")
    with pytest.raises(RuleViolation) as refused:
        services.action_item_update(item=a, by=org.lead, values={}, depends_on=[a])
    assert refused.value.field == "depends_on" and refused.value.code == "self_dependency"
    services.action_item_update(item=b, by=org.lead, values={}, depends_on=[a])
    services.action_item_update(item=c, by=org.lead, values={}, depends_on=[b])
    with pytest.raises(RuleViolation) as refused:
        services.action_item_update(
            item=a, by=org.lead, values={"title": "A renamed"}, depends_on=[c]
        )
    assert refused.value.code == "dependency_cycle"
    assert list(a.depends_on.all()) == []
    a.refresh_from_db()
    assert a.title == "A"  # the fields and the dependencies are saved together or not at all


def test_an_update_without_depends_on_keeps_the_dependencies(org, active_card):
    first, second = (add_item(org, active_card, title=t) for t in ("First", "Second"))
    services.action_item_update(item=second, by=org.lead, values={}, depends_on=[first])
    services.action_item_update(item=second, by=org.lead, values={"title": "Second, renamed"})
    assert list(second.depends_on.all()) == [first]
    services.action_item_update(item=second, by=org.lead, values={}, depends_on=[])
    assert not second.depends_on.exists()


def test_done_waits_for_dependencies_unless_the_lead_overrides(org, active_card):
    first = add_item(org, active_card, title="First")
    second = add_item(org, active_card, title="Second", owner=org.tec_contact)
    services.action_item_update(item=second, by=org.lead, values={}, depends_on=[first])
    with pytest.raises(RuleViolation) as refused:
        services.action_item_report_progress(
            item=second, by=org.tec_contact, status="done", percent=100
        )
    assert refused.value.code == "open_dependencies"
    with pytest.raises(RuleViolation):  # the tracker may not override; only the lead
        services.action_item_report_progress(
            item=second, by=org.tracker, status="done", percent=100, override_reason="urgent"
        )
    services.action_item_report_progress(
        item=second, by=org.lead, status="done", percent=90, override_reason="Customer needs it now"
    )
    second.refresh_from_db()
    assert (second.status, second.percent) == ("done", 100)
    assert second.done_override_reason == "Customer needs it now"
    assert second.completed_at is not None


def test_only_the_owner_or_a_manager_reports_progress(org, active_card):
    item = add_item(org, active_card)
    with pytest.raises(Forbidden, match="Only the owner updates this item"):
        services.action_item_report_progress(
            item=item, by=org.tec_contact, status="in_progress", percent=10
        )
    with pytest.raises(RuleViolation) as refused:
        services.action_item_report_progress(
            item=item, by=org.fin_contact, status="in_progress", percent=120
        )
    assert "percent" in refused.value.errors


def test_delay_notice_on_time_then_acknowledged_moves_the_due_date(org, active_card):
    # Due Friday 11 December; filed Wednesday 9 December: 2 working days before, on time.
    item = add_item(org, active_card, due=dt.date(2026, 12, 11))
    with time_machine.travel(dt.datetime(2026, 12, 9, 10, 0, tzinfo=SHANGHAI)):
        notice = services.delay_notice_file(
            item=item,
            by=org.fin_contact,
            reason="Supplier late",
            new_due_date=dt.date(2026, 12, 18),
        )
    assert not notice.is_late
    item.refresh_from_db()
    assert (item.status, item.due_date) == ("delayed", dt.date(2026, 12, 11))
    with pytest.raises(Forbidden, match="lead or tracker"):
        services.delay_notice_acknowledge(notice=notice, by=org.fin_contact)
    services.delay_notice_acknowledge(notice=notice, by=org.tracker)
    item.refresh_from_db()
    assert item.due_date == dt.date(2026, 12, 18)
    assert item.original_due_date == dt.date(2026, 12, 11)
    assert item.history.filter(due_date=dt.date(2026, 12, 11)).exists()


@pytest.mark.parametrize(
    ("filed_on", "late"),
    [
        (dt.date(2026, 12, 10), False),  # Thursday before a Friday due date: 1 working day
        (dt.date(2026, 12, 11), True),  # on the due date itself
        (dt.date(2026, 12, 12), True),  # the Saturday after
    ],
)
def test_a_delay_notice_less_than_one_working_day_before_is_late(org, active_card, filed_on, late):
    item = add_item(org, active_card, due=dt.date(2026, 12, 11))
    moment = dt.datetime.combine(filed_on, dt.time(15, 0), tzinfo=SHANGHAI)
    with time_machine.travel(moment):
        notice = services.delay_notice_file(
            item=item, by=org.fin_contact, reason="x", new_due_date=dt.date(2026, 12, 30)
        )
    assert notice.is_late is late


def test_a_delay_notice_over_a_holiday_counts_working_days(org, active_card):
    # Due Thursday 8 October 2026, the first working day after the National Day holiday.
    item = add_item(org, active_card, due=dt.date(2026, 10, 8))
    with time_machine.travel(dt.datetime(2026, 9, 30, 15, 0, tzinfo=SHANGHAI)):
        notice = services.delay_notice_file(
            item=item, by=org.fin_contact, reason="x", new_due_date=dt.date(2026, 10, 15)
        )
    assert not notice.is_late  # Wednesday 30 September is one working day before.
    item2 = add_item(org, active_card, due=dt.date(2026, 10, 8), title="Second")
    with time_machine.travel(dt.datetime(2026, 10, 3, 15, 0, tzinfo=SHANGHAI)):
        notice2 = services.delay_notice_file(
            item=item2, by=org.fin_contact, reason="x", new_due_date=dt.date(2026, 10, 15)
        )
    assert notice2.is_late  # 3 October is a holiday: no working day left before the 8th.


def test_delay_notice_rules(org, active_card):
    item = add_item(org, active_card)
    with pytest.raises(RuleViolation) as refused:
        services.delay_notice_file(
            item=item, by=org.fin_contact, reason="", new_due_date=item.due_date
        )
    assert set(refused.value.errors) == {"reason", "new_due_date"}
    with pytest.raises(Forbidden, match="Only the owner files a delay notice"):
        services.delay_notice_file(
            item=item, by=org.lead, reason="x", new_due_date=dt.date(2027, 1, 5)
        )
    services.delay_notice_file(
        item=item, by=org.fin_contact, reason="x", new_due_date=dt.date(2027, 1, 5)
    )
    with pytest.raises(InvalidState, match="one notice at a time"):
        services.delay_notice_file(
            item=item, by=org.fin_contact, reason="y", new_due_date=dt.date(2027, 1, 9)
        )


def test_progress_updates_come_from_the_departments_own_people(org, active_card):
    today = timezone.localdate()
    update = services.progress_update_add(
        card=active_card,
        by=org.fin_contact,
        department=org.finance,
        date=today,
        percent=40,
        done="Budget approved",
    )
    assert update.percent == 40
    with pytest.raises(RuleViolation) as refused:
        services.progress_update_add(
            card=active_card,
            by=org.fin_contact,
            department=org.technology,
            date=today,
            percent=10,
            done="x",
        )
    assert refused.value.field == "department"
    with pytest.raises(RuleViolation) as refused:
        services.progress_update_add(
            card=active_card,
            by=org.fin_contact,
            department=org.finance,
            date=today,
            percent=101,
            done="",
        )
    assert set(refused.value.errors) == {"percent", "done"}


@time_machine.travel(dt.datetime(2026, 11, 20, 17, 0, tzinfo=SHANGHAI), tick=False)
def test_a_risk_needs_coordination_within_24_hours(org, active_card):
    risk = services.risk_raise(
        card=active_card,
        by=org.tec_contact,
        description="Chip shortage",
        impact="high",
        likelihood="medium",
        owner=org.tec_head,
    )
    assert risk.level == "high"
    assert risk.decision_due_at == dt.datetime(2026, 11, 21, 17, 0, tzinfo=SHANGHAI)
    assert risk.card.lead.notifications.filter(reason="risk_raised").exists()
    with pytest.raises(RuleViolation) as refused:
        services.risk_coordinate(
            risk=risk, by=org.lead, solution="", responsible_department=None, deadline=None
        )
    assert set(refused.value.errors) == {"solution", "responsible_department", "deadline"}
    with pytest.raises(Forbidden, match="lead, tracker or initiator"):
        services.risk_coordinate(
            risk=risk,
            by=org.tec_contact,
            solution="x",
            responsible_department=org.technology,
            deadline=dt.date(2026, 11, 30),
        )
    services.risk_coordinate(
        risk=risk,
        by=org.lead,
        solution="Second supplier",
        responsible_department=org.technology,
        deadline=dt.date(2026, 11, 30),
    )
    risk.refresh_from_db()
    assert risk.status == Risk.Status.COORDINATED


def test_risk_level_matrix():
    assert services.risk_level("low", "low") == "low"
    assert services.risk_level("high", "low") == "medium"
    assert services.risk_level("medium", "high") == "high"


def finish_items(org, card, count=1):
    items = [add_item(org, card, title=f"Deliverable {n}") for n in range(count)]
    for item in items:
        services.action_item_report_progress(
            item=item,
            by=org.fin_contact,
            status="done",
            percent=100,
            output_link="https://example.com/d",
        )
    return items


def test_acceptance_needs_deliverables_and_the_lead(org, active_card):
    with pytest.raises(RuleViolation) as refused:
        services.card_submit_for_acceptance(card=active_card, by=org.lead, deliverables=[])
    assert "deliverables" in refused.value.errors
    open_item = add_item(org, active_card, title="Not done")
    with pytest.raises(RuleViolation) as refused:
        services.card_submit_for_acceptance(card=active_card, by=org.lead, deliverables=[open_item])
    assert "deliverables" in refused.value.errors
    [done] = finish_items(org, active_card)
    with pytest.raises(Forbidden, match="Only the card's lead"):
        services.card_submit_for_acceptance(card=active_card, by=org.tracker, deliverables=[done])
    active_card.refresh_from_db()
    assert active_card.status == Card.Status.ACTIVE


@time_machine.travel(dt.datetime(2026, 12, 18, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_acceptance_is_due_in_three_working_days_and_rejection_returns_to_active(org, active_card):
    [done] = finish_items(org, active_card)
    submission = services.card_submit_for_acceptance(
        card=active_card, by=org.lead, deliverables=[done], note="All shipped"
    )
    # Friday 18 December + 3 working days: Wednesday 23 December.
    assert submission.due_at == dt.datetime(2026, 12, 23, 10, 0, tzinfo=SHANGHAI)
    assert org.fin_head.notifications.filter(reason="acceptance_requested").exists()
    with pytest.raises(Forbidden, match="acceptance party"):
        services.card_accept(card=active_card, by=org.tec_head)
    with pytest.raises(RuleViolation) as refused:
        services.card_reject_acceptance(card=active_card, by=org.fin_head, reasons="")
    assert refused.value.field == "reasons"
    services.card_reject_acceptance(card=active_card, by=org.fin_head, reasons="Missing invoice")
    active_card.refresh_from_db()
    assert active_card.status == Card.Status.ACTIVE


def test_close_needs_acceptance_and_a_full_retrospective(org, active_card):
    [done] = finish_items(org, active_card)
    services.card_submit_for_acceptance(card=active_card, by=org.lead, deliverables=[done])
    with pytest.raises(InvalidState, match="after its deliverables are accepted"):
        services.card_close(
            card=active_card, by=org.lead, successes="a", shortcomings="b", improvements="c"
        )
    services.card_accept(card=active_card, by=org.fin_head)
    with pytest.raises(RuleViolation) as refused:
        services.card_close(
            card=active_card, by=org.lead, successes="Good", shortcomings="", improvements=""
        )
    assert set(refused.value.errors) == {"shortcomings", "improvements"}
    services.card_close(
        card=active_card,
        by=org.lead,
        successes="On time",
        shortcomings="Late pricing",
        improvements="Agree prices earlier",
    )
    active_card.refresh_from_db()
    assert active_card.status == Card.Status.CLOSED
    assert active_card.retrospective_pdf.name.endswith(".pdf")
    # Closed is read-only.
    with pytest.raises(InvalidState, match="takes no new action items"):
        add_item(org, active_card)
    with pytest.raises(InvalidState, match="read-only"):
        services.risk_raise(
            card=active_card,
            by=org.lead,
            description="x",
            impact="low",
            likelihood="low",
            owner=org.lead,
        )


def test_a_closed_cards_items_are_read_only(org, active_card):
    [done] = finish_items(org, active_card)
    other = add_item(org, active_card, title="Left open")
    services.card_submit_for_acceptance(card=active_card, by=org.lead, deliverables=[done])
    services.card_accept(card=active_card, by=org.fin_head)
    services.card_close(
        card=active_card, by=org.lead, successes="a", shortcomings="b", improvements="c"
    )
    with pytest.raises(InvalidState, match="read-only"):
        services.action_item_report_progress(
            item=other, by=org.fin_contact, status="in_progress", percent=50
        )
    with pytest.raises(InvalidState, match="Only an open item of an open card is delayed"):
        services.delay_notice_file(
            item=other, by=org.fin_contact, reason="x", new_due_date=dt.date(2027, 3, 1)
        )
    with pytest.raises(InvalidState, match="read-only"):
        services.action_item_update(item=other, by=org.lead, values={"title": "Renamed"})


def test_a_risk_is_corrected_by_the_managers_until_it_is_closed(org, active_card):
    risk = services.risk_raise(
        card=active_card,
        by=org.tec_contact,
        description="Chip shortage",
        impact="high",
        likelihood="high",
        owner=org.tec_head,
    )
    with pytest.raises(Forbidden, match="coordinate, edit and close risks"):
        services.risk_update(risk=risk, by=org.tec_contact, values={"impact": "low"})
    with pytest.raises(RuleViolation) as refused:
        services.risk_update(risk=risk, by=org.lead, values={"description": " ", "impact": "x"})
    assert set(refused.value.errors) == {"description", "impact"}
    risk = services.risk_update(
        risk=risk, by=org.tracker, values={"impact": "low", "mitigation": " Second supplier "}
    )
    assert (risk.level, risk.mitigation, risk.description) == (
        "medium",
        "Second supplier",
        "Chip shortage",
    )
    services.risk_close(risk=risk, by=org.lead)
    with pytest.raises(InvalidState, match="A closed risk is not edited"):
        services.risk_update(risk=risk, by=org.lead, values={"impact": "high"})
    with pytest.raises(InvalidState, match="already closed"):
        services.risk_close(risk=risk, by=org.lead)

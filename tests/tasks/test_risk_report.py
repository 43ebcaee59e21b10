"""The monthly risk report (协同风险报告): its figures on real March 2026 dates, the PDF's
text in English and Chinese, who may read it, bad months, and its fixed query count."""

import datetime as dt

import pytest

from tasks import services
from tasks.models import Card
from tasks.overviews import risk_report
from tasks.services import MilestoneRow

from . import builders
from .builders import at

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 1)


def march(day):
    return MARCH.replace(day=day)


def coordinate(org, risk):
    return services.risk_coordinate(
        risk=risk,
        by=org.lead,
        solution="Second vendor",
        responsible_department=org.technology,
        deadline=dt.date(2026, 4, 30),
    )


def raise_risk(org, card, description, impact, likelihood):
    return builders.raise_risk(
        org, card, description=description, impact=impact, likelihood=likelihood
    )


def active_card_with_milestones(org, milestones):
    """Marketing's card, active, with these (name, due date) milestones."""
    data = builders.card_input(org, planned_end=dt.date(2026, 5, 29))
    data.milestones = [MilestoneRow(name=name, due_date=due) for name, due in milestones]
    card = services.card_create(by=org.initiator, data=data)
    services.card_submit(card=card, by=org.initiator)
    services.department_confirm(card=card, department_code="FIN", by=org.fin_contact)
    services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
    builders.sign_letter(card, org.fin_head, org.tec_head)
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE
    return card


@pytest.fixture
def march_risks(org):
    """Marketing's card (its executive is Morgan Taylor) with risks and milestones across
    February, March and April 2026."""
    with at(2, 20):
        card = active_card_with_milestones(
            org,
            [
                ("Pricing agreed", dt.date(2026, 2, 14)),
                ("Stock in place", march(16)),
                ("Reached early", march(25)),
                ("Launch day", march(31)),
                ("Review", dt.date(2026, 4, 10)),
            ],
        )
    with at(2, 25):
        before = raise_risk(org, card, "Raised in February, closed in April", "high", "high")
    with at(3, 2, 10):
        quick = raise_risk(org, card, "Coordinated in 6 hours", "high", "medium")
    with at(3, 2, 16):
        coordinate(org, quick)
    with at(3, 3, 10):
        slow = raise_risk(org, card, "Coordinated in 48 hours", "medium", "medium")
    with at(3, 5, 10):
        coordinate(org, slow)
    with at(3, 10):
        closed = raise_risk(org, card, "Closed in March", "low", "low")
    with at(3, 12):
        services.risk_close(risk=closed, by=org.lead)
    with at(3, 20):
        raise_risk(org, card, "Still awaiting coordination", "low", "medium")
        reached = card.milestones.get(name="Reached early")
        services.milestone_mark_achieved(milestone=reached, by=org.lead, on=march(20))
    with at(4, 2):
        raise_risk(org, card, "Raised in April", "high", "high")
        services.risk_close(risk=before, by=org.lead)
    return card


def test_the_march_figures_count_what_stood_at_the_end_of_march(org, march_risks):
    with at(4, 15):
        report = risk_report(org.executive, month=march(17))
    assert [d.code for d in report.departments] == ["MKT"]
    assert [card.code for card in report.cards] == [march_risks.code]
    levels = {row.level: row for row in report.levels}
    # Open at the end of March: February's high risk (closed only in April), the quick and
    # the slow ones (coordinated, not closed) and the low one still awaiting coordination.
    assert {level: row.open for level, row in levels.items()} == {
        "high": 2,
        "medium": 1,
        "low": 1,
    }
    assert report.total.open == 4
    assert report.total.awaiting == 2
    assert {level: row.raised for level, row in levels.items()} == {
        "high": 1,
        "medium": 1,
        "low": 2,
    }
    assert {level: row.closed for level, row in levels.items()} == {
        "high": 0,
        "medium": 0,
        "low": 1,
    }
    assert (levels["high"].coordinated, levels["high"].average_hours) == (1, 6.0)
    assert (levels["medium"].coordinated, levels["medium"].longest_hours) == (1, 48.0)
    assert levels["medium"].coordinated_late == 1
    assert (report.total.coordinated, report.total.average_hours) == (2, 27.0)
    assert report.total.longest_hours == 48.0
    assert report.total.coordinated_late == 1
    # Due by 31 March and not reached by then; "Reached early" and April's are not.
    assert [(m.name, m.days_overdue) for m in report.overdue_milestones] == [
        ("Pricing agreed", 46),
        ("Stock in place", 16),
        ("Launch day", 1),
    ]
    assert report.cards[0].open_risks == 4
    assert report.cards[0].overdue_milestones == 3
    assert report.complete


def test_the_month_under_way_is_measured_up_to_now(org, march_risks):
    with at(3, 11):
        report = risk_report(org.executive, month=march(1))
    assert not report.complete
    # Raised by 11 March: February's, the quick, the slow and the one closed on the 12th.
    assert report.total.open == 4
    assert report.total.closed == 0
    assert [m.name for m in report.overdue_milestones] == ["Pricing agreed"]


def test_an_executive_without_departments_cards_sees_nothing_of_other_departments(org, march_risks):
    with at(4, 15):
        report = risk_report(org.outsider, month=MARCH)
    assert report.departments == []
    assert report.cards == []
    assert report.total.open == 0

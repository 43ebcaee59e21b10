"""State built through the services, as a user would build it, on the `org` company.

    card = builders.active_card(org)
    item = builders.add_item(org, card, owner=org.tec_member)

Cards are planned around today; the `march_*` builders place a card's whole life on fixed
dates of 2026 with time_machine, for figures that must come out exact.
"""

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from collab import services as collab_services
from collab.models import SignatureRequest
from tasks import services
from tasks.models import Card
from tasks.services import CardInput, DepartmentRow, MilestoneRow
from tests.factories import PASSWORD

DAY = dt.timedelta(days=1)


def card_input(org, **fields) -> CardInput:
    """Marketing's card with Finance (resources) and Technology (executor): planned from
    24 days ago to 35 days ahead, one milestone 6 days ago."""
    today = timezone.localdate()
    start = fields.pop("planned_start", today - 24 * DAY)
    end = fields.pop("planned_end", today + 35 * DAY)
    values = {
        "title": "新品上市协同",
        "kind": "project",
        "priority": "high",
        "initiating_department": org.marketing,
        "lead": org.lead,
        "tracker": org.tracker,
        "background": "Competitors launched first in two cities.",
        "goal": "Launch the product in 3 cities with 95% on-time delivery.",
        "key_results": ["3 cities live", "Returns under 2%"],
        "in_scope": "Pricing, stock, launch events",
        "out_of_scope": "Overseas markets",
        "planned_start": start,
        "planned_end": end,
        "budget_amount": 120000,
        "budget_currency": "CNY",
        "acceptance_department": org.finance,
        **fields,
    }
    return CardInput(
        fields=values,
        departments=[
            DepartmentRow(
                department=org.finance,
                role="resources",
                responsibilities="Finance analyst approves the budget in 3 days",
                contact=org.fin_contact,
            ),
            DepartmentRow(
                department=org.technology,
                role="executor",
                responsibilities="Engineers ship the order page in two weeks",
                contact=org.tec_contact,
            ),
        ],
        milestones=[MilestoneRow(name="Pricing agreed", due_date=start + 18 * DAY, buffer_days=2)],
    )


def draft_card(org, *, by=None, **fields) -> Card:
    return services.card_create(by=by or org.initiator, data=card_input(org, **fields))


def goal_letter(card) -> SignatureRequest:
    return SignatureRequest.objects.get(
        object_id=card.pk, status="pending", document_type="goal_confirmation_letter"
    )


def sign_letter(card, *heads) -> SignatureRequest:
    request = goal_letter(card)
    for head in heads:
        collab_services.signature_sign(
            request=request, user=head, decision="approve", password=PASSWORD
        )
    card.refresh_from_db()
    return request


def submitted_card(org, **fields) -> Card:
    card = draft_card(org, **fields)
    services.card_submit(card=card, by=org.initiator)
    card.refresh_from_db()
    return card


def active_card(org, **fields) -> Card:
    """Confirmed by both departments and signed by both heads."""
    card = submitted_card(org, **fields)
    services.department_confirm(card=card, department_code="FIN", by=org.fin_contact)
    services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
    sign_letter(card, org.fin_head, org.tec_head)
    assert card.status == Card.Status.ACTIVE
    return card


def add_item(org, card=None, *, by=None, **values):
    """An action item (on `card`, or of no card), owned by Tom Tech unless said otherwise."""
    item, _warnings = services.action_item_create(
        by=by or (org.lead if card is not None else org.tec_member),
        card=card,
        values={
            "title": "Licence list",
            "owner": org.tec_member,
            "due_date": timezone.localdate() + 10 * DAY,
            **values,
        },
    )
    return item


def finish(item, by):
    return services.action_item_report_progress(item=item, by=by, status="done", percent=100)


def card_in_acceptance(org, **fields) -> Card:
    """Active, one item done, its deliverables with Finance's head for acceptance."""
    card = active_card(org, **fields)
    item = add_item(org, card)
    finish(item, org.tec_member)
    services.card_submit_for_acceptance(card=card, by=org.lead, deliverables=[item])
    card.refresh_from_db()
    return card


def closed_card(org, **fields) -> Card:
    """Accepted and closed with its retrospective."""
    card = card_in_acceptance(org, **fields)
    services.card_accept(card=card, by=org.fin_head)
    services.card_close(
        card=card,
        by=org.lead,
        successes="Launched on time in all three cities.",
        shortcomings="Stock arrived late in one city.",
        improvements="Book transport a week earlier.",
    )
    card.refresh_from_db()
    return card


# --- a card's whole life on real dates: March 2026 -------------------------------------------
# March 2026 (Asia/Shanghai), no public holidays: weekends are 7-8, 14-15, 21-22, 28-29.

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(month, day, hour=10, minute=0):
    """Travel to a moment of 2026 in the company's time zone, with the clock stopped."""
    return time_machine.travel(
        dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI), tick=False
    )


def march_card_input(org, **fields) -> CardInput:
    """The launch card in Chinese, planned 9–31 March 2026 with two milestones, accepted by
    Morgan Taylor in person."""
    data = card_input(
        org,
        planned_start=dt.date(2026, 3, 9),
        planned_end=dt.date(2026, 3, 31),
        goal="三个城市同步上市，准时交付率 95%",
        key_results=["三个城市上线", "退货率低于 2%"],
        in_scope="定价、备货、上市活动",
        out_of_scope="海外市场",
        people_needed="两名工程师",
        equipment_needed="测试手机 5 台",
        acceptance_user=org.executive,
        acceptance_department=None,
        **fields,
    )
    finance, technology = data.departments
    finance.responsibilities = "财务分析师 3 天内书面批复预算"
    technology.responsibilities = "工程师 3 月 25 日前上线订单页"
    data.milestones = [
        MilestoneRow(name="方案评审", due_date=dt.date(2026, 3, 18), buffer_days=1),
        MilestoneRow(name="正式上线", due_date=dt.date(2026, 3, 30)),
    ]
    return data


def march_draft(org, **fields) -> Card:
    """Created by the lead (call it inside `at(...)` to date it)."""
    return services.card_create(by=org.lead, data=march_card_input(org, **fields))


def march_item(org, card, title, owner, due):
    return add_item(org, card, title=title, owner=owner, due_date=due)


def march_active_card(org) -> Card:
    """Drafted 2 March, sent Friday 6 March, confirmed by both heads, signed Monday 9 March."""
    with at(3, 2, 9):
        card = march_draft(org)
    with at(3, 6, 10):
        services.card_submit(card=card, by=org.lead)
        services.department_confirm(card=card, department_code="FIN", by=org.fin_head)
        services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
    with at(3, 9, 10):
        sign_letter(card, org.fin_head, org.tec_head)
    assert card.status == Card.Status.ACTIVE
    return card


def march_closed_card(org) -> SimpleNamespace:
    """A card's whole life, each step on its date; returns `card` and its `items` a–f:

    - asked Friday 6 March 10:00; Finance confirms Monday (1 working day), Technology
      Tuesday 15:00 (2 working days, after its Tuesday 10:00 deadline);
    - signed and active Wednesday 11 March (planned start: Monday 9 March);
    - items: A done early; B delayed by an on-time notice, acknowledged, done by the new
      date; C done late without a notice; D delayed by a late notice, acknowledged, done
      after the new date too; E still open at the close; F cancelled;
    - risks coordinated after 3 hours and after 30 hours;
    - accepted 31 March, closed Friday 3 April (planned end: 31 March).
    """
    with at(3, 2, 9):
        card = march_draft(org)
    with at(3, 6, 10):
        services.card_submit(card=card, by=org.lead)
    with at(3, 9, 11):
        services.department_confirm(card=card, department_code="FIN", by=org.fin_contact)
    with at(3, 10, 15):
        services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
    with at(3, 11, 10):
        sign_letter(card, org.fin_head)
    with at(3, 11, 10, 30):
        sign_letter(card, org.tec_head)
    with at(3, 11, 11):
        a = march_item(org, card, "定价方案", org.fin_contact, dt.date(2026, 3, 20))
        b = march_item(org, card, "订单页开发", org.tec_contact, dt.date(2026, 3, 18))
        c = march_item(org, card, "物流对接", org.tec_contact, dt.date(2026, 3, 20))
        d = march_item(org, card, "上市发布会", org.fin_contact, dt.date(2026, 3, 23))
        e = march_item(org, card, "培训材料", org.fin_contact, dt.date(2026, 3, 27))
        f = march_item(org, card, "海外调研", org.fin_contact, dt.date(2026, 3, 25))
    with at(3, 12, 9):
        supplier = services.risk_raise(
            card=card,
            by=org.tracker,
            description="供应商交付延迟",
            impact="high",
            likelihood="medium",
            owner=org.tec_contact,
        )
    with at(3, 12, 12):
        services.risk_coordinate(
            risk=supplier,
            by=org.lead,
            solution="启用备选供应商",
            responsible_department=org.technology,
            deadline=dt.date(2026, 3, 20),
        )
    with at(3, 13, 10):
        budget = services.risk_raise(
            card=card,
            by=org.fin_contact,
            description="预算超支",
            impact="medium",
            likelihood="medium",
            owner=org.fin_contact,
        )
    with at(3, 14, 16):
        services.risk_coordinate(
            risk=budget,
            by=org.lead,
            solution="削减活动预算",
            responsible_department=org.finance,
            deadline=dt.date(2026, 3, 25),
        )
    with at(3, 16, 9):  # 2 working days before Wednesday 18th: on time
        notice_b = services.delay_notice_file(
            item=b, by=org.tec_contact, reason="接口变更", new_due_date=dt.date(2026, 3, 25)
        )
    with at(3, 16, 14):
        services.delay_notice_acknowledge(notice=notice_b, by=org.lead)
    with at(3, 19, 17):
        services.action_item_report_progress(
            item=a,
            by=org.fin_contact,
            status="done",
            percent=100,
            output_file=SimpleUploadedFile("pricing.txt", b"price list", "text/plain"),
        )
    with at(3, 20, 9):
        services.action_item_cancel(item=f, by=org.lead, reason="Covered by item A")
    with at(3, 20, 18):
        services.progress_update_add(
            card=card,
            by=org.fin_contact,
            department=org.finance,
            date=dt.date(2026, 3, 20),
            percent=60,
            done="定价已完成",
        )
        services.progress_update_add(
            card=card,
            by=org.tec_contact,
            department=org.technology,
            date=dt.date(2026, 3, 20),
            percent=40,
            done="接口联调中",
        )
    with at(3, 23, 9):  # on the due date itself: a late notice
        notice_d = services.delay_notice_file(
            item=d, by=org.fin_contact, reason="场地未定", new_due_date=dt.date(2026, 3, 27)
        )
    with at(3, 23, 10):
        finish(c, org.tec_contact)
    with at(3, 23, 15):
        services.delay_notice_acknowledge(notice=notice_d, by=org.tracker)
    with at(3, 24, 16):
        finish(b, org.tec_contact)
        services.progress_update_add(
            card=card,
            by=org.tec_contact,
            department=org.technology,
            date=dt.date(2026, 3, 24),
            percent=90,
            done="订单页已上线",
            problems="物流接口延迟",
        )
    with at(3, 30, 10):
        finish(d, org.fin_contact)
    with at(3, 30, 11):
        a.refresh_from_db()
        b.refresh_from_db()
        services.card_submit_for_acceptance(card=card, by=org.lead, deliverables=[a, b])
    with at(3, 31, 10):
        services.card_accept(card=card, by=org.executive)
    with at(4, 3, 16):
        services.card_close(
            card=card,
            by=org.lead,
            successes="三个城市按时上线",
            shortcomings="物流对接晚了三天",
            improvements="提前锁定供应商",
        )
    card.refresh_from_db()
    return SimpleNamespace(card=card, items=SimpleNamespace(a=a, b=b, c=c, d=d, e=e, f=f))


def accept_and_close(org, card) -> Card:
    """A card in acceptance, accepted by Finance's head and closed by the lead."""
    services.card_accept(card=card, by=org.fin_head)
    services.card_close(
        card=card,
        by=org.lead,
        successes="Launched on time in all three cities.",
        shortcomings="Stock arrived late in one city.",
        improvements="Book transport a week earlier.",
    )
    card.refresh_from_db()
    return card


# --- a card's rows ------------------------------------------------------------------------


def raise_risk(org, card, *, by=None, **values):
    return services.risk_raise(
        card=card,
        by=by or org.tec_member,
        **{
            "description": "The CAD vendor may raise prices.",
            "impact": "high",
            "likelihood": "medium",
            "owner": org.tec_head,
            **values,
        },
    )


def post_progress(org, card, **values):
    return services.progress_update_add(
        card=card,
        by=org.fin_contact,
        **{
            "department": org.finance,
            "date": timezone.localdate(),
            "percent": 40,
            "done": "Draft budget written.",
            **values,
        },
    )


def closed_card_with_rows(org):
    """A closed card with a milestone, an open risk and a progress update of its own."""
    card = card_in_acceptance(org)
    risk = raise_risk(org, card)
    update = post_progress(org, card)
    accept_and_close(org, card)
    return card, card.milestones.get(), risk, update

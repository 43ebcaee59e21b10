"""The retrospective figures of a card whose whole life is placed on real dates.

March 2026 (Asia/Shanghai), no public holidays: weekends are 7-8, 14-15, 21-22, 28-29.
"""

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from collab import services as collab_services
from collab.models import SignatureRequest
from tasks import services
from tasks.models import ActionItem, DelayNotice
from tasks.reports import Outcome, item_outcome, retrospective_figures
from tasks.services import CardInput, DepartmentRow, MilestoneRow
from tests.factories import PASSWORD, DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(month, day, hour=10, minute=0):
    """Travel to a moment of 2026 in the company's time zone, with the clock stopped."""
    return time_machine.travel(
        dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI), tick=False
    )


@pytest.fixture
def company(db):
    def person(username, name, department=None):
        return UserFactory(username=username, display_name=name, department=department)

    marketing = DepartmentFactory(code="MKT", name_en="Marketing", name_zh="市场部")
    finance = DepartmentFactory(code="FIN", name_en="Finance", name_zh="财务部")
    technology = DepartmentFactory(code="TEC", name_en="Technology", name_zh="技术部")
    people = SimpleNamespace(
        marketing=marketing,
        finance=finance,
        technology=technology,
        lead=person("mkt.lead", "陈静", marketing),
        tracker=person("mkt.tracker", "刘洋", marketing),
        accepter=person("exec", "Morgan Taylor"),
        fin_head=person("fin.head", "Sophia Hughes", finance),
        fin_contact=person("fin.contact", "吴婷", finance),
        tec_head=person("tec.head", "赵强", technology),
        tec_contact=person("tec.contact", "Liam Foster", technology),
    )
    finance.head, technology.head = people.fin_head, people.tec_head
    marketing.head = person("mkt.head", "李娜", marketing)
    for department in (marketing, finance, technology):
        department.save()
    return people


def new_card(company, **fields):
    values = {
        "title": "新品上市协同",
        "kind": "project",
        "priority": "high",
        "initiating_department": company.marketing,
        "lead": company.lead,
        "tracker": company.tracker,
        "goal": "三个城市同步上市，准时交付率 95%",
        "key_results": ["三个城市上线", "退货率低于 2%"],
        "in_scope": "定价、备货、上市活动",
        "out_of_scope": "海外市场",
        "planned_start": dt.date(2026, 3, 9),
        "planned_end": dt.date(2026, 3, 31),
        "budget_amount": 120000,
        "budget_currency": "CNY",
        "people_needed": "两名工程师",
        "equipment_needed": "测试手机 5 台",
        "acceptance_user": company.accepter,
    }
    values.update(fields)
    return services.card_create(
        by=company.lead,
        data=CardInput(
            fields=values,
            departments=[
                DepartmentRow(
                    department=company.finance,
                    role="resources",
                    responsibilities="财务分析师 3 天内书面批复预算",
                    contact=company.fin_contact,
                ),
                DepartmentRow(
                    department=company.technology,
                    role="executor",
                    responsibilities="工程师 3 月 25 日前上线订单页",
                    contact=company.tec_contact,
                ),
            ],
            milestones=[
                MilestoneRow(name="方案评审", due_date=dt.date(2026, 3, 18), buffer_days=1),
                MilestoneRow(name="正式上线", due_date=dt.date(2026, 3, 30)),
            ],
        ),
    )


def pending_letter(card):
    return SignatureRequest.objects.get(
        object_id=card.pk, document_type="goal_confirmation_letter", status="pending"
    )


def sign(request, user, decision="approve", comment=""):
    collab_services.signature_sign(
        request=request, user=user, decision=decision, comment=comment, password=PASSWORD
    )


def add_item(company, card, title, owner, due):
    item, _warnings = services.action_item_create(
        by=company.lead, card=card, values={"title": title, "owner": owner, "due_date": due}
    )
    return item


def finish(item, by, **extra):
    return services.action_item_report_progress(
        item=item, by=by, status="done", percent=100, **extra
    )


@pytest.fixture
def closed_card(company):
    """A card's whole life, each step on its date:

    - asked Friday 6 March 10:00; Finance confirms Monday (1 working day), Technology
      Tuesday 15:00 (2 working days, after its Tuesday 10:00 deadline);
    - signed and active Wednesday 11 March (planned start: Monday 9 March);
    - items: A done early; B delayed by an on-time notice, acknowledged, done by the new
      date; C done late without a notice; D delayed by a late notice, acknowledged, done
      after the new date too; E still open at the close; F cancelled;
    - risks coordinated after 3 hours and after 30 hours;
    - accepted 31 March, closed Friday 3 April (planned end: 31 March).
    """
    c = company
    with at(3, 2, 9):
        card = new_card(c)
    with at(3, 6, 10):
        services.card_submit(card=card, by=c.lead)
    with at(3, 9, 11):
        services.department_confirm(card=card, department_code="FIN", by=c.fin_contact)
    with at(3, 10, 15):
        services.department_confirm(card=card, department_code="TEC", by=c.tec_head)
    letter = pending_letter(card)
    with at(3, 11, 10):
        sign(letter, c.fin_head)
    with at(3, 11, 10, 30):
        sign(letter, c.tec_head)
    with at(3, 11, 11):
        a = add_item(c, card, "定价方案", c.fin_contact, dt.date(2026, 3, 20))
        b = add_item(c, card, "订单页开发", c.tec_contact, dt.date(2026, 3, 18))
        c_item = add_item(c, card, "物流对接", c.tec_contact, dt.date(2026, 3, 20))
        d = add_item(c, card, "上市发布会", c.fin_contact, dt.date(2026, 3, 23))
        e = add_item(c, card, "培训材料", c.fin_contact, dt.date(2026, 3, 27))
        f = add_item(c, card, "海外调研", c.fin_contact, dt.date(2026, 3, 25))
    with at(3, 12, 9):
        supplier = services.risk_raise(
            card=card,
            by=c.tracker,
            description="供应商交付延迟",
            impact="high",
            likelihood="medium",
            owner=c.tec_contact,
        )
    with at(3, 12, 12):
        services.risk_coordinate(
            risk=supplier,
            by=c.lead,
            solution="启用备选供应商",
            responsible_department=c.technology,
            deadline=dt.date(2026, 3, 20),
        )
    with at(3, 13, 10):
        budget = services.risk_raise(
            card=card,
            by=c.fin_contact,
            description="预算超支",
            impact="medium",
            likelihood="medium",
            owner=c.fin_contact,
        )
    with at(3, 14, 16):
        services.risk_coordinate(
            risk=budget,
            by=c.lead,
            solution="削减活动预算",
            responsible_department=c.finance,
            deadline=dt.date(2026, 3, 25),
        )
    with at(3, 16, 9):  # 2 working days before Wednesday 18th: on time
        notice_b = services.delay_notice_file(
            item=b, by=c.tec_contact, reason="接口变更", new_due_date=dt.date(2026, 3, 25)
        )
    with at(3, 16, 14):
        services.delay_notice_acknowledge(notice=notice_b, by=c.lead)
    with at(3, 19, 17):
        finish(
            a,
            c.fin_contact,
            output_file=SimpleUploadedFile("pricing.txt", b"price list", "text/plain"),
        )
    with at(3, 20, 9):
        services.action_item_report_progress(item=f, by=c.lead, status="cancelled", percent=0)
    with at(3, 20, 18):
        services.progress_update_add(
            card=card,
            by=c.fin_contact,
            department=c.finance,
            date=dt.date(2026, 3, 20),
            percent=60,
            done="定价已完成",
        )
        services.progress_update_add(
            card=card,
            by=c.tec_contact,
            department=c.technology,
            date=dt.date(2026, 3, 20),
            percent=40,
            done="接口联调中",
        )
    with at(3, 23, 9):  # on the due date itself: a late notice
        notice_d = services.delay_notice_file(
            item=d, by=c.fin_contact, reason="场地未定", new_due_date=dt.date(2026, 3, 27)
        )
    with at(3, 23, 10):
        finish(c_item, c.tec_contact)
    with at(3, 23, 15):
        services.delay_notice_acknowledge(notice=notice_d, by=c.tracker)
    with at(3, 24, 16):
        finish(b, c.tec_contact)
        services.progress_update_add(
            card=card,
            by=c.tec_contact,
            department=c.technology,
            date=dt.date(2026, 3, 24),
            percent=90,
            done="订单页已上线",
            problems="物流接口延迟",
        )
    with at(3, 30, 10):
        finish(d, c.fin_contact)
    with at(3, 30, 11):
        a.refresh_from_db()
        b.refresh_from_db()
        services.card_submit_for_acceptance(card=card, by=c.lead, deliverables=[a, b])
    with at(3, 31, 10):
        services.card_accept(card=card, by=c.accepter)
    with at(4, 3, 16):
        services.card_close(
            card=card,
            by=c.lead,
            successes="三个城市按时上线",
            shortcomings="物流对接晚了三天",
            improvements="提前锁定供应商",
        )
    card.refresh_from_db()
    return SimpleNamespace(card=card, items=SimpleNamespace(a=a, b=b, c=c_item, d=d, e=e, f=f))


@pytest.fixture
def figures(closed_card):
    with at(4, 10):
        return retrospective_figures(closed_card.card)


def test_schedule_compares_planned_and_actual_dates(figures):
    assert figures["schedule"] == {
        "planned_start": dt.date(2026, 3, 9),
        "planned_end": dt.date(2026, 3, 31),
        "actual_start": dt.date(2026, 3, 11),
        "actual_end": dt.date(2026, 4, 3),
        "start_delta_days": 2,
        "end_delta_days": 3,
        "planned_days": 23,
        "actual_days": 24,
    }


def test_items_are_on_time_delayed_with_notice_or_late(figures, closed_card):
    items = figures["items"]
    assert {key: value for key, value in items.items() if key != "rows"} == {
        "total": 5,
        Outcome.ON_TIME: 1,
        Outcome.WITH_NOTICE: 1,
        Outcome.LATE: 3,  # done late, late after its notice, open at the close
        Outcome.OPEN: 0,
        Outcome.CANCELLED: 1,
    }
    outcome = {row["item"].pk: row["outcome"] for row in items["rows"]}
    i = closed_card.items
    assert outcome == {
        i.a.pk: Outcome.ON_TIME,
        i.b.pk: Outcome.WITH_NOTICE,
        i.c.pk: Outcome.LATE,
        i.d.pk: Outcome.LATE,
        i.e.pk: Outcome.LATE,
        i.f.pk: Outcome.CANCELLED,
    }
    row_b = next(row for row in items["rows"] if row["item"].pk == i.b.pk)
    assert (row_b["original_due_date"], row_b["due_date"], row_b["completed_on"]) == (
        dt.date(2026, 3, 18),
        dt.date(2026, 3, 25),
        dt.date(2026, 3, 24),
    )


def test_late_delay_notices_are_counted_apart(figures):
    assert figures["delay_notices"] == {"total": 2, "on_time": 1, "late": 1, "acknowledged": 2}


def test_risks_show_how_fast_they_were_coordinated(figures):
    assert figures["risks"] == {
        "raised": 2,
        "coordinated": 2,
        "coordinated_in_time": 1,
        "coordinated_late": 1,
        "never_coordinated": 0,
        "median_hours": 16.5,
        "longest_hours": 30.0,
        "limit_hours": 24,
    }


def test_confirmation_time_counts_working_days_across_the_weekend(figures, company):
    confirmations = figures["confirmations"]
    rows = [
        (row["department"].code, row["working_days"], row["in_time"], row["answered_by"])
        for row in confirmations["rows"]
    ]
    assert rows == [
        ("FIN", 1, True, company.fin_contact),  # Friday → Monday
        ("TEC", 2, False, company.tec_head),  # Friday → Tuesday 15:00, due Tuesday 10:00
    ]
    assert confirmations["longest_working_days"] == 2
    assert confirmations["limit_working_days"] == 2
    assert confirmations["in_time"] == 1


def test_the_leads_retrospective_is_carried(figures):
    assert figures["retrospective"] == {
        "successes": "三个城市按时上线",
        "shortcomings": "物流对接晚了三天",
        "improvements": "提前锁定供应商",
    }


def test_a_make_up_working_day_counts_for_confirmation(closed_card):
    """The calendar's overrides apply: Saturday 7 March made a working day → Finance took 2."""
    from collab.models import CalendarOverride

    CalendarOverride.objects.create(date=dt.date(2026, 3, 7), kind="working")
    rows = retrospective_figures(closed_card.card)["confirmations"]["rows"]
    assert [row["working_days"] for row in rows] == [2, 3]


def test_figures_take_a_fixed_number_of_queries(closed_card, django_assert_num_queries):
    # calendar, items, their dependencies, their delay notices, risks, departments
    with django_assert_num_queries(6):
        retrospective_figures(closed_card.card)


# --- one item's outcome, without the database ---------------------------------------------


@pytest.fixture
def calendar():
    from collab.workdays import WorkingCalendar

    return WorkingCalendar({})


def item(status, due, original=None, completed=None):
    return ActionItem(
        status=status,
        due_date=due,
        original_due_date=original or due,
        completed_at=completed and dt.datetime.combine(completed, dt.time(23, 30), SHANGHAI),
    )


def notice(new_due, acknowledged=True):
    return DelayNotice(
        new_due_date=new_due,
        acknowledged_at=dt.datetime(2026, 3, 1, tzinfo=SHANGHAI) if acknowledged else None,
    )


@pytest.mark.parametrize(
    ("subject", "notices", "closed_on", "expected"),
    [
        # Done at 23:30 local on the due date: still on time (local dates, not UTC).
        (item("done", dt.date(2026, 3, 10), completed=dt.date(2026, 3, 10)), [], None, "on_time"),
        (item("done", dt.date(2026, 3, 10), completed=dt.date(2026, 3, 11)), [], None, "late"),
        # A notice nobody acknowledged excuses nothing.
        (
            item("done", dt.date(2026, 3, 10), completed=dt.date(2026, 3, 12)),
            [notice(dt.date(2026, 3, 13), acknowledged=False)],
            None,
            "late",
        ),
        (
            item("done", dt.date(2026, 3, 13), dt.date(2026, 3, 10), dt.date(2026, 3, 13)),
            [notice(dt.date(2026, 3, 13))],
            None,
            "delayed_with_notice",
        ),
        # Open: late once the card is closed or the item is overdue, else still open.
        (item("in_progress", dt.date(2026, 3, 20)), [], dt.date(2026, 3, 16), "late"),
        (item("in_progress", dt.date(2026, 3, 20)), [], None, "open"),
        (item("not_started", dt.date(2026, 3, 13)), [], None, "late"),
        (item("cancelled", dt.date(2026, 3, 13)), [], dt.date(2026, 3, 16), "cancelled"),
    ],
)
def test_item_outcome(subject, notices, closed_on, expected, calendar):
    today = dt.date(2026, 3, 16)
    assert (
        item_outcome(subject, notices, calendar=calendar, closed_on=closed_on, today=today)
        == expected
    )

"""Demo cards for `make run`: one active with items, risks and a late delay notice, one
closed with its retrospective, and two waiting on department heads (a goal letter to sign,
confirmations to give), so that "My work" has something for mkt.head and fin.head. Built
through the services, as users would build them."""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from collab import services as collab_services
from collab.management.commands.seed_demo import DEMO_PASSWORD
from collab.models import Department, SignatureRequest, User
from collab.workdays import add_working_days

from . import services
from .models import Card, ItemRecurrence
from .services import CardInput, DepartmentRow, MilestoneRow

ACTIVE_TITLE = "新品上市跨部门协同 · New product launch"
CLOSED_TITLE = "客服工单系统升级 · Service ticket system upgrade"


def seed_demo_cards(stdout) -> None:
    if Card.objects.filter(title__in=[ACTIVE_TITLE, CLOSED_TITLE]).exists():
        return
    people = {user.username: user for user in User.objects.all()}
    departments = {department.code: department for department in Department.objects.all()}
    if not {"mkt.head", "cs.head", "tec.head"} <= people.keys():
        return
    today = timezone.localdate()
    active = _active_card(people, departments, today)
    _marketing_items(active, people, today)
    closed = _closed_card(people, departments, today)
    signing, confirming = _cards_awaiting_heads(people, departments, today)
    stdout.write(
        f"Demo cards: {active.code} (active), {closed.code} (closed), {signing.code} (goal "
        f"letter to sign), {confirming.code} (confirmations owed)"
    )


def _sign_letter(card: Card) -> None:
    request = SignatureRequest.objects.get(
        object_id=card.pk, status="pending", document_type="goal_confirmation_letter"
    )
    for place in request.required_signers.select_related("user"):
        collab_services.signature_sign(
            request=request,
            user=place.user,
            decision="approve",
            password=DEMO_PASSWORD,
            user_agent="demo data",
        )


def _activate(card: Card, answerers: dict[str, User]) -> None:
    services.card_submit(card=card, by=card.initiator)
    for code, person in answerers.items():
        services.department_confirm(card=card, department_code=code, by=person)
    _sign_letter(card)


def _item(card, owner, title, due, **values):
    item, _warnings = services.action_item_create(
        by=card.lead, card=card, values={"title": title, "owner": owner, "due_date": due, **values}
    )
    return item


def _active_card(people, departments, today) -> Card:
    p, d = people, departments
    card = services.card_create(
        by=p["mkt.contact1"],
        data=CardInput(
            fields={
                "title": ACTIVE_TITLE,
                "kind": "project",
                "priority": "high",
                "initiating_department": d["MKT"],
                "lead": p["mkt.member1"],
                "tracker": p["mkt.contact1"],
                "background": "竞品已在两个城市先行上市；渠道要求新品在春节前到店，"
                "否则首发窗口错过一个季度。",
                "goal": "在 3 个城市同步上市新品，首月销量 2 万件，准时交付率 ≥ 95%。",
                "key_results": ["3 个城市同步开售", "首月销量 20,000 件", "退货率低于 2%"],
                "in_scope": "定价、备货与干线运输、上市活动、上市预算",
                "out_of_scope": "海外市场；线上旗舰店改版",
                "planned_start": today - dt.timedelta(days=20),
                "planned_end": today + dt.timedelta(days=40),
                "budget_amount": 350000,
                "budget_currency": "CNY",
                "people_needed": "销售 4 人、物流 3 人、财务 1 人",
                "equipment_needed": "展台 2 套",
                "meeting_cadence": "weekly",
                "meeting_channel": "mixed",
                "acceptance_department": d["MKT"],
            },
            departments=[
                DepartmentRow(
                    department=d["SAL"],
                    role="executor",
                    contact=p["sal.contact1"],
                    responsibilities="销售经理在上市前 10 天确定首批城市与价格，书面发布",
                ),
                DepartmentRow(
                    department=d["LOG"],
                    role="executor",
                    contact=p["log.contact1"],
                    responsibilities="Logistics planner ships 5,000 units to 3 city "
                    "warehouses 5 days before launch",
                ),
                DepartmentRow(
                    department=d["FIN"],
                    role="resources",
                    contact=p["fin.contact1"],
                    responsibilities="财务分析师 3 个工作日内审批上市预算并拨付",
                ),
            ],
            milestones=[
                MilestoneRow(name="定价确认", due_date=today - dt.timedelta(days=5), buffer_days=2),
                MilestoneRow(
                    name="Stock in city warehouses",
                    due_date=today + dt.timedelta(days=14),
                    buffer_days=3,
                ),
                MilestoneRow(name="上市发布会", due_date=today + dt.timedelta(days=30)),
            ],
        ),
    )
    _activate(card, {"SAL": p["sal.contact1"], "LOG": p["log.head"], "FIN": p["fin.contact1"]})
    pricing = _item(
        card,
        p["sal.contact1"],
        "确定首批城市及定价",
        today - dt.timedelta(days=5),
        deliverable="价格表（已发布）",
    )
    services.action_item_report_progress(
        item=pricing,
        by=p["sal.contact1"],
        status="done",
        percent=100,
        output_link="https://intranet.example.com/prices",
    )
    stock = _item(
        card,
        p["log.contact1"],
        "备货 5,000 件并安排干线运输",
        today,
        deliverable="入库单",
        priority="high",
    )
    # Filed on the due date itself: flagged late, waiting for the lead to acknowledge.
    services.delay_notice_file(
        item=stock,
        by=p["log.contact1"],
        reason="供应商延迟两天发货 / The supplier ships two days late.",
        new_due_date=today + dt.timedelta(days=7),
    )
    budget = _item(
        card, p["fin.contact1"], "Approve the launch budget", today + dt.timedelta(days=10)
    )
    services.action_item_report_progress(
        item=budget, by=p["fin.contact1"], status="in_progress", percent=40
    )
    event = _item(card, p["log.member1"], "上市活动物料运输", today + dt.timedelta(days=25))
    services.action_item_update(item=event, by=card.lead, values={}, depends_on=[stock])
    services.progress_update_add(
        card=card,
        by=p["sal.contact1"],
        department=d["SAL"],
        date=today,
        percent=35,
        done="首批 3 城价格已发布",
        problems="竞品降价 5%",
    )
    services.progress_update_add(
        card=card,
        by=p["log.contact1"],
        department=d["LOG"],
        date=today,
        percent=20,
        done="Two of three warehouses booked",
        problems="Supplier two days late",
    )
    capacity = services.risk_raise(
        card=card,
        by=p["log.contact1"],
        description="华东仓容量不足，可能影响备货",
        impact="high",
        likelihood="medium",
        owner=p["log.head"],
        mitigation="临时租用第三方仓库",
    )
    services.risk_coordinate(
        risk=capacity,
        by=card.lead,
        solution="租用第三方仓库 2 个月",
        responsible_department=d["LOG"],
        deadline=today + dt.timedelta(days=7),
    )
    services.risk_raise(
        card=card,
        by=p["sal.contact1"],
        description="Competitor cut prices by 5% in two of the cities",
        impact="medium",
        likelihood="high",
        owner=p["sal.head"],
    )
    return card


def _marketing_items(card, people, today) -> None:
    """Items Marketing's people owe on the launch card, so that its head's overview shows one
    overdue and one at risk (the card's overdue milestone and open high risk are the red flags
    its executive, exec.zhou, sees)."""
    _item(
        card,
        people["mkt.contact1"],
        "发布会嘉宾名单 · Launch event guest list",
        today - dt.timedelta(days=2),
    )
    _item(card, people["mkt.member1"], "Launch press release", today + dt.timedelta(days=1))
    # The example of a repeating item: every Monday for eight weeks.
    monday = today + dt.timedelta(days=(7 - today.weekday()) % 7)
    feedback = _item(
        card, people["cs.contact1"], "收集支付失败反馈 · Collect payment-failure feedback", monday
    )
    services.action_item_repeat(
        item=feedback,
        by=card.lead,
        rule=ItemRecurrence.Rule.WEEKLY,
        weekday=0,
        until=monday + dt.timedelta(weeks=7),
    )


def _closed_card(people, departments, today) -> Card:
    """A card that ran over the past weeks, on working days of the company calendar: built
    step by step on the demo clock, so that its retrospective report shows believable
    figures (answers within 1–2 working days, a start on plan, an actual duration of weeks)."""
    p, d = people, departments
    planned_start = add_working_days(today, -33)
    planned_end = add_working_days(today, -7)
    asked = add_working_days(planned_start, -5)
    with _on(asked, 14):
        card = services.card_create(
            by=p["cs.contact1"],
            data=CardInput(
                fields={
                    "title": CLOSED_TITLE,
                    "kind": "process",
                    "priority": "medium",
                    "initiating_department": d["CS"],
                    "lead": p["cs.member1"],
                    "tracker": p["cs.contact1"],
                    "background": "客户投诉中四成与响应慢有关，工单在客服与技术之间来回流转。",
                    "goal": "工单首次响应时间从 8 小时缩短到 2 小时。",
                    "key_results": ["首次响应 ≤ 2 小时", "满意度 ≥ 4.5"],
                    "in_scope": "工单系统升级、客服培训",
                    "out_of_scope": "电话系统",
                    "planned_start": planned_start,
                    "planned_end": planned_end,
                    "budget_amount": 80000,
                    "budget_currency": "CNY",
                    "meeting_cadence": "biweekly",
                    "meeting_channel": "online",
                    "acceptance_user": p["cs.head"],
                },
                departments=[
                    DepartmentRow(
                        department=d["TEC"],
                        role="executor",
                        contact=p["tec.contact1"],
                        responsibilities="Backend engineer upgrades the ticket system, with "
                        "zero downtime",
                    ),
                    DepartmentRow(
                        department=d["FIN"],
                        role="resources",
                        contact=p["fin.contact1"],
                        responsibilities="财务分析师 3 个工作日内审批升级预算 80,000 元",
                    ),
                ],
                milestones=[
                    MilestoneRow(
                        name="系统上线",
                        due_date=add_working_days(planned_start, 15),
                        buffer_days=2,
                    ),
                ],
            ),
        )
        services.card_submit(card=card, by=card.initiator)
    with _on(add_working_days(asked, 1), 15, 20):
        services.department_confirm(card=card, department_code="TEC", by=p["tec.contact1"])
    with _on(add_working_days(asked, 2), 11, 5):
        services.department_confirm(card=card, department_code="FIN", by=p["fin.contact1"])
    with _on(planned_start, 9, 30):
        _sign_letter(card)
    with _on(planned_start, 14):
        upgrade = _item(
            card,
            p["tec.contact1"],
            "Upgrade the ticket system",
            add_working_days(planned_start, 14),
            deliverable="Release notes",
        )
        training = _item(
            card,
            p["cs.contact1"],
            "客服培训",
            add_working_days(planned_start, 20),
            deliverable="培训记录",
        )
    with _on(add_working_days(planned_start, 2), 10):
        risk = services.risk_raise(
            card=card,
            by=p["tec.contact1"],
            description="数据迁移可能丢单",
            impact="high",
            likelihood="low",
            owner=p["tec.head"],
        )
    with _on(add_working_days(planned_start, 2), 16, 30):
        services.risk_coordinate(
            risk=risk,
            by=card.lead,
            solution="双写一周后切换",
            responsible_department=d["TEC"],
            deadline=add_working_days(planned_start, 10),
        )
    with _on(add_working_days(planned_start, 7), 17):
        services.progress_update_add(
            card=card,
            by=p["tec.contact1"],
            department=d["TEC"],
            date=timezone.localdate(),
            percent=50,
            done="New ticket queue running in parallel (dual write)",
            problems="",
        )
    with _on(add_working_days(planned_start, 13), 18):
        services.action_item_report_progress(
            item=upgrade, by=p["tec.contact1"], status="done", percent=100
        )
        services.milestone_mark_achieved(milestone=card.milestones.get(), by=card.lead)
    with _on(add_working_days(planned_start, 20), 17):
        services.action_item_report_progress(
            item=training, by=p["cs.contact1"], status="done", percent=100
        )
    with _on(add_working_days(planned_end, -2), 10):
        services.card_submit_for_acceptance(
            card=card, by=card.lead, deliverables=[upgrade, training], note="系统已上线，培训完成"
        )
    with _on(add_working_days(planned_end, -1), 15):
        services.card_accept(card=card, by=p["cs.head"], comment="首次响应已降至 1.5 小时")
    with _on(planned_end, 16):
        services.card_close(
            card=card,
            by=card.lead,
            successes="上线零停机；首次响应降至 1.5 小时。",
            shortcomings="培训安排偏晚，一周内工单积压。",
            improvements="下次在上线前两周完成培训。",
        )
    return card


def _cards_awaiting_heads(people, departments, today) -> tuple[Card, Card]:
    """Technology's cards with Marketing and Finance: one confirmed by both, its goal letter
    waiting for mkt.head and fin.head; one just sent, each department's answer owed."""
    p, d = people, departments
    cards = []
    for title, goal in (
        ("数据平台迁移 · Data platform migration", "三个月内把报表迁到新数据平台，零数据丢失。"),
        ("年度预算编制 · Annual budget planning", "十二月底前各部门预算定稿并经财务审核。"),
    ):
        cards.append(
            services.card_create(
                by=p["tec.contact1"],
                data=CardInput(
                    fields={
                        "title": title,
                        "kind": "project",
                        "priority": "medium",
                        "initiating_department": d["TEC"],
                        "lead": p["tec.member1"],
                        "tracker": p["tec.contact1"],
                        "background": "各部门报表口径不一，月结需要人工核对。",
                        "goal": goal,
                        "key_results": ["全部报表上线", "月结缩短 2 天"],
                        "in_scope": "报表、数据口径",
                        "out_of_scope": "业务系统改造",
                        "planned_start": today + dt.timedelta(days=3),
                        "planned_end": today + dt.timedelta(days=90),
                        "acceptance_department": d["TEC"],
                    },
                    departments=[
                        DepartmentRow(
                            department=d["MKT"],
                            role="support",
                            contact=p["mkt.contact1"],
                            responsibilities="市场分析师确认营销报表口径",
                        ),
                        DepartmentRow(
                            department=d["FIN"],
                            role="resources",
                            contact=p["fin.contact1"],
                            responsibilities="Finance analyst signs off the ledger mapping",
                        ),
                    ],
                    milestones=[],
                ),
            )
        )
    signing, confirming = cards
    services.card_submit(card=signing, by=signing.initiator)
    for code, person in (("MKT", p["mkt.contact1"]), ("FIN", p["fin.contact1"])):
        services.department_confirm(card=signing, department_code=code, by=person)
    services.card_submit(card=confirming, by=confirming.initiator)
    return signing, confirming


@contextmanager
def _on(day: dt.date, hour: int, minute: int = 0):
    """The demo clock: services run as if at `day` `hour`:`minute` (company time), so the
    closed card's history (asked, answered, signed, done, closed) carries believable dates.
    Services, auto_now_add fields and the history all read django.utils.timezone.now."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield

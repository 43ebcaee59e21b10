"""Demo feedback forms for `make run`, filed and answered through the feedback services as
users would: one in every state and of every urgency, an urgent one whose response is
overdue (breached), a confirmed one waiting for the two heads' signatures, one both heads
signed (the worker archives its PDF), and one turned into a draft task card."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from collab import services as collab_services
from collab.management.commands.seed_demo import DEMO_PASSWORD
from collab.models import Department, SignatureRequest, User

from . import services
from .models import FeedbackForm
from .services import FeedbackInput
from .signables import FEEDBACK_FORM

# The demo's forms are recognised by their background (seeding twice adds nothing).
FORMS = {
    "on_track": "新版会员积分规则下周上线，营销活动页需要同步改版。",
    "breached": "A key account's orders stopped syncing to the warehouse yesterday.",
    "acknowledged": "客服系统在高峰时段频繁超时，客户投诉明显增加。",
    "in_progress": "The launch campaign needs a budget line approved before the media buy.",
    "resolved": "季度盘点发现三个仓库的库存差异超过 2%。",
    "confirmed": "Sales contracts wait up to a week for the logistics terms.",
    "signed": "月度对账单的格式每个部门都不一样，财务汇总耗时两天。",
    "escalated": "Returns from the new marketplace channel have no owner between departments.",
}


def seed_demo_feedback(stdout) -> None:
    if FeedbackForm.objects.filter(background__in=FORMS.values()).exists():
        return
    people = {user.username: user for user in User.objects.all()}
    departments = {department.code: department for department in Department.objects.all()}
    needed = {"mkt.contact1", "sal.contact1", "cs.contact1", "tec.contact1", "fin.contact1"}
    if not needed <= people.keys() or not {"MKT", "TEC", "FIN", "LOG"} <= departments.keys():
        return
    now = timezone.now()
    forms = [
        _on_track(people, departments, now),
        _breached(people, departments, now),
        _acknowledged(people, departments, now),
        _in_progress(people, departments, now),
        _resolved(people, departments, now),
        _confirmed(people, departments, now),
        _signed(people, departments, now),
        _escalated(people, departments, now),
    ]
    stdout.write(
        "Demo feedback forms: "
        + ", ".join(f"{form.code} ({form.urgency}, {form.status})" for form in forms)
    )


@contextmanager
def _at(moment: dt.datetime):
    """The demo clock, as in meetings/demo.py: the services run as if at `moment`, so that
    a form filed days ago has the deadlines it would have had then."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _file(by: User, department: Department, *, key: str, urgency: str, **values) -> FeedbackForm:
    kind = values.pop("kind", FeedbackForm.Kind.COLLABORATION_REQUEST)
    days = values.pop("days", 7)
    involved = values.pop("involved", [])
    return services.feedback_submit(
        by=by,
        data=FeedbackInput(
            values={
                "initiating_department": by.department,
                "urgency": urgency,
                "kind": kind,
                "background": FORMS[key],
                "receiving_department": department,
                "expected_completion": timezone.now() + dt.timedelta(days=days),
                **values,
            },
            involved_departments=involved,
        ),
    )


def _on_track(p, d, now) -> FeedbackForm:
    """Marketing asks Technology for a page change: filed an hour ago, normal urgency."""
    with _at(now - dt.timedelta(hours=1)):
        return _file(
            p["mkt.contact1"],
            d["TEC"],
            key="on_track",
            urgency="normal",
            current_situation="活动页仍是旧规则的文案和计算方式。",
            expectation="Update the campaign page to the new points rules before launch.",
            related_item="会员积分 2.0",
        )


def _breached(p, d, now) -> FeedbackForm:
    """Sales reports a fault to Technology two days ago, urgent (respond within 24 hours),
    and nobody has answered: breached."""
    with _at(now - dt.timedelta(hours=50)):
        return _file(
            p["sal.contact1"],
            d["TEC"],
            key="breached",
            urgency="urgent",
            kind=FeedbackForm.Kind.FAULT_OR_COMPLAINT,
            current_situation="Orders since Tuesday 14:00 are missing in the warehouse system.",
            expectation="Restore the sync and resend the missing orders today.",
            days=3,
        )


def _acknowledged(p, d, now) -> FeedbackForm:
    """Customer Service raises a critical bottleneck; Technology acknowledged it."""
    with _at(now - dt.timedelta(hours=3)):
        form = _file(
            p["cs.contact1"],
            d["TEC"],
            key="acknowledged",
            urgency="critical",
            kind=FeedbackForm.Kind.PROCESS_BOTTLENECK,
            current_situation="晚高峰工单系统响应超过 10 秒，坐席只能手工记录。",
            expectation="Bring response times under two seconds at peak.",
            days=2,
        )
    with _at(now - dt.timedelta(hours=2)):
        return services.feedback_acknowledge(
            form=form, by=p["tec.contact1"], note="已确认，正在排查数据库连接池。"
        )


def _in_progress(p, d, now) -> FeedbackForm:
    """Marketing asks Finance for a budget line: acknowledged, discussed in the log, an
    action item for Finance's member."""
    with _at(now - dt.timedelta(days=2)):
        form = _file(
            p["mkt.contact1"],
            d["FIN"],
            key="in_progress",
            urgency="urgent",
            kind=FeedbackForm.Kind.RESOURCE_REQUEST,
            current_situation="The media agency needs a signed budget by Friday.",
            expectation="Approve 200,000 CNY for the launch media buy.",
            involved=[d["SAL"]] if "SAL" in d else [],
        )
    with _at(now - dt.timedelta(days=2) + dt.timedelta(hours=3)):
        services.feedback_acknowledge(form=form, by=p["fin.contact1"])
    with _at(now - dt.timedelta(days=1)):
        services.feedback_log_add(
            form=form, by=p["mkt.contact1"], text="Agency quote attached to the card; 195k."
        )
        services.feedback_log_add(
            form=form, by=p["fin.contact1"], text="预算科目已确认，等待财务总监签批。"
        )
        if "fin.member1" in p:
            services.feedback_action_item_add(
                form=form,
                by=p["fin.contact1"],
                values={
                    "title": "Prepare the budget approval for the launch media buy",
                    "owner": p["fin.member1"],
                    "due_date": timezone.localdate() + dt.timedelta(days=3),
                    "priority": "high",
                },
            )
    form.refresh_from_db()
    return form


def _resolve(form, by: User, responsible: User, solution: str) -> FeedbackForm:
    return services.feedback_resolve(
        form=form,
        by=by,
        solution=solution,
        completed_at=timezone.now() - dt.timedelta(hours=1),
        responsible_person=responsible,
    )


def _resolved(p, d, now) -> FeedbackForm:
    """Logistics asks Finance about stock differences; resolved, waiting for the rating."""
    by = p.get("log.contact1") or p["mkt.contact1"]
    with _at(now - dt.timedelta(days=5)):
        form = _file(
            by,
            d["FIN"],
            key="resolved",
            urgency="normal",
            kind=FeedbackForm.Kind.OTHER,
            kind_other="库存核对 · stock reconciliation",
            current_situation="账面与实盘不一致，月结无法关账。",
            expectation="Agree the adjustment and close the month.",
        )
    with _at(now - dt.timedelta(days=4)):
        services.feedback_acknowledge(form=form, by=p["fin.contact1"])
    with _at(now - dt.timedelta(hours=6)):
        return _resolve(
            form,
            p["fin.contact1"],
            p["fin.contact1"],
            "Differences traced to unposted returns; adjustment booked.",
        )


def _confirmed(p, d, now) -> FeedbackForm:
    """Sales asked Logistics for faster contract terms: resolved, rated 4, the two heads
    are asked to sign."""
    by = p["sal.contact1"]
    answer = p.get("log.contact1") or d["LOG"].head
    with _at(now - dt.timedelta(days=8)):
        form = _file(
            by,
            d["LOG"],
            key="confirmed",
            urgency="critical",
            current_situation="Three deals slipped last month waiting for delivery terms.",
            expectation="Standard delivery terms within one working day.",
            days=6,
        )
    with _at(now - dt.timedelta(days=8) + dt.timedelta(hours=2)):
        services.feedback_acknowledge(form=form, by=answer)
    with _at(now - dt.timedelta(days=3)):
        _resolve(form, answer, answer, "标准物流条款模板已上线，销售可直接引用。")
    with _at(now - dt.timedelta(days=2)):
        return services.feedback_rate(
            form=form, by=by, satisfaction=4, comment="Much faster; one template still missing."
        )


def _signed(p, d, now) -> FeedbackForm:
    """Marketing asked Finance for one statement format: resolved, rated 5, and signed by
    both heads, so its signed PDF is archived."""
    by = p["mkt.contact1"]
    with _at(now - dt.timedelta(days=12)):
        form = _file(
            by,
            d["FIN"],
            key="signed",
            urgency="normal",
            kind=FeedbackForm.Kind.PROCESS_BOTTLENECK,
            current_situation="各部门提交的对账单字段和顺序不一致。",
            expectation="One statement template for every department from next month.",
            days=10,
        )
    with _at(now - dt.timedelta(days=11)):
        services.feedback_acknowledge(form=form, by=p["fin.contact1"])
    with _at(now - dt.timedelta(days=6)):
        _resolve(form, p["fin.contact1"], p["fin.contact1"], "统一对账单模板已发布并培训。")
    with _at(now - dt.timedelta(days=5)):
        services.feedback_rate(form=form, by=by, satisfaction=5, comment="清晰好用，谢谢！")
    request = SignatureRequest.objects.get(
        object_id=form.pk, document_type=FEEDBACK_FORM, status=SignatureRequest.Status.PENDING
    )
    for place in request.required_signers.select_related("user"):
        collab_services.signature_sign(
            request=request,
            user=place.user,
            decision="approve",
            password=DEMO_PASSWORD,
            user_agent="demo data",
        )
    form.refresh_from_db()
    return form


def _escalated(p, d, now) -> FeedbackForm:
    """Customer Service reports that marketplace returns fall between departments;
    Logistics acknowledged it and turned it into a draft task card."""
    answer = p.get("log.contact1") or d["LOG"].head
    with _at(now - dt.timedelta(days=3)):
        form = _file(
            p["cs.contact1"],
            d["LOG"],
            key="escalated",
            urgency="normal",
            kind=FeedbackForm.Kind.COLLABORATION_REQUEST,
            current_situation="退货包裹在仓库积压，客服无法答复客户退款时间。",
            expectation="Agree who owns marketplace returns from receipt to refund.",
            involved=[d["FIN"]],
            days=20,
        )
    with _at(now - dt.timedelta(days=2)):
        services.feedback_acknowledge(form=form, by=answer)
    with _at(now - dt.timedelta(days=1)):
        services.feedback_escalate(form=form, by=answer)
    form.refresh_from_db()
    return form

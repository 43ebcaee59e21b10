"""Demo meetings for `make run`, built through the meetings services as users would: a
past coordination meeting on the launch card with published minutes, action items and a
confirmation letter waiting for the heads' signatures; the launch card's next weekly
meeting, its notice sent and partly answered; and a meeting whose minutes are overdue, so
that its recorder (tec.contact1) has minutes to write on "My work"."""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from collab.models import Department, User
from collab.workdays import add_working_days
from tasks.selectors import cards_visible_to

from . import services
from .models import Formalisation, Invitation, Meeting
from .services.meetings import AgendaEntry, DepartmentInvitation, Invitee, MeetingInput

PUBLISHED_TOPIC = "上市预算与落地页协调会 · Launch budget and landing page"
UPCOMING_TOPIC = "新品上市周例会 · Launch weekly meeting"
OVERDUE_TOPIC = "报表口径对齐会 · Reporting definitions alignment"
TOPICS = (PUBLISHED_TOPIC, UPCOMING_TOPIC, OVERDUE_TOPIC)


def seed_demo_meetings(stdout) -> None:
    if Meeting.objects.filter(topic__in=TOPICS).exists():
        return
    people = {user.username: user for user in User.objects.all()}
    departments = {department.code: department for department in Department.objects.all()}
    if not {"mkt.member1", "fin.head", "tec.contact1", "sal.head"} <= people.keys():
        return
    # The tasks demo's active launch card, which mkt.member1 leads (None without it).
    lead = people["mkt.member1"]
    card = cards_visible_to(lead).filter(lead=lead, status="active").order_by("pk").first()
    today = timezone.localdate()
    published = _published_meeting(people, departments, card, today)
    upcoming = _upcoming_meeting(people, departments, card, today)
    overdue = _overdue_meeting(people, departments, today)
    stdout.write(
        f"Demo meetings: {published.code} (minutes published, confirmation letter to sign), "
        f"{upcoming.code} (notice sent), {overdue.code} (minutes overdue)"
    )


@contextmanager
def _on(day: dt.date, hour: int, minute: int = 0):
    """The demo clock, as in tasks/demo.py: services run as if at `day` `hour`:`minute`
    (company time), so that a past meeting was noticed before it, recorded after it."""
    with mock.patch("django.utils.timezone.now", return_value=_moment(day, hour, minute)):
        yield


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _call(by: User, values: dict, *, departments, invitees=(), agenda=()) -> Meeting:
    meeting, _warnings = services.meeting_create(
        by=by,
        data=MeetingInput(
            values=values,
            invitees=list(invitees),
            departments=[DepartmentInvitation(department) for department in departments],
            agenda=list(agenda),
        ),
    )
    return meeting


def _answer(meeting: Meeting, person: User, response: str, **answer) -> None:
    invitation = meeting.invitations.get(person=person)
    services.invitation_answer(invitation=invitation, by=person, response=response, **answer)


def _published_meeting(people, departments, card, today) -> Meeting:
    """Held two working days ago on the launch card: Marketing with Finance and Technology.
    Noticed four working days ahead, recorded (one absence), three conclusions, a
    disagreement decided by Marketing's head, three action items for three departments,
    published, then formalised into a confirmation letter the heads are to sign."""
    p, d = people, departments
    day = add_working_days(today, -2)
    with _on(add_working_days(day, -4), 10):
        meeting = _call(
            p["mkt.member1"],
            {
                "topic": PUBLISHED_TOPIC,
                "kind": Meeting.Kind.COORDINATION,
                "channel": Meeting.Channel.IN_PERSON,
                "place": "3F 大会议室 · Room 3F",
                "starts_at": _moment(day, 14),
                "ends_at": _moment(day, 15),
                "host": p["mkt.member1"],
                "recorder": p["mkt.contact1"],
                "background": "上市预算尚未拨付，落地页排期未定，首发窗口只剩六周。",
                "goal": "Agree the launch budget, the landing page date and who pays for ads.",
                "card": card,
            },
            departments=[d["FIN"], d["TEC"]],
            invitees=[Invitee(p["mkt.head"]), Invitee(p["mkt.contact1"])],
            agenda=[
                AgendaEntry("上市预算 · Launch budget", 20, p["fin.contact1"]),
                AgendaEntry("Landing page schedule", 25, p["tec.contact1"]),
                AgendaEntry("广告费用分摊 · Ad costs", 15, p["mkt.member1"]),
            ],
        )
        services.notice_send(meeting=meeting, by=meeting.host)
    with _on(add_working_days(day, -4), 15):
        for person in (
            "mkt.head",
            "fin.head",
            "fin.contact1",
            "tec.head",
            "tec.contact2",
            "mkt.contact1",
        ):
            _answer(meeting, p[person], Invitation.Response.ATTEND)
        _answer(
            meeting,
            p["tec.contact1"],
            Invitation.Response.DECLINE,
            reason="出差 · On a business trip",
        )
    with _on(day, 15, 10):
        services.attendance_record(
            meeting=meeting,
            by=meeting.recorder,
            rows=[
                services.AttendanceRow(
                    invitation,
                    attended=invitation.person != p["tec.contact1"],
                    absence_reason="出差 · On a business trip"
                    if invitation.person == p["tec.contact1"]
                    else "",
                )
                for invitation in meeting.invitations.select_related("person")
            ],
        )
        minutes = services.minutes_save(
            meeting=meeting,
            by=meeting.recorder,
            data=services.MinutesInput(
                viewpoints=[
                    (d["MKT"], "首发窗口不能错过，落地页须在上市前两周上线。"),
                    (d["FIN"], "Budget fits Q4 if paid in two tranches."),
                    (d["TEC"], "落地页需要两周开发，一周测试。"),
                ],
                conclusions=[
                    "上市预算 350,000 元分两期拨付 · The launch budget is paid in two tranches.",
                    "落地页在上市前 14 天上线 · The landing page goes live 14 days before launch.",
                    "每周一例会跟踪进度 · Progress is reviewed every Monday.",
                ],
                disagreements=[
                    services.DisagreementRow(
                        "广告费用由哪个部门承担 · Who pays for the ads", p["mkt.head"]
                    )
                ],
                follow_up_plan="下周一例会检查预算拨付与落地页设计稿。",
            ),
        )
        for title, owner, due, deliverable, priority in (
            (
                "拨付第一期上市预算 · Pay the first budget tranche",
                "fin.contact1",
                3,
                "付款凭证",
                "high",
            ),
            ("Build the launch landing page", "tec.contact1", 12, "Live page URL", "high"),
            ("广告投放计划 · Ad plan", "mkt.contact1", 7, "投放排期表", "medium"),
        ):
            services.minutes_item_add(
                meeting=meeting,
                by=meeting.recorder,
                values={
                    "title": title,
                    "owner": p[owner],
                    "due_date": today + dt.timedelta(days=due),
                    "deliverable": deliverable,
                    "priority": priority,
                },
            )
    with _on(day, 16):
        services.disagreement_decide(
            disagreement=minutes.disagreements.get(),
            by=p["mkt.head"],
            decision="由市场部预算承担 · Marketing's budget pays.",
        )
    with _on(day, 16, 30):
        services.minutes_publish(meeting=meeting, by=meeting.recorder)
    with _on(add_working_days(day, 1), 10):
        services.minutes_formalise(
            meeting=meeting,
            by=meeting.host,
            kind=Formalisation.Kind.CONFIRMATION_LETTER,
            summary="市场部、财务部、技术部确认上述结论与行动项。"
            "Marketing, Finance and Technology confirm the conclusions and action items above.",
        )
    return meeting


def _upcoming_meeting(people, departments, card, today) -> Meeting:
    """The launch card's next weekly meeting, online in four working days, noticed today:
    Sales' and Logistics' people answered (a deputy, a decline), Finance's head has not."""
    p, d = people, departments
    day = add_working_days(today, 4)
    meeting = _call(
        p["mkt.member1"],
        {
            "topic": UPCOMING_TOPIC,
            "kind": Meeting.Kind.WEEKLY,
            "channel": Meeting.Channel.ONLINE,
            "link": "https://meet.example.com/launch-weekly",
            "starts_at": _moment(day, 10),
            "ends_at": _moment(day, 11),
            "host": p["mkt.member1"],
            "recorder": p["mkt.contact1"],
            "background": "上市前第五周：备货延迟两天，竞品降价 5%。",
            "goal": "Confirm the stock plan and the price response.",
            "card": card,
        },
        departments=[d["SAL"], d["LOG"], d["FIN"]],
        invitees=[Invitee(p["mkt.contact1"])],
        agenda=[
            AgendaEntry("备货与干线运输 · Stock and transport", 20, p["log.contact1"]),
            AgendaEntry("Price response to the competitor", 20, p["sal.contact1"]),
            AgendaEntry("预算执行 · Budget spent so far", 15, p["fin.contact1"]),
        ],
    )
    services.notice_send(meeting=meeting, by=meeting.host)
    for person in ("sal.head", "sal.contact1", "log.contact1", "mkt.contact1"):
        _answer(meeting, p[person], Invitation.Response.ATTEND)
    _answer(meeting, p["log.head"], Invitation.Response.DEPUTY, deputy=p["log.member1"])
    _answer(meeting, p["log.member1"], Invitation.Response.ATTEND)
    _answer(
        meeting, p["fin.contact1"], Invitation.Response.DECLINE, reason="月结 · Month-end closing"
    )
    return meeting  # fin.head, required, has not answered


def _overdue_meeting(people, departments, today) -> Meeting:
    """Technology met Marketing and Finance three working days ago; its recorder has not
    written the minutes (due 24 hours after the end)."""
    p, d = people, departments
    day = add_working_days(today, -3)
    with _on(add_working_days(day, -1), 9):
        meeting = _call(
            p["tec.head"],
            {
                "topic": OVERDUE_TOPIC,
                "kind": Meeting.Kind.SPECIAL,
                "channel": Meeting.Channel.PHONE,
                "starts_at": _moment(day, 10),
                "ends_at": _moment(day, 10, 45),
                "host": p["tec.head"],
                "recorder": p["tec.contact1"],
                "background": "各部门报表口径不一，月结需要人工核对。",
                "goal": "Agree one definition of revenue for the new data platform.",
            },
            departments=[d["MKT"], d["FIN"]],
            invitees=[Invitee(p["tec.contact1"])],
            agenda=[AgendaEntry("收入口径 · Revenue definition", 30, p["fin.head"])],
        )
        services.notice_send(meeting=meeting, by=meeting.host)
    return meeting

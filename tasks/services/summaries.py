"""Scheduled mail of the task cards: the weekly summary per active card to its departments'
contacts, and the monthly risk report (协同风险报告) to each executive.

Both are run by an hourly job and are due from a fixed company-time moment onwards (Monday
09:00; the 1st of the month 09:00), so a late or repeated run still sends each exactly once:
the notification's unique (recipient, reason, key) is the record of what was sent.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from collab.models import Department, Notification, User
from collab.services import EmailFile, Message, notify, notify_many

from ..documents.risk_report import risk_report_pdf
from ..models import Card
from ..overviews.risk_report import risk_report
from ..summaries import card_weekly_summaries, week_code

SUMMARY_REASON = "card.weekly_summary"
SUMMARY_TEMPLATE = "tasks/notifications/card_weekly_summary"
RISK_REPORT_REASON = "risk_report.monthly"
RISK_REPORT_TEMPLATE = "tasks/notifications/risk_report_monthly"
SEND_AT = dt.time(9, 0)  # company time, on Monday and on the 1st of the month
BATCH = 200


def _local(now: dt.datetime | None) -> dt.datetime:
    return timezone.localtime(now or timezone.now(), timezone.get_default_timezone())


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()), timezone.get_default_timezone())


def summary_key(card_pk: int, week: str) -> str:
    return f"card:{card_pk}:{week}"


def card_weekly_summaries_send(*, now: dt.datetime | None = None) -> int:
    """Send this week's summary of every active card not yet summarised this week, once
    Monday 09:00 company time has passed. It covers the previous week (Monday to Sunday);
    overdue items, open risks and the next milestone are as they stand now. Cards are taken
    in keyset batches, each batch in its own transaction at a fixed number of queries.
    Returns how many notifications were created."""
    local = _local(now)
    today = local.date()
    monday = today - dt.timedelta(days=today.weekday())
    if today == monday and local.time() < SEND_AT:
        return 0
    week = week_code(today)
    start, end = _midnight(monday - dt.timedelta(days=7)), _midnight(monday)
    sent = 0
    after = 0
    while True:
        cards = list(
            Card.objects.filter(status=Card.Status.ACTIVE, pk__gt=after)
            .only("code", "title")
            .order_by("pk")[:BATCH]
        )
        if not cards:
            return sent
        after = cards[-1].pk
        sent += _summaries_send(cards, week=week, start=start, end=end, today=today)


@transaction.atomic
def _summaries_send(
    cards: list[Card], *, week: str, start: dt.datetime, end: dt.datetime, today: dt.date
) -> int:
    keys = {summary_key(card.pk, week): card for card in cards}
    # (reason, about) is indexed; `about` is the key for these notifications.
    done = set(
        Notification.objects.filter(reason=SUMMARY_REASON, about__in=keys).values_list(
            "about", flat=True
        )
    )
    pending = [card for key, card in keys.items() if key not in done]
    messages = []
    for summary in card_weekly_summaries(pending, start=start, end=end, today=today):
        key = summary_key(summary.card.pk, week)
        context = summary.context(week=week, start=start.date(), end=end.date())
        url = reverse("tasks:card-detail", args=[summary.card.code])
        messages.extend(
            Message(
                recipient=contact,
                reason=SUMMARY_REASON,
                key=key,
                template=SUMMARY_TEMPLATE,
                url=url,
                context=context,
            )
            for contact in summary.contacts
        )
    return len(notify_many(messages))


def risk_report_key(month: dt.date) -> str:
    return f"risk-report:{month:%Y-%m}"


def risk_reports_send(*, now: dt.datetime | None = None) -> int:
    """Email each executive last month's risk report as a PDF in their language, once the
    1st of the month 09:00 company time has passed; executives already sent it are skipped
    before anything is rendered, and executives whose departments have no card in the
    report get nothing. Each PDF is rendered outside any transaction (it takes seconds);
    each email is one short transaction. Returns how many reports were sent."""
    local = _local(now)
    if local.day == 1 and local.time() < SEND_AT:
        return 0
    month = (local.date().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    key = risk_report_key(month)
    executive_ids = Department.objects.filter(
        is_active=True, executive__isnull=False, executive__is_active=True
    ).values("executive_id")
    already = Notification.objects.filter(reason=RISK_REPORT_REASON, key=key).values("recipient_id")
    executives = list(
        User.objects.filter(pk__in=executive_ids).exclude(pk__in=already).order_by("pk")
    )
    url = reverse("tasks:risk-report") + f"?month={month:%Y-%m}"
    sent = 0
    for executive in executives:
        report = risk_report(executive, month=month)
        if not report.cards:
            continue
        pdf = risk_report_pdf(report, language=executive.language)
        sent += len(
            notify(
                recipients=[executive],
                reason=RISK_REPORT_REASON,
                key=key,
                template=RISK_REPORT_TEMPLATE,
                url=url,
                context=_risk_report_context(report),
                attachments=[
                    EmailFile(
                        filename=f"risk-report-{month:%Y-%m}.pdf",
                        mimetype="application/pdf",
                        content=pdf,
                    )
                ],
            )
        )
    return sent


def _risk_report_context(report) -> dict:
    return {
        "month": report.month,
        "cards": len(report.cards),
        "open": report.total.open,
        "levels": [{"level": row.label, "open": row.open} for row in report.levels],
        "raised": report.total.raised,
        "closed": report.total.closed,
        "overdue_milestones": len(report.overdue_milestones),
    }

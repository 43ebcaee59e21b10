"""The monthly risk report (协同风险报告) by email: from Wednesday 1 April 2026 09:00
(Shanghai) each executive whose departments have cards gets March's report once, as a PDF
in their language, with the figures of the month."""

import datetime as dt
import subprocess
import zoneinfo

import pytest
import time_machine

from collab.models import EmailDelivery, Notification
from tasks import services
from tasks.services.summaries import RISK_REPORT_REASON, risk_reports_send
from tests.factories import DepartmentFactory, UserFactory
from tests.tasks import builders

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(month, day, hour=10, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def send(moment):
    with time_machine.travel(moment, tick=False):
        return risk_reports_send(now=moment)


@pytest.fixture
def march(org):
    """Marketing's card (executive Morgan Taylor), active since 20 February, its milestone
    due 14 February not reached; in March a high risk raised and left open, a medium one
    raised and closed. Legal's executive oversees no card."""
    with time_machine.travel(at(2, 20), tick=False):
        card = builders.active_card(org)
    with time_machine.travel(at(3, 2), tick=False):
        builders.raise_risk(org, card, impact="high", likelihood="high")
    with time_machine.travel(at(3, 3), tick=False):
        closed = builders.raise_risk(org, card, impact="medium", likelihood="medium")
    with time_machine.travel(at(3, 5), tick=False):
        services.risk_close(risk=closed, by=org.lead)
    org.legal_executive = UserFactory(username="leg.exec", display_name="Lex Legal")
    DepartmentFactory(code="LEG2", name_en="Compliance", executive=org.legal_executive)
    return card


def reports():
    return Notification.objects.filter(reason=RISK_REPORT_REASON)


def pdf_text(content, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(bytes(content))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def the_email(user):
    return EmailDelivery.objects.get(
        notification__recipient=user, notification__reason=RISK_REPORT_REASON
    )


def test_each_executive_gets_last_months_report_once_with_the_pdf(org, march, tmp_path):
    assert send(at(4, 1, 8, 59)) == 0
    assert send(at(4, 1, 9, 0)) == 1
    assert send(at(4, 1, 10, 0)) == 0
    assert send(at(4, 20, 10, 0)) == 0
    assert [(n.recipient, n.key) for n in reports()] == [(org.executive, "risk-report:2026-03")]
    email = the_email(org.executive)
    assert email.subject == "Collaboration risk report, March 2026"
    body = " ".join(email.body_text.split())
    assert "Open risks at the month’s end: 1; raised in the month: 2; closed: 1" in body
    assert "/overviews/risk-report/?month=2026-03" in body
    (attachment,) = email.attachments.all()
    assert (attachment.filename, attachment.mimetype) == (
        "risk-report-2026-03.pdf",
        "application/pdf",
    )
    text = pdf_text(attachment.content, tmp_path)
    for figure in [
        "Collaboration risk report",
        "2026-03",
        "Open risks at the month's end 1",
        "Risks raised in the month 2",
        "Risks closed in the month 1",
        "Overdue milestones 1",
        # Per level: open, awaiting coordination, raised, closed.
        "high 1 1 1 0",
        "medium 0 0 1 1",
    ]:
        assert figure in text, (figure, text)


def test_an_executive_without_cards_and_the_administrator_get_nothing(org, march):
    send(at(4, 1, 9, 30))
    assert not reports().filter(recipient__in=[org.legal_executive, org.admin]).exists()


def test_a_run_after_the_first_sends_the_missed_report_and_nothing_twice(org, march):
    assert send(at(4, 3, 15, 0)) == 1
    assert send(at(4, 3, 16, 0)) == 0
    assert reports().count() == 1


def test_a_repeated_run_renders_nothing_for_those_already_sent(org, march, monkeypatch):
    send(at(4, 1, 9, 30))
    rendered = []
    monkeypatch.setattr(
        "tasks.services.summaries.risk_report_pdf", lambda *a, **k: rendered.append(1)
    )
    send(at(4, 1, 10, 30))
    assert rendered == []


def test_the_pdf_is_in_the_executives_language(org, march, tmp_path):
    org.executive.language = "zh-hans"
    org.executive.save()
    send(at(4, 1, 9, 30))
    (attachment,) = the_email(org.executive).attachments.all()
    text = pdf_text(attachment.content, tmp_path)
    for figure in ["市场部", "2026-03", "新品上市协同", "高 1 1 1 0", "中 0 0 1 1"]:
        assert figure in text, (figure, text)

"""The monthly risk report (协同风险报告): its figures on real March 2026 dates, the PDF's
text in English and Chinese, who may read it, bad months, and its fixed query count."""

import datetime as dt
import subprocess

import pytest

from tasks import documents, services
from tasks.models import Card
from tasks.overviews import risk_report
from tasks.services import MilestoneRow

from . import builders
from .api_support import api_for, assert_field_error
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


def test_a_card_created_after_the_month_is_not_in_its_report(org, march_risks):
    with at(4, 6):
        april = builders.active_card(org)
        raise_risk(org, april, "April's card", "high", "high")
    with at(4, 15):
        march_report = risk_report(org.executive, month=MARCH)
        april_report = risk_report(org.executive, month=dt.date(2026, 4, 1))
    assert [card.code for card in march_report.cards] == [march_risks.code]
    assert march_report.total.open == 4
    assert [card.code for card in april_report.cards] == [march_risks.code, april.code]


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


# --- the PDF ------------------------------------------------------------------------------


def pdf_text(content, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Collaboration risk report",
                "Morgan Taylor",
                "2026-03",
                "Marketing",
                "Open risks at the month's end 4",
                "Risks raised in the month 4",
                "Risks closed in the month 1",
                "Average time to coordination 27.0 h",
                "Overdue milestones 3",
                "Stock in place 2026-03-16 16",
                "Launch day 2026-03-31 1",
            ],
        ),
        ("zh-hans", ["市场部", "2026-03", "新品上市协同", "27.0", "48.0", "Pricing agreed"]),
    ],
)
def test_the_pdf_carries_the_figures(org, march_risks, tmp_path, language, expected):
    with at(4, 15):
        report = risk_report(org.executive, month=MARCH)
        text = pdf_text(documents.risk_report_pdf(report, language=language), tmp_path)
    for figure in expected:
        assert figure in text, (figure, text)
    # Per level: open, awaiting, raised, closed; then the coordination table's rows.
    high = "高" if language == "zh-hans" else "high"
    assert f"{high} 2 1 1 0" in text


def test_the_pdf_draws_chinese_with_a_cjk_font(org, march_risks, tmp_path):
    with at(4, 15):
        content = documents.risk_report_pdf(
            risk_report(org.executive, month=MARCH), language="zh-hans"
        )
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "CJK" in fonts


# --- pages and API: who may read it, bad months ---------------------------------------------

PAGE = "/overviews/risk-report/"
PDF = "/overviews/risk-report.pdf"


def api_url(month):
    return f"/api/v1/risk-reports/{month}/"


def test_the_executive_reads_the_page_and_downloads_the_pdf(client, org, march_risks):
    client.force_login(org.executive)
    with at(4, 15):
        page = client.get(PAGE, {"month": "2026-03"})
        pdf = client.get(PDF, {"month": "2026-03", "lang": "en"})
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="risk-report-figures"' in body
    assert f"{PDF}?month=2026-03&amp;lang=zh-hans" in body
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "risk-report-2026-03-en.pdf" in pdf["Content-Disposition"]


@pytest.mark.parametrize("who", ["mkt_head", "lead", "outsider"])
def test_people_who_oversee_no_department_get_404(client, org, who):
    client.force_login(getattr(org, who))
    assert client.get(PAGE).status_code == 404
    assert client.get(PDF).status_code == 404
    assert api_for(getattr(org, who)).get(api_url("2026-11")).status_code == 404


def test_an_administrator_reads_the_report_of_every_department(client, org):
    client.force_login(org.admin)
    assert client.get(PAGE).status_code == 200
    response = api_for(org.admin).get(api_url("2026-11"))
    assert response.status_code == 200
    assert response.json()["departments"] == ["FIN", "LEG", "MKT", "TEC"]


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(PAGE).status_code == 302
    assert api_for(None).get(api_url("2026-11")).status_code in (401, 403)


@pytest.mark.parametrize("month", ["2026-13", "x", "2026-1", "1999-12", "2027-01"])
def test_a_bad_month_is_a_field_error(client, org, month):
    client.force_login(org.executive)
    page = client.get(PAGE, {"month": month})
    assert page.status_code == 400
    assert 'aria-invalid="true"' in page.content.decode()
    assert client.get(PDF, {"month": month}).status_code == 400
    assert_field_error(api_for(org.executive).get(api_url(month)), "month")
    pdf = api_for(org.executive).get(api_url(month), HTTP_ACCEPT="application/pdf")
    assert_field_error(pdf, "month")


def test_an_unknown_language_is_a_field_error(org):
    response = api_for(org.executive).get(
        api_url("2026-11") + "?lang=fr", HTTP_ACCEPT="application/pdf"
    )
    assert_field_error(response, "lang")


def test_the_api_answers_the_figures_as_json_or_the_pdf(org, march_risks):
    api = api_for(org.executive)
    with at(4, 15):
        data = api.get(api_url("2026-03")).json()
        pdf = api.get(api_url("2026-03") + "?lang=zh-hans", HTTP_ACCEPT="application/pdf")
    assert data["month"] == "2026-03"
    assert data["complete"] is True
    assert data["departments"] == ["MKT"]
    assert data["total"]["open"] == 4
    assert data["total"]["average_hours"] == 27.0
    assert [row["open"] for row in data["levels"]] == [2, 1, 1]
    assert [m["name"] for m in data["overdue_milestones"]] == [
        "Pricing agreed",
        "Stock in place",
        "Launch day",
    ]
    assert data["cards"][0]["open_risks"] == 4
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


# --- query counts ---------------------------------------------------------------------------


def busy_cards(org, n):
    """n more active cards of Marketing, each with a coordinated risk and an open one."""
    for _ in range(n):
        card = builders.active_card(org)
        coordinate(org, raise_risk(org, card, "Coordinated", "high", "high"))
        raise_risk(org, card, "Open", "low", "low")


PAGE_QUERIES = 9  # the layout's (session, user, inbox) and the report's; measured
API_QUERIES = 6  # the caller, the permission check and the report's; measured


def test_the_report_costs_the_same_queries_for_2_and_20_cards(
    client, org, django_assert_max_num_queries
):
    client.force_login(org.executive)
    api = api_for(org.executive)
    with at(3, 10):
        for more, cards in ((2, 2), (18, 20)):
            busy_cards(org, more)
            with django_assert_max_num_queries(5):
                report = risk_report(org.executive, month=MARCH)
            assert (len(report.cards), report.total.open) == (cards, 2 * cards)
            with django_assert_max_num_queries(PAGE_QUERIES):
                assert client.get(PAGE).status_code == 200
            with django_assert_max_num_queries(API_QUERIES):
                assert api.get(api_url("2026-03")).json()["total"]["raised"] == 2 * cards


def test_the_department_overview_links_the_report_for_its_executive_only(client, org):
    client.force_login(org.executive)
    assert PAGE in client.get("/departments/MKT/overview/").content.decode()
    client.force_login(org.mkt_head)
    assert PAGE not in client.get("/departments/MKT/overview/").content.decode()

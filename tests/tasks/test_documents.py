"""The card's documents, checked on real PDFs with poppler's pdftotext and pdffonts."""

import datetime as dt
import io
import re
import subprocess
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pypdf import PdfReader

from collab import documents as collab_documents
from collab import services as collab_services
from collab.models import SignatureRequest
from tasks import documents, services
from tasks.documents import archive as archive_documents
from tasks.documents.retrospective import items_chart
from tasks.models import Card
from tests.factories import PASSWORD

from . import builders
from .builders import at

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text with runs of white space folded, so wrapped table cells read whole."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def cjk_fonts_embedded(pdf: bytes, tmp_path) -> bool:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    # Columns: name type encoding emb sub uni ...: every CJK font embedded.
    return bool(cjk) and all(" yes " in line.split("Identity-H", 1)[1] for line in cjk)


def zh(message: str) -> str:
    """The Chinese of a message id; the message id itself while the catalogue lacks it."""
    with translation.override("zh-hans"):
        return _(message)


def zh_days(singular: str, plural: str, days: int) -> str:
    with translation.override("zh-hans"):
        return ngettext(singular, plural, days) % {"days": days}


# --- goal confirmation letter ----------------------------------------------------------


def test_goal_letter_pdf_shows_the_agreed_card_in_chinese(march_card, tmp_path):
    request = SignatureRequest.objects.get(
        object_id=march_card.card.pk, document_type="goal_confirmation_letter"
    )
    generated = collab_services.generated_document_get_or_render(
        request=request, language="zh-hans"
    )
    pdf = generated.file.read()
    text = pdf_text(pdf, tmp_path)
    assert zh("Goal confirmation letter") in text
    assert "TC-2026-0001" in text and "新品上市协同" in text
    assert "三个城市同步上市" in text and "三个城市上线" in text and "退货率低于 2%" in text
    assert "定价、备货、上市活动" in text and "海外市场" in text
    assert "2026-03-09 – 2026-03-31" in text
    assert "120,000.00 CNY" in text  # amounts grouped by thousands in Chinese too
    assert "两名工程师" in text and "测试手机 5 台" in text
    # The departments table, in Chinese, with responsibilities and contacts.
    assert "财务部" in text and "技术部" in text and "市场部" in text
    assert "财务分析师 3 天内书面批复预算" in text and "吴婷" in text and "Liam Foster" in text
    # The milestones table.
    assert "方案评审 2026-03-18 1" in text and "正式上线 2026-03-30 0" in text
    # The heads' signatures beneath, and the page footer.
    assert "Sophia Hughes" in text and "赵强" in text
    assert "第 1 页" in text
    assert cjk_fonts_embedded(pdf, tmp_path)


def test_goal_letter_review_page_reads_in_english(march_card):
    request = SignatureRequest.objects.get(object_id=march_card.card.pk)
    html = collab_documents.document_html(request, language="en")
    assert "Participating departments" in html and "Finance" in html and "Technology" in html
    assert "resource provider" in html and "executor" in html
    assert "Milestones" in html and "Buffer days" in html
    assert "the heads of the participating departments confirm the goal" in html


# --- task card -------------------------------------------------------------------------


def test_card_pdf_carries_items_risks_latest_progress_and_letter_versions(march_card, tmp_path):
    card = Card.objects.get(pk=march_card.card.pk)
    with at(4, 10):
        pdf = documents.card_pdf(card, language="zh-hans")
    text = pdf_text(pdf, tmp_path)
    assert zh("Task card") in text and "Task card" in text  # the English title beneath
    assert "TC-2026-0001" in text and "新品上市协同" in text
    assert "财务部" in text and "技术部" in text
    # Action items: title, owner, department, due date (moved by a notice), status, percent.
    assert "订单页开发" in text and "Liam Foster" in text
    assert "2026-03-25" in text and "2026-03-18" in text
    assert "培训材料" in text and "0%" in text and "100%" in text
    # Risks with their coordination.
    assert "供应商交付延迟" in text and "启用备选供应商" in text
    assert "预算超支" in text and "削减活动预算" in text
    # Only each department's latest progress.
    assert "订单页已上线" in text and "物流接口延迟" in text and "定价已完成" in text
    assert "接口联调中" not in text
    # The goal letter's signing state: version 1, approved, both heads signed.
    with translation.override("zh-hans"):
        approved = str(SignatureRequest.Status.APPROVED.label)
    assert approved in text and re.search(r"\b2 ?/ ?2\b", text)
    assert cjk_fonts_embedded(pdf, tmp_path)


def test_card_pdf_queries_do_not_grow_with_items_and_risks(org):
    card = builders.march_active_card(org)

    def queries():
        fresh = Card.objects.get(pk=card.pk)
        with CaptureQueriesContext(connection) as captured, at(3, 10):
            documents.card_pdf(fresh, language="en")
        return len(captured)

    with at(3, 9, 11):
        builders.march_item(org, card, "First", org.fin_contact, dt.date(2026, 3, 20))
        services.risk_raise(
            card=card,
            by=org.lead,
            description="One",
            impact="low",
            likelihood="low",
            owner=org.lead,
        )
    few = queries()
    with at(3, 9, 12):
        for n in range(4):
            builders.march_item(org, card, f"More {n}", org.tec_contact, dt.date(2026, 3, 20))
            services.risk_raise(
                card=card,
                by=org.lead,
                description=f"Risk {n}",
                impact="high",
                likelihood="low",
                owner=org.tec_contact,
            )
    assert queries() == few


def test_card_pdf_in_english_before_signing(org, tmp_path):
    with at(3, 2, 9):
        card = builders.march_draft(org)
        pdf = documents.card_pdf(card, language="en")
    text = pdf_text(pdf, tmp_path)
    assert "Task card" in text and "Finance" in text and "draft" in text
    assert "Not sent for signing yet." in text and "No action items." in text
    assert "Page 1 of" in text


# --- retrospective report ------------------------------------------------------------------


def test_retrospective_report_is_stored_at_close_in_chinese_with_figures(march_card, tmp_path):
    card = march_card.card
    assert card.retrospective_pdf.name.endswith("TC-2026-0001-retrospective.pdf")
    pdf = card.retrospective_pdf.read()
    text = pdf_text(pdf, tmp_path)
    assert zh("Retrospective report") in text and "Retrospective report" in text
    assert "TC-2026-0001" in text and "新品上市协同" in text
    assert "财务部、技术部" in text  # participating departments, in Chinese
    # Planned and actual dates.
    assert "2026-03-09 2026-03-11" in text and "2026-03-31 2026-04-03" in text
    # Figures: items, delay notices, risks, confirmations, and the retrospective text.
    # pdftotext may drop the space between Chinese and digits: compare without spaces.
    compact = text.replace(" ", "")
    for phrase in (
        zh_days("%(days)d day late", "%(days)d days late", 2),  # start
        zh_days("%(days)d day late", "%(days)d days late", 3),  # end
        zh_days("%(days)d day longer", "%(days)d days longer", 1),  # 24 days against 23
        "1·20%",  # on time, of 5 items
        "3·60%",  # late
        zh("%(hours)s h") % {"hours": 16.5},  # median of 3 h and 30 h
    ):
        assert phrase.replace(" ", "") in compact, phrase
    assert "物流对接晚了三天" in text and "提前锁定供应商" in text
    assert "Morgan Taylor" in text  # who accepted
    assert cjk_fonts_embedded(pdf, tmp_path)


def test_retrospective_report_draws_its_charts_as_vector_text(march_card, tmp_path):
    with at(4, 10):
        pdf = documents.retrospective_report_pdf(march_card.card)
    # WeasyPrint draws each SVG chart as a form XObject on the page.
    forms = [
        xobject
        for page in PdfReader(io.BytesIO(pdf)).pages
        for xobject in (page["/Resources"].get("/XObject") or {}).values()
        if xobject.get_object().get("/Subtype") == "/Form"
    ]
    assert len(forms) >= 2
    # Its labels stay text: the outcome label shows in the figures, the chart and the rows.
    text = pdf_text(pdf, tmp_path)
    on_time = zh("On time")
    assert text.count(on_time) == 3  # figure box, chart bar label, item A's row
    assert zh("limit") in text  # the confirmation chart's legend


def test_the_chart_is_svg_with_text_in_the_cjk_font():
    import base64

    with translation.override("zh-hans"):
        uri = items_chart(
            {"total": 3, "on_time": 1, "delayed_with_notice": 1, "late": 1, "open": 0},
            {"on_time": "按时完成", "delayed_with_notice": "延期（已报备）", "late": "逾期"},
        )
    assert uri.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    assert "按时完成" in svg and "延期（已报备）" in svg  # text, not glyph outlines
    assert "Noto Sans CJK SC" in svg


# --- archive -------------------------------------------------------------------------------


def open_zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_archive_holds_every_document_with_an_index(march_card):
    card = march_card.card
    item_a = march_card.items.a
    item_a.refresh_from_db()
    with at(4, 10):
        archive = open_zip(documents.card_archive(card))
    output_name = f"action-items/{item_a.pk}-{item_a.output_file.name.rsplit('/', 1)[-1]}"
    assert sorted(archive.namelist()) == sorted(
        [
            "index.html",
            "goal-letter/TC-2026-0001-goal-letter-v1-approved.pdf",
            "TC-2026-0001-retrospective-report.pdf",
            "TC-2026-0001-card.pdf",
            output_name,
        ]
    )
    for name in archive.namelist():
        if name.endswith(".pdf"):
            assert archive.read(name).startswith(b"%PDF-"), name
    assert archive.read(output_name) == b"price list"
    # The stored report goes in as it was filed, not rendered again.
    card.retrospective_pdf.open("rb")
    assert archive.read("TC-2026-0001-retrospective-report.pdf") == card.retrospective_pdf.read()
    card.retrospective_pdf.close()
    index = archive.read("index.html").decode()
    for name in archive.namelist():
        if name != "index.html":
            assert name in index
    assert "定价方案" in index  # what the output file is


def test_archive_keeps_every_version_of_the_goal_letter(org):
    with at(3, 2, 9):
        card = builders.march_draft(org)
    with at(3, 6, 10):
        services.card_submit(card=card, by=org.lead)
        services.department_confirm(card=card, department_code="FIN", by=org.fin_head)
        services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
        collab_services.signature_sign(
            request=builders.goal_letter(card),
            user=org.fin_head,
            decision="reject",
            comment="预算需要细化",
            password=PASSWORD,
        )
        card.refresh_from_db()
        assert card.status == Card.Status.DRAFT
        services.card_submit(card=card, by=org.lead)
        services.department_confirm(card=card, department_code="FIN", by=org.fin_head)
        services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
        builders.sign_letter(card, org.fin_head, org.tec_head)
        archive = open_zip(documents.card_archive(Card.objects.get(pk=card.pk)))
    names = archive.namelist()
    assert "goal-letter/TC-2026-0001-goal-letter-v1-rejected.pdf" in names
    assert "goal-letter/TC-2026-0001-goal-letter-v2-approved.pdf" in names
    # Not closed yet: the report is an interim one, rendered for the archive.
    assert archive.read("TC-2026-0001-retrospective-report.pdf").startswith(b"%PDF-")
    assert "TC-2026-0001-retrospective-report.pdf" in archive.read("index.html").decode()


def test_other_apps_add_files_through_a_provider(org, monkeypatch):
    monkeypatch.setattr(archive_documents, "ARCHIVE_PROVIDERS", [])

    @documents.register_archive_provider
    def minutes(card):
        yield archive_documents.ArchiveEntry(
            name=f"meetings/{card.code}-kickoff.pdf", description="Kickoff minutes", content=b"x"
        )
        yield archive_documents.ArchiveEntry(
            name="meetings/../../escape.pdf", description="Tries to escape", content=b"y"
        )

    with at(3, 2, 9):
        card = builders.march_draft(org)
        archive = open_zip(documents.card_archive(card))
    names = archive.namelist()
    assert "meetings/TC-2026-0001-kickoff.pdf" in names
    assert "meetings/escape.pdf" in names
    assert "Kickoff minutes" in archive.read("index.html").decode()


def test_a_file_missing_from_storage_is_listed_not_fatal(march_card):
    item_a = march_card.items.a
    item_a.refresh_from_db()
    item_a.output_file.storage.delete(item_a.output_file.name)
    with at(4, 10):
        archive = open_zip(documents.card_archive(march_card.card))
    assert not [name for name in archive.namelist() if name.startswith("action-items/")]
    assert "定价方案" in archive.read("index.html").decode()

"""How the card's PDFs are laid out, checked page by page on real PDFs with poppler:
no table row split across pages, short CJK values kept on one line, amounts grouped by
thousands, emoji and symbols of user text drawn and read back."""

import datetime as dt
import re
import subprocess

import pytest

from collab.documents import document_html, render_pdf
from tasks import documents, services
from tasks.services import MilestoneRow

from . import builders

pytestmark = pytest.mark.django_db

ROWS = 14
FILLER = "这一行很长，" * 24  # about six lines in the milestone column: splittable


def run(*command) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pages_text(pdf: bytes, tmp_path) -> list[str]:
    """Each page's text (pdftotext -f N -l N), white space removed: CJK and wrapped
    cells then read as one string."""
    path = tmp_path / "layout.pdf"
    path.write_bytes(pdf)
    count = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path))).group(1))
    return [
        "".join(run("pdftotext", "-f", str(n), "-l", str(n), str(path), "-").split())
        for n in range(1, count + 1)
    ]


def assert_each_row_on_one_page(pdf: bytes, tmp_path, prefix: str, rows: int) -> None:
    """Row n's text runs from `{prefix}{n}A` to `{prefix}{n}Z`: both on the same page."""
    pages = pages_text(pdf, tmp_path)
    assert len(pages) >= 2, "the rows should need more than one page"
    for n in range(1, rows + 1):
        start = [i for i, text in enumerate(pages) if f"{prefix}{n:02d}A" in text]
        end = [i for i, text in enumerate(pages) if f"{prefix}{n:02d}Z" in text]
        assert start and start == end, f"row {prefix}{n:02d} spans pages {start} and {end}"


def long_card(org, **fields):
    """A card whose milestones and Technology responsibilities run over several pages."""
    data = builders.card_input(org, **fields)
    start = data.fields["planned_start"]
    data.milestones = [
        MilestoneRow(name=f"MS{n:02d}A {FILLER} MS{n:02d}Z", due_date=start + dt.timedelta(n))
        for n in range(1, ROWS + 1)
    ]
    duties = "工程师负责订单页开发与上线，" * 70
    data.departments[1].responsibilities = f"TEC01A {duties} TEC01Z"
    return services.card_create(by=org.initiator, data=data)


def goal_letter_pdf(org, card, language: str) -> bytes:
    """The letter as sent for signing, once both departments confirmed a draft card."""
    if card.status == card.Status.DRAFT:
        services.card_submit(card=card, by=org.initiator)
        services.department_confirm(card=card, department_code="FIN", by=org.fin_contact)
        services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
    return render_pdf(document_html(builders.goal_letter(card), language=language))


def test_no_row_of_the_chinese_goal_letter_is_split_across_pages(org, tmp_path):
    pdf = goal_letter_pdf(org, long_card(org), "zh-hans")
    assert_each_row_on_one_page(pdf, tmp_path, "MS", ROWS)
    assert_each_row_on_one_page(pdf, tmp_path, "TEC", 1)
    # Each page that continues the milestones table repeats its header.
    pages = pages_text(pdf, tmp_path)
    continued = [text for text in pages if "MS" in text and "MS01A" not in text]
    assert continued and all("缓冲天数" in text for text in continued)


def test_no_row_of_the_card_pdf_or_the_retrospective_is_split_across_pages(org, tmp_path):
    card = builders.active_card(org)
    filler = "Work that takes several lines to describe in the action item's title. " * 2
    for n in range(1, ROWS + 1):
        item = builders.add_item(org, card, title=f"IT{n:02d}A {filler} IT{n:02d}Z"[:200])
        builders.finish(item, org.tec_member)
    items = list(card.action_items.all())
    services.card_submit_for_acceptance(card=card, by=org.lead, deliverables=items)
    services.card_accept(card=card, by=org.fin_head)
    services.card_close(
        card=card, by=org.lead, successes="On time.", shortcomings="None.", improvements="None."
    )
    card.refresh_from_db()
    assert_each_row_on_one_page(documents.card_pdf(card, language="en"), tmp_path, "IT", ROWS)
    report = documents.retrospective_report_pdf(card, language="en")
    assert_each_row_on_one_page(report, tmp_path, "IT", ROWS)


def test_short_chinese_values_and_headers_stay_on_one_line(org, tmp_path):
    pdf = goal_letter_pdf(org, long_card(org), "zh-hans")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    lines = {line.strip() for line in run("pdftotext", str(path), "-").splitlines()}
    # 部门, 技术部, 财务部, 资源提供方, 对接人 wrapped one character per line end in these.
    assert {"部门", "技术部", "财务部", "对接人"} <= lines
    assert not lines & {"部", "门", "方", "人"}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_amounts_have_thousands_separators_in_both_languages(org, tmp_path, language):
    card = builders.draft_card(org, budget_amount=1234567.5)
    for pdf in (documents.card_pdf(card, language=language), goal_letter_pdf(org, card, language)):
        assert any("1,234,567.50CNY" in text for text in pages_text(pdf, tmp_path))


def test_emoji_and_symbols_of_user_text_are_drawn_and_read_back(org, tmp_path):
    card = builders.draft_card(
        org, title="🚀 上线 ✓ → ★ ① €", goal="Ship it ✅ for 120,000 users 👍", budget_amount=120000
    )
    pdf = documents.card_pdf(card, language="zh-hans")
    path = tmp_path / "emoji.pdf"
    path.write_bytes(pdf)
    text = run("pdftotext", str(path), "-")
    assert "🚀 上线 ✓ → ★ ① €" in text
    assert "Ship it ✅ for 120,000 users 👍" in text
    assert "120,000.00 CNY" in text  # digits stay in the text font, in reading order
    fonts = run("pdffonts", str(path))
    assert "Emoji" in fonts and "CJK" in fonts

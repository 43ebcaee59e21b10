"""The feedback form PDF, field for field as the process document's form, in English and
Chinese: unsigned (the current copy) and signed (the archived copy, with both heads)."""

import subprocess

import pytest

from collab import services as collab_services
from feedback.documents import feedback_form_pdf

from . import builders
from .documents_builders import (
    COMMENT,
    LOG_LINES,
    SOLUTION,
    confirmed_form,
    has,
    pdf_text,
    sign,
    signature_request_of,
)

pytestmark = pytest.mark.django_db


def request_fields(form):
    return (
        form.code,
        "支付页在活动期间访问量翻倍。",
        "Checkout fails for one order in twenty since Monday.",
        "Find the cause and fix it before the weekend campaign.",
        "8123",
        "王芳",
        "Liam Foster",
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_current_pdf_shows_the_request_log_result_and_rating(org, language):
    form = confirmed_form(org, related_item="Campaign checkout")
    text = pdf_text(feedback_form_pdf(form, language))

    for phrase in (*request_fields(form), *LOG_LINES, SOLUTION, COMMENT, "Tom Tech", "4/5"):
        assert has(text, phrase), phrase
    assert has(text, "Campaign checkout")
    if language == "en":
        for phrase in ("Background", "Marketing", "Technology", "Finance", "fault or complaint"):
            assert has(text, phrase), phrase
    else:
        for phrase in ("背景", "市场部", "技术部", "财务部", "解决方案", "技术部负责人"):
            assert has(text, phrase), phrase


def test_a_new_form_pdf_leaves_the_result_empty_and_names_the_related_card(org):
    from tests.tasks.builders import draft_card

    card = draft_card(org)
    form = builders.feedback_form(org, card=card, kind="other", kind_other="Printer budget")
    text = pdf_text(feedback_form_pdf(form, "en"))

    assert has(text, card.code) and has(text, card.title)
    assert has(text, "Other: Printer budget")
    assert has(text, "Nothing recorded yet.") or has(text, "Nothing recorded yet")
    assert not has(text, "4/5")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_signed_pdf_shows_both_heads_and_the_descriptions(org, language):
    form = confirmed_form(org)
    request = signature_request_of(form, org)
    sign(request, org.mkt_head)
    sign(request, org.tec_head)

    generated = collab_services.generated_document_get_or_render(request=request, language=language)
    with generated.file.open("rb") as stored:
        pdf = stored.read()
    text = pdf_text(pdf)

    for phrase in (*request_fields(form), *LOG_LINES, SOLUTION, "李娜", "赵强", "4/5"):
        assert has(text, phrase), phrase
    if language == "zh-hans":
        assert has(text, "跨部门协作沟通与问题反馈表") or has(text, "签名")


def test_the_chinese_pdf_embeds_its_cjk_fonts(org, tmp_path):
    path = tmp_path / "form.pdf"
    path.write_bytes(feedback_form_pdf(confirmed_form(org), "zh-hans"))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    cjk = [line for line in fonts.stdout.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line.split("Identity-H", 1)[1] for line in cjk)

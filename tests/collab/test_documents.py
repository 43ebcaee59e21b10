"""The PDF pipeline, checked on real PDFs with poppler's pdftotext and pdffonts."""

import re
import subprocess

import pytest

from collab import documents, services

from .conftest import sign

pytestmark = pytest.mark.django_db


def pdf_text(path):
    """The PDF's text with runs of white space folded, so wrapped table cells read whole."""
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def pdf_fonts(path):
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def signed_pdf(signature_request, finance_head):
    sign(signature_request, finance_head)
    return services.generated_document_get_or_render(request=signature_request, language="zh-hans")


def test_pdf_carries_the_chinese_title_signers_code_and_page_numbers(signed_pdf, signature_request):
    text = pdf_text(signed_pdf.file.path)
    assert "协同备忘录" in text
    assert "年度预算协同" in text
    assert "吴婷" in text and "赵强" in text  # signed, and awaiting
    assert "财务部负责人" in text
    assert documents.formatted_code(signature_request.verification_code) in text
    assert "第 1 页，共 1 页" in text
    assert "+0800" in text  # signing time in the company time zone


def test_pdf_embeds_a_cjk_font(signed_pdf):
    fonts = pdf_fonts(signed_pdf.file.path)
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk, fonts
    # Columns: name type encoding emb sub uni ...: every CJK font embedded.
    assert all(" yes " in line.split("Identity-H", 1)[1] for line in cjk)


def test_pdf_metadata_carries_the_verification_code(signed_pdf, signature_request):
    with signed_pdf.file.open("rb") as pdf:
        assert documents.verification_code_from_pdf(pdf) == signature_request.verification_code


def test_english_pdf_keeps_the_chinese_title_as_subtitle(signature_request):
    generated = services.generated_document_get_or_render(request=signature_request, language="en")
    text = pdf_text(generated.file.path)
    assert "Signatures" in text and "Awaiting signature" in text
    assert "Page 1 of 1" in text


def test_an_edit_after_signing_shows_in_the_pdf(signature_request, finance_head, memo):
    sign(signature_request, finance_head)
    memo.body = "改动后的正文"
    memo.save()
    generated = services.generated_document_get_or_render(request=signature_request, language="en")
    # Table cells wrap, so the words of one cell may interleave with its neighbour's.
    assert re.search(r"Invalid: changed since .*signing", pdf_text(generated.file.path))


def test_a_long_document_runs_to_several_numbered_pages(signature_request, memo):
    memo.body = "各部门确认预算。\n" * 120
    memo.save()
    generated = services.generated_document_get_or_render(request=signature_request, language="en")
    pages = re.findall(r"Page (\d+) of (\d+)", pdf_text(generated.file.path))
    assert len(pages) >= 2
    assert pages == [(str(n), str(len(pages))) for n in range(1, len(pages) + 1)]


def test_a_deputys_signature_reads_on_behalf_of_the_head(signature_request, finance_head):
    import datetime as dt

    from django.utils import timezone

    from tests.factories import UserFactory

    deputy = UserFactory(username="fin.deputy", display_name="徐明")
    services.delegation_create(
        delegator=finance_head,
        deputy=deputy,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=2),
    )
    sign(signature_request, deputy)
    generated = services.generated_document_get_or_render(request=signature_request, language="en")
    assert "徐明 on behalf of 吴婷" in pdf_text(generated.file.path)

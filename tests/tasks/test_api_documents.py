"""A card's documents and an item's output file over the API: real PDFs and ZIPs, as
attachments, at the URLs the card and item answers hand out; errors stay JSON."""

import io
import subprocess
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks import services

from . import builders
from .api_support import api_for, assert_refused, card_url, item_url

pytestmark = pytest.mark.django_db

OUTPUT = b"seat,count\nCAD,4\n"


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text (poppler's pdftotext) with runs of white space folded."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def assert_attachment(response, content_type) -> bytes:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment")
    return body_of(response)


def closed_card_with_output(org):
    """Closed; its one deliverable came with a file."""
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    services.action_item_report_progress(
        item=item,
        by=org.tec_member,
        status="done",
        percent=100,
        output_file=SimpleUploadedFile("licences.csv", OUTPUT),
    )
    services.card_submit_for_acceptance(card=card, by=org.lead, deliverables=[item])
    return builders.accept_and_close(org, card), item


def test_the_card_pdf_is_an_attachment_with_the_card_on_it(org, tmp_path):
    card = builders.active_card(org)

    response = api_for(org.fin_contact).get(card_url(card, "pdf"), HTTP_ACCEPT="application/pdf")

    pdf = assert_attachment(response, "application/pdf")
    assert f'filename="{card.code}.pdf"' in response["Content-Disposition"]
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    assert "Task card" in text
    assert card.code in text and "新品上市协同" in text
    assert "Finance" in text and "Technology" in text


def test_the_retrospective_pdf_of_a_closed_card(org, tmp_path):
    card = builders.closed_card(org)

    response = api_for(org.tec_head).get(
        card_url(card, "retrospective-pdf"), HTTP_ACCEPT="application/pdf"
    )

    pdf = assert_attachment(response, "application/pdf")
    text = pdf_text(pdf, tmp_path)
    assert "Retrospective report" in text and card.code in text
    assert "Stock arrived late in one city." in text


def test_an_open_card_has_no_retrospective_pdf_yet(org):
    card = builders.active_card(org)

    response = api_for(org.lead).get(
        card_url(card, "retrospective-pdf"), HTTP_ACCEPT="application/pdf"
    )

    body = assert_refused(response, 409, "invalid_state")
    assert response["Content-Type"] == "application/json"
    assert body["detail"] == "The retrospective report exists once the card is closed."


def test_the_archive_of_a_closed_card_holds_its_documents(org, tmp_path):
    card, item = closed_card_with_output(org)

    response = api_for(org.fin_contact).get(
        card_url(card, "archive"), HTTP_ACCEPT="application/zip"
    )

    data = assert_attachment(response, "application/zip")
    assert f'filename="{card.code}-archive.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert "index.html" in names
    assert f"{card.code}-card.pdf" in names
    assert f"{card.code}-retrospective-report.pdf" in names
    assert f"goal-letter/{card.code}-goal-letter-v1-approved.pdf" in names
    assert archive.read(f"action-items/{item.pk}-licences.csv") == OUTPUT
    assert card.code in pdf_text(archive.read(f"{card.code}-card.pdf"), tmp_path)


def test_an_open_card_has_no_archive(org):
    card = builders.active_card(org)

    response = api_for(org.lead).get(card_url(card, "archive"), HTTP_ACCEPT="application/zip")

    body = assert_refused(response, 409, "invalid_state")
    assert response["Content-Type"] == "application/json"
    assert body["detail"] == "The archive exists once the card is closed."


def test_the_output_file_downloads_as_it_was_delivered(org):
    _card, item = closed_card_with_output(org)

    response = api_for(org.lead).get(item_url(item, "output-file"))

    assert assert_attachment(response, "application/octet-stream") == OUTPUT
    assert 'filename="licences.csv"' in response["Content-Disposition"]


def test_outsiders_get_404_for_every_document(org):
    card, item = closed_card_with_output(org)
    api = api_for(org.outsider)

    for url, accept in (
        (card_url(card, "pdf"), "application/pdf"),
        (card_url(card, "retrospective-pdf"), "application/pdf"),
        (card_url(card, "archive"), "application/zip"),
        (item_url(item, "output-file"), "application/octet-stream"),
    ):
        response = api.get(url, HTTP_ACCEPT=accept)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "not_found"


def test_a_client_fetches_each_document_at_the_url_the_api_hands_out(org, tmp_path):
    """What an integration does with its token (forced here: no token app in the tests)."""
    card, item = closed_card_with_output(org)
    api = api_for(org.fin_head)
    body = api.get(card_url(card)).json()
    item_body = api.get(item_url(item)).json()

    for url in (body["pdf_url"], body["retrospective_pdf_url"]):
        pdf = assert_attachment(api.get(url, HTTP_ACCEPT="application/pdf"), "application/pdf")
        assert card.code in pdf_text(pdf, tmp_path)
    archive = assert_attachment(api.get(body["archive_url"]), "application/zip")
    assert "index.html" in zipfile.ZipFile(io.BytesIO(archive)).namelist()
    output = api.get(item_body["output_file_url"])
    assert assert_attachment(output, "application/octet-stream") == OUTPUT

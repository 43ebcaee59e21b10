"""The retrospective report comes in the language asked for (`?lang=`, else the person's or
Accept-Language), on the page and over the API; each language's copy is stored once."""

import subprocess

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tasks.services import retrospective as retrospective_services

from . import builders
from .api_support import api_for, assert_field_error, card_url

pytestmark = pytest.mark.django_db

# Headings and labels of the report, whose Chinese is in the catalogue.
LABELS = (
    "Schedule: planned and actual",
    "Confirmation by department",
    "Delay notices",
    "Successes",
    "Shortcomings",
    "Improvements",
)


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return _(message)


def text_of(response, tmp_path) -> str:
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def assert_english(text: str) -> None:
    for label in LABELS:
        assert label in text, label
        assert zh(label) not in text, zh(label)
    assert "Page 1 of 2" in text


def assert_chinese(text: str) -> None:
    for label in LABELS:
        assert zh(label) in text, zh(label)
        assert label not in text, label


def test_the_page_downloads_the_report_in_english_or_in_chinese(org, client, tmp_path):
    card = builders.closed_card(org)
    url = reverse("tasks:card-retrospective-pdf", args=[card.code])
    client.force_login(org.lead)  # who reads English

    english = client.get(url, {"lang": "en"})
    assert "-retrospective-en.pdf" in english["Content-Disposition"]
    assert_english(text_of(english, tmp_path))
    assert_chinese(text_of(client.get(url, {"lang": "zh-hans"}), tmp_path))
    # Without ?lang=, the person's language.
    assert_english(text_of(client.get(url), tmp_path))
    client.force_login(org.tec_head)  # who reads Chinese
    assert_chinese(text_of(client.get(url), tmp_path))
    assert client.get(url, {"lang": "fr"}).status_code == 404


def test_the_api_takes_lang_or_accept_language(org, tmp_path):
    card = builders.closed_card(org)
    api = api_for(org.fin_head)
    url = card_url(card, "retrospective-pdf")

    assert_english(text_of(api.get(url, {"lang": "en"}, HTTP_ACCEPT="application/pdf"), tmp_path))
    chinese = api.get(url, HTTP_ACCEPT="application/pdf", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert_chinese(text_of(chinese, tmp_path))
    refused = api.get(url, {"lang": "fr"}, HTTP_ACCEPT="application/pdf")
    assert assert_field_error(refused, "lang")


def test_each_language_is_stored_once_beside_the_filed_chinese_copy(org, monkeypatch):
    card = builders.closed_card(org)
    filed = card.retrospective_pdf.name
    filed_bytes = card.retrospective_pdf.read()

    english = retrospective_services.retrospective_report_stored(card=card, language="en")
    assert english.name != filed and english.name.endswith("-en.pdf")
    english_bytes = english.read()
    assert english_bytes != filed_bytes

    def render_again(*args, **kwargs):
        raise AssertionError("rendered a second time")

    monkeypatch.setattr(retrospective_services, "retrospective_report_pdf", render_again)
    again = retrospective_services.retrospective_report_stored(card=card, language="en")
    assert again.name == english.name and again.read() == english_bytes
    chinese = retrospective_services.retrospective_report_stored(card=card, language="zh-hans")
    assert chinese.name == filed
    card.refresh_from_db()
    assert card.retrospective_pdf.name == filed

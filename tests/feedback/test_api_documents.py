"""The feedback form PDF through the page URL and the API: whoever sees the form gets it as
an attachment (current copy until both heads sign), in the language asked for; others 404."""

import pytest
from django.urls import reverse

from collab.models import GeneratedDocument

from . import builders
from .documents_builders import has, pdf_text

pytestmark = pytest.mark.django_db


def page_url(form, language=None):
    url = reverse("feedback:feedback-pdf", args=[form.code])
    return f"{url}?lang={language}" if language else url


def test_the_detail_names_its_pdf_url(client, org):
    form = builders.feedback_form(org)
    client.force_login(org.initiator)

    body = client.get(f"/api/v1/feedback/{form.code}/").json()

    assert body["pdf_url"] == f"http://testserver/api/v1/feedback/{form.code}/pdf/"


def test_page_and_api_serve_the_same_current_pdf_as_an_attachment(client, org):
    form = builders.feedback_form(org)
    client.force_login(org.tec_contact)

    page = client.get(page_url(form, "en"))
    api = client.get(f"/api/v1/feedback/{form.code}/pdf/?lang=en", HTTP_ACCEPT="application/pdf")

    for response in (page, api):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'attachment; filename="{form.code}-current-en.pdf"'
        )
        text = pdf_text(response.content)
        for phrase in (form.background, form.current_situation, form.expectation):
            assert has(text, phrase)
    # Nothing is signed: nothing is stored.
    assert not GeneratedDocument.objects.exists()


def test_without_lang_the_viewers_language_is_used(client, org):
    form = builders.feedback_form(org)
    client.force_login(org.tec_head)  # reads Chinese

    response = client.get(page_url(form))

    assert response["Content-Disposition"].endswith(f'{form.code}-current-zh-hans.pdf"')
    assert has(pdf_text(response.content), "技术部")


def test_an_unknown_language_is_a_field_error_not_a_500(client, org):
    form = builders.feedback_form(org)
    client.force_login(org.initiator)

    api = client.get(f"/api/v1/feedback/{form.code}/pdf/?lang=fr", HTTP_ACCEPT="application/pdf")
    page = client.get(page_url(form, "fr"))

    assert api.status_code == 400
    assert "lang" in api.json()["fields"]
    assert page.status_code == 400


@pytest.mark.parametrize("person", ["outsider", "drifter"])
def test_outsiders_get_404_for_the_pdf(client, org, person):
    form = builders.feedback_form(org)
    client.force_login(getattr(org, person))

    assert client.get(page_url(form, "en")).status_code == 404
    api = client.get(f"/api/v1/feedback/{form.code}/pdf/", HTTP_ACCEPT="application/pdf")
    assert api.status_code == 404


def test_anonymous_callers_are_sent_to_log_in(client, org):
    form = builders.feedback_form(org)

    assert client.get(page_url(form, "en")).status_code == 302
    assert client.get(f"/api/v1/feedback/{form.code}/pdf/").status_code in (401, 403)

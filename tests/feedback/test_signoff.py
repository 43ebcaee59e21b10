"""Dual sign-off of a confirmed feedback form: exactly the two heads sign, once each; when
both have, the signed PDF is archived once and is what the download URL serves."""

import pytest
from django.urls import reverse
from django.utils import timezone

from collab.errors import Forbidden, RuleViolation
from collab.models import GeneratedDocument, SignatureRequest
from feedback import jobs, services
from feedback.documents import DOCUMENT_LANGUAGE

from . import builders
from .documents_builders import SOLUTION, confirmed_form, pdf_text, sign, signature_request_of

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_the_request_asks_exactly_the_heads_of_both_departments(org):
    request = signature_request_of(confirmed_form(org), org)

    places = list(request.required_signers.order_by("position"))
    assert [(place.user, place.role) for place in places] == [
        (org.mkt_head, "head"),
        (org.tec_head, "head"),
    ]
    assert request.document_type == "feedback_form"
    assert request.document_code.startswith("FB-")


@pytest.mark.parametrize("person", ["tec_contact", "executive", "initiator", "fin_head"])
def test_nobody_but_the_two_heads_can_sign(org, person):
    request = signature_request_of(confirmed_form(org), org)

    with pytest.raises(Forbidden):
        sign(request, getattr(org, person))
    assert not request.signatures.exists()


def test_a_head_signs_only_once(org):
    request = signature_request_of(confirmed_form(org), org)
    sign(request, org.mkt_head)

    with pytest.raises(RuleViolation) as refused:
        sign(request, org.mkt_head)
    assert refused.value.code == "already_signed"
    request.refresh_from_db()
    assert request.status == SignatureRequest.Status.PENDING


def test_one_signature_archives_nothing(org, celery_eager, django_capture_on_commit_callbacks):
    request = signature_request_of(confirmed_form(org), org)
    with django_capture_on_commit_callbacks(execute=True):
        sign(request, org.tec_head)

    assert not GeneratedDocument.objects.filter(request=request).exists()


def test_a_refusal_archives_nothing(org, celery_eager, django_capture_on_commit_callbacks):
    request = signature_request_of(confirmed_form(org), org)
    with django_capture_on_commit_callbacks(execute=True):
        sign(request, org.mkt_head)
        sign(request, org.tec_head, decision="reject", comment="The log misses the fix date.")

    request.refresh_from_db()
    assert request.status == SignatureRequest.Status.REJECTED
    assert not GeneratedDocument.objects.filter(request=request).exists()


def test_both_signatures_archive_the_signed_pdf_once_and_the_url_serves_it(
    client, org, celery_eager, django_capture_on_commit_callbacks
):
    form = confirmed_form(org)
    request = signature_request_of(form, org)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sign(request, org.mkt_head)
        sign(request, org.tec_head)
    assert callbacks  # the archive job was queued after commit, not inside the transaction

    archived = GeneratedDocument.objects.get(request=request)
    with archived.file.open("rb") as stored:
        archived_pdf = stored.read()
    assert "李娜" in pdf_text(archived_pdf) and "赵强" in pdf_text(archived_pdf)

    client.force_login(org.fin_contact)  # an involved department sees the form
    page = client.get(
        reverse("feedback:feedback-pdf", args=[form.code]) + f"?lang={DOCUMENT_LANGUAGE}"
    )
    api = client.get(f"/api/v1/feedback/{form.code}/pdf/?lang={DOCUMENT_LANGUAGE}")
    for response in (page, api):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert body(response) == archived_pdf
    assert GeneratedDocument.objects.filter(request=request).count() == 1


def test_the_archive_job_stores_the_signed_pdf_once_however_often_it_runs(org):
    request = signature_request_of(confirmed_form(org), org)
    jobs.feedback_form_archive(request.pk)  # pending: nothing to archive yet
    assert not GeneratedDocument.objects.filter(request=request).exists()
    sign(request, org.mkt_head)
    sign(request, org.tec_head)

    jobs.feedback_form_archive(request.pk)
    jobs.feedback_form_archive(request.pk)
    jobs.feedback_form_archive(request.pk + 1000)  # gone: nothing happens

    assert GeneratedDocument.objects.filter(request=request).count() == 1


def test_the_documents_tab_shows_who_signed_and_links_the_next_signer(client, org):
    form = confirmed_form(org)
    request = signature_request_of(form, org)
    sign(request, org.mkt_head)
    url = reverse("feedback:feedback-detail", args=[form.code]) + "?tab=documents"

    org.tec_head.language = "en"
    org.tec_head.save(update_fields=["language"])
    client.force_login(org.tec_head)
    page = client.get(url).content.decode()
    assert "signed on" in page and "still to sign" in page
    assert 'data-testid="feedback-sign"' in page
    assert reverse("signoff-detail", args=[request.pk]) in page
    assert "Download the current PDF" in page

    client.force_login(org.initiator)
    page = client.get(url).content.decode()
    assert 'data-testid="feedback-sign"' not in page


def test_once_signed_the_tab_offers_the_signed_pdf(client, org):
    form = confirmed_form(org)
    request = signature_request_of(form, org)
    sign(request, org.mkt_head)
    sign(request, org.tec_head)

    client.force_login(org.initiator)
    page = client.get(
        reverse("feedback:feedback-detail", args=[form.code]) + "?tab=documents"
    ).content.decode()
    assert "Download the signed PDF" in page
    assert "still to sign" not in page


def _confirmed_with_log_entries(org, count):
    """A confirmed form whose log holds `count` notes besides the workflow's own entries."""
    form = builders.in_progress_form(org)
    for number in range(count):
        services.feedback_log_add(form=form, by=org.tec_contact, text=f"Update {number}")
    services.feedback_resolve(
        form=form,
        by=org.tec_contact,
        solution=SOLUTION,
        completed_at=timezone.now(),
        responsible_person=org.tec_member,
    )
    return services.feedback_rate(form=form, by=org.initiator, satisfaction=4)


def test_the_documents_tab_reads_in_constant_queries(client, org, django_assert_max_num_queries):
    counts = []
    for rows in (2, 20):
        form = _confirmed_with_log_entries(org, rows)
        request = signature_request_of(form, org)
        sign(request, org.mkt_head)
        client.force_login(org.tec_head)
        url = reverse("feedback:feedback-detail", args=[form.code]) + "?tab=documents"
        client.get(url)  # warm the caches (content types, sessions)
        with django_assert_max_num_queries(20) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_a_cards_archive_holds_the_signed_forms_linked_to_it(org):
    import io
    import zipfile

    from tasks.documents import card_archive
    from tests.tasks.builders import draft_card

    card = draft_card(org)
    signed = confirmed_form(org, card=card)
    request = signature_request_of(signed, org)
    sign(request, org.mkt_head)
    sign(request, org.tec_head)
    unsigned = confirmed_form(org, card=card)
    signature_request_of(unsigned, org)

    with zipfile.ZipFile(io.BytesIO(card_archive(card))) as archive:
        names = archive.namelist()
        pdf = archive.read(f"feedback/{signed.code}-v1-signed.pdf")
        index = archive.read("index.html").decode()
    assert not [name for name in names if unsigned.code in name]
    assert "赵强" in pdf_text(pdf)
    assert signed.code in index


def test_the_form_page_offers_each_head_still_to_sign_one_click_to_sign(client, org):
    form = confirmed_form(org)
    request = signature_request_of(form, org)
    url = reverse("feedback:feedback-detail", args=[form.code])
    sign_url = reverse("signoff-detail", args=[request.pk])

    def header_link(person) -> bool:
        client.force_login(person)
        page = client.get(url).content.decode()
        return 'data-testid="feedback-sign-header"' in page and sign_url in page

    assert header_link(org.mkt_head) and header_link(org.tec_head)
    assert not header_link(org.initiator) and not header_link(org.tec_contact)
    sign(request, org.mkt_head)
    assert not header_link(org.mkt_head) and header_link(org.tec_head)

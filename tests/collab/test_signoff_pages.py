"""Sign-off pages: queue, review and signing, delegation, PDF, public verification."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from collab import services
from collab.models import GeneratedDocument, Signature
from tests.factories import PASSWORD, DepartmentFactory, UserFactory
from tests.signoff_app.models import Memo

from .conftest import sign

pytestmark = pytest.mark.django_db


def test_queue_lists_what_waits_for_me_oldest_first(
    client, signature_request, finance_head, memo, author
):
    other = Memo.objects.create(title="第二", body="x", department=memo.department, author=author)
    services.signature_request_open(document=other, document_type="test_memo", requested_by=author)
    client.force_login(finance_head)
    response = client.get(reverse("signoffs"))
    awaiting = response.context["awaiting"]
    assert [item.pk for item in awaiting] == sorted(item.pk for item in awaiting)
    assert len(awaiting) == 2
    page = response.content.decode()
    assert "协同备忘录" in page and signature_request.document_code in page


def test_queue_includes_requests_of_the_head_i_deputise_for(
    client, signature_request, finance_head
):
    deputy = UserFactory()
    services.delegation_create(
        delegator=finance_head,
        deputy=deputy,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    client.force_login(deputy)
    assert [r.pk for r in client.get(reverse("signoffs")).context["awaiting"]] == [
        signature_request.pk
    ]


def test_queue_flags_overdue_requests(client, signature_request, finance_head):
    signature_request.due_at = timezone.now() - dt.timedelta(hours=1)
    signature_request.save()
    client.force_login(finance_head)
    assert "overdue" in client.get(reverse("signoffs")).content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_queue_runs_constant_queries(
    client, finance_head, finance, author, rows, django_assert_max_num_queries
):
    for n in range(rows):
        memo = Memo.objects.create(title=f"M{n}", body="x", department=finance, author=author)
        services.signature_request_open(
            document=memo, document_type="test_memo", requested_by=author
        )
    client.force_login(finance_head)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("signoffs"))
    assert len(response.context["awaiting"]) == rows


def test_review_shows_the_document_and_signing_records_the_decision(
    client, signature_request, finance_head
):
    client.force_login(finance_head)
    url = reverse("signoff-detail", args=[signature_request.pk])
    page = client.get(url).content.decode()
    assert "年度预算协同" in page and "各部门确认 2027 年度预算。" in page
    response = client.post(
        url,
        {"decision": "approve", "comment": "", "password": PASSWORD},
        HTTP_USER_AGENT="Firefox",
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert (signature.signer, signature.ip_address, signature.user_agent) == (
        finance_head,
        "192.0.2.7",
        "Firefox",
    )


def test_signing_with_a_wrong_password_shows_a_field_error(client, signature_request, finance_head):
    client.force_login(finance_head)
    response = client.post(
        reverse("signoff-detail", args=[signature_request.pk]),
        {"decision": "approve", "password": "nope"},
    )
    assert response.status_code == 200
    assert "Your password is not correct" in str(response.context["form"].errors["password"])
    assert not Signature.objects.exists()


def test_rejecting_without_a_comment_shows_a_field_error(client, signature_request, finance_head):
    client.force_login(finance_head)
    response = client.post(
        reverse("signoff-detail", args=[signature_request.pk]),
        {"decision": "reject", "comment": "", "password": PASSWORD},
    )
    assert "comment" in response.context["form"].errors
    assert not Signature.objects.exists()


def test_signing_an_already_decided_request_is_refused_clearly(
    client, signature_request, finance_head, tech_head
):
    sign(signature_request, tech_head, decision="reject", comment="不行")
    client.force_login(finance_head)
    response = client.post(
        reverse("signoff-detail", args=[signature_request.pk]),
        {"decision": "approve", "password": PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["can_sign"] is False
    assert Signature.objects.count() == 1


def test_outsiders_get_404(client, signature_request):
    client.force_login(UserFactory())
    for name in ["signoff-detail", "signoff-pdf", "signoff-pdf-status"]:
        assert client.get(reverse(name, args=[signature_request.pk])).status_code == 404
    response = client.post(
        reverse("signoff-detail", args=[signature_request.pk]),
        {"decision": "approve", "password": PASSWORD},
    )
    assert response.status_code == 404


def test_the_documents_own_readers_may_read_but_not_sign(client, signature_request, finance):
    reader = UserFactory(department=finance)
    client.force_login(reader)
    response = client.get(reverse("signoff-detail", args=[signature_request.pk]))
    assert response.status_code == 200
    assert response.context["can_sign"] is False


def test_pdf_download_is_stored_once_and_rebuilt_after_a_signature(
    client, signature_request, finance_head
):
    client.force_login(finance_head)
    url = reverse("signoff-pdf", args=[signature_request.pk])
    first = client.get(url)
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF-")
    client.get(url)
    assert GeneratedDocument.objects.count() == 1
    sign(signature_request, finance_head)
    client.get(url)
    assert GeneratedDocument.objects.count() == 2


def test_a_heavy_document_renders_in_a_job_and_the_page_shows_progress(
    client, memo, author, celery_eager, django_capture_on_commit_callbacks
):
    request = services.signature_request_open(
        document=memo, document_type="test_memo_heavy", requested_by=author
    )
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.get(reverse("signoff-pdf", args=[request.pk]))
    assert "The document is being rendered" in response.content.decode()
    assert 'hx-trigger="every 2s"' in response.content.decode()
    status = client.get(reverse("signoff-pdf-status", args=[request.pk])).content.decode()
    assert "being rendered" in status
    for job in queued:
        job()  # the worker's turn
    status = client.get(reverse("signoff-pdf-status", args=[request.pk])).content.decode()
    assert "The PDF is ready" in status
    assert (
        client.get(reverse("signoff-pdf", args=[request.pk]))["Content-Type"] == "application/pdf"
    )


def test_delegation_page_creates_lists_and_revokes(client, finance_head, finance):
    deputy = UserFactory(username="deputy")
    client.force_login(finance_head)
    today = timezone.localdate()
    response = client.post(
        reverse("delegations"),
        {
            "deputy": deputy.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=7)).isoformat(),
            "note": "年假",
        },
    )
    assert response.status_code == 302
    delegation = finance_head.delegations_given.get()
    page = client.get(reverse("delegations")).content.decode()
    assert "in force" in page
    client.post(reverse("delegation-revoke", args=[delegation.pk]))
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None


def test_delegation_page_rejects_bad_dates_with_field_errors(client, finance_head, finance):
    client.force_login(finance_head)
    today = timezone.localdate()
    response = client.post(
        reverse("delegations"),
        {
            "deputy": UserFactory().pk,
            "starts_on": today.isoformat(),
            "ends_on": (today - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert "ends_on" in response.context["form"].errors
    response = client.post(reverse("delegations"), {"deputy": "", "starts_on": "not a date"})
    assert set(response.context["form"].errors) == {"deputy", "starts_on", "ends_on"}
    assert not finance_head.delegations_given.exists()


def test_someone_elses_delegation_cannot_be_revoked(client, finance_head, finance):
    delegation = services.delegation_create(
        delegator=finance_head,
        deputy=UserFactory(),
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    client.force_login(UserFactory())
    assert client.post(reverse("delegation-revoke", args=[delegation.pk])).status_code == 404


def test_non_heads_are_told_they_cannot_delegate(client, author):
    client.force_login(author)
    assert "Only department heads delegate" in client.get(reverse("delegations")).content.decode()


# --- public verification ---------------------------------------------------------------


def test_verification_by_code_answers_valid_then_changed(
    client, signature_request, finance_head, memo
):
    sign(signature_request, finance_head)
    url = reverse("verify-code", args=[signature_request.verification_code])
    page = client.get(url).content.decode()
    assert "Valid: the document is unchanged" in page
    assert signature_request.document_code in page and "吴婷" in page
    # Never the content.
    assert "年度预算协同" not in page and "各部门确认" not in page
    memo.title = "改过的标题"
    memo.save()
    assert "Changed since signing" in client.get(url).content.decode()


def test_verification_of_an_unknown_or_tampered_code(client):
    page = client.post(reverse("verify"), {"code": "ZZZZ-ZZZZ-ZZZZ"}).content.decode()
    assert "Unknown: no Crossdesk document has this verification code" in page
    response = client.post(reverse("verify"), {"code": ""})
    assert "Enter the verification code or upload the PDF" in response.content.decode()


def test_verification_by_uploading_the_pdf(client, signature_request, finance_head):
    sign(signature_request, finance_head)
    pdf = services.generated_document_get_or_render(request=signature_request, language="en")
    upload = SimpleUploadedFile("letter.pdf", pdf.file.read(), content_type="application/pdf")
    page = client.post(reverse("verify"), {"pdf": upload}).content.decode()
    assert "Valid: the document is unchanged" in page
    assert "identical to one that Crossdesk issued" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a not a pdf", "This file is not a PDF."),
        (b"%PDF-1.7\n garbage that no parser accepts", "This PDF cannot be read."),
    ],
)
def test_verification_upload_rejects_what_is_not_a_readable_pdf(client, content, message):
    upload = SimpleUploadedFile("x.pdf", content, content_type="application/pdf")
    response = client.post(reverse("verify"), {"pdf": upload})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_verification_upload_rejects_a_pdf_without_a_code(client):
    from pypdf import PdfWriter

    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(buffer)
    upload = SimpleUploadedFile("plain.pdf", buffer.getvalue(), content_type="application/pdf")
    page = client.post(reverse("verify"), {"pdf": upload}).content.decode()
    assert "carries no Crossdesk verification code" in page


def test_verification_upload_rejects_a_file_over_10_mb(client):
    upload = SimpleUploadedFile(
        "big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    assert "larger than 10 MB" in client.post(reverse("verify"), {"pdf": upload}).content.decode()


def test_verification_page_is_public(client):
    assert client.get(reverse("verify")).status_code == 200


def test_an_admin_can_open_any_request(client, signature_request):
    DepartmentFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("signoff-detail", args=[signature_request.pk])).status_code == 200

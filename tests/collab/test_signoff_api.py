"""API for signature requests: mine, filters, signing, errors, the PDF, query counts."""

import pytest
from rest_framework.test import APIClient

from collab import services
from collab.models import Signature
from tests.factories import PASSWORD, UserFactory
from tests.signoff_app.models import Memo

from .conftest import sign

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_shows_my_requests_with_filters(signature_request, finance_head, tech_head, author):
    api = client_for(finance_head)
    body = api.get("/api/v1/signature-requests/").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["document_code"] == signature_request.document_code
    assert item["document_title"] == "协同备忘录"
    assert [place["label"] for place in item["required_signers"]] == [
        "head of Finance",
        "head of Technology",
    ]
    assert item["pdf_url"].endswith(f"/api/v1/signature-requests/{signature_request.pk}/pdf/")
    assert api.get("/api/v1/signature-requests/?awaiting=true").json()["count"] == 1
    sign(signature_request, finance_head)
    assert api.get("/api/v1/signature-requests/?awaiting=true").json()["count"] == 0
    assert api.get("/api/v1/signature-requests/?status=pending").json()["count"] == 1
    assert api.get("/api/v1/signature-requests/?overdue=true").json()["count"] == 0
    assert client_for(author).get("/api/v1/signature-requests/").json()["count"] == 1


def test_outsiders_see_nothing_and_get_404(signature_request):
    api = client_for(UserFactory())
    assert api.get("/api/v1/signature-requests/").json()["count"] == 0
    for url in ["", "pdf/"]:
        response = api.get(f"/api/v1/signature-requests/{signature_request.pk}/{url}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    response = api.post(
        f"/api/v1/signature-requests/{signature_request.pk}/sign/",
        {"decision": "approve", "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 404
    assert not Signature.objects.exists()


def test_sign_through_the_api(signature_request, finance_head, tech_head):
    response = client_for(finance_head).post(
        f"/api/v1/signature-requests/{signature_request.pk}/sign/",
        {"decision": "approve", "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "pending"
    assert body["verification"]["status"] == "valid"
    assert [s["signer"]["username"] for s in body["signatures"]] == ["fin.head"]
    response = client_for(tech_head).post(
        f"/api/v1/signature-requests/{signature_request.pk}/sign/",
        {"decision": "approve", "password": PASSWORD},
        format="json",
    )
    assert response.json()["status"] == "approved"


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"decision": "approve", "password": "wrong"}, "password", "wrong_password"),
        ({"decision": "reject", "password": PASSWORD}, "comment", "comment_required"),
        ({"decision": "maybe", "password": PASSWORD}, "decision", "invalid_choice"),
        ({"decision": "approve"}, "password", "required"),
    ],
)
def test_bad_sign_input_gets_a_field_error(signature_request, finance_head, payload, field, code):
    response = client_for(finance_head).post(
        f"/api/v1/signature-requests/{signature_request.pk}/sign/", payload, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code
    assert field in body["fields"]
    assert not Signature.objects.exists()


def test_signing_twice_or_a_decided_request_is_a_clear_error(
    signature_request, finance_head, tech_head
):
    api = client_for(finance_head)
    url = f"/api/v1/signature-requests/{signature_request.pk}/sign/"
    api.post(url, {"decision": "approve", "password": PASSWORD}, format="json")
    again = api.post(url, {"decision": "approve", "password": PASSWORD}, format="json")
    assert again.status_code == 400
    assert again.json()["code"] == "already_signed"
    sign(signature_request, tech_head, decision="reject", comment="不同意")
    late = client_for(tech_head).post(
        url, {"decision": "approve", "password": PASSWORD}, format="json"
    )
    assert late.json()["code"] == "not_pending"


def test_pdf_download_through_the_api(signature_request, finance_head):
    response = client_for(finance_head).get(
        f"/api/v1/signature-requests/{signature_request.pk}/pdf/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_heavy_pdf_answers_202_until_rendered(memo, author):
    request = services.signature_request_open(
        document=memo, document_type="test_memo_heavy", requested_by=author
    )
    response = client_for(author).get(f"/api/v1/signature-requests/{request.pk}/pdf/")
    assert response.status_code == 202
    assert response["Retry-After"] == "3"
    services.generated_document_get_or_render(request=request, language="en")
    assert (
        client_for(author).get(f"/api/v1/signature-requests/{request.pk}/pdf/").status_code == 200
    )


@pytest.mark.parametrize("rows", [3, 30])
def test_list_runs_constant_queries(
    finance_head, finance, author, rows, django_assert_max_num_queries
):
    for n in range(rows):
        memo = Memo.objects.create(title=f"M{n}", body="x", department=finance, author=author)
        request = services.signature_request_open(
            document=memo, document_type="test_memo", requested_by=author
        )
        sign(request, finance_head)
    with django_assert_max_num_queries(9):
        body = client_for(finance_head).get("/api/v1/signature-requests/?page_size=100").json()
    assert body["count"] == rows

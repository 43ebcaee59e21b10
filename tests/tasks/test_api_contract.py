"""The API contract an integrator relies on: documented errors, one paging style, real
reasons, rows that accept what they return, documents by token, verification as JSON."""

import functools
import io

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from collab.documents import formatted_code
from collab.models import SignatureRequest

from . import builders

pytestmark = pytest.mark.django_db

ERROR_CODES = {"400", "401", "403", "404", "409", "422"}  # 422: Idempotency-Key reused


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@functools.cache
def api_schema() -> dict:
    """The OpenAPI schema, generated once; a warning fails it."""
    out = io.StringIO()
    call_command("spectacular", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


def test_every_operation_documents_its_errors_in_the_one_shape():
    schema = api_schema()
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "detail", "fields"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            errors = {code for code in operation["responses"] if code.startswith("4")}
            assert errors, (method, path)
            assert errors <= ERROR_CODES, (method, path, errors)
            for code in errors:
                body = operation["responses"][code]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, (method, path, code)


def test_workflow_actions_say_who_may_call_them():
    schema = api_schema()
    actions = [
        ("/api/v1/cards/{code}/submit/", "post"),
        ("/api/v1/cards/{code}/departments/{department_code}/confirm/", "post"),
        ("/api/v1/cards/{code}/accept/", "post"),
        ("/api/v1/cards/{card_code}/risks/{id}/close/", "post"),
        ("/api/v1/cards/{card_code}/milestones/{id}/reached/", "post"),
        ("/api/v1/action-items/{action_item_pk}/delay-notices/{id}/acknowledge/", "post"),
    ]
    for path, method in actions:
        description = schema["paths"][path][method]["description"]
        assert "Who may call it:" in description, path
    change = schema["paths"]["/api/v1/cards/{code}/"]["patch"]["description"]
    assert "lead, tracker or initiator" in change
    rows = schema["components"]["schemas"]["PatchedCardWriteRequest"]["properties"]
    assert "Replaces all the card's departments" in rows["departments"]["description"]


def test_state_and_role_refusals_have_their_own_status_and_the_real_reason(org):
    card = builders.active_card(org)
    refused = api_for(org.fin_contact).post(f"/api/v1/cards/{card.code}/cancel/", {"reason": "x"})
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Only the card's lead, tracker or initiator can do this.",
        "code": "forbidden",
        "fields": {},
    }
    wrong_state = api_for(org.lead).post(f"/api/v1/cards/{card.code}/submit/")
    assert wrong_state.status_code == 409
    assert wrong_state.json()["code"] == "invalid_state"
    assert wrong_state.json()["detail"] == "Only a draft is sent for confirmation."


def test_a_single_rule_failure_says_what_it_is(org):
    card = builders.draft_card(org)
    response = api_for(org.initiator).patch(
        f"/api/v1/cards/{card.code}/",
        {"budget_amount": "-5"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "budget_amount: The budget cannot be negative."
    assert body["fields"] == {"budget_amount": ["The budget cannot be negative."]}


def test_wrong_credentials_at_the_token_endpoint_are_401(org):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": org.lead.username, "password": "wrong"}
    )
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code", "fields"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cards/",
        "/api/v1/action-items/",
        "/api/v1/departments/",
        "/api/v1/users/",
        "/api/v1/signature-requests/",
        "/api/v1/inbox/",
        "/api/v1/cards/{code}/milestones/",
        "/api/v1/cards/{code}/risks/",
        "/api/v1/cards/{code}/progress-updates/",
        "/api/v1/action-items/{item}/delay-notices/",
    ],
)
def test_every_list_is_paged_the_same_way(org, path):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    response = api_for(org.lead).get(path.format(code=card.code, item=item.pk), {"page_size": 1})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"count", "count_is_estimate", "next", "previous", "results"}
    assert body["count_is_estimate"] is False
    assert len(body["results"]) <= 1


def test_a_card_accepts_its_rows_as_it_returns_them(org):
    card = builders.draft_card(org)
    api = api_for(org.initiator)
    returned = api.get(f"/api/v1/cards/{card.code}/").json()
    departments = [
        {key: row[key] for key in ("department", "role", "responsibilities", "contact")}
        for row in returned["departments"]
    ]
    departments[0]["responsibilities"] = "Finance approves the budget within 2 days"
    response = api.patch(
        f"/api/v1/cards/{card.code}/",
        {"departments": departments, "lead": returned["lead"], "tracker": returned["tracker"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    rows = response.json()["departments"]
    assert rows[0]["contact"] == returned["departments"][0]["contact"]
    assert rows[0]["responsibilities"] == "Finance approves the budget within 2 days"


def test_codes_in_filters_and_paths_are_case_insensitive(org):
    card = builders.active_card(org)
    api = api_for(org.lead)
    assert api.get("/api/v1/departments/fin/").json()["code"] == "FIN"
    assert api.get("/api/v1/users/", {"department": "tec"}).json()["count"] == 3
    confirm = api_for(org.admin).post(f"/api/v1/cards/{card.code.lower()}/submit/")
    assert confirm.status_code == 409  # found whatever the case; an active card is not sent
    item = builders.add_item(org, card)
    listed = api.get("/api/v1/action-items/", {"card": card.code.lower(), "department": "tec"})
    assert [row["id"] for row in listed.json()["results"]] == [item.pk]


def test_documents_come_with_a_token_at_the_urls_the_api_hands_out(org, tmp_path):
    card = builders.closed_card(org)
    api = api_for(org.fin_head)
    body = api.get(f"/api/v1/cards/{card.code}/").json()
    urls = [body["pdf_url"], body["retrospective_pdf_url"], body["goal_letters"][0]["pdf_url"]]
    for url in urls:
        response = api.get(url, HTTP_ACCEPT="application/pdf")
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert content.startswith(b"%PDF-")
    archive = api.get(body["archive_url"], HTTP_ACCEPT="application/zip")
    assert archive.status_code == 200
    assert archive["Content-Type"] == "application/zip"
    assert api_for(org.outsider).get(body["pdf_url"]).status_code == 404


def test_verification_answers_in_json_by_code_and_by_upload(org):
    card = builders.active_card(org)
    letter = SignatureRequest.objects.get(object_id=card.pk, status="approved")
    code = formatted_code(letter.verification_code)
    anonymous = APIClient()

    by_code = anonymous.get("/api/v1/verify/", {"code": code.lower()})
    assert by_code.status_code == 200
    assert by_code.json()["status"] == "valid"
    assert by_code.json()["document_code"] == card.code
    assert {signer["name"] for signer in by_code.json()["signers"]} == {"Sophia Hughes", "赵强"}
    assert card.title not in str(by_code.json())

    pdf = api_for(org.fin_head).get(f"/api/v1/signature-requests/{letter.pk}/pdf/")
    content = pdf.content
    upload = anonymous.post(
        "/api/v1/verify/",
        {"pdf": SimpleUploadedFile("letter.pdf", content, "application/pdf")},
        format="multipart",
    )
    assert upload.status_code == 200
    assert upload.json()["status"] == "valid"
    assert upload.json()["identical_file"] is True

    assert (
        anonymous.get("/api/v1/verify/", {"code": "AAAA-BBBB-CCCC"}).json()["status"] == "unknown"
    )
    empty = anonymous.post("/api/v1/verify/", {})
    assert empty.status_code == 400
    not_pdf = anonymous.post(
        "/api/v1/verify/",
        {"pdf": SimpleUploadedFile("x.pdf", b"hello", "application/pdf")},
        format="multipart",
    )
    assert not_pdf.status_code == 400
    assert "pdf" in not_pdf.json()["fields"]

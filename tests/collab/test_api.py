"""API base: token exchange, authentication, the one error shape, departments and users."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_token_exchange_and_use(api, user, password):
    response = api.post(reverse("api-token"), {"username": "alice", "password": password})
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/departments/").status_code == 200


def test_token_exchange_with_a_wrong_password_has_the_error_shape(api, user):
    response = api.post(reverse("api-token"), {"username": "alice", "password": "nope"})
    assert response.status_code == 401
    assert response.json() == {
        "detail": "The username or password is not correct.",
        "code": "authentication_failed",
        "fields": {},
    }


def test_token_exchange_with_missing_fields_names_them(api):
    response = api.post(reverse("api-token"), {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "required"
    assert set(body["fields"]) == {"username", "password"}
    assert body["detail"] == "username: This field is required. password: This field is required."


def test_unauthenticated_requests_are_refused(api):
    response = api.get("/api/v1/departments/")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
        "fields": {},
    }
    assert response["WWW-Authenticate"] == "Token"


def test_malformed_token_is_refused(api):
    api.credentials(HTTP_AUTHORIZATION="Token not a token")
    response = api.get("/api/v1/departments/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert api.get("/api/v1/departments/").json()["detail"] == "Invalid token."


def test_session_api_post_without_csrf_is_refused(user, password):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("api-token"), {"username": "alice", "password": password})
    # The token endpoint takes credentials, not the session; a write with the session needs CSRF.
    assert response.status_code == 200
    response = client.put("/api/v1/departments/FIN/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "CSRF" in response.json()["detail"]


def test_departments_list_and_detail(token_api, department):
    response = token_api.get("/api/v1/departments/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    finance = body["results"][0]
    assert finance["code"] == "FIN"
    assert finance["name_zh"] == "财务部"
    assert finance["head"]["username"] == "fin.head"
    assert [contact["username"] for contact in finance["contacts"]] == ["fin.contact"]
    assert token_api.get("/api/v1/departments/FIN/").json()["executive"]["username"] == "exec"
    missing = token_api.get("/api/v1/departments/NOPE/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_departments_are_read_only(token_api, department):
    response = token_api.post("/api/v1/departments/", {"code": "X"}, format="json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_department_search_and_filter(token_api, department):
    DepartmentFactory(
        code="FIN-AP", name_en="Accounts payable", name_zh="应付账款", parent=department
    )
    assert token_api.get("/api/v1/departments/?search=应付").json()["count"] == 1
    assert token_api.get("/api/v1/departments/?parent=FIN").json()["results"][0]["code"] == "FIN-AP"


def test_users_are_paged_by_cursor(token_api, department):
    UserFactory.create_batch(5)
    seen = []
    url = "/api/v1/users/?page_size=3"
    while url:
        body = token_api.get(url).json()
        seen += [person["username"] for person in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 10  # alice, 4 finance people, 5 more
    member = token_api.get("/api/v1/users/?department=FIN").json()["results"]
    assert [person["username"] for person in member] == ["fin.member"]


@pytest.mark.parametrize("page", ["99", "999999", "0", "last-but-one", "-1"])
def test_a_page_past_the_end_or_not_a_number_is_a_clear_400(token_api, department, page):
    response = token_api.get(f"/api/v1/departments/?page={page}")
    assert response.status_code == 400
    assert "page" in response.json()["fields"]


@pytest.mark.parametrize("rows", [5, 60])
def test_list_endpoints_run_constant_queries(token_api, rows, django_assert_max_num_queries):
    for _row in range(rows):
        department = DepartmentFactory(head=UserFactory(), executive=UserFactory())
        department.contacts.add(UserFactory(), UserFactory())
        UserFactory(department=department)
    with django_assert_max_num_queries(6):
        assert token_api.get("/api/v1/departments/?page_size=200").status_code == 200
    with django_assert_max_num_queries(4):
        assert token_api.get("/api/v1/users/?page_size=500").status_code == 200


def test_schema_and_docs_are_served(client, logged_in_client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "openapi: 3" in text
    assert "/api/v1/departments/" in text
    docs = logged_in_client.get("/api/docs/")
    assert docs.status_code == 200
    # Offline: the Swagger UI comes from our own static files, never a CDN.
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.content.decode()
    assert "cdn" not in docs.content.decode().lower()


def test_openapi_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/signature-requests/{id}/sign/" in schema

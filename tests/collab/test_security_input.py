"""Hostile input answers plainly: a 20-digit id, JSON nested thousands deep, a wrong method
or media type are a 4xx, and every API error, 404 and 500 included, has the one JSON shape
{"detail", "code", "fields"}. Never a 500 from input."""

import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tests.tasks import builders

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # 20 digits: more than a bigint holds
DEEP_JSON = "[" * 5000 + "]" * 5000


def api_routes() -> list[str]:
    """Every API route, its parameters filled with hostile values."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            pattern = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, pattern)
            elif isinstance(entry, URLPattern) and pattern.startswith("api/v1/"):
                found.append(pattern)

    walk(get_resolver().url_patterns, "")
    routes = set()
    for pattern in found:
        if r"\.(?P<format>" in pattern or "<drf_format_suffix" in pattern:
            continue
        path = pattern.replace("^", "").replace("$", "")
        path = re.sub(r"\(\?P<[^>]*(pk|id)>[^)]*\)", HUGE, path)
        path = re.sub(r"\(\?P<card_code>[^)]*\)", "TC-2026-0001", path)
        path = re.sub(r"\(\?P<[^>]+>[^)]*\)", HUGE, path)
        path = re.sub(r"<[^>]+>", HUGE, path)
        routes.add("/" + path.replace("\\", ""))
    return sorted(routes)


def assert_error_shape(response):
    assert response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    body = response.json()
    assert set(body) == {"detail", "code", "fields"}, body
    assert body["detail"] and body["code"]
    return body


@pytest.fixture
def api(org):
    builders.active_card(org)  # TC-2026-0001 exists and the lead sees it
    client = APIClient()
    client.force_authenticate(org.lead)
    return client


def test_the_sweep_covers_the_api(api):
    routes = api_routes()
    assert "/api/v1/cards/" in routes
    assert f"/api/v1/action-items/{HUGE}/" in routes
    assert len(routes) > 20


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_every_api_route_answers_hostile_ids_in_the_error_shape(api, method):
    for route in api_routes():
        response = api.generic(method.upper(), route, DEEP_JSON, content_type="application/json")
        if response.status_code < 400:
            continue  # a list, or a create the deep body did not reach
        assert_error_shape(response)


@pytest.mark.parametrize("route", ["/api/v1/cards/", "/api/v1/action-items/", "/api/v1/tokens/"])
def test_json_nested_five_thousand_deep_is_a_400(api, route):
    response = api.post(route, DEEP_JSON, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in assert_error_shape(response)["detail"]


def test_json_nested_a_little_is_still_parsed(api, org):
    body = builders_payload(org)
    response = api.post("/api/v1/cards/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.json()


def builders_payload(org):
    from tests.tasks.api_support import card_payload

    return card_payload(org)


@pytest.mark.parametrize(
    "query",
    [
        {"card": HUGE},
        {"department": HUGE},
        {"owner": HUGE},
        {"page": HUGE},
        {"card": "TC-" + HUGE},
    ],
)
@pytest.mark.parametrize("route", ["/api/v1/cards/", "/api/v1/action-items/", "/api/v1/users/"])
def test_huge_ids_in_query_parameters_are_a_400_or_ignored(api, route, query):
    response = api.get(route, query)
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert_error_shape(response)


def test_an_unknown_api_path_is_a_404_in_the_error_shape(api):
    for path in (f"/api/v1/action-items/{HUGE}/", "/api/v1/no-such-thing/", f"/api/v1/{HUGE}/"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert assert_error_shape(response)["code"] == "not_found"


def test_a_wrong_method_and_media_type_are_in_the_error_shape(api):
    assert_error_shape(api.put("/api/v1/cards/", {}, format="json"))
    response = api.post("/api/v1/cards/", "<card/>", content_type="application/xml")
    assert response.status_code == 415
    assert assert_error_shape(response)["code"] == "unsupported_media_type"


@pytest.mark.urls("tests.collab.failing_urls")
def test_a_bug_in_the_api_is_a_500_in_the_error_shape(client):
    client.raise_request_exception = False
    response = client.get("/api/v1/broken/")
    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "server_error" and set(body) == {"detail", "code", "fields"}
    page = client.get("/broken/")
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "path",
    [
        f"/items/?card={HUGE}",
        f"/items/?owner={HUGE}",
        f"/items/?department={HUGE}",
        f"/cards/?department={HUGE}",
        f"/cards/?page={HUGE}",
        f"/items/{HUGE}/",
        f"/signoffs/{HUGE}/",
        f"/notifications/{HUGE}/open/",
    ],
)
def test_pages_answer_huge_ids_without_an_error(client, org, path):
    client.force_login(org.lead)
    response = client.get(path)
    assert response.status_code in (200, 404), (path, response.status_code)

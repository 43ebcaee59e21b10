"""Lists and details answer impossible input plainly: a 400 naming the parameter, a 404, or
an empty page; never a 500, never a read of the whole table."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from . import builders

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # more than a bigint holds


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.parametrize("path", ["/api/v1/cards/", "/api/v1/action-items/"])
@pytest.mark.parametrize("page", ["999999", "0", "abc"])
def test_a_page_that_does_not_exist_is_a_400_naming_page(org, path, page):
    builders.add_item(org, builders.active_card(org))
    response = api_for(org.lead).get(path, {"page": page})
    assert response.status_code == 400
    assert "page" in response.json()["fields"]


@pytest.mark.parametrize("owner", [HUGE, "abc", "-3", "123456789"])
def test_an_owner_that_cannot_exist_is_a_400_naming_owner(org, owner):
    response = api_for(org.lead).get("/api/v1/action-items/", {"owner": owner})
    assert response.status_code == 400
    assert "owner" in response.json()["fields"]


@pytest.mark.parametrize("ordering", ["colour", "-", "due_date,password"])
def test_an_unknown_ordering_is_a_400(org, ordering):
    response = api_for(org.lead).get("/api/v1/action-items/", {"ordering": ordering})
    assert response.status_code == 400
    assert "ordering" in response.json()["fields"]


def test_ids_too_large_for_any_row_are_404_not_errors(client, org):
    api = api_for(org.lead)
    card = builders.active_card(org)
    for path in (
        f"/api/v1/action-items/{HUGE}/",
        f"/api/v1/action-items/{HUGE}/delay-notices/",
        f"/api/v1/cards/{card.code}/milestones/{HUGE}/",
        f"/api/v1/users/{HUGE}/",
        f"/api/v1/signature-requests/{HUGE}/",
    ):
        assert api.get(path).status_code == 404, path
    client.force_login(org.lead)
    assert client.get(f"/items/{HUGE}/").status_code == 404
    assert client.get(f"/cards/{card.code}/risks/{HUGE}/edit/").status_code == 404


def test_a_page_number_past_the_end_shows_the_last_page(client, org):
    builders.draft_card(org)
    client.force_login(org.initiator)
    response = client.get(reverse("tasks:cards"), {"page": "999999"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1

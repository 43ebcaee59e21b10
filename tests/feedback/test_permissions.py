"""Who sees a form in the lists and who opens a department inbox, on the page and in the
API: an uninvolved department (Legal) gets 404 and never sees the form in any list."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from feedback.permissions import department_inbox_allowed
from tests.feedback import builders

pytestmark = pytest.mark.django_db

SCOPES = ["", "scope=mine", "scope=inbox", "scope=department", "scope=all"]


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def page_codes(client, query):
    return [
        form.code
        for form in client.get(f"/feedback/?{query or 'scope=all'}").context["page"].object_list
    ]


def api_codes(api, query):
    return [row["code"] for row in api.get(f"/api/v1/feedback/?{query}").json()["results"]]


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("initiator", True),  # filed it
        ("mkt_head", True),  # initiating department
        ("lead", True),  # initiating department's member
        ("executive", True),  # oversees Marketing
        ("tec_head", True),  # receiving department
        ("tec_contact", True),
        ("tec_member", True),
        ("fin_contact", True),  # Finance is involved
        ("outsider", False),  # Legal
        ("drifter", False),  # no department
        ("admin", True),
    ],
)
def test_the_role_matrix_of_lists_page_and_api(org, client, who, sees):
    form = builders.feedback_form(org)
    user = getattr(org, who)
    client.force_login(user)
    api = api_for(user)
    page_status = client.get(reverse("feedback:feedback-detail", args=[form.code])).status_code
    api_status = api.get(f"/api/v1/feedback/{form.code}/").status_code
    assert (page_status, api_status) == ((200, 200) if sees else (404, 404))
    for query in SCOPES:
        in_page = form.code in page_codes(client, query)
        in_api = form.code in api_codes(api, query)
        assert in_page == in_api, (who, query)
        if not sees:
            assert not in_page, (who, query)
    assert (form.code in api_codes(api, "search=" + form.code)) == sees
    assert (form.code in api_codes(api, "receiving_department=TEC")) == sees


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("tec_head", True),
        ("tec_contact", True),
        ("tec_member", True),
        ("executive", False),  # oversees Marketing only
        ("initiator", False),  # asked Technology, but is not one of its people
        ("outsider", False),
        ("drifter", False),
        ("admin", True),
    ],
)
def test_who_opens_the_technology_inbox_and_its_figures(org, client, who, may):
    builders.feedback_form(org)
    user = getattr(org, who)
    client.force_login(user)
    assert department_inbox_allowed(user, org.technology) is may
    page = client.get(reverse("feedback:department-inbox", args=["TEC"]))
    figures = api_for(user).get("/api/v1/feedback/compliance/", {"department": "TEC"})
    assert (page.status_code, figures.status_code) == ((200, 200) if may else (404, 404))


def test_a_department_s_executive_opens_its_inbox(org, client):
    client.force_login(org.executive)
    assert client.get(reverse("feedback:department-inbox", args=["MKT"])).status_code == 200


def test_an_unknown_department_inbox_is_404(org, client):
    client.force_login(org.admin)
    assert client.get("/feedback/inbox/NOPE/").status_code == 404


def test_the_lists_need_a_login(org, client):
    builders.feedback_form(org)
    assert client.get("/feedback/").status_code == 302
    assert client.get("/feedback/inbox/TEC/").status_code == 302
    assert APIClient().get("/api/v1/feedback/").status_code in (401, 403)

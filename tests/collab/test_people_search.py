"""The people search behind every person picker."""

import pytest
from django.urls import reverse

from collab.selectors.people import SEARCH_LIMIT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("people-search")


def search(client, **params) -> list[dict]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.json()["results"]


def names(results) -> list[str]:
    return [person["name"] for person in results]


@pytest.fixture
def searcher(client, org):
    client.force_login(org.outsider)
    return client


def test_a_part_of_a_name_finds_the_person_in_any_case(searcher, org):
    assert names(search(searcher, q="emma")) == ["Emma Clark"]
    assert names(search(searcher, q="CLAR")) == ["Emma Clark"]


def test_a_part_of_a_chinese_name_finds_the_person(searcher, org):
    assert names(search(searcher, q="婷")) == ["吴婷"]
    assert names(search(searcher, q="李娜")) == ["李娜"]


def test_a_username_finds_the_person(searcher, org):
    result = search(searcher, q="tec.mem")
    assert result == [
        {
            "id": org.tec_member.pk,
            "name": "Tom Tech",
            "username": "tec.member",
            "department": "Technology",
        }
    ]


def test_a_department_name_in_either_language_finds_its_people(searcher, org):
    by_english = set(names(search(searcher, q="technol")))
    by_chinese = set(names(search(searcher, q="技术")))
    assert by_english == by_chinese == {"赵强", "Liam Foster", "Tom Tech"}


def test_the_department_filter_keeps_its_members_head_and_contacts(searcher, org):
    outside_contact = UserFactory(username="ext", display_name="Finance's outside contact")
    org.finance.contacts.add(outside_contact)
    results = names(search(searcher, department=org.finance.pk))
    assert set(results) == {"Sophia Hughes", "吴婷", "Ada Acceptor", "Finance's outside contact"}
    assert len(results) == len(set(results))


def test_the_default_contact_of_a_department(searcher, org):
    assert names(search(searcher, department=org.finance.pk, default="1")) == ["吴婷"]
    # No named contact: its head. Neither: nobody.
    org.finance.contacts.clear()
    assert names(search(searcher, department=org.finance.pk, default="1")) == ["Sophia Hughes"]
    assert search(searcher, department=org.legal.pk, default="1") == []


def test_inactive_people_are_not_offered(searcher, org):
    org.lead.is_active = False
    org.lead.save()
    assert search(searcher, q="emma") == []


def test_the_answer_is_limited(searcher, org):
    for number in range(SEARCH_LIMIT + 5):
        UserFactory(username=f"many{number}", display_name=f"Many {number}")
    assert len(search(searcher, q="many")) == SEARCH_LIMIT


def test_bad_parameters_are_ignored(searcher, org):
    assert len(search(searcher, department="abc", q="x" * 500)) == 0
    assert names(search(searcher, department="abc", q="emma")) == ["Emma Clark"]


@pytest.mark.parametrize("people", [3, 30])
def test_the_search_runs_a_constant_number_of_queries(
    searcher, org, people, django_assert_max_num_queries
):
    for number in range(people):
        UserFactory(username=f"q{number}", display_name=f"Query {number}")
    # Session and user lookups, then the search itself.
    with django_assert_max_num_queries(3):
        search(searcher, q="query")


def test_a_visitor_must_log_in(client):
    response = client.get(URL, {"q": "a"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

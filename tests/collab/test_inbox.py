"""The inbox on "My work", its count in the navigation, and its API twin: signature
requests awaiting a head or their deputy, soonest deadline first, in fixed queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from collab import inbox, services
from collab.inbox import InboxEntry, InboxSource
from tasks import services as task_services
from tests.collab.test_pages import make_notifications
from tests.tasks import builders

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def signing_card(org):
    """Both departments confirmed: the goal letter waits for Finance's and Technology's heads."""
    card = builders.submitted_card(org)
    task_services.department_confirm(card=card, department_code="FIN", by=org.fin_contact)
    task_services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
    return card


def signatures(user):
    return [entry for entry in inbox.inbox_entries(user) if entry.kind == "collab.signature"]


def client_for(client, user):
    client.force_login(user)
    return client


# --- the registry ---------------------------------------------------------------------------


def test_entries_come_soonest_deadline_first_overdue_leading_undated_last(monkeypatch):
    now = timezone.now()

    def entry(title, deadline):
        return InboxEntry(kind="test.thing", label="Do", title=title, url="/", deadline=deadline)

    rows = [entry("later", now + 3 * DAY), entry("undated", None), entry("late", now - DAY)]
    monkeypatch.setattr(inbox, "_sources", [])
    inbox.register_inbox_source(InboxSource("test.thing", lambda user: rows, lambda user: 3))
    inbox.register_inbox_source(InboxSource("test.thing", lambda user: rows, lambda user: 3))
    assert [e.title for e in inbox.inbox_entries(None)] == ["late", "later", "undated"]
    assert inbox.inbox_count(None) == 3
    late, later, undated = inbox.inbox_entries(None)
    assert late.overdue and late.time_left == "1\xa0day overdue"
    assert not later.overdue and later.time_left.startswith("due in 2\xa0days")
    assert undated.time_left == "" and not undated.overdue
    assert later.action_href == "/"


# --- signature requests -----------------------------------------------------------------------


def test_a_head_sees_the_letter_to_sign_until_they_sign_it(org):
    card = signing_card(org)
    letter = builders.goal_letter(card)
    (entry,) = signatures(org.fin_head)
    assert entry.title == f"Goal confirmation letter {card.code} v1"
    assert entry.deadline == letter.due_at
    assert entry.action_label == "Sign"
    assert entry.action_url == reverse("signoff-detail", args=[letter.pk]) + "#decision-heading"
    assert entry.detail == "requested by Emma Clark"
    assert len(signatures(org.tec_head)) == 1
    for other in (org.fin_contact, org.lead, org.mkt_head, org.executive, org.admin):
        assert signatures(other) == []

    builders.sign_letter(card, org.fin_head)
    assert signatures(org.fin_head) == []
    assert len(signatures(org.tec_head)) == 1


def test_a_deputy_sees_the_letter_of_the_head_who_delegated_to_them(org):
    card = signing_card(org)
    today = timezone.localdate()
    delegation = services.delegation_create(
        delegator=org.fin_head, deputy=org.acceptor, starts_on=today, ends_on=today + 5 * DAY
    )
    (entry,) = signatures(org.acceptor)
    assert entry.detail == "for Sophia Hughes (delegated)"
    assert entry.title.endswith(f"{card.code} v1")

    services.delegation_revoke(delegation=delegation, by=org.fin_head)
    assert signatures(org.acceptor) == []


# --- the home page ----------------------------------------------------------------------------


def test_my_work_lists_the_letter_with_its_sign_button_and_the_count(client, org):
    card = signing_card(org)
    letter = builders.goal_letter(card)
    page = client_for(client, org.fin_head).get(reverse("home"))
    html = page.content.decode()
    assert page.context["inbox_total"] == 1
    assert f"Goal confirmation letter {card.code} v1" in html
    assert f'href="/signoffs/{letter.pk}/#decision-heading"' in html
    assert 'data-testid="inbox-count"' in html and "awaiting you:" in html
    assert "Confirmations you owe" not in html and "None." not in html


def test_overdue_entries_are_highlighted(client, org):
    builders.add_item(org, None, due_date=timezone.localdate() - 2 * DAY)
    html = client_for(client, org.tec_member).get(reverse("home")).content.decode()
    assert "inbox-entry--overdue" in html
    assert "2 days overdue" in html


def test_an_empty_inbox_says_what_to_do_next(client, org):
    html = client_for(client, org.drifter).get(reverse("home")).content.decode()
    assert "Nothing awaits you." in html
    assert reverse("tasks:card-create") in html and reverse("tasks:cards") in html
    assert 'data-testid="inbox-count"' not in html


def test_unread_notifications_on_my_work_open_through_the_notification(client, user):
    make_notifications(user, 2)
    html = client_for(client, user).get(reverse("home")).content.decode()
    notification = user.notifications.first()
    assert f'action="{reverse("notification-open", args=[notification.pk])}"' in html
    assert 'class="link-button"' in html


# --- the navigation's count -------------------------------------------------------------------


def test_other_pages_load_the_count_after_the_page(client, org):
    signing_card(org)
    html = client_for(client, org.fin_head).get(reverse("notifications")).content.decode()
    assert f'hx-get="{reverse("inbox-count")}"' in html
    assert 'data-testid="inbox-count"' not in html

    fragment = client.get(reverse("inbox-count")).content.decode()
    assert 'data-testid="inbox-count"' in fragment
    assert ">1</span>" in fragment and "awaiting you:" in fragment
    empty = client_for(client, org.drifter).get(reverse("inbox-count"))
    assert empty.content.decode().strip() == ""


def test_the_count_needs_a_login(client):
    response = client.get(reverse("inbox-count"))
    assert response.status_code == 302


def test_the_count_fragment_runs_one_query_per_source(client, org, django_assert_num_queries):
    signing_card(org)
    client_for(client, org.fin_head)
    sources = len(inbox._sources)
    # session, user, the unread count every page's context has, then one count per source
    with django_assert_num_queries(3 + sources):
        client.get(reverse("inbox-count"))


# --- queries: the same whatever the number of entries ---------------------------------------


def many(org, n):
    for _ in range(n):
        signing_card(org)
        builders.submitted_card(org)
        builders.add_item(org, None, owner=org.fin_head, by=org.fin_head)


@pytest.mark.parametrize("n", [2, 20])
def test_my_work_runs_constant_queries(client, org, n, django_assert_max_num_queries):
    many(org, n)
    make_notifications(org.fin_head, 8)
    client_for(client, org.fin_head)
    # session, user, unread count, departments, notifications; signatures (2), unread
    # mentions (1), one per task source (5), meeting source (3) and feedback source (2);
    # and, for a head, the overview section (6)
    with django_assert_max_num_queries(24):
        page = client.get(reverse("home"))
    assert page.context["inbox_total"] == 3 * n


@pytest.mark.parametrize("n", [2, 20])
def test_the_inbox_api_runs_constant_queries(org, n, django_assert_max_num_queries):
    many(org, n)
    api = APIClient()
    api.force_authenticate(org.fin_head)
    with django_assert_max_num_queries(13):
        response = api.get("/api/v1/inbox/", {"page_size": 100})
    assert response.json()["count"] == 3 * n


# --- the API ------------------------------------------------------------------------------------


def test_the_api_lists_the_entries_as_my_work_does(org):
    card = signing_card(org)
    letter = builders.goal_letter(card)
    builders.add_item(org, None, owner=org.fin_head, by=org.fin_head, title="Budget memo")
    api = APIClient()
    api.force_authenticate(org.fin_head)
    body = api.get("/api/v1/inbox/").json()
    assert set(body) == {"count", "count_is_estimate", "next", "previous", "results"}
    first = body["results"][0]
    assert first["kind"] == "collab.signature"
    assert first["label"] == "Signature requested"
    assert first["action_label"] == "Sign"
    assert first["action_url"] == f"http://testserver/signoffs/{letter.pk}/#decision-heading"
    assert first["url"] == f"http://testserver/signoffs/{letter.pk}/"
    assert first["overdue"] is False and first["all_day"] is False
    assert first["deadline"] is not None and first["time_left"].startswith("due in")
    assert [row["kind"] for row in body["results"]] == ["collab.signature", "tasks.action_item"]

    only = api.get("/api/v1/inbox/", {"kind": "tasks.action_item"}).json()
    assert [row["title"] for row in only["results"]] == ["Budget memo"]


def test_the_api_refuses_an_unknown_kind_with_a_field_error(org):
    api = APIClient()
    api.force_authenticate(org.fin_head)
    response = api.get("/api/v1/inbox/", {"kind": "nope"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_choice"
    assert "kind" in response.json()["fields"]


def test_the_api_needs_credentials():
    assert APIClient().get("/api/v1/inbox/").status_code == 401

"""The feedback list page (my forms, my department's inbox, all I may see), its filters,
the department inbox page, and their query counts."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.feedback import builders
from tests.feedback.list_builders import answered, confirmed, filed_at, resolved

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
URL = "/feedback/"


def codes(client, query=""):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return [form.code for form in response.context["page"].object_list]


def inbox_url(department):
    return reverse("feedback:department-inbox", args=[department.code])


def test_the_list_shows_my_forms_by_default_newest_first(org, client):
    older = filed_at(org, timezone.now() - 2 * DAY)
    newer = builders.feedback_form(org)
    builders.feedback_form(org, by=org.fin_head, initiating_department=org.finance, involved=[])
    client.force_login(org.initiator)
    response = client.get(URL)
    assert [form.code for form in response.context["page"].object_list] == [
        newer.code,
        older.code,
    ]
    page = response.content.decode()
    assert 'aria-current="page">My forms<' in page
    assert 'href="/feedback/new/"' in page  # "File a feedback form"
    assert newer.code in page and "Marketing → Technology" in page


def test_a_row_shows_type_urgency_state_and_the_time_left(org, client):
    form = builders.feedback_form(org, urgency="urgent", kind="process_bottleneck")
    client.force_login(org.initiator)
    page = client.get(URL).content.decode()
    assert "process bottleneck" in page and "urgent" in page and "submitted" in page
    assert "on track" in page and "left" in page
    assert timezone.localtime(form.response_due_at).isoformat()[:16] in page


def test_the_inbox_scope_is_what_my_department_receives_as_head_or_contact(org, client):
    to_tec = builders.feedback_form(org)
    to_fin = builders.feedback_form(org, receiving_department=org.finance, involved=[])
    for person, expected in [
        (org.tec_head, [to_tec.code]),
        (org.tec_contact, [to_tec.code]),
        (org.tec_member, []),  # sees it, but does not answer for Technology
        (org.fin_contact, [to_fin.code]),
        (org.initiator, []),
    ]:
        client.force_login(person)
        assert codes(client, "scope=inbox") == expected, person


def test_the_inbox_scope_includes_forms_naming_me_as_receiving_contact(org, client):
    org.technology.contacts.add(org.tec_member)
    form = builders.feedback_form(org, receiving_contact=org.tec_member)
    org.technology.contacts.remove(org.tec_member)  # named on the form, no longer a contact
    client.force_login(org.tec_member)
    assert codes(client, "scope=inbox") == [form.code]


def test_the_department_scope_is_sent_or_received_by_my_departments(org, client):
    sent = builders.feedback_form(org)
    received = builders.feedback_form(
        org,
        by=org.fin_head,
        initiating_department=org.finance,
        receiving_department=org.marketing,
        involved=[],
    )
    # Finance → Technology
    builders.feedback_form(org, by=org.fin_head, initiating_department=org.finance, involved=[])
    client.force_login(org.lead)
    assert codes(client, "scope=department") == [received.code, sent.code]


def test_the_sla_status_filter_follows_the_clock(org, client):
    start = timezone.now().replace(microsecond=0)
    form = filed_at(org, start, urgency="critical")  # 4 clock hours, due soon at 3
    client.force_login(org.initiator)
    for offset, status in [(HOUR, "on_track"), (3.5 * HOUR, "due_soon"), (5 * HOUR, "breached")]:
        with time_machine.travel(start + offset, tick=False):
            assert codes(client, f"sla_status={status}") == [form.code], status
            others = [s for s in ("on_track", "due_soon", "breached") if s != status]
            for other in others:
                assert codes(client, f"sla_status={other}") == [], (status, other)
    answered(form, start + 5 * HOUR)
    assert codes(client, "sla_status=late") == [form.code]
    assert codes(client, "sla_status=breached") == []


def test_unknown_filter_values_are_field_errors_and_show_no_rows(org, client):
    builders.feedback_form(org)
    client.force_login(org.initiator)
    for query, field in [
        ("urgency=asap", "urgency"),
        ("kind=wish", "kind"),
        ("status=lost", "status"),
        ("sla_status=late-ish", "sla_status"),
        ("department=NOPE", "department"),
        ("receiving_department=NOPE", "receiving_department"),
        ("submitted_from=yesterday", "submitted_from"),
        ("ordering=code", "ordering"),
        ("scope=everyone", "scope"),
    ]:
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 200
        assert field in response.context["filters"].errors, query
        assert list(response.context["page"].object_list) == []
        assert "Correct the filters above" in response.content.decode()


def test_the_navigation_points_at_the_feedback_list(org, client):
    client.force_login(org.initiator)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in page
    assert client.get(URL).context["navigation"][3]["current"] is True


def test_the_list_links_my_departments_inboxes(org, client):
    client.force_login(org.tec_contact)
    page = client.get(URL).content.decode()
    assert f'href="{inbox_url(org.technology)}"' in page


def many(org, n):
    for index in range(n):
        builders.feedback_form(
            org, urgency=["normal", "urgent", "critical"][index % 3], receiving_contact=None
        )
        builders.feedback_form(org, receiving_department=org.finance, involved=[])


@pytest.mark.parametrize("n", [2, 20])
def test_the_list_page_runs_constant_queries(org, client, n, django_assert_max_num_queries):
    many(org, n)
    client.force_login(org.initiator)
    # session, user, unread count, my departments (what I may see), the page's count and
    # rows, my departments' inbox links
    with django_assert_max_num_queries(7):
        response = client.get(f"{URL}?scope=all&ordering=-urgency")
    assert len(response.context["page"].object_list) == min(2 * n, 25)


# --- the department inbox -------------------------------------------------------------------


def test_the_department_inbox_lists_open_forms_breached_first_then_by_deadline(org, client):
    now = timezone.now()
    breached = filed_at(org, now - 6 * HOUR, urgency="critical")
    soon = filed_at(org, now - 20 * HOUR, urgency="urgent")
    later = builders.feedback_form(org, urgency="urgent")
    acknowledged = answered(filed_at(org, now - 2 * HOUR, urgency="critical"), now - HOUR)
    done = resolved(filed_at(org, now - 3 * DAY), now - DAY)
    rated = confirmed(filed_at(org, now - 5 * DAY), now - 2 * DAY, satisfaction=4)
    builders.feedback_form(
        org, receiving_department=org.finance, involved=[]
    )  # another department's
    client.force_login(org.tec_contact)
    response = client.get(inbox_url(org.technology))
    assert response.status_code == 200
    open_codes = [form.code for form in response.context["open_forms"]]
    assert open_codes[0] == breached.code
    assert set(open_codes) == {breached.code, soon.code, later.code, acknowledged.code}
    assert open_codes.index(soon.code) < open_codes.index(later.code)
    assert [form.code for form in response.context["resolved_forms"]] == [done.code, rated.code]
    page = response.content.decode()
    assert "Response-time compliance" in page and "Average satisfaction 4.0 / 5" in page


def test_the_department_inbox_answers_any_case_of_the_code(org, client):
    client.force_login(org.tec_member)
    assert client.get("/feedback/inbox/tec/").status_code == 200


def test_the_period_is_selectable_and_an_unknown_one_is_a_field_error(org, client):
    client.force_login(org.tec_head)
    response = client.get(inbox_url(org.technology) + "?days=30")
    assert response.context["compliance"].days == 30
    response = client.get(inbox_url(org.technology) + "?days=7")
    assert response.status_code == 200
    assert "days" in response.context["period"].errors
    assert response.context["compliance"].days == 90


@pytest.mark.parametrize("n", [2, 20])
def test_the_department_inbox_runs_constant_queries(org, client, n, django_assert_max_num_queries):
    now = timezone.now()
    for index in range(n):
        builders.feedback_form(org, urgency=["normal", "urgent", "critical"][index % 3])
        confirmed(filed_at(org, now - 3 * DAY), now - DAY, satisfaction=1 + index % 5)
    client.force_login(org.tec_contact)
    # session, user, unread count, the department, may I open it, two for the figures,
    # the open forms and the resolved ones
    with django_assert_max_num_queries(9):
        response = client.get(inbox_url(org.technology))
    assert len(response.context["open_forms"]) == n

"""Action items over the API: create and edit, dependencies, progress, filters, their delay
notices as a resource under the item, the output file's link, outsiders, query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks import services
from tasks.models import ActionItem, DelayNotice
from tests.factories import UserFactory

from . import builders
from .api_support import (
    DAY,
    api_for,
    assert_field_error,
    assert_refused,
    item_url,
    today,
)

pytestmark = pytest.mark.django_db


def item_payload(card, owner, **values):
    return {
        "card": card.code,
        "title": "Licence list",
        "owner": owner.pk,
        "due_date": (today() + 5 * DAY).isoformat(),
        **values,
    }


# --- creating and editing -------------------------------------------------------------------------


def test_an_owner_of_no_department_is_refused(org):
    card = builders.active_card(org)

    response = api_for(org.lead).post(
        "/api/v1/action-items/", item_payload(card, org.drifter), format="json"
    )

    assert_field_error(response, "owner")
    assert not ActionItem.objects.exists()


def test_an_item_without_a_title_is_refused_with_the_real_reason(org):
    card = builders.active_card(org)

    response = api_for(org.lead).post(
        "/api/v1/action-items/", item_payload(card, org.tec_member, title=" "), format="json"
    )

    body = assert_field_error(response, "title")
    assert body["detail"] == "title: Say what is to be done."
    assert not ActionItem.objects.exists()


def test_an_item_due_after_the_card_ends_is_saved_with_a_warning(org):
    card = builders.active_card(org)

    response = api_for(org.lead).post(
        "/api/v1/action-items/",
        item_payload(
            card,
            org.tec_member,
            title="Late licence list",
            due_date=(card.planned_end + 5 * DAY).isoformat(),
        ),
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert len(response.json()["warnings"]) == 1


def test_a_closed_card_takes_no_new_items(org):
    card = builders.closed_card(org)

    response = api_for(org.lead).post(
        "/api/v1/action-items/", item_payload(card, org.tec_member, title="Late"), format="json"
    )

    body = assert_refused(response, 409, "invalid_state")
    assert body["detail"] == "A closed or cancelled card takes no new action items."
    assert not ActionItem.objects.filter(title="Late").exists()


def test_only_the_cards_managers_add_items_to_it(org):
    card = builders.active_card(org)

    response = api_for(org.fin_contact).post(
        "/api/v1/action-items/", item_payload(card, org.fin_contact, title="Mine"), format="json"
    )

    body = assert_refused(response, 403, "forbidden")
    assert body["detail"] == "Only the card's lead, tracker or initiator add action items."
    assert not ActionItem.objects.filter(title="Mine").exists()


def test_an_item_cannot_depend_on_itself(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    other = builders.add_item(org, card, title="Vendor quotes")

    response = api_for(org.lead).patch(item_url(item), {"depends_on": [item.pk]}, format="json")
    assert_field_error(response, "depends_on")
    assert response.json()["code"] == "self_dependency"

    response = api_for(org.lead).patch(
        item_url(item), {"title": "Licence list v2", "depends_on": [other.pk]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["title"], response.json()["depends_on"]) == (
        "Licence list v2",
        [other.pk],
    )


def test_a_refused_dependency_rolls_back_the_rest_of_the_patch(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)

    response = api_for(org.lead).patch(
        item_url(item), {"title": "Renamed", "depends_on": [item.pk]}, format="json"
    )

    assert response.status_code == 400
    item.refresh_from_db()
    assert item.title == "Licence list"


def test_only_managers_edit_an_item_and_the_owner_reports_progress(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    owner = api_for(org.tec_member)

    refused = owner.patch(item_url(item), {"title": "Mine now"}, format="json")
    assert assert_refused(refused, 403, "forbidden")["detail"] == (
        "Only the card's lead, tracker or initiator edit this item."
    )

    response = owner.post(
        item_url(item, "progress"), {"status": "in_progress", "percent": 30}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["percent"]) == ("in_progress", 30)
    bad = owner.post(item_url(item, "progress"), {"status": "in_progress", "percent": 130})
    assert_field_error(bad, "percent")
    item.refresh_from_db()
    assert (item.title, item.percent) == ("Licence list", 30)


def test_a_closed_cards_items_are_read_only(org):
    card = builders.closed_card(org)
    item = card.action_items.get()

    response = api_for(org.tec_member).post(
        item_url(item, "progress"), {"status": "in_progress", "percent": 50}, format="json"
    )

    body = assert_refused(response, 409, "invalid_state")
    assert body["detail"] == "The card is closed or cancelled; its items are read-only."


def test_an_item_row_says_what_the_caller_can_do_with_it(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)

    as_lead = api_for(org.lead).get("/api/v1/action-items/").json()["results"][0]
    as_owner = api_for(org.tec_member).get(item_url(item)).json()

    assert as_lead["permissions"] == {
        "can_edit": True,
        "can_withdraw": False,
        "can_cancel": True,
        "can_report_progress": True,
        "can_file_delay_notice": False,
        "can_acknowledge_delay_notices": False,
        "can_close_over_dependencies": True,
        "can_repeat": True,
        "can_stop_repeating": False,
    }
    assert as_owner["permissions"] == {
        "can_edit": False,
        "can_withdraw": False,
        "can_cancel": False,
        "can_report_progress": True,
        "can_file_delay_notice": True,
        "can_acknowledge_delay_notices": False,
        "can_close_over_dependencies": False,
        "can_repeat": False,
        "can_stop_repeating": False,
    }


def test_an_item_links_its_output_file_through_the_api(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    owner = api_for(org.tec_member)
    assert owner.get(item_url(item)).json()["output_file_url"] is None
    assert owner.get(item_url(item, "output-file")).status_code == 404

    response = owner.post(
        item_url(item, "progress"),
        {
            "status": "done",
            "percent": 100,
            "output_file": SimpleUploadedFile("licences.csv", b"seat,count\nCAD,4\n"),
        },
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (
        body["output_file_url"] == f"http://testserver/api/v1/action-items/{item.pk}/output-file/"
    )
    assert "output_file" not in body


# --- delay notices, a resource under the item -----------------------------------------------------


def test_only_the_owner_files_and_only_the_lead_acknowledges_a_delay(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    new_date = (today() + 30 * DAY).isoformat()

    refused = api_for(org.lead).post(
        item_url(item, "delay-notices"), {"reason": "x", "new_due_date": new_date}, format="json"
    )
    assert assert_refused(refused, 403, "forbidden")["detail"] == (
        "Only the owner files a delay notice."
    )
    earlier = api_for(org.tec_member).post(
        item_url(item, "delay-notices"),
        {"reason": "x", "new_due_date": today().isoformat()},
        format="json",
    )
    assert_field_error(earlier, "new_due_date")
    assert not DelayNotice.objects.exists()

    api_for(org.tec_member).post(
        item_url(item, "delay-notices"), {"reason": "x", "new_due_date": new_date}, format="json"
    )
    notice = DelayNotice.objects.get()
    acknowledge = item_url(item, f"delay-notices/{notice.pk}/acknowledge")
    assert_refused(api_for(org.tec_member).post(acknowledge), 403, "forbidden")
    assert api_for(org.tracker).post(acknowledge).status_code == 200
    listed = api_for(org.tec_member).get(item_url(item, "delay-notices")).json()
    assert [n["acknowledged_by"]["username"] for n in listed["results"]] == ["mkt.tracker"]
    again = api_for(org.lead).post(acknowledge)
    assert assert_refused(again, 409, "invalid_state")["detail"] == (
        "This delay notice is already acknowledged, or the card is closed."
    )


def test_one_delay_notice_waits_at_a_time(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    owner = api_for(org.tec_member)
    first = {"reason": "Vendor", "new_due_date": (today() + 20 * DAY).isoformat()}
    second = {"reason": "Again", "new_due_date": (today() + 30 * DAY).isoformat()}

    assert owner.post(item_url(item, "delay-notices"), first, format="json").status_code == 201
    response = owner.post(item_url(item, "delay-notices"), second, format="json")

    assert_refused(response, 409, "invalid_state")
    assert DelayNotice.objects.count() == 1


def test_delay_notices_are_listed_newest_first_paged_and_read_one_by_one(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    first = services.delay_notice_file(
        item=item, by=org.tec_member, reason="Vendor", new_due_date=item.due_date + 5 * DAY
    )
    services.delay_notice_acknowledge(notice=first, by=org.lead)
    item.refresh_from_db()
    second = services.delay_notice_file(
        item=item, by=org.tec_member, reason="Vendor again", new_due_date=item.due_date + 5 * DAY
    )
    api = api_for(org.fin_contact)  # sees the card, has no part in the item

    body = api.get(item_url(item, "delay-notices"), {"page_size": 1}).json()
    assert set(body) == {"count", "count_is_estimate", "next", "previous", "results"}
    assert body["count"] == 2
    assert [n["id"] for n in body["results"]] == [second.pk]
    one = api.get(item_url(item, f"delay-notices/{first.pk}")).json()
    assert (one["reason"], one["action_item"], one["is_late"]) == ("Vendor", item.pk, False)
    assert one["filed_by"]["username"] == "tec.member"
    other = builders.add_item(org, card, title="Other")
    assert api.get(item_url(other, f"delay-notices/{first.pk}")).status_code == 404


def test_a_delay_notice_needs_a_reason(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)

    response = api_for(org.tec_member).post(
        item_url(item, "delay-notices"),
        {"reason": " ", "new_due_date": (today() + 30 * DAY).isoformat()},
        format="json",
    )

    assert_field_error(response, "reason")
    assert not DelayNotice.objects.exists()


# --- filters --------------------------------------------------------------------------------------


def test_action_item_filters(org):
    card = builders.active_card(org)
    other_card = builders.draft_card(org, title="Office move")
    start = today()
    soon = builders.add_item(org, card, title="Soon", due_date=start + 2 * DAY)
    late = builders.add_item(org, card, title="Late", due_date=start - 2 * DAY)
    mine = builders.add_item(org, other_card, title="Finance's", owner=org.fin_contact)
    builders.finish(soon, org.tec_member)
    api = api_for(org.lead)

    def titles(query):
        response = api.get(f"/api/v1/action-items/?{query}")
        assert response.status_code == 200, response.json()
        return sorted(item["title"] for item in response.json()["results"])

    assert titles("") == ["Finance's", "Late", "Soon"]
    assert titles(f"owner={org.fin_contact.pk}") == ["Finance's"]
    assert titles("department=TEC") == ["Late", "Soon"]
    assert titles(f"card={other_card.code}") == ["Finance's"]
    assert titles(f"card={other_card.code.lower()}") == ["Finance's"]
    assert titles("status=done") == ["Soon"]
    assert titles(f"due_before={start.isoformat()}") == ["Late"]
    assert titles(f"due_after={start.isoformat()}") == ["Finance's", "Soon"]
    assert titles("overdue=true") == ["Late"]
    assert titles("overdue=false") == ["Finance's", "Soon"]
    assert titles("search=late") == ["Late"]
    ordered = api.get("/api/v1/action-items/?ordering=-due_date").json()["results"]
    assert [item["id"] for item in ordered] == [mine.pk, soon.pk, late.pk]
    assert [i["overdue"] for i in ordered] == [False, False, True]
    assert api.get("/api/v1/action-items/?status=nonsense").status_code == 400


# --- visibility -----------------------------------------------------------------------------------


def test_outsiders_get_404_on_every_item_route(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    notice = services.delay_notice_file(
        item=item, by=org.tec_member, reason="x", new_due_date=today() + 30 * DAY
    )
    api = api_for(org.outsider)

    assert api.get("/api/v1/action-items/").json()["count"] == 0
    later = {"reason": "Mine", "new_due_date": (today() + 60 * DAY).isoformat()}
    requests = [
        ("get", item_url(item), {}),
        ("patch", item_url(item), {}),
        ("post", item_url(item, "progress"), {}),
        ("get", item_url(item, "output-file"), {}),
        ("get", item_url(item, "delay-notices"), {}),
        ("post", item_url(item, "delay-notices"), later),
        ("get", item_url(item, f"delay-notices/{notice.pk}"), {}),
        ("post", item_url(item, f"delay-notices/{notice.pk}/acknowledge"), {}),
    ]
    for method, url, data in requests:
        response = getattr(api, method)(url, data, format="json")
        assert response.status_code == 404, (method, url, response.content)
        assert response.json()["code"] == "not_found"
    notice.refresh_from_db()
    assert notice.acknowledged_at is None
    assert DelayNotice.objects.count() == 1


def test_an_item_cannot_be_put_on_a_card_the_caller_cannot_see(org):
    card = builders.draft_card(org, confidential=True)
    stranger = UserFactory(username="stranger", department=org.technology)

    response = api_for(stranger).post(
        "/api/v1/action-items/", item_payload(card, stranger, title="Sneak in"), format="json"
    )

    assert_field_error(response, "card")
    assert not ActionItem.objects.exists()


# --- query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_action_item_list_runs_constant_queries(org, rows, django_assert_max_num_queries):
    card = builders.active_card(org)
    previous = None
    for n in range(rows):
        item = builders.add_item(org, card, title=f"Item {n}")
        if previous is not None:
            services.action_item_update(item=item, by=org.lead, values={}, depends_on=[previous])
        previous = item
    api = api_for(org.lead)

    # the reader's departments (for the visibility and for the card filter), count, rows,
    # dependencies
    with django_assert_max_num_queries(5):
        body = api.get("/api/v1/action-items/?page_size=100&overdue=false").json()

    assert body["count"] == rows
    assert sum(len(item["depends_on"]) for item in body["results"]) == rows - 1


@pytest.mark.parametrize("rows", [2, 12])
def test_delay_notice_list_runs_constant_queries(org, rows, django_assert_max_num_queries):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    for n in range(rows):
        notice = services.delay_notice_file(
            item=item, by=org.tec_member, reason=f"Delay {n}", new_due_date=item.due_date + DAY
        )
        services.delay_notice_acknowledge(notice=notice, by=org.lead)
        item.refresh_from_db()
    api = api_for(org.lead)

    # the item, whether the reader sees it (departments, audience), count, rows
    with django_assert_max_num_queries(5):
        body = api.get(item_url(item, "delay-notices"), {"page_size": 100}).json()

    assert body["count"] == rows
    assert {n["acknowledged_by"]["username"] for n in body["results"]} == {"mkt.lead"}

"""Cards over the API: create, edit a draft, the confirmation workflow, change requests and
cancelling (the list is test_api_card_list.py)."""

import pytest

from tasks import services
from tasks.models import Card, CardDepartment, Milestone
from tests.factories import PASSWORD, DepartmentFactory

from . import builders
from .api_support import (
    DAY,
    api_for,
    assert_field_error,
    assert_refused,
    card_payload,
    card_url,
    today,
)

pytestmark = pytest.mark.django_db


# --- creating and editing a card ----------------------------------------------------------------


def test_create_card_with_departments_and_milestones(org):
    response = api_for(org.lead).post("/api/v1/cards/", card_payload(org), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    code = body["code"]
    assert code == f"TC-{today().year}-0001"
    assert body["status"] == "draft"
    assert body["initiator"]["username"] == "mkt.lead"
    assert body["lead"]["username"] == "mkt.lead"
    assert body["initiating_department"] == "MKT"
    assert body["acceptance_user"]["username"] == "fin.acceptor"
    assert body["key_results"] == ["Budget signed", "Variance under 5%"]
    assert body["budget_amount"] == "12000.00"
    rows = [(d["department"], d["role"], d["contact"]["username"]) for d in body["departments"]]
    assert rows == [("FIN", "executor", "fin.contact"), ("TEC", "support", "tec.head")]
    assert [(m["name"], m["buffer_days"]) for m in body["milestones"]] == [
        ("Draft budget", 2),
        ("Budget signed", 0),
    ]
    assert body["pdf_url"] == f"http://testserver/api/v1/cards/{code}/pdf/"
    assert body["archive_url"] is None  # until the card is closed
    assert body["retrospective_pdf_url"] is None
    assert body["goal_letters"] == []
    assert body["permissions"] == {
        "can_edit": True,
        "can_submit": True,
        "can_request_change": False,
        "can_cancel": True,
        "can_add_item": True,
        "can_edit_milestones": True,
        "can_record_milestones": True,
        "can_post_progress": True,
        "can_raise_risk": True,
        "can_manage_risks": True,
        "can_submit_for_acceptance": False,
        "can_decide_acceptance": False,
        "can_close": False,
        "can_download_archive": False,
        "answers_for": [],
        "progress_departments": ["FIN", "TEC"],
    }
    card = Card.objects.get()
    assert card.departments.count() == 2
    assert card.milestones.count() == 2


def _twice(org):
    rows = card_payload(org)["departments"]
    return {"departments": [rows[0], rows[0]]}


def _unknown_department(org):
    rows = card_payload(org)["departments"]
    return {"departments": [{**rows[0], "department": "NOPE"}]}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            lambda org: {"planned_end": (today() - 5 * DAY).isoformat(), "milestones": []},
            "planned_end",
        ),
        (lambda org: {"budget_amount": "-1.00"}, "budget_amount"),
        (_twice, "departments"),
        (_unknown_department, "departments"),
        (lambda org: {"initiating_department": "NOPE"}, "initiating_department"),
        (lambda org: {"title": ""}, "title"),
    ],
    ids=[
        "end-before-start",
        "negative-budget",
        "department-twice",
        "unknown-department",
        "unknown-initiating-department",
        "no-title",
    ],
)
def test_bad_card_input_gets_field_errors_and_saves_nothing(org, overrides, field):
    response = api_for(org.lead).post(
        "/api/v1/cards/", card_payload(org, **overrides(org)), format="json"
    )

    body = assert_field_error(response, field)
    assert body["detail"].startswith(f"{field}: ")
    assert not Card.objects.exists()
    assert not CardDepartment.objects.exists()
    assert not Milestone.objects.exists()


def test_a_department_listed_twice_is_named_in_the_error(org):
    response = api_for(org.lead).post(
        "/api/v1/cards/", card_payload(org, **_twice(org)), format="json"
    )

    body = assert_field_error(response, "departments")
    assert body["fields"]["departments"] == ["Finance is listed twice."]
    assert body["detail"] == "departments: Finance is listed twice."


def test_patch_edits_the_draft_and_keeps_what_is_left_out(org):
    card = builders.draft_card(org)
    milestone = card.milestones.get()

    response = api_for(org.tracker).patch(
        card_url(card), {"title": "Align the 2028 budget", "priority": "low"}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["title"], body["priority"]) == ("Align the 2028 budget", "low")
    assert [d["department"] for d in body["departments"]] == ["FIN", "TEC"]
    assert [m["id"] for m in body["milestones"]] == [milestone.pk]


def test_put_replaces_the_rows_it_is_given(org):
    card = builders.draft_card(org)
    # The draft is accepted by Finance's head; the payload names a person instead.
    payload = card_payload(org, acceptance_department=None)
    payload["departments"] = payload["departments"][:1]

    response = api_for(org.lead).put(card_url(card), payload, format="json")

    assert response.status_code == 200, response.json()
    assert [d["department"] for d in response.json()["departments"]] == ["FIN"]
    assert [m.name for m in card.milestones.order_by("due_date")] == [
        "Draft budget",
        "Budget signed",
    ]


def test_only_the_cards_managers_edit_it(org):
    card = builders.draft_card(org)

    response = api_for(org.tec_head).patch(card_url(card), {"title": "Mine"}, format="json")

    body = assert_refused(response, 403, "forbidden")
    assert body["detail"] == "Only the card's lead, tracker or initiator can do this."
    card.refresh_from_db()
    assert card.title == "新品上市协同"


def test_a_submitted_card_is_not_edited_in_place(org):
    card = builders.submitted_card(org)

    response = api_for(org.lead).patch(card_url(card), {"title": "Later"}, format="json")

    body = assert_refused(response, 409, "invalid_state")
    assert body["detail"] == "Only a draft is edited; a signed card changes by change request."
    card.refresh_from_db()
    assert card.title == "新品上市协同"


# --- the workflow ---------------------------------------------------------------------------------


def test_the_whole_workflow_through_the_api(org):
    lead = api_for(org.lead)
    start = today()

    code = lead.post("/api/v1/cards/", card_payload(org), format="json").json()["code"]

    body = lead.post(card_url(code, "submit")).json()
    assert body["status"] == "confirming"
    assert {d["confirmation"] for d in body["departments"]} == {"pending"}

    contact = api_for(org.fin_contact)
    assert contact.get(card_url(code)).json()["permissions"]["answers_for"] == ["FIN"]
    body = contact.post(card_url(code, "departments/FIN/confirm")).json()
    assert body["status"] == "confirming"
    response = api_for(org.tec_head).post(card_url(code, "departments/TEC/confirm"))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "signing"
    assert [d["answered_by"]["username"] for d in body["departments"]] == [
        "fin.contact",
        "tec.head",
    ]
    [letter] = body["goal_letters"]
    assert (letter["version"], letter["status"]) == (1, "pending")
    assert letter["pdf_url"].endswith(f"/api/v1/signature-requests/{letter['id']}/pdf/")

    for head in (org.fin_head, org.tec_head):
        response = api_for(head).post(
            f"/api/v1/signature-requests/{letter['id']}/sign/",
            {"decision": "approve", "password": PASSWORD},
            format="json",
        )
        assert response.status_code == 200, response.json()
    body = lead.get(card_url(code)).json()
    assert body["status"] == "active"
    assert body["goal_letters"][0]["status"] == "approved"

    response = lead.post(
        "/api/v1/action-items/",
        {
            "card": code,
            "title": "Licence list",
            "owner": org.tec_member.pk,
            "due_date": (start + 10 * DAY).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    item = response.json()
    assert (item["card"], item["department"], item["status"]) == (code, "TEC", "not_started")
    assert item["warnings"] == []
    item_id = item["id"]

    owner = api_for(org.tec_member)
    response = owner.post(
        f"/api/v1/action-items/{item_id}/delay-notices/",
        {"reason": "The vendor answers late.", "new_due_date": (start + 20 * DAY).isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.json()
    notice = response.json()
    assert notice["acknowledged_at"] is None
    item = owner.get(f"/api/v1/action-items/{item_id}/").json()
    assert (item["status"], item["has_pending_delay_notice"]) == ("delayed", True)
    assert item["due_date"] == (start + 10 * DAY).isoformat()

    response = lead.post(
        f"/api/v1/action-items/{item_id}/delay-notices/{notice['id']}/acknowledge/"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["acknowledged_by"]["username"] == "mkt.lead"
    item = lead.get(f"/api/v1/action-items/{item_id}/").json()
    assert item["due_date"] == (start + 20 * DAY).isoformat()
    assert item["original_due_date"] == (start + 10 * DAY).isoformat()
    assert item["has_pending_delay_notice"] is False

    response = owner.post(
        f"/api/v1/action-items/{item_id}/progress/",
        {"status": "done", "percent": 80, "output_link": "https://example.com/licences"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["percent"]) == ("done", 100)

    response = lead.post(
        card_url(code, "submit-acceptance"),
        {"deliverables": [item_id], "note": "The licence list."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "in_acceptance"

    acceptor = api_for(org.acceptor)
    assert acceptor.get(card_url(code)).json()["permissions"]["can_decide_acceptance"] is True
    response = acceptor.post(card_url(code, "accept"), {"comment": "Complete."}, format="json")
    assert response.status_code == 200, response.json()
    [acceptance] = response.json()["acceptances"]
    assert (acceptance["decision"], acceptance["deliverables"]) == ("accepted", [item_id])
    assert acceptance["decided_by"]["username"] == "fin.acceptor"


def test_an_objection_sends_the_card_back_to_draft_with_the_objection_shown(org):
    card = builders.submitted_card(org)
    tec_head = api_for(org.tec_head)

    response = tec_head.post(
        card_url(card, "departments/TEC/object"),
        {
            "topic": "dates",
            "objection": "Three days are too few for the licence list.",
            "proposed_change": "Give us ten working days.",
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = api_for(org.lead).get(card_url(card)).json()
    assert body["status"] == "draft"
    tec = next(d for d in body["departments"] if d["department"] == "TEC")
    assert tec["confirmation"] == "objected"
    assert tec["objection_topic"] == "dates"
    assert tec["objection"] == "Three days are too few for the licence list."
    assert tec["proposed_change"] == "Give us ten working days."
    assert tec["answered_by"]["username"] == "tec.head"


def test_an_objection_needs_a_topic_and_a_text(org):
    card = builders.submitted_card(org)

    response = api_for(org.tec_head).post(
        card_url(card, "departments/TEC/object"),
        {"topic": "dates", "objection": " "},
        format="json",
    )

    assert_field_error(response, "objection")
    card.refresh_from_db()
    assert card.status == Card.Status.CONFIRMING


def test_a_contact_cannot_confirm_another_department(org):
    card = builders.submitted_card(org)

    response = api_for(org.fin_contact).post(card_url(card, "departments/TEC/confirm"))

    body = assert_refused(response, 403, "forbidden")
    assert body["detail"] == "Only the contact or the head of Technology answers for it."
    assert card.departments.get(department=org.technology).confirmation == "pending"


def test_a_department_that_has_answered_cannot_answer_again(org):
    card = builders.submitted_card(org)
    services.department_confirm(card=card, department_code="FIN", by=org.fin_contact)

    response = api_for(org.fin_head).post(card_url(card, "departments/fin/confirm"))

    body = assert_refused(response, 409, "invalid_state")
    assert body["detail"] == "Finance has already answered, or is not asked now."


def test_confirming_for_a_department_not_on_the_card_is_refused(org):
    card = builders.submitted_card(org)
    DepartmentFactory(code="HR", head=org.fin_contact)

    response = api_for(org.fin_contact).post(card_url(card, "departments/HR/confirm"))

    assert response.status_code == 400
    assert response.json()["code"] == "not_participating"


def test_cancel_needs_a_reason_and_then_cancels(org):
    card = builders.submitted_card(org)
    lead = api_for(org.lead)

    assert_field_error(lead.post(card_url(card, "cancel"), {"reason": ""}, format="json"), "reason")

    response = lead.post(
        card_url(card, "cancel"), {"reason": "The budget moved to next year."}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "cancelled"
    assert body["cancel_reason"] == "The budget moved to next year."
    again = lead.post(card_url(card, "cancel"), {"reason": "Twice."}, format="json")
    assert assert_refused(again, 409, "invalid_state")["detail"] == (
        "The card is closed or cancelled; it is read-only."
    )


def test_a_change_request_sends_an_active_card_back_to_confirmation(org):
    card = builders.active_card(org)
    new_end = (card.planned_end + 30 * DAY).isoformat()

    no_reason = api_for(org.lead).post(
        card_url(card, "change-request"), {"planned_end": new_end, "reason": ""}, format="json"
    )
    assert_field_error(no_reason, "reason")

    response = api_for(org.lead).post(
        card_url(card, "change-request"),
        {"planned_end": new_end, "reason": "The vendor needs a month more."},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "confirming"
    assert body["planned_end"] == new_end
    [change] = body["change_requests"]
    assert change["reason"] == "The vendor needs a month more."
    assert change["changes"]["planned_end"]["after"] == new_end
    assert [d["department"] for d in body["departments"]] == ["FIN", "TEC"]


def test_a_draft_takes_no_change_request(org):
    card = builders.draft_card(org)

    response = api_for(org.lead).post(
        card_url(card, "change-request"), {"priority": "low", "reason": "Why not."}, format="json"
    )

    body = assert_refused(response, 409, "invalid_state")
    assert body["detail"] == "Only an active card takes a change request."

"""API of task cards and action items: the workflow end to end, errors, visibility, queries."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from collab import services as collab_services
from collab.models import SignatureRequest
from tasks import services
from tasks.models import ActionItem, Card, CardDepartment, DelayNotice, Milestone, Risk
from tests.factories import PASSWORD, DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = dt.timedelta(days=1)


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def org(db):
    """Finance and Technology with their heads, Finance's card contact, a lead and tracker
    from Finance, an acceptance person, a Technology member who owns items, somebody of no
    department, and an outsider."""
    fin_head = UserFactory(username="fin.head", display_name="Sophia Hughes")
    tec_head = UserFactory(username="tec.head", display_name="赵强")
    fin = DepartmentFactory(code="FIN", name_en="Finance", name_zh="财务部", head=fin_head)
    tec = DepartmentFactory(code="TEC", name_en="Technology", name_zh="技术部", head=tec_head)
    fin_contact = UserFactory(username="fin.contact", display_name="吴婷", department=fin)
    fin.contacts.add(fin_contact)
    return SimpleNamespace(
        fin=fin,
        tec=tec,
        fin_head=fin_head,
        tec_head=tec_head,
        fin_contact=fin_contact,
        lead=UserFactory(username="lead", display_name="Lena Lead", department=fin),
        tracker=UserFactory(username="tracker", department=fin),
        acceptor=UserFactory(username="acceptor", display_name="Ada Acceptor"),
        tec_member=UserFactory(username="tec.member", department=tec),
        drifter=UserFactory(username="drifter"),
        outsider=UserFactory(username="outsider"),
    )


# --- state built through the services -------------------------------------------------------


def card_input(org, **fields):
    start = fields.pop("planned_start", TODAY())
    end = fields.pop("planned_end", TODAY() + 60 * DAY)
    return services.CardInput(
        fields={
            "title": "Align the 2027 budget",
            "initiating_department": org.fin,
            "lead": org.lead,
            "tracker": org.tracker,
            "goal": "Both heads sign one budget by the end of the quarter.",
            "key_results": ["Budget signed", "Variance under 5%"],
            "in_scope": "Operating budget",
            "planned_start": start,
            "planned_end": end,
            "acceptance_user": org.acceptor,
            **fields,
        },
        departments=[
            services.DepartmentRow(
                department=org.fin,
                role="executor",
                responsibilities="Finance analyst drafts the budget within 5 days.",
                contact=org.fin_contact,
            ),
            services.DepartmentRow(
                department=org.tec,
                role="support",
                responsibilities="Technology lists its licences within 3 days.",
                contact=org.tec_head,
            ),
        ],
        milestones=[services.MilestoneRow(name="Draft budget", due_date=start)],
    )


def draft_card(org, **fields):
    return services.card_create(by=org.lead, data=card_input(org, **fields))


def submitted_card(org, **fields):
    return services.card_submit(card=draft_card(org, **fields), by=org.lead)


def goal_letter(card):
    return SignatureRequest.objects.get(
        document_type="goal_confirmation_letter", object_id=card.pk, status="pending"
    )


def active_card(org, **fields):
    card = submitted_card(org, **fields)
    services.department_confirm(card=card, department_code="FIN", by=org.fin_contact)
    services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
    letter = goal_letter(card)
    for head in (org.fin_head, org.tec_head):
        collab_services.signature_sign(
            request=letter, user=head, decision="approve", password=PASSWORD
        )
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE
    return card


def action_item(org, card, *, by=None, **values):
    item, _warnings = services.action_item_create(
        by=by or org.lead,
        card=card,
        values={
            "title": "Licence list",
            "owner": org.tec_member,
            "due_date": TODAY() + 10 * DAY,
            **values,
        },
    )
    return item


def card_in_acceptance(org):
    card = active_card(org)
    item = action_item(org, card)
    services.action_item_report_progress(item=item, by=org.tec_member, status="done", percent=100)
    services.card_submit_for_acceptance(card=card, by=org.lead, deliverables=[item])
    return card


def card_payload(org, **overrides):
    today = TODAY()
    payload = {
        "title": "Align the 2027 budget",
        "kind": "project",
        "priority": "high",
        "initiating_department": "FIN",
        "lead": org.lead.pk,
        "tracker": org.tracker.pk,
        "goal": "Both heads sign one budget by the end of the quarter.",
        "key_results": ["Budget signed", "Variance under 5%"],
        "in_scope": "Operating budget",
        "planned_start": today.isoformat(),
        "planned_end": (today + 60 * DAY).isoformat(),
        "budget_amount": "12000.00",
        "budget_currency": "CNY",
        "acceptance_user": org.acceptor.pk,
        "departments": [
            {
                "department": "FIN",
                "role": "executor",
                "responsibilities": "Finance analyst drafts the budget within 5 days.",
                "contact": org.fin_contact.pk,
            },
            {
                "department": "TEC",
                "role": "support",
                "responsibilities": "Technology lists its licences within 3 days.",
                "contact": org.tec_head.pk,
            },
        ],
        "milestones": [
            {"name": "Draft budget", "due_date": (today + 10 * DAY).isoformat(), "buffer_days": 2},
            {"name": "Budget signed", "due_date": (today + 50 * DAY).isoformat()},
        ],
    }
    payload.update(overrides)
    return payload


def card_url(card_or_code, action=""):
    code = getattr(card_or_code, "code", card_or_code)
    return f"/api/v1/cards/{code}/{action + '/' if action else ''}"


def item_url(item, action=""):
    return f"/api/v1/action-items/{item.pk}/{action + '/' if action else ''}"


def assert_field_error(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["fields"], body
    return body


# --- creating and editing a card ----------------------------------------------------------------


def test_create_card_with_departments_and_milestones(org):
    response = client_for(org.lead).post("/api/v1/cards/", card_payload(org), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["code"] == f"TC-{TODAY().year}-0001"
    assert body["status"] == "draft"
    assert body["initiator"]["username"] == "lead"
    assert body["lead"]["username"] == "lead"
    assert body["initiating_department"] == "FIN"
    assert body["acceptance_user"]["username"] == "acceptor"
    assert body["key_results"] == ["Budget signed", "Variance under 5%"]
    assert body["budget_amount"] == "12000.00"
    rows = [(d["department"], d["role"], d["contact"]["username"]) for d in body["departments"]]
    assert rows == [("FIN", "executor", "fin.contact"), ("TEC", "support", "tec.head")]
    assert [(m["name"], m["buffer_days"]) for m in body["milestones"]] == [
        ("Draft budget", 2),
        ("Budget signed", 0),
    ]
    assert body["pdf_url"].endswith(f"/cards/{body['code']}/card.pdf")
    assert body["archive_url"].endswith(f"/cards/{body['code']}/archive.zip")
    assert body["retrospective_pdf_url"] is None
    assert body["goal_letters"] == []
    assert body["permissions"] == {
        "can_edit": True,
        "answers_for": [],
        "is_acceptance_party": False,
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
            lambda org: {"planned_end": (TODAY() - 5 * DAY).isoformat(), "milestones": []},
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
    response = client_for(org.lead).post(
        "/api/v1/cards/", card_payload(org, **overrides(org)), format="json"
    )

    body = assert_field_error(response, field)
    assert body["detail"]
    assert not Card.objects.exists()
    assert not CardDepartment.objects.exists()
    assert not Milestone.objects.exists()


def test_a_department_listed_twice_is_named_in_the_error(org):
    response = client_for(org.lead).post(
        "/api/v1/cards/", card_payload(org, **_twice(org)), format="json"
    )

    body = assert_field_error(response, "departments")
    assert body["fields"]["departments"] == ["Finance is listed twice."]


def test_patch_edits_the_draft_and_keeps_what_is_left_out(org):
    card = draft_card(org)
    milestone = card.milestones.get()

    response = client_for(org.tracker).patch(
        card_url(card), {"title": "Align the 2028 budget", "priority": "low"}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["title"], body["priority"]) == ("Align the 2028 budget", "low")
    assert [d["department"] for d in body["departments"]] == ["FIN", "TEC"]
    assert [m["id"] for m in body["milestones"]] == [milestone.pk]


def test_put_replaces_the_rows_it_is_given(org):
    card = draft_card(org)
    payload = card_payload(org)
    payload["departments"] = payload["departments"][:1]

    response = client_for(org.lead).put(card_url(card), payload, format="json")

    assert response.status_code == 200, response.json()
    assert [d["department"] for d in response.json()["departments"]] == ["FIN"]
    assert [m.name for m in card.milestones.order_by("due_date")] == [
        "Draft budget",
        "Budget signed",
    ]


def test_only_the_cards_managers_edit_it(org):
    card = draft_card(org)

    response = client_for(org.tec_head).patch(card_url(card), {"title": "Mine"}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "forbidden"
    card.refresh_from_db()
    assert card.title == "Align the 2027 budget"


def test_a_submitted_card_is_not_edited_in_place(org):
    card = submitted_card(org)

    response = client_for(org.lead).patch(card_url(card), {"title": "Later"}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_state"


# --- the workflow ---------------------------------------------------------------------------------


def test_the_whole_workflow_through_the_api(org):
    lead = client_for(org.lead)
    today = TODAY()

    code = lead.post("/api/v1/cards/", card_payload(org), format="json").json()["code"]

    body = lead.post(card_url(code, "submit")).json()
    assert body["status"] == "confirming"
    assert {d["confirmation"] for d in body["departments"]} == {"pending"}

    contact = client_for(org.fin_contact)
    assert contact.get(card_url(code)).json()["permissions"]["answers_for"] == ["FIN"]
    body = contact.post(card_url(code, "departments/FIN/confirm")).json()
    assert body["status"] == "confirming"
    response = client_for(org.tec_head).post(card_url(code, "departments/TEC/confirm"))
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
        response = client_for(head).post(
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
            "due_date": (today + 10 * DAY).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    item = response.json()
    assert (item["card"], item["department"], item["status"]) == (code, "TEC", "not_started")
    assert item["warnings"] == []
    item_id = item["id"]

    owner = client_for(org.tec_member)
    response = owner.post(
        f"/api/v1/action-items/{item_id}/delay-notices/",
        {"reason": "The vendor answers late.", "new_due_date": (today + 20 * DAY).isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.json()
    notice = response.json()
    assert notice["acknowledged_at"] is None
    item = owner.get(f"/api/v1/action-items/{item_id}/").json()
    assert (item["status"], item["has_pending_delay_notice"]) == ("delayed", True)
    assert item["due_date"] == (today + 10 * DAY).isoformat()

    response = lead.post(
        f"/api/v1/action-items/{item_id}/delay-notices/{notice['id']}/acknowledge/"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["acknowledged_by"]["username"] == "lead"
    item = lead.get(f"/api/v1/action-items/{item_id}/").json()
    assert item["due_date"] == (today + 20 * DAY).isoformat()
    assert item["original_due_date"] == (today + 10 * DAY).isoformat()
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

    acceptor = client_for(org.acceptor)
    assert acceptor.get(card_url(code)).json()["permissions"]["is_acceptance_party"] is True
    response = acceptor.post(card_url(code, "accept"), {"comment": "Complete."}, format="json")
    assert response.status_code == 200, response.json()
    [acceptance] = response.json()["acceptances"]
    assert (acceptance["decision"], acceptance["deliverables"]) == ("accepted", [item_id])
    assert acceptance["decided_by"]["username"] == "acceptor"


def test_retrospective_closes_the_card(org):
    card = card_in_acceptance(org)
    services.card_accept(card=card, by=org.acceptor)
    lead = client_for(org.lead)

    incomplete = lead.post(
        card_url(card, "retrospective"),
        {"successes": "On time.", "shortcomings": "", "improvements": "Start earlier."},
        format="json",
    )
    assert_field_error(incomplete, "shortcomings")

    response = lead.post(
        card_url(card, "retrospective"),
        {
            "successes": "On time.",
            "shortcomings": "Licences came late.",
            "improvements": "Ask vendors first.",
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "closed"
    assert body["closed_at"]
    assert body["shortcomings"] == "Licences came late."
    assert body["retrospective_pdf_url"].endswith(f"/cards/{card.code}/retrospective.pdf")


def test_an_objection_sends_the_card_back_to_draft_with_the_objection_shown(org):
    card = submitted_card(org)
    tec_head = client_for(org.tec_head)

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
    body = client_for(org.lead).get(card_url(card)).json()
    assert body["status"] == "draft"
    tec = next(d for d in body["departments"] if d["department"] == "TEC")
    assert tec["confirmation"] == "objected"
    assert tec["objection_topic"] == "dates"
    assert tec["objection"] == "Three days are too few for the licence list."
    assert tec["proposed_change"] == "Give us ten working days."
    assert tec["answered_by"]["username"] == "tec.head"


def test_an_objection_needs_a_topic_and_a_text(org):
    card = submitted_card(org)

    response = client_for(org.tec_head).post(
        card_url(card, "departments/TEC/object"),
        {"topic": "dates", "objection": " "},
        format="json",
    )

    assert_field_error(response, "objection")
    card.refresh_from_db()
    assert card.status == Card.Status.CONFIRMING


def test_a_contact_cannot_confirm_another_department(org):
    card = submitted_card(org)

    response = client_for(org.fin_contact).post(card_url(card, "departments/TEC/confirm"))

    assert response.status_code == 400
    assert response.json()["code"] == "forbidden"
    assert card.departments.get(department=org.tec).confirmation == "pending"


def test_confirming_for_a_department_not_on_the_card_is_refused(org):
    card = submitted_card(org)
    DepartmentFactory(code="HR", head=org.fin_contact)

    response = client_for(org.fin_contact).post(card_url(card, "departments/HR/confirm"))

    assert response.status_code == 400
    assert response.json()["code"] == "not_participating"


def test_rejecting_acceptance_returns_the_card_to_active(org):
    card = card_in_acceptance(org)
    acceptor = client_for(org.acceptor)

    no_reason = acceptor.post(card_url(card, "reject-acceptance"), {"reasons": ""}, format="json")
    assert_field_error(no_reason, "reasons")

    response = acceptor.post(
        card_url(card, "reject-acceptance"),
        {"reasons": "The licence list misses the CAD seats."},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "active"
    assert body["acceptances"][0]["decision"] == "rejected"
    assert body["acceptances"][0]["reasons"] == "The licence list misses the CAD seats."


def test_only_the_acceptance_party_decides(org):
    card = card_in_acceptance(org)

    response = client_for(org.lead).post(card_url(card, "accept"), {}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "forbidden"


def test_acceptance_needs_deliverables(org):
    card = active_card(org)

    response = client_for(org.lead).post(
        card_url(card, "submit-acceptance"), {"deliverables": []}, format="json"
    )

    assert_field_error(response, "deliverables")
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE


def test_acceptance_refuses_an_item_that_is_not_done(org):
    card = active_card(org)
    item = action_item(org, card)

    response = client_for(org.lead).post(
        card_url(card, "submit-acceptance"), {"deliverables": [item.pk]}, format="json"
    )

    body = assert_field_error(response, "deliverables")
    assert "Licence list" in body["fields"]["deliverables"][0]


def test_cancel_needs_a_reason_and_then_cancels(org):
    card = submitted_card(org)
    lead = client_for(org.lead)

    assert_field_error(lead.post(card_url(card, "cancel"), {"reason": ""}, format="json"), "reason")

    response = lead.post(
        card_url(card, "cancel"), {"reason": "The budget moved to next year."}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "cancelled"
    assert body["cancel_reason"] == "The budget moved to next year."


def test_a_change_request_sends_an_active_card_back_to_confirmation(org):
    card = active_card(org)
    new_end = (TODAY() + 90 * DAY).isoformat()

    no_reason = client_for(org.lead).post(
        card_url(card, "change-request"), {"planned_end": new_end, "reason": ""}, format="json"
    )
    assert_field_error(no_reason, "reason")

    response = client_for(org.lead).post(
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


# --- progress updates and risks -------------------------------------------------------------------


def test_progress_updates_are_posted_for_a_department_and_listed(org):
    card = active_card(org)
    contact = client_for(org.fin_contact)

    response = contact.post(
        card_url(card, "progress-updates"),
        {"department": "FIN", "percent": 40, "done": "Draft budget written."},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["date"] == TODAY().isoformat()
    other = contact.post(
        card_url(card, "progress-updates"),
        {"department": "TEC", "percent": 10, "done": "Not mine to say."},
        format="json",
    )
    assert other.status_code == 400
    assert other.json()["code"] == "forbidden"
    listed = client_for(org.tec_head).get(card_url(card, "progress-updates")).json()
    assert [(u["department"], u["percent"], u["author"]["username"]) for u in listed] == [
        ("FIN", 40, "fin.contact")
    ]


def test_risks_are_raised_and_coordinated(org):
    card = active_card(org)

    response = client_for(org.tec_member).post(
        card_url(card, "risks"),
        {
            "description": "The CAD vendor may raise prices.",
            "impact": "high",
            "likelihood": "medium",
            "owner": org.tec_head.pk,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    risk = response.json()
    assert (risk["level"], risk["status"]) == ("high", "open")
    coordinate = card_url(card, f"risks/{risk['id']}/coordinate")
    payload = {
        "solution": "Lock prices for a year.",
        "responsible_department": "TEC",
        "deadline": (TODAY() + 7 * DAY).isoformat(),
    }
    refused = client_for(org.tec_member).post(coordinate, payload, format="json")
    assert refused.json()["code"] == "forbidden"
    response = client_for(org.lead).post(coordinate, payload, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["responsible_department"]) == (
        "coordinated",
        "TEC",
    )
    listed = client_for(org.fin_contact).get(card_url(card, "risks")).json()
    assert [r["status"] for r in listed] == ["coordinated"]
    assert (
        client_for(org.lead)
        .post(card_url(card, "risks/999999/coordinate"), payload, format="json")
        .status_code
        == 404
    )


# --- action items ---------------------------------------------------------------------------------


def test_an_owner_of_no_department_is_refused(org):
    card = active_card(org)

    response = client_for(org.lead).post(
        "/api/v1/action-items/",
        {
            "card": card.code,
            "title": "Licence list",
            "owner": org.drifter.pk,
            "due_date": (TODAY() + 5 * DAY).isoformat(),
        },
        format="json",
    )

    assert_field_error(response, "owner")
    assert not ActionItem.objects.exists()


def test_an_item_due_after_the_card_ends_is_saved_with_a_warning(org):
    card = active_card(org)

    response = client_for(org.lead).post(
        "/api/v1/action-items/",
        {
            "card": card.code,
            "title": "Late licence list",
            "owner": org.tec_member.pk,
            "due_date": (card.planned_end + 5 * DAY).isoformat(),
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert len(response.json()["warnings"]) == 1


def test_an_item_cannot_depend_on_itself(org):
    card = active_card(org)
    item = action_item(org, card)
    other = action_item(org, card, title="Vendor quotes")

    response = client_for(org.lead).patch(item_url(item), {"depends_on": [item.pk]}, format="json")
    assert_field_error(response, "depends_on")
    assert response.json()["code"] == "self_dependency"

    response = client_for(org.lead).patch(
        item_url(item), {"title": "Licence list v2", "depends_on": [other.pk]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["title"], response.json()["depends_on"]) == (
        "Licence list v2",
        [other.pk],
    )


def test_a_refused_dependency_rolls_back_the_rest_of_the_patch(org):
    card = active_card(org)
    item = action_item(org, card)

    response = client_for(org.lead).patch(
        item_url(item), {"title": "Renamed", "depends_on": [item.pk]}, format="json"
    )

    assert response.status_code == 400
    item.refresh_from_db()
    assert item.title == "Licence list"


def test_only_managers_edit_an_item_and_the_owner_reports_progress(org):
    card = active_card(org)
    item = action_item(org, card)
    owner = client_for(org.tec_member)

    refused = owner.patch(item_url(item), {"title": "Mine now"}, format="json")
    assert refused.json()["code"] == "forbidden"

    response = owner.post(
        item_url(item, "progress"), {"status": "in_progress", "percent": 30}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["percent"]) == ("in_progress", 30)
    bad = owner.post(item_url(item, "progress"), {"status": "in_progress", "percent": 130})
    assert_field_error(bad, "percent")


def test_only_the_owner_files_and_only_the_lead_acknowledges_a_delay(org):
    card = active_card(org)
    item = action_item(org, card)
    new_date = (TODAY() + 30 * DAY).isoformat()

    refused = client_for(org.lead).post(
        item_url(item, "delay-notices"), {"reason": "x", "new_due_date": new_date}, format="json"
    )
    assert refused.json()["code"] == "forbidden"
    earlier = client_for(org.tec_member).post(
        item_url(item, "delay-notices"),
        {"reason": "x", "new_due_date": TODAY().isoformat()},
        format="json",
    )
    assert_field_error(earlier, "new_due_date")

    client_for(org.tec_member).post(
        item_url(item, "delay-notices"), {"reason": "x", "new_due_date": new_date}, format="json"
    )
    notice = DelayNotice.objects.get()
    acknowledge = item_url(item, f"delay-notices/{notice.pk}/acknowledge")
    assert client_for(org.tec_member).post(acknowledge).json()["code"] == "forbidden"
    assert client_for(org.tracker).post(acknowledge).status_code == 200
    listed = client_for(org.tec_member).get(item_url(item, "delay-notices")).json()
    assert [n["acknowledged_by"]["username"] for n in listed] == ["tracker"]


def test_action_item_filters(org):
    card = active_card(org)
    other_card = draft_card(org, title="Office move")
    today = TODAY()
    soon = action_item(org, card, title="Soon", due_date=today + 2 * DAY)
    late = action_item(org, card, title="Late", due_date=today - 2 * DAY)
    mine = action_item(org, other_card, title="Finance's", owner=org.fin_contact)
    services.action_item_report_progress(item=soon, by=org.tec_member, status="done", percent=100)
    api = client_for(org.lead)

    def titles(query):
        response = api.get(f"/api/v1/action-items/?{query}")
        assert response.status_code == 200, response.json()
        return sorted(item["title"] for item in response.json()["results"])

    assert titles("") == ["Finance's", "Late", "Soon"]
    assert titles(f"owner={org.fin_contact.pk}") == ["Finance's"]
    assert titles("department=TEC") == ["Late", "Soon"]
    assert titles(f"card={other_card.code}") == ["Finance's"]
    assert titles("status=done") == ["Soon"]
    assert titles(f"due_before={today.isoformat()}") == ["Late"]
    assert titles(f"due_after={today.isoformat()}") == ["Finance's", "Soon"]
    assert titles("overdue=true") == ["Late"]
    assert titles("overdue=false") == ["Finance's", "Soon"]
    assert titles("search=late") == ["Late"]
    ordered = api.get("/api/v1/action-items/?ordering=-due_date").json()["results"]
    assert [item["id"] for item in ordered] == [mine.pk, soon.pk, late.pk]
    assert [i["overdue"] for i in ordered] == [False, False, True]
    assert api.get("/api/v1/action-items/?status=nonsense").status_code == 400


def test_card_filters_search_and_ordering(org):
    today = TODAY()
    budget = draft_card(org, priority="low")
    overdue = draft_card(
        org,
        title="Office move",
        priority="high",
        planned_start=today - 30 * DAY,
        planned_end=today - 1 * DAY,
    )
    hr = DepartmentFactory(code="HR", head=UserFactory(username="hr.head"))
    alone = services.card_create(
        by=org.tec_head,
        data=services.CardInput(
            fields={
                **card_input(org).fields,
                "title": "Hiring plan",
                "initiating_department": hr,
                "lead": org.tec_head,
                "tracker": org.tec_head,
                "priority": "medium",
            }
        ),
    )
    action_item(org, alone, by=org.tec_head, owner=org.tracker)
    api = client_for(org.tracker)

    def codes(query):
        response = api.get(f"/api/v1/cards/?{query}")
        assert response.status_code == 200, response.json()
        return [card["code"] for card in response.json()["results"]]

    assert set(codes("")) == {budget.code, overdue.code, alone.code}
    assert codes("ordering=priority") == [overdue.code, alone.code, budget.code]
    assert codes("ordering=-priority") == [budget.code, alone.code, overdue.code]
    assert set(codes("department=TEC")) == {budget.code, overdue.code}
    assert codes("department=HR") == [alone.code]
    assert codes("overdue=true") == [overdue.code]
    assert codes("search=office") == [overdue.code]
    assert codes(f"search={alone.code}") == [alone.code]
    assert set(codes("mine=true")) == {budget.code, overdue.code, alone.code}
    assert codes("mine=true&department=HR") == [alone.code]
    assert client_for(org.tec_member).get("/api/v1/cards/?mine=true").json()["count"] == 0
    services.card_submit(card=budget, by=org.lead)
    assert codes("status=confirming") == [budget.code]
    listed = api.get(f"/api/v1/cards/?search={overdue.code}").json()["results"][0]
    assert listed["overdue"] is True
    assert [d["department"] for d in listed["departments"]] == ["FIN", "TEC"]


# --- visibility -----------------------------------------------------------------------------------


def test_outsiders_get_404_on_every_card_and_item_route(org):
    card = active_card(org)
    item = action_item(org, card)
    services.delay_notice_file(
        item=item, by=org.tec_member, reason="x", new_due_date=TODAY() + 30 * DAY
    )
    notice = DelayNotice.objects.get()
    risk = services.risk_raise(
        card=card, by=org.lead, description="x", impact="low", likelihood="low", owner=org.lead
    )
    api = client_for(org.outsider)

    assert api.get("/api/v1/cards/").json()["count"] == 0
    assert api.get("/api/v1/action-items/").json()["count"] == 0
    requests = [
        ("get", card_url(card)),
        ("patch", card_url(card)),
        ("put", card_url(card)),
        ("post", card_url(card, "submit")),
        ("post", card_url(card, "departments/FIN/confirm")),
        ("post", card_url(card, "departments/FIN/object")),
        ("post", card_url(card, "change-request")),
        ("post", card_url(card, "submit-acceptance")),
        ("post", card_url(card, "accept")),
        ("post", card_url(card, "reject-acceptance")),
        ("post", card_url(card, "retrospective")),
        ("post", card_url(card, "cancel")),
        ("get", card_url(card, "progress-updates")),
        ("post", card_url(card, "progress-updates")),
        ("get", card_url(card, "risks")),
        ("post", card_url(card, "risks")),
        ("post", card_url(card, f"risks/{risk.pk}/coordinate")),
        ("get", item_url(item)),
        ("patch", item_url(item)),
        ("post", item_url(item, "progress")),
        ("get", item_url(item, "delay-notices")),
        ("post", item_url(item, "delay-notices")),
        ("post", item_url(item, f"delay-notices/{notice.pk}/acknowledge")),
    ]
    for method, url in requests:
        response = getattr(api, method)(url, {}, format="json")
        assert response.status_code == 404, (method, url, response.content)
        assert response.json()["code"] == "not_found"
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE
    assert Risk.objects.get().status == "open"


def test_a_confidential_card_is_hidden_from_its_departments_other_members(org):
    card = draft_card(org, confidential=True)
    colleague = UserFactory(username="fin.member", department=org.fin)

    assert client_for(colleague).get(card_url(card)).status_code == 404
    assert client_for(org.fin_contact).get(card_url(card)).status_code == 200


def test_an_item_cannot_be_put_on_a_card_the_caller_cannot_see(org):
    card = draft_card(org, confidential=True)
    stranger = UserFactory(username="stranger", department=org.tec)

    response = client_for(stranger).post(
        "/api/v1/action-items/",
        {
            "card": card.code,
            "title": "Sneak in",
            "owner": stranger.pk,
            "due_date": (TODAY() + 5 * DAY).isoformat(),
        },
        format="json",
    )

    assert_field_error(response, "card")
    assert not ActionItem.objects.exists()


# --- query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_card_list_runs_constant_queries(org, rows, django_assert_max_num_queries):
    for n in range(rows):
        card = draft_card(org, title=f"Card {n}")
        if n % 2:
            action_item(org, card, title=f"Item {n}")
    api = client_for(org.lead)

    with django_assert_max_num_queries(3):
        body = api.get("/api/v1/cards/?page_size=100&ordering=priority").json()

    assert body["count"] == rows
    assert sum(card["open_items"] for card in body["results"]) == rows // 2


@pytest.mark.parametrize("rows", [3, 30])
def test_action_item_list_runs_constant_queries(org, rows, django_assert_max_num_queries):
    card = active_card(org)
    previous = None
    for n in range(rows):
        item = action_item(org, card, title=f"Item {n}")
        if previous is not None:
            services.action_item_set_dependencies(item=item, by=org.lead, depends_on=[previous])
        previous = item
    api = client_for(org.lead)

    with django_assert_max_num_queries(3):
        body = api.get("/api/v1/action-items/?page_size=100&overdue=false").json()

    assert body["count"] == rows
    assert sum(len(item["depends_on"]) for item in body["results"]) == rows - 1


def test_card_codes_count_up_within_the_year(org):
    first = client_for(org.lead).post("/api/v1/cards/", card_payload(org), format="json").json()
    second = client_for(org.lead).post("/api/v1/cards/", card_payload(org), format="json").json()

    assert re.fullmatch(rf"TC-{TODAY().year}-0001", first["code"])
    assert second["code"] == f"TC-{TODAY().year}-0002"


def test_api_routes_leave_the_page_url_names_to_the_pages(org):
    """The services reverse "card-detail" and "action-item-detail" for notification links."""
    from django.urls import reverse

    assert reverse("card-detail", args=["TC-2026-0001"]) == "/cards/TC-2026-0001/"
    assert reverse("action-item-detail", args=[7]) == "/items/7/"
    assert reverse("api-card-detail", args=["TC-2026-0001"]) == "/api/v1/cards/TC-2026-0001/"
    assert reverse("api-action-item-delay-notice-acknowledge", args=[7, 9]) == (
        "/api/v1/action-items/7/delay-notices/9/acknowledge/"
    )

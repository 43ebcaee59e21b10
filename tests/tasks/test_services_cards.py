"""The card lifecycle through its services: every transition and every refusal."""

import datetime as dt
import threading
import zoneinfo

import pytest
import time_machine
from django.db import connection

from collab.errors import Forbidden, InvalidState, RuleViolation
from collab.models import Notification, SignatureRequest
from tasks import services
from tasks.models import Card, CardDepartment
from tasks.services import DepartmentRow

from .builders import card_input, sign_letter

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_create_gives_a_yearly_code_and_saves_rows(org, draft):
    assert draft.code.startswith(f"TC-{dt.date.today().year}-") or draft.code.startswith("TC-")
    assert draft.code.endswith("-0001")
    assert draft.status == Card.Status.DRAFT
    assert draft.initiator == org.initiator
    assert [p.department.code for p in draft.departments.order_by("position")] == ["FIN", "TEC"]
    assert draft.milestones.get().buffer_days == 2
    second = services.card_create(by=org.initiator, data=card_input(org, title="Second"))
    assert second.code.endswith("-0002")


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        (
            {"planned_start": dt.date(2026, 12, 1), "planned_end": dt.date(2026, 11, 1)},
            "planned_end",
        ),
        ({"budget_amount": -1}, "budget_amount"),
    ],
)
def test_bad_card_input_is_refused_with_field_errors(org, fields, error_field):
    with pytest.raises(RuleViolation) as refused:
        services.card_create(by=org.initiator, data=card_input(org, **fields))
    assert error_field in refused.value.errors
    assert not Card.objects.exists()


def test_a_department_listed_twice_is_refused_and_no_code_is_used(org):
    data = card_input(org)
    data.departments.append(
        DepartmentRow(
            department=org.finance,
            role="support",
            responsibilities="again",
            contact=org.fin_contact,
        )
    )
    with pytest.raises(RuleViolation) as refused:
        services.card_create(by=org.initiator, data=data)
    assert "departments" in refused.value.errors
    assert not Card.objects.exists()
    # The code was not consumed: the next card still gets 0001.
    assert services.card_create(by=org.initiator, data=card_input(org)).code.endswith("-0001")


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_gives_distinct_gap_free_codes(org):
    codes, failures = [], []
    barrier = threading.Barrier(4)

    def create():
        barrier.wait()
        try:
            codes.append(services.card_create(by=org.initiator, data=card_input(org)).code)
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert sorted(code[-4:] for code in codes) == ["0001", "0002", "0003", "0004"]


def test_only_editors_edit_and_only_drafts(org, draft):
    with pytest.raises(Forbidden, match="lead, tracker or initiator"):
        services.card_update(card=draft, by=org.fin_contact, data=card_input(org))
    services.card_update(card=draft, by=org.lead, data=card_input(org, title="Renamed"))
    draft.refresh_from_db()
    assert draft.title == "Renamed"
    services.card_submit(card=draft, by=org.lead)
    with pytest.raises(
        InvalidState, match="Only a draft is edited; a signed card changes by change request"
    ):
        services.card_update(card=draft, by=org.lead, data=card_input(org))


@time_machine.travel(dt.datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_submit_asks_each_department_within_two_working_days(org, draft):
    services.card_submit(card=draft, by=org.initiator)
    draft.refresh_from_db()
    assert draft.status == Card.Status.CONFIRMING
    for participation in draft.departments.all():
        assert participation.confirmation == CardDepartment.Confirmation.PENDING
        # Over the National Day holiday: 8 and 9 October are the two working days.
        assert participation.due_at == dt.datetime(2026, 10, 9, 10, 0, tzinfo=SHANGHAI)
    recipients = set(
        Notification.objects.filter(reason="card_confirmation_requested").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"fin.contact", "fin.head", "tec.contact", "tec.head"}


def test_submit_needs_a_department(org):
    data = card_input(org)
    data.departments = []
    card = services.card_create(by=org.initiator, data=data)
    with pytest.raises(RuleViolation) as refused:
        services.card_submit(card=card, by=org.initiator)
    assert refused.value.field == "departments"


def test_a_department_answers_only_for_itself(org, draft):
    services.card_submit(card=draft, by=org.initiator)
    with pytest.raises(Forbidden, match="Only the contact or the head of Technology"):
        services.department_confirm(card=draft, department_code="TEC", by=org.fin_contact)
    with pytest.raises(RuleViolation, match="does not take part"):
        services.department_confirm(card=draft, department_code="LEG", by=org.outsider)
    services.department_confirm(card=draft, department_code="FIN", by=org.fin_head)
    with pytest.raises(InvalidState, match="Finance has already answered"):
        services.department_confirm(card=draft, department_code="FIN", by=org.fin_contact)


def test_all_confirmed_opens_the_goal_letter_and_signing_activates(org, draft):
    services.card_submit(card=draft, by=org.initiator)
    services.department_confirm(card=draft, department_code="FIN", by=org.fin_contact)
    draft.refresh_from_db()
    assert draft.status == Card.Status.CONFIRMING
    services.department_confirm(card=draft, department_code="TEC", by=org.tec_contact)
    draft.refresh_from_db()
    assert draft.status == Card.Status.SIGNING
    request = SignatureRequest.objects.get(object_id=draft.pk)
    assert sorted(request.required_signers.values_list("user__username", flat=True)) == [
        "fin.head",
        "tec.head",
    ]
    sign_letter(draft, org.fin_head)
    assert draft.status == Card.Status.SIGNING
    sign_letter(draft, org.tec_head)
    assert draft.status == Card.Status.ACTIVE
    assert draft.activated_at is not None


def test_an_objection_returns_to_draft_and_a_revision_asks_only_the_changed_part(org, draft):
    services.card_submit(card=draft, by=org.initiator)
    services.department_confirm(card=draft, department_code="FIN", by=org.fin_contact)
    with pytest.raises(RuleViolation) as refused:
        services.department_object(
            card=draft,
            department_code="TEC",
            by=org.tec_contact,
            topic="responsibilities",
            objection=" ",
        )
    assert "objection" in refused.value.errors
    services.department_object(
        card=draft,
        department_code="TEC",
        by=org.tec_contact,
        topic="responsibilities",
        objection="15 Dec is too early",
        proposed_change="20 Dec",
    )
    draft.refresh_from_db()
    assert draft.status == Card.Status.DRAFT
    assert Notification.objects.filter(reason="card_objection", recipient=org.lead).exists()

    # Revise only Technology's part; Finance confirmed the same content and is not asked again.
    data = card_input(org)
    data.departments[1].responsibilities = "Engineers ship the order page by 20 Dec"
    data.departments[0].id = draft.departments.get(department=org.finance).pk
    data.departments[1].id = draft.departments.get(department=org.technology).pk
    services.card_update(card=draft, by=org.lead, data=data)
    services.card_submit(card=draft, by=org.lead)
    states = dict(draft.departments.values_list("department__code", "confirmation"))
    assert states == {"FIN": "confirmed", "TEC": "pending"}
    # A change to the common content asks everyone.
    services.department_object(
        card=draft, department_code="TEC", by=org.tec_head, topic="goal", objection="Too ambitious"
    )
    services.card_update(card=draft, by=org.lead, data=card_input(org, goal="2 cities"))
    services.card_submit(card=draft, by=org.lead)
    states = dict(draft.departments.values_list("department__code", "confirmation"))
    assert states == {"FIN": "pending", "TEC": "pending"}


def test_a_rejected_letter_returns_the_card_to_draft(org, draft):
    from collab import services as collab_services
    from tests.factories import PASSWORD

    services.card_submit(card=draft, by=org.initiator)
    services.department_confirm(card=draft, department_code="FIN", by=org.fin_contact)
    services.department_confirm(card=draft, department_code="TEC", by=org.tec_contact)
    request = SignatureRequest.objects.get(object_id=draft.pk)
    collab_services.signature_sign(
        request=request,
        user=org.fin_head,
        decision="reject",
        comment="Budget too high",
        password=PASSWORD,
    )
    draft.refresh_from_db()
    assert draft.status == Card.Status.DRAFT


def test_change_request_reconfirms_and_resigns_a_new_version(org, active_card):
    old_letter = SignatureRequest.objects.get(object_id=active_card.pk)
    with pytest.raises(RuleViolation) as refused:
        services.card_change_request(
            card=active_card, by=org.lead, data=card_input(org), reason="No change"
        )
    assert refused.value.code == "no_change"
    data = card_input(org, planned_end=active_card.planned_end + 14 * DAY)
    change = services.card_change_request(
        card=active_card, by=org.lead, data=data, reason="Supplier slipped"
    )
    assert set(change.changes) == {"planned_end"}
    active_card.refresh_from_db()
    assert active_card.status == Card.Status.CONFIRMING
    services.department_confirm(card=active_card, department_code="FIN", by=org.fin_contact)
    services.department_confirm(card=active_card, department_code="TEC", by=org.tec_contact)
    new_letter = sign_letter(active_card, org.fin_head, org.tec_head)
    assert active_card.status == Card.Status.ACTIVE
    assert new_letter.version == 2
    old_letter.refresh_from_db()
    assert old_letter.status == SignatureRequest.Status.APPROVED  # still on file


def test_change_request_needs_a_reason_and_an_active_card(org, draft, active_card):
    with pytest.raises(RuleViolation) as refused:
        services.card_change_request(card=active_card, by=org.lead, data=card_input(org), reason="")
    assert refused.value.field == "reason"
    other = services.card_create(by=org.initiator, data=card_input(org))
    with pytest.raises(InvalidState, match="Only an active card takes a change request"):
        services.card_change_request(card=other, by=org.lead, data=card_input(org), reason="x")


def test_cancel_needs_a_reason_and_an_open_card(org, active_card):
    with pytest.raises(RuleViolation) as refused:
        services.card_cancel(card=active_card, by=org.lead, reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(Forbidden, match="lead, tracker or initiator"):
        services.card_cancel(card=active_card, by=org.fin_head, reason="x")
    services.card_cancel(card=active_card, by=org.lead, reason="Market changed")
    active_card.refresh_from_db()
    assert active_card.status == Card.Status.CANCELLED
    with pytest.raises(InvalidState, match="The card is closed or cancelled; it is read-only"):
        services.card_cancel(card=active_card, by=org.lead, reason="again")


def test_cancelling_while_signing_cancels_the_pending_letter(org, draft):
    services.card_submit(card=draft, by=org.initiator)
    services.department_confirm(card=draft, department_code="FIN", by=org.fin_contact)
    services.department_confirm(card=draft, department_code="TEC", by=org.tec_contact)
    services.card_cancel(card=draft, by=org.initiator, reason="Stopped")
    assert SignatureRequest.objects.get(object_id=draft.pk).status == "cancelled"


def test_history_records_who_acted_outside_a_web_request(org, active_card):
    # No request here: the services name the actor themselves.
    submitted = active_card.history.filter(status="confirming").earliest("history_date")
    assert submitted.history_user == org.initiator
    activated = active_card.history.filter(status="active").earliest("history_date")
    assert activated.history_user == org.tec_head  # the last signature activated it
    confirmation = (
        active_card.departments.get(department__code="FIN")
        .history.filter(confirmation="confirmed")
        .get()
    )
    assert confirmation.history_user == org.fin_contact


def test_card_input_of_is_the_card_as_it_stands_with_the_changes_given(org, draft):
    data = services.card_input_of(draft, fields={"title": "Renamed"})
    assert data.fields["title"] == "Renamed"
    assert data.fields["goal"] == draft.goal
    assert [(row.department, row.contact) for row in data.departments] == [
        (org.finance, org.fin_contact),
        (org.technology, org.tec_contact),
    ]
    [milestone] = data.milestones
    assert (milestone.id, milestone.name, milestone.buffer_days) == (
        draft.milestones.get().pk,
        "Pricing agreed",
        2,
    )
    # Given back unchanged, it changes nothing; rows it replaces go.
    services.card_update(card=draft, by=org.lead, data=data)
    draft.refresh_from_db()
    services.card_update(card=draft, by=org.lead, data=services.card_input_of(draft, milestones=[]))
    draft.refresh_from_db()
    assert draft.title == "Renamed"
    assert draft.departments.count() == 2
    assert not draft.milestones.exists()

"""Answering and closing a form through the services: acknowledge, log, action items,
resolve, reopen, rate; their times, states, rules and notifications."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from collab.errors import Forbidden, InvalidState, RuleViolation
from collab.models import Notification, SignatureRequest
from feedback import services
from feedback.models import FeedbackForm, LogEntry
from feedback.services.responses import (
    ACKNOWLEDGED,
    LOG_ADDED,
    RATING_REQUESTED,
    REOPENED,
    form_about,
)
from feedback.sla import SlaStatus, sla_status_of
from tasks import selectors as task_selectors
from tasks.models import ActionItem

from . import builders

pytestmark = pytest.mark.django_db
Status = FeedbackForm.Status
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)  # a Monday


def notified(reason, form=None):
    rows = Notification.objects.filter(reason=reason)
    if form is not None:
        rows = rows.filter(about=form_about(form))
    return {row.recipient.username for row in rows}


def item_values(org, **values):
    return {
        "title": "Patch the retry",
        "owner": org.tec_member,
        "due_date": timezone.localdate() + dt.timedelta(days=3),
        "priority": "high",
        **values,
    }


def test_acknowledge_records_the_first_response_once(org):
    with time_machine.travel(START, tick=False):
        form = builders.feedback_form(org)
    acknowledged_at = START + dt.timedelta(hours=2)
    with time_machine.travel(acknowledged_at, tick=False):
        services.feedback_acknowledge(form=form, by=org.tec_contact, note="On it.")
    form.refresh_from_db()
    assert form.status == Status.ACKNOWLEDGED
    assert form.first_response_at == form.responded_at == acknowledged_at
    assert form.acknowledged_by == org.tec_contact
    assert form.last_follow_up_at == acknowledged_at

    with time_machine.travel(START + dt.timedelta(hours=5), tick=False):
        with pytest.raises(InvalidState):
            services.feedback_acknowledge(form=form, by=org.tec_head)
        services.feedback_log_add(form=form, by=org.tec_contact, text="Found the cause.")
    form.refresh_from_db()
    assert form.first_response_at == form.responded_at == acknowledged_at
    assert form.last_follow_up_at == START + dt.timedelta(hours=5)
    assert form.status == Status.IN_PROGRESS
    assert sla_status_of(form, START + dt.timedelta(days=30)) == SlaStatus.MET


def test_acknowledge_tells_the_initiator_and_logs_it(org):
    form = builders.feedback_form(org)
    services.feedback_acknowledge(form=form, by=org.tec_contact)
    assert notified(ACKNOWLEDGED, form) == {"mkt.contact"}
    entry = form.log_entries.get()
    assert (entry.kind, entry.author, entry.department) == (
        LogEntry.Kind.ACKNOWLEDGED,
        org.tec_contact,
        org.technology,
    )


@pytest.mark.parametrize("person", ["initiator", "mkt_head", "fin_contact", "tec_member"])
def test_only_the_receiving_side_acknowledges(org, person):
    form = builders.feedback_form(org)
    with pytest.raises(Forbidden):
        services.feedback_acknowledge(form=form, by=getattr(org, person))
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED and form.first_response_at is None


def test_a_log_entry_carries_its_department_and_tells_the_other_side(org):
    with time_machine.travel(START, tick=False):
        form = builders.acknowledged_form(org)
    earlier = START + dt.timedelta(hours=1)
    with time_machine.travel(START + dt.timedelta(hours=3), tick=False):
        entry = services.feedback_log_add(
            form=form, by=org.initiator, text="Any news?", happened_at=earlier
        )
    assert (entry.department, entry.happened_at) == (org.marketing, earlier)
    assert notified(LOG_ADDED, form) == {"tec.contact"}
    form.refresh_from_db()
    assert form.status == Status.ACKNOWLEDGED  # the asking side's note is no progress

    services.feedback_log_add(form=form, by=org.tec_head, text="Fix ships tonight.")
    assert notified(LOG_ADDED, form) == {"tec.contact", "mkt.contact"}
    form.refresh_from_db()
    assert form.status == Status.IN_PROGRESS


def test_a_log_entry_needs_text_and_a_time_not_in_the_future(org):
    form = builders.acknowledged_form(org)
    with pytest.raises(RuleViolation) as error:
        services.feedback_log_add(
            form=form,
            by=org.tec_contact,
            text="  ",
            happened_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert set(error.value.errors) == {"text", "happened_at"}
    assert form.log_entries.count() == 1  # the acknowledgement only


def test_action_items_land_in_the_one_table_and_in_the_owners_list(org):
    form = builders.acknowledged_form(org)
    link, _warnings = services.feedback_action_item_add(
        form=form, by=org.tec_contact, values=item_values(org)
    )
    item = ActionItem.objects.get(pk=link.action_item_id)
    assert (item.origin, item.origin_reference, item.owner) == (
        ActionItem.Origin.FEEDBACK,
        form.code,
        org.tec_member,
    )
    assert item in task_selectors.my_action_items(org.tec_member)
    assert Notification.objects.filter(
        recipient=org.tec_member, reason="action_item_assigned"
    ).exists()
    form.refresh_from_db()
    assert form.status == Status.IN_PROGRESS
    assert form.log_entries.filter(kind=LogEntry.Kind.ACTION_ITEM).exists()


def test_an_action_item_without_owner_or_due_date_is_refused_and_nothing_saved(org):
    form = builders.acknowledged_form(org)
    with pytest.raises(RuleViolation) as error:
        services.feedback_action_item_add(
            form=form, by=org.tec_contact, values=item_values(org, owner=None, due_date=None)
        )
    assert set(error.value.errors) == {"owner", "due_date"}
    assert not ActionItem.objects.exists()
    form.refresh_from_db()
    assert form.status == Status.ACKNOWLEDGED


def test_action_items_wait_for_the_acknowledgement(org):
    form = builders.feedback_form(org)
    with pytest.raises(InvalidState):
        services.feedback_action_item_add(form=form, by=org.tec_contact, values=item_values(org))


def test_resolve_needs_solution_time_and_a_person_of_the_receiving_side(org):
    form = builders.in_progress_form(org)
    with pytest.raises(RuleViolation) as error:
        services.feedback_resolve(
            form=form,
            by=org.tec_contact,
            solution="",
            completed_at=timezone.now() + dt.timedelta(hours=1),
            responsible_person=org.fin_contact,
        )
    assert set(error.value.errors) == {"solution", "completed_at", "responsible_person"}
    with pytest.raises(RuleViolation) as error:
        services.feedback_resolve(
            form=form, by=org.tec_contact, solution="x", completed_at=None, responsible_person=None
        )
    assert set(error.value.errors) == {"completed_at", "responsible_person"}
    form.refresh_from_db()
    assert form.status == Status.IN_PROGRESS and form.solution == ""


def test_resolving_asks_the_initiator_to_rate(org):
    form = builders.resolved_form(org)
    assert form.status == Status.RESOLVED and form.resolved_at is not None
    assert form.responsible_person == org.tec_member
    request = Notification.objects.get(reason=RATING_REQUESTED)
    assert (request.recipient, request.is_request, request.settled_at) == (
        org.initiator,
        True,
        None,
    )


def test_reopen_restarts_the_clock_for_the_next_response(org):
    with time_machine.travel(START, tick=False):
        form = builders.resolved_form(org, urgency="urgent")
    first_response = form.first_response_at
    reopened_at = START + dt.timedelta(days=3)
    with time_machine.travel(reopened_at, tick=False):
        services.feedback_reopen(form=form, by=org.initiator, reason="Still fails on iOS.")
    form.refresh_from_db()
    assert form.status == Status.IN_PROGRESS and form.reopen_count == 1
    assert form.response_due_at == reopened_at + dt.timedelta(hours=24)
    assert form.responded_at is None and form.first_response_at == first_response
    assert sla_status_of(form, reopened_at + dt.timedelta(hours=1)) == SlaStatus.ON_TRACK
    assert sla_status_of(form, reopened_at + dt.timedelta(hours=25)) == SlaStatus.BREACHED
    assert notified(REOPENED, form) == {"tec.contact", "tec.head"}
    assert Notification.objects.get(reason=RATING_REQUESTED).settled_at is not None
    assert form.log_entries.filter(kind=LogEntry.Kind.REOPENED).get().text == "Still fails on iOS."

    with time_machine.travel(reopened_at + dt.timedelta(hours=2), tick=False):
        services.feedback_log_add(form=form, by=org.tec_contact, text="Looking at iOS.")
    form.refresh_from_db()
    assert form.responded_at == reopened_at + dt.timedelta(hours=2)
    assert form.first_response_at == first_response
    assert not Notification.objects.filter(reason=REOPENED, settled_at__isnull=True).exists()


def test_reopen_needs_a_reason_and_the_initiator(org):
    form = builders.resolved_form(org)
    with pytest.raises(RuleViolation) as error:
        services.feedback_reopen(form=form, by=org.initiator, reason=" ")
    assert "reason" in error.value.errors
    with pytest.raises(Forbidden):
        services.feedback_reopen(form=form, by=org.mkt_head, reason="No.")
    form.refresh_from_db()
    assert form.status == Status.RESOLVED and form.reopen_count == 0


@pytest.mark.parametrize("satisfaction", [0, 6, "x", "", None, "4.5"])
def test_a_rating_outside_one_to_five_is_refused(org, satisfaction):
    form = builders.resolved_form(org)
    with pytest.raises(RuleViolation) as error:
        services.feedback_rate(form=form, by=org.initiator, satisfaction=satisfaction)
    assert "satisfaction" in error.value.errors
    form.refresh_from_db()
    assert form.status == Status.RESOLVED and form.satisfaction is None
    assert not SignatureRequest.objects.exists()


@pytest.mark.parametrize("person", ["mkt_head", "tec_head", "tec_contact", "lead"])
def test_only_the_initiator_rates(org, person):
    form = builders.resolved_form(org)
    with pytest.raises(Forbidden):
        services.feedback_rate(form=form, by=getattr(org, person), satisfaction=5)


def test_rating_confirms_and_asks_both_heads_to_sign(org):
    form = builders.confirmed_form(org, satisfaction=4)
    assert (form.status, form.satisfaction) == (Status.CONFIRMED, 4)
    assert form.confirmed_at is not None
    request = SignatureRequest.objects.get()
    assert request.document_code == form.code
    asked = Notification.objects.filter(reason="signature_requested")
    assert {row.recipient.username for row in asked} == {"mkt.head", "tec.head"}
    assert Notification.objects.get(reason=RATING_REQUESTED).settled_at is not None
    with pytest.raises(InvalidState):
        services.feedback_log_add(form=form, by=org.initiator, text="One more thing")

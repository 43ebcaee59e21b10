"""A notification that asks for something is marked done when that thing is done, and
the centre renders it from plain values in the reader's language."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from collab import services as collab_services
from collab.models import Notification
from tasks import services

from . import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    """Pages read in Chinese here activate it in this thread; later tests expect English."""
    with translation.override(translation.get_language()):
        yield


def open_requests(reason, **filters):
    return set(
        Notification.objects.filter(
            reason=reason, is_request=True, settled_at__isnull=True, **filters
        ).values_list("recipient__username", flat=True)
    )


def done_requests(reason):
    return set(
        Notification.objects.filter(reason=reason, settled_at__isnull=False).values_list(
            "recipient__username", flat=True
        )
    )


def test_confirming_settles_that_departments_request_only(org, draft):
    services.card_submit(card=draft, by=org.initiator)
    reason = "card_confirmation_requested"
    assert open_requests(reason) == {"fin.contact", "fin.head", "tec.contact", "tec.head"}

    services.department_confirm(card=draft, department_code="FIN", by=org.fin_contact)

    assert open_requests(reason) == {"tec.contact", "tec.head"}
    assert done_requests(reason) == {"fin.contact", "fin.head"}


def test_objecting_settles_the_request_and_the_objection_is_news(org, draft):
    services.card_submit(card=draft, by=org.initiator)
    services.department_object(
        card=draft,
        department_code="TEC",
        by=org.tec_contact,
        topic="responsibilities",
        objection="Too early",
    )
    assert open_requests("card_confirmation_requested") == {"fin.contact", "fin.head"}
    objection = Notification.objects.get(reason="card_objection", recipient=org.lead)
    assert not objection.is_request
    assert objection.title == f"Technology objects to card {draft.code} “{draft.title}”"


def test_signing_settles_the_signers_request_and_the_decision_settles_all(org, draft):
    card = builders.submitted_card(org)
    services.department_confirm(card=card, department_code="FIN", by=org.fin_contact)
    services.department_confirm(card=card, department_code="TEC", by=org.tec_contact)
    assert open_requests("signature_requested") == {"fin.head", "tec.head"}

    builders.sign_letter(card, org.fin_head)
    assert open_requests("signature_requested") == {"tec.head"}

    builders.sign_letter(card, org.tec_head)
    assert open_requests("signature_requested") == set()


def test_acknowledging_a_delay_notice_settles_it(org, active_card):
    item = builders.add_item(org, active_card, due_date=dt.date.today() + dt.timedelta(days=30))
    notice = services.delay_notice_file(
        item=item,
        by=org.tec_member,
        reason="Vendor late",
        new_due_date=item.due_date + dt.timedelta(days=7),
    )
    assert open_requests("delay_notice_filed") == {"mkt.lead", "mkt.tracker"}
    title = Notification.objects.get(reason="delay_notice_filed", recipient=org.lead).title
    assert title.startswith(f"Tom Tech asks to move “{item.title}” to ")

    services.delay_notice_acknowledge(notice=notice, by=org.tracker)
    assert open_requests("delay_notice_filed") == set()
    assert done_requests("delay_notice_filed") == {"mkt.lead", "mkt.tracker"}


def test_coordinating_a_risk_settles_it_and_the_title_says_which_risk(org, active_card):
    risk = builders.raise_risk(org, active_card, description="The CAD vendor may raise prices.")
    notification = Notification.objects.get(reason="risk_raised", recipient=org.lead)
    assert notification.title == (
        f"Risk on card {active_card.code} (high): The CAD vendor may raise prices."
    )
    services.risk_coordinate(
        risk=risk,
        by=org.lead,
        solution="Second vendor",
        responsible_department=org.technology,
        deadline=dt.date.today() + dt.timedelta(days=5),
    )
    assert open_requests("risk_raised") == set()


def test_deciding_acceptance_settles_the_request(org):
    card = builders.card_in_acceptance(org)
    assert open_requests("acceptance_requested") == {"fin.head"}
    services.card_accept(card=card, by=org.fin_head)
    assert open_requests("acceptance_requested") == set()
    decided = Notification.objects.get(reason="acceptance_decided", recipient=org.lead)
    assert decided.title == f"Deliverables accepted: card {card.code} “{card.title}”"


def test_finishing_an_action_item_settles_its_assignment(org, active_card):
    item = builders.add_item(org, active_card)
    assignment = Notification.objects.get(reason="action_item_assigned")
    assert assignment.title == f"Emma Clark gave you an action item: {item.title}"
    assert open_requests("action_item_assigned") == {"tec.member"}
    builders.finish(item, org.tec_member)
    assert open_requests("action_item_assigned") == set()


def test_settling_twice_changes_nothing(org, draft):
    services.card_submit(card=draft, by=org.initiator)
    services.department_confirm(card=draft, department_code="FIN", by=org.fin_contact)
    settled = dict(
        Notification.objects.filter(settled_at__isnull=False).values_list("pk", "settled_at")
    )
    about = Notification.objects.get(pk=next(iter(settled))).about
    assert (
        collab_services.notifications_settle(reason="card_confirmation_requested", about=about) == 0
    )
    assert settled == dict(
        Notification.objects.filter(settled_at__isnull=False).values_list("pk", "settled_at")
    )


def test_the_centre_shows_the_request_done_greyed(org, draft, client):
    services.card_submit(card=draft, by=org.initiator)
    client.force_login(org.fin_contact)
    page = client.get(reverse("notifications")).content.decode()
    to_do = page.split('data-testid="to-do"')[1].split('data-testid="other-notifications"')[0]
    assert f"Please confirm card {draft.code}: {draft.title}" in to_do

    services.department_confirm(card=draft, department_code="FIN", by=org.fin_contact)
    page = client.get(reverse("notifications")).content.decode()
    to_do, other = page.split('data-testid="to-do"')[1].split('data-testid="other-notifications"')
    assert draft.code not in to_do
    assert "notification--done" in other and f"Please confirm card {draft.code}" in other


def test_a_chinese_reader_sees_the_request_in_chinese_after_switching(org, draft, client):
    """Sent while the reader used English; read after they switched to Chinese."""
    services.card_submit(card=draft, by=org.initiator)
    stored = Notification.objects.get(reason="card_confirmation_requested", recipient=org.fin_head)
    assert stored.title.startswith("Please confirm card")

    client.force_login(org.fin_head)
    client.post(reverse("language"), {"language": "zh-hans", "next": "/"})
    page = client.get(reverse("notifications")).content.decode()
    assert f"请确认任务卡 {draft.code}：{draft.title}" in page
    assert "Please confirm card" not in page

"""Publishing freezes the minutes as a version with its PDF and sends them to exactly the
right people; a correction is the next version, the published one kept."""

import pytest
from django.core import mail

from collab import services as collab_services
from collab.errors import Forbidden, InvalidState, RuleViolation
from collab.models import EmailDelivery, Notification
from meetings import services
from meetings.models import Minutes, MinutesVersion
from meetings.publication import minutes_recipients
from tests.meetings import builders
from tests.meetings.documents_builders import (
    has,
    minutes_ready,
    pdf_text,
    published_meeting,
    with_executives,
)

pytestmark = pytest.mark.django_db


def send_all_emails():
    """Send the minutes' emails (not those of the items' assignment before)."""
    mail.outbox.clear()
    deliveries = EmailDelivery.objects.filter(notification__reason__startswith="minutes_published")
    for delivery in deliveries.order_by("pk"):
        collab_services.email_delivery_send(delivery_id=delivery.pk)
    return {message.to[0]: message for message in mail.outbox}


def test_publish_distributes_to_heads_and_owners_with_executives_in_cc(org):
    with_executives(org)
    meeting = minutes_ready(org)  # Marketing, Finance and Technology take part

    services.minutes_publish(meeting=meeting, by=org.tracker)
    messages = send_all_emails()

    heads_and_owners = {org.mkt_head, org.fin_head, org.tec_head, org.tec_member}
    executives = {org.executive, org.fin_exec, org.tec_exec}
    assert set(messages) == {person.email for person in heads_and_owners | executives}
    assert len(mail.outbox) == len(messages)  # nobody gets two copies
    to = Notification.objects.filter(reason="minutes_published")
    cc = Notification.objects.filter(reason="minutes_published_cc")
    assert {n.recipient for n in to} == heads_and_owners
    assert {n.recipient for n in cc} == executives
    for person in executives:
        assert "CC" in messages[person.email].body
    for person in heads_and_owners:
        assert "CC" not in messages[person.email].body
    message = messages[org.tec_member.email]
    ((name, content, kind),) = message.attachments
    assert kind == "application/pdf" and name == f"minutes-{meeting.code}-v1-zh-hans.pdf"
    assert has(pdf_text(content), "Book the launch budget")


def test_an_executive_who_also_owns_an_item_is_sent_the_minutes_once_not_copied(org):
    with_executives(org)
    org.finance.executive = org.fin_head  # Finance's head also oversees it
    org.finance.save(update_fields=["executive"])
    meeting = minutes_ready(org)
    recipients = minutes_recipients(meeting, Minutes.objects.get(meeting=meeting))
    assert org.fin_head in recipients.to and org.fin_head not in recipients.cc
    assert set(recipients.cc) == {org.executive, org.tec_exec}


def test_publishing_freezes_the_minutes_as_version_one_with_its_pdf(org):
    meeting = published_meeting(org)
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.Status.PUBLISHED
    assert minutes.published_by == org.tracker and minutes.published_at is not None
    version = minutes.versions.get()
    assert version.number == 1 and version.snapshot["conclusions"][0]["number"] == 1
    with version.pdf.open("rb") as stored:
        assert has(pdf_text(stored.read()), "Budget approved: 200,000.")


def test_published_minutes_cannot_be_edited(org):
    meeting = published_meeting(org)
    with pytest.raises(InvalidState):
        services.minutes_save(
            meeting=meeting, by=org.tracker, data=builders.minutes_input(org, conclusions=["X"])
        )
    assert Minutes.objects.get(meeting=meeting).conclusions.count() == 2


def test_publishing_with_no_conclusions_is_refused_and_nothing_changes(org):
    meeting = builders.held_meeting(org)
    services.minutes_save(
        meeting=meeting, by=org.tracker, data=builders.minutes_input(org, conclusions=[])
    )
    with pytest.raises(RuleViolation) as refused:
        services.minutes_publish(meeting=meeting, by=org.tracker)
    assert refused.value.status_code == 400 and "conclusions" in refused.value.errors
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.Status.DRAFT and minutes.published_at is None
    assert not MinutesVersion.objects.exists()
    assert not Notification.objects.filter(reason__startswith="minutes_published").exists()


def test_only_the_recorder_or_host_publishes(org):
    meeting = minutes_ready(org)
    with pytest.raises(Forbidden):
        services.minutes_publish(meeting=meeting, by=org.fin_head)
    assert not MinutesVersion.objects.exists()


def test_a_correction_is_version_two_and_version_one_stays_as_published(org):
    meeting = published_meeting(org)
    services.minutes_correct(meeting=meeting, by=org.tracker, note="Launch date moved.")
    minutes = Minutes.objects.get(meeting=meeting)
    assert (minutes.status, minutes.version) == (Minutes.Status.DRAFT, 2)
    services.minutes_save(
        meeting=meeting,
        by=org.tracker,
        data=builders.minutes_input(org, conclusions=["Budget approved.", "Launch on 8 Dec."]),
    )
    services.minutes_publish(meeting=meeting, by=org.tracker)

    first, second = MinutesVersion.objects.filter(minutes=minutes).order_by("number")
    assert first.snapshot["conclusions"][1]["text"] == "Launch on 1 Dec."
    assert second.snapshot["conclusions"][1]["text"] == "Launch on 8 Dec."
    assert second.correction_note == "Launch date moved."
    messages = send_all_emails()
    subject = messages[org.fin_head.email].subject
    assert "Corrected minutes, version 2" in subject
    assert messages[org.fin_head.email].attachments[0][0].endswith("-v2-zh-hans.pdf")


def test_a_correction_needs_a_note_and_only_published_minutes_are_corrected(org):
    meeting = minutes_ready(org)
    with pytest.raises(InvalidState):
        services.minutes_correct(meeting=meeting, by=org.tracker, note="Typo")
    services.minutes_publish(meeting=meeting, by=org.tracker)
    with pytest.raises(RuleViolation) as refused:
        services.minutes_correct(meeting=meeting, by=org.tracker, note="  ")
    assert "note" in refused.value.errors
    assert Minutes.objects.get(meeting=meeting).version == 1


def test_recipients_find_the_minutes_in_their_notifications(client, org):
    with_executives(org)
    meeting = published_meeting(org)
    client.force_login(org.fin_exec)
    page = client.get("/notifications/").content.decode()
    assert f"Copy for your information: minutes of meeting {meeting.code}" in page
    client.force_login(org.tec_member)
    page = client.get("/notifications/").content.decode()
    assert f"Minutes published: meeting {meeting.code}" in page

import pytest
from django.core import mail

from collab import services
from collab.models import EmailDelivery
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INVITE = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def test_files_go_with_the_email_and_a_calendar_invitation_also_as_a_body_part():
    person = UserFactory(email="p@example.com")
    services.notify(
        recipients=[person],
        reason="test",
        key="1",
        template="notifications/test_message",
        context={"code": "X"},
        attachments=[
            services.EmailFile(
                "invite.ics", "text/calendar; method=REQUEST; charset=utf-8", INVITE, True
            ),
            services.EmailFile("minutes.pdf", "application/pdf", b"%PDF-1.7 test"),
        ],
    )
    delivery = EmailDelivery.objects.get()
    services.email_delivery_send(delivery_id=delivery.pk)
    (message,) = mail.outbox
    assert ("text/calendar; method=REQUEST; charset=utf-8") in [
        kind for _body, kind in message.alternatives
    ]
    names = [attachment[0] for attachment in message.attachments]
    assert names == ["invite.ics", "minutes.pdf"]
    assert message.attachments[1][1] == b"%PDF-1.7 test"
    assert "METHOD:REQUEST" in message.message().as_string()

"""Subjects, plain-text mails and notification titles are text, not HTML: escaped once, in HTML."""

import pytest
from django.core import mail
from django.urls import reverse

from collab import services
from collab.models import Notification

pytestmark = pytest.mark.django_db

TITLE = '<b>R&D</b> "quote" it\'s'
ESCAPED_ONCE = "&lt;b&gt;R&amp;D&lt;/b&gt; &quot;quote&quot; it&#x27;s"


@pytest.fixture(autouse=True)
def _jobs_run_in_process(celery_eager):
    """The queued email job runs at once."""


@pytest.fixture
def notified(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[user],
            reason="card_confirmation_requested",
            key="TC-2026-0001",
            template="notifications/test_message",
            context={"code": TITLE},
            url="/cards/TC-2026-0001/",
        )
    [message] = mail.outbox
    return message


def test_subject_and_plain_text_carry_the_text_literally(notified):
    assert notified.subject == f"Notifications: {TITLE}"
    assert TITLE in notified.body
    assert "&amp;" not in notified.body and "&lt;" not in notified.body


def test_notification_title_and_body_are_stored_literally(notified, user):
    notification = Notification.objects.get(recipient=user)
    assert notification.title == f"Notifications: {TITLE}"
    assert TITLE in notification.body


def test_html_mail_escapes_exactly_once(notified):
    html = notified.alternatives[0].content
    assert ESCAPED_ONCE in html
    assert TITLE not in html
    assert "&amp;lt;" not in html and "&amp;amp;" not in html


def test_notification_centre_escapes_the_title_exactly_once(notified, user, client):
    client.force_login(user)
    page = client.get(reverse("notifications")).content.decode()
    assert ESCAPED_ONCE in page
    assert TITLE not in page
    assert "&amp;lt;" not in page

"""The notification centre: rendered when read in the reader's language and time zone,
repeats about one thing collapsed in a constant number of queries, requests done apart,
and every link on the site's configured address."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from collab import documents, selectors, services
from collab.models import Notification
from tests.factories import DepartmentFactory, notify_test_message

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(autouse=True)
def _jobs_run_in_process(celery_eager):
    """Queued email jobs run at once."""


@pytest.fixture(autouse=True)
def _language_restored():
    """Pages read in Chinese here activate it in this thread; later tests expect English."""
    with translation.override(translation.get_language()):
        yield


def signature_notice(recipient, *, key="1"):
    """A real template, with a time, a translatable title and a department."""
    return services.notify(
        recipients=[recipient],
        reason="signature_requested",
        key=key,
        template="collab/notifications/signature_requested",
        context={
            "request": {
                "document_code": "MEMO-0007",
                "version": 2,
                "status": "pending",
                "due_at": dt.datetime(2026, 12, 1, 2, 30, tzinfo=dt.UTC),
            },
            "title": gettext_lazy("Goal confirmation letter"),
            "requester": {"name": "Sophia Hughes"},
        },
        url="/signoffs/1/",
        is_request=True,
    )


def test_the_title_follows_the_readers_language_and_time_zone(user, client):
    [stored] = signature_notice(user)
    assert stored.title == "Please sign: Goal confirmation letter MEMO-0007"
    client.force_login(user)

    page = client.get(reverse("notifications")).content.decode()
    assert "Please sign: Goal confirmation letter MEMO-0007" in page
    assert "1 Dec 2026 10:30" in page  # Asia/Shanghai, the default time zone

    services.user_set_language(user=user, language="zh-hans")
    user.time_zone = "Europe/Berlin"
    user.save(update_fields=["time_zone"])
    page = client.get(reverse("notifications")).content.decode()
    assert "请签批：协同目标确认函 MEMO-0007" in page
    assert "Please sign" not in page
    assert "2026年12月1日 03:30" in page


def test_a_department_in_the_context_is_stored_in_both_languages(user):
    department = DepartmentFactory(name_en="Finance", name_zh="财务部")
    services.notify(
        recipients=[user],
        reason="test",
        key="k",
        template="notifications/test_message",
        context={"code": department},
    )
    notification = Notification.objects.get()
    assert notification.context == {"code": {"$text": {"en": "Finance", "zh-hans": "财务部"}}}


def test_model_instances_are_refused_in_the_context(user):
    with pytest.raises(TypeError, match=r"context\.card is a User"):
        services.notify(
            recipients=[user],
            reason="test",
            key="k",
            template="notifications/test_message",
            context={"card": user},
        )
    assert not Notification.objects.exists()


def test_notifications_from_before_keep_their_stored_title(user, client):
    Notification.objects.create(
        recipient=user, reason="old", key="1", about="1", title="Sent long ago", body="Old body"
    )
    client.force_login(user)
    page = client.get(reverse("notifications")).content.decode()
    assert "Sent long ago" in page and "Old body" in page


def test_the_in_app_body_has_no_greeting_and_the_email_has(
    user, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signature_notice(user)
    [message] = mail.outbox
    assert message.body.startswith(f"Hello {user.name},")
    client.force_login(user)
    page = client.get(reverse("notifications")).content.decode()
    assert "Sophia Hughes asks you to sign" in page
    assert f"Hello {user.name}" not in page


def updates_about_one_thing(user, count):
    for n in range(count):
        services.notify(
            recipients=[user],
            reason="item_updated",
            key=f"item-7:{n}",
            about="action-item:7",
            template="notifications/test_message",
            context={"code": f"update {n}"},
        )


def test_repeats_about_one_thing_collapse_into_one_row_with_a_count(user, client):
    updates_about_one_thing(user, 5)
    notify_test_message(user, key="other")
    latest = Notification.objects.filter(about="action-item:7").latest("created_at", "pk")

    rows = list(selectors.notifications_for(user, to_do=False))
    assert [(row.about, row.group_count) for row in rows] == [
        ("other", 1),
        ("action-item:7", 5),
    ]
    collapsed = next(row for row in rows if row.about == "action-item:7")
    assert collapsed.pk == latest.pk and collapsed.group_unread == 5
    assert selectors.unread_notification_count(user) == 2

    client.force_login(user)
    page = client.get(reverse("notifications")).content.decode()
    assert "5 notifications" in page
    assert "update 4" in page and "update 3" not in page

    client.post(reverse("notification-read", args=[latest.pk]))
    assert Notification.objects.filter(about="action-item:7", read_at__isnull=True).count() == 0
    assert selectors.unread_notification_count(user) == 1


def test_the_badge_leaves_out_requests_done(user):
    signature_notice(user)
    assert selectors.unread_notification_count(user) == 1
    services.notifications_settle(reason="signature_requested", about="1")
    assert selectors.unread_notification_count(user) == 0
    assert list(selectors.notifications_for(user, to_do=True)) == []
    [done] = selectors.notifications_for(user, to_do=False)
    assert done.settled_at is not None


def test_settling_can_be_limited_to_the_people_asked(user, zh_user):
    signature_notice(user)
    signature_notice(zh_user)
    assert (
        services.notifications_settle(reason="signature_requested", about="1", recipients=[zh_user])
        == 1
    )
    assert [row.recipient_id for row in selectors.notifications_for(user, to_do=True)] == [user.pk]


def many_notifications(user, rows):
    for n in range(rows):
        notify_test_message(user, key=f"news-{n}", reason="news")
        signature_notice(user, key=str(n))


@pytest.mark.parametrize("rows", [2, 20])
def test_the_centre_reads_in_a_constant_number_of_queries(
    user, client, rows, django_assert_max_num_queries
):
    many_notifications(user, rows)
    updates_about_one_thing(user, rows)
    client.force_login(user)
    # session, user, badge, to-do rows, count and page of the rest
    with django_assert_max_num_queries(6):
        response = client.get(reverse("notifications"))
    assert response.content.decode().count('data-testid="notification"') == min(rows, 25) + min(
        rows + 1, 25
    )


@pytest.mark.parametrize("rows", [2, 20])
def test_home_reads_its_latest_notifications_in_a_constant_number_of_queries(
    user, client, rows, django_assert_max_num_queries
):
    many_notifications(user, rows)
    client.force_login(user)
    # tests/collab/test_pages.py's home pin: the inbox's sources come with the page
    with django_assert_max_num_queries(18):
        assert client.get(reverse("home")).status_code == 200


# --- the site's address -------------------------------------------------------------


def site_url_with(**env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CROSSDESK_SITE_URL", "CROSSDESK_PORT"))
    }
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "collab.settings.base", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_site_address_follows_the_port_make_run_serves():
    assert site_url_with() == "http://127.0.0.1:8000"
    assert site_url_with(CROSSDESK_PORT="18765") == "http://127.0.0.1:18765"
    assert (
        site_url_with(CROSSDESK_PORT="18765", CROSSDESK_SITE_URL="https://desk.example.com/")
        == "https://desk.example.com"
    )


def test_emails_and_pdf_links_use_the_configured_site_address(
    settings, user, signature_request, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:18765"
    with django_capture_on_commit_callbacks(execute=True):
        signature_notice(user)
    [message] = [message for message in mail.outbox if message.to == [user.email]]
    assert "http://127.0.0.1:18765/signoffs/1/" in message.body
    assert 'href="http://127.0.0.1:18765/signoffs/1/"' in message.alternatives[0].content
    html = documents.document_html(signature_request, language="en")
    assert f"http://127.0.0.1:18765/verify/{signature_request.verification_code}" in html


def test_a_request_made_again_after_it_was_done_is_to_do_again(user):
    signature_notice(user)
    services.notifications_settle(reason="signature_requested", about="1")
    assert signature_notice(user) == []  # no second notification, no second email
    [again] = selectors.notifications_for(user, to_do=True)
    assert again.settled_at is None and again.read_at is None

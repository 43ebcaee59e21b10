"""The UI shell: navigation, notification centre, profile, language switcher."""

import pytest
from django.urls import reverse

from collab import services
from collab.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_notifications(user, count, start=0):
    for n in range(start, start + count):
        services.notify(
            recipients=[user],
            reason="test",
            key=f"K{n}",
            template="notifications/test_message",
            context={"code": f"TC-{n}"},
            url="/notifications/",
        )


def test_navigation_shows_every_section(logged_in_client):
    page = logged_in_client.get(reverse("home")).content.decode()
    for label in ["My work", "Cards", "Meetings", "Feedback", "Sign-offs", "Notifications"]:
        assert f">{label}" in page


def test_unread_count_is_shown_and_drops_when_read(logged_in_client, user):
    make_notifications(user, 3)
    response = logged_in_client.get(reverse("notifications"))
    assert response.context["unread_notifications"] == 3
    assert 'data-testid="unread-count"' in response.content.decode()
    first = Notification.objects.filter(recipient=user).first()
    logged_in_client.post(reverse("notification-read", args=[first.pk]))
    assert logged_in_client.get(reverse("home")).context["unread_notifications"] == 2
    logged_in_client.post(reverse("notifications-read-all"))
    page = logged_in_client.get(reverse("home"))
    assert page.context["unread_notifications"] == 0
    assert 'data-testid="unread-count"' not in page.content.decode()


def test_opening_a_notification_marks_it_read_and_follows_its_link(logged_in_client, user):
    make_notifications(user, 1)
    notification = Notification.objects.get(recipient=user)
    response = logged_in_client.post(reverse("notification-open", args=[notification.pk]))
    assert response["Location"] == "/notifications/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_404(logged_in_client):
    other = UserFactory()
    make_notifications(other, 1)
    notification = Notification.objects.get(recipient=other)
    for name in ["notification-read", "notification-open"]:
        assert logged_in_client.post(reverse(name, args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_read_needs_post(logged_in_client, user):
    make_notifications(user, 1)
    notification = Notification.objects.get(recipient=user)
    assert (
        logged_in_client.get(reverse("notification-read", args=[notification.pk])).status_code
        == 405
    )


@pytest.mark.parametrize("rows", [5, 60])
def test_notification_centre_runs_constant_queries(
    logged_in_client, user, rows, django_assert_max_num_queries
):
    make_notifications(user, rows)
    # session, user, unread count, page count, page rows
    with django_assert_max_num_queries(6):
        response = logged_in_client.get(reverse("notifications"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(rows, 25)


def test_home_runs_constant_queries(
    logged_in_client, user, department, django_assert_max_num_queries
):
    make_notifications(user, 10)
    # session, user, unread count, departments, notifications + the inbox: signature
    # requests (2), unread mentions (1) and one list per task source (5) and meeting
    # source (3) and feedback source (2); tests/collab/test_inbox.py pins it at two row counts
    with django_assert_max_num_queries(18):
        logged_in_client.get(reverse("home"))


def test_profile_saves_and_rejects_bad_input(logged_in_client, user):
    response = logged_in_client.post(
        reverse("profile"),
        {
            "display_name": "Alice W.",
            "email": "not-an-email",
            "phone_extension": "8021",
            "language": "xx",
            "time_zone": "Mars/Olympus",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "language", "time_zone"}
    user.refresh_from_db()
    assert user.display_name == "Alice"

    response = logged_in_client.post(
        reverse("profile"),
        {
            "display_name": "Alice W.",
            "email": "alice@example.com",
            "phone_extension": "8021",
            "language": "zh-hans",
            "time_zone": "Europe/Berlin",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.language, user.time_zone) == (
        "Alice W.",
        "zh-hans",
        "Europe/Berlin",
    )


def test_a_missing_page_is_a_friendly_404(logged_in_client):
    response = logged_in_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()


def test_times_are_shown_in_the_persons_time_zone(logged_in_client, user):
    import datetime as dt

    make_notifications(user, 1)
    Notification.objects.update(created_at=dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC))
    user.time_zone = "Europe/Berlin"
    user.save(update_fields=["time_zone"])
    page = logged_in_client.get(reverse("notifications")).content.decode()
    assert 'datetime="2026-11-23T13:00:00+01:00"' in page

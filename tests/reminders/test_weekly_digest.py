"""The weekly digest, on real dates: built in the week of Monday 23 November 2026, sent on
Monday 30 November (ISO week 2026-W49) at 09:00 Shanghai time unless the person chose
another day, hour or zone."""

import datetime as dt
import io
import zoneinfo
from types import SimpleNamespace

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collab.digests import DigestWeek, digest_groups
from collab.jobs import send_weekly_digests
from collab.models import EmailDelivery, Notification, User
from collab.services import digests_send
from tasks import services as task_services
from tests.factories import UserFactory
from tests.feedback import builders as feedback_builders
from tests.meetings import builders as meeting_builders
from tests.tasks import builders

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(month, day, hour=9, minute=0, zone=SHANGHAI):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=zone)


def run(moment):
    with time_machine.travel(moment, tick=False):
        return send_weekly_digests()


def digests_of(user):
    return list(Notification.objects.filter(recipient=user, reason="digest.weekly"))


def email_of(user) -> EmailDelivery:
    return EmailDelivery.objects.get(
        notification__recipient=user, notification__reason="digest.weekly"
    )


@pytest.fixture
def busy(org):
    """Technology's head (in English) with something in every state."""
    head = org.tec_head
    head.language = "en"
    head.save(update_fields=["language"])
    with time_machine.travel(at(11, 23, 10), tick=False):
        card = builders.active_card(org)
        builders.add_item(
            org, card, owner=head, title="Overdue licence list", due_date=dt.date(2026, 11, 27)
        )
        builders.add_item(
            org, card, owner=head, title="Server quote", due_date=dt.date(2026, 12, 2)
        )
        builders.add_item(
            org, card, owner=head, title="Later rollout plan", due_date=dt.date(2026, 12, 18)
        )
        done = builders.add_item(
            org, card, owner=head, title="Finished checklist", due_date=dt.date(2026, 12, 1)
        )
        builders.finish(done, head)
        # A second card waits for Technology's confirmation; a third for the head's signature.
        to_confirm = builders.submitted_card(org, title="Autumn pricing")
        to_sign = builders.submitted_card(org, title="Warehouse move")
        task_services.department_confirm(card=to_sign, department_code="FIN", by=org.fin_contact)
        task_services.department_confirm(card=to_sign, department_code="TEC", by=org.tec_head)
        form = feedback_builders.feedback_form(org)
        meeting = meeting_builders.meeting(org, starts_at=at(12, 1, 10))
        meeting_builders.notice_sent(meeting)
    return SimpleNamespace(
        head=head, card=card, to_confirm=to_confirm, to_sign=to_sign, form=form, meeting=meeting
    )


def test_a_busy_person_gets_one_digest_listing_everything_but_what_is_done(org, busy):
    run(at(11, 30, 9, 5))
    run(at(11, 30, 9, 35))

    assert len(digests_of(busy.head)) == 1
    text = email_of(busy.head).body_text
    assert "Overdue action items (1)" in text
    assert "Overdue licence list" in text
    assert "Action items due this week (1)" in text
    assert "Server quote" in text
    assert "Your other open action items (1)" in text
    assert "Later rollout plan" in text
    assert "Finished checklist" not in text
    assert "Card confirmations asked of you (1)" in text
    assert f"{busy.to_confirm.code} Autumn pricing" in text
    assert "Signatures waiting for you (1)" in text
    assert "Feedback forms to answer (1)" in text
    assert busy.form.code in text
    assert "Your meetings this week (1)" in text
    assert busy.meeting.code in text
    # Each line links to the page where it is done.
    assert "/items/" in text and f"/feedback/{busy.form.code}/" in text
    notification = digests_of(busy.head)[0]
    assert notification.key == "2026-W49"


def test_nothing_to_say_sends_nothing(org, busy):
    run(at(11, 30, 9, 5))
    assert digests_of(org.outsider) == []


def test_the_digest_goes_at_the_persons_own_day_hour_and_zone(org):
    person = org.outsider
    person.time_zone, person.digest_weekday, person.digest_hour = "Europe/London", 2, 14
    person.save(update_fields=["time_zone", "digest_weekday", "digest_hour"])
    with time_machine.travel(at(11, 23, 10), tick=False):
        builders.add_item(org, owner=person, by=person, due_date=dt.date(2026, 12, 4))

    run(at(11, 30, 9, 5))  # Monday 09:00 in Shanghai: not his moment
    run(at(12, 2, 13, 59, LONDON))
    assert digests_of(person) == []
    run(at(12, 2, 14, 0, LONDON))
    assert [n.key for n in digests_of(person)] == ["2026-W49"]


def test_a_late_job_still_sends_that_weeks_digest_once(org, busy):
    run(at(11, 30, 8, 59))
    assert digests_of(busy.head) == []
    run(at(11, 30, 10, 40))
    run(at(11, 30, 11, 5))
    assert len(digests_of(busy.head)) == 1
    run(at(12, 7, 9, 1))  # next week: a new digest
    assert [n.key for n in digests_of(busy.head)] == ["2026-W49", "2026-W50"]


def test_the_digest_in_chinese(org, busy):
    busy.head.language = "zh-hans"
    busy.head.save(update_fields=["language"])
    run(at(11, 30, 9, 5))
    text = email_of(busy.head).body_text
    assert "赵强，您好：" in text
    assert "2026年12月2日" in text  # the due date, in Chinese
    assert "市场部" in text  # the feedback form's initiating department


def test_the_english_html_lists_linked_lines(org, busy):
    run(at(11, 30, 9, 5))
    html = email_of(busy.head).body_html
    assert f'/feedback/{busy.form.code}/"' in html or busy.form.code in html
    assert "<li" in html and "<a href=" in html


def _people_with_work(org, count):
    return [UserFactory(username=f"digest{n}", department=org.legal) for n in range(count)]


def test_a_batch_costs_the_same_number_of_queries_for_2_and_20_people(
    org, django_assert_max_num_queries
):
    with time_machine.travel(at(11, 23, 10), tick=False):
        people = _people_with_work(org, 20)
        for person in people:
            builders.add_item(org, owner=person, by=person, due_date=dt.date(2026, 12, 2))
            builders.add_item(org, owner=person, by=person, due_date=dt.date(2026, 12, 9))
    week = DigestWeek(dt.date(2026, 11, 30))
    users = list(User.objects.filter(pk__in=[p.pk for p in people]).order_by("pk"))
    with time_machine.travel(at(11, 30, 9, 5), tick=False):
        with CaptureQueriesContext(connection) as small:
            groups = digest_groups(users[:2], week)
        assert len(groups) == 2
        with django_assert_max_num_queries(len(small.captured_queries)):
            groups = digest_groups(users, week)
        assert len(groups) == 20


def test_sending_costs_the_same_number_of_queries_for_2_and_20_people(
    org, django_assert_max_num_queries
):
    with time_machine.travel(at(11, 23, 10), tick=False):
        people = _people_with_work(org, 20)
        for person in people:
            builders.add_item(org, owner=person, by=person, due_date=dt.date(2026, 12, 2))
    User.objects.exclude(pk__in=[p.pk for p in people[:2]]).update(digest_weekday=3)
    with CaptureQueriesContext(connection) as small:
        assert len(digests_send(now=at(11, 30, 9, 5))) == 2
    User.objects.filter(pk__in=[p.pk for p in people]).update(digest_weekday=0)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(digests_send(now=at(11, 30, 9, 5))) == 18


def test_the_preview_command_lists_the_digests_due_and_sends_nothing(org, busy):
    out = io.StringIO()
    with time_machine.travel(at(11, 30, 9, 5), tick=False):
        call_command("digests", "preview", "--at", "2026-11-30 09:00", stdout=out)
    assert "2026-W49  to tec.head" in out.getvalue()
    assert "Overdue action items 1" in out.getvalue()
    assert digests_of(busy.head) == []


def test_the_preview_command_refuses_a_bad_moment(org):
    with pytest.raises(CommandError, match="--at"):
        call_command("digests", "preview", "--at", "next monday")


def test_the_notification_centre_shows_the_digest_without_the_email_links(org, busy, client):
    run(at(11, 30, 9, 5))
    client.force_login(busy.head)
    page = client.get("/notifications/").content.decode()
    assert "Your week in Crossdesk from 30 Nov 2026" in page
    assert "Overdue action items (1)" in page
    assert "http://127.0.0.1:8000/items/" not in page

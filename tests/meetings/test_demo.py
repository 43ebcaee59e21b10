"""The demo's meetings, as `make run` seeds them: one of each state the issue names."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from collab.inbox import inbox_entries
from collab.models import SignatureRequest, User
from meetings.demo import OVERDUE_TOPIC, PUBLISHED_TOPIC, UPCOMING_TOPIC
from meetings.models import Invitation, Meeting, Minutes
from meetings.selectors import minutes_state_of
from tasks import selectors as task_selectors

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def check_seeding_twice_adds_nothing(seeded):
    assert "Demo meetings:" in seeded
    counts = (Meeting.objects.count(), Invitation.objects.count(), Minutes.objects.count())
    again = seed()
    assert "Demo meetings:" not in again
    assert (Meeting.objects.count(), Invitation.objects.count(), Minutes.objects.count()) == counts
    assert counts[0] == 3


def check_a_past_meeting_with_published_minutes_items_and_a_letter_to_sign(seeded):
    meeting = Meeting.objects.get(topic=PUBLISHED_TOPIC)
    minutes = meeting.minutes
    assert meeting.ends_at < timezone.now() and meeting.card is not None
    assert minutes_state_of(meeting) == "published"
    assert minutes.versions.get().pdf  # the minutes PDF exists
    assert minutes.conclusions.count() == 3
    assert {v.department.code for v in minutes.viewpoints.all()} == {"MKT", "FIN", "TEC"}
    assert minutes.disagreements.get().decided_at is not None
    absent = meeting.invitations.get(attendance=Invitation.Attendance.ABSENT)
    assert absent.absence_reason

    links = list(minutes.item_links.select_related("action_item__owner__department"))
    owners = [link.action_item.owner for link in links]
    assert len({owner.department.code for owner in owners}) == len(links) == 3
    for link in links:
        mine = task_selectors.my_action_items(link.action_item.owner)
        assert mine.filter(pk=link.action_item_id).exists()
        assert link.action_item.card == meeting.card  # and on the card

    letter = SignatureRequest.objects.get(
        document_type="collaboration_confirmation_letter", status="pending"
    )
    signers = {place.user.username for place in letter.required_signers.select_related("user")}
    assert signers == {"mkt.head", "fin.head", "tec.head"}


def check_an_upcoming_meeting_noticed_with_one_required_invitee_unanswered(seeded):
    meeting = Meeting.objects.get(topic=UPCOMING_TOPIC)
    assert meeting.status == Meeting.Status.NOTIFIED and meeting.starts_at > timezone.now()
    assert all(item.presenter_id for item in meeting.agenda_items.all())
    unanswered = meeting.invitations.filter(response=Invitation.Response.PENDING)
    assert [(i.person.username, i.is_required) for i in unanswered] == [("fin.head", True)]
    assert meeting.invitations.exclude(response=Invitation.Response.PENDING).count() >= 3


def check_a_meeting_whose_minutes_are_overdue_is_on_its_recorders_my_work(seeded):
    meeting = Meeting.objects.get(topic=OVERDUE_TOPIC)
    assert timezone.now() - meeting.ends_at > timezone.timedelta(hours=24)
    assert minutes_state_of(meeting) == "overdue"
    recorder = User.objects.get(username="tec.contact1")
    assert meeting.recorder == recorder
    to_write = [
        entry.title for entry in inbox_entries(recorder) if entry.kind == "meetings.minutes"
    ]
    assert to_write == [str(meeting)]


def check_the_demo_pages_answer_in_both_languages(seeded, language):
    client = Client()
    for username, url in (
        ("tec.contact1", "/"),
        ("fin.head", "/"),
        ("mkt.member1", "/meetings/"),
        ("fin.contact1", "/items/"),
    ):
        user = User.objects.get(username=username)
        user.language = language
        user.save(update_fields=["language"])
        client.force_login(user)
        with translation.override(language):
            assert client.get(url).status_code == 200
    for meeting in Meeting.objects.all():
        for tab in ("notice", "agenda", "attendance", "minutes", "documents", "history"):
            response = client.get(f"/meetings/{meeting.code}/?tab={tab}")
            assert response.status_code == 200  # fin.contact1 is invited to all three


def test_the_demo_meetings():
    """One seeding for every check: the demo is large, and each check only reads it (the
    language check saves people's language, which nothing after it reads)."""
    seeded = seed()
    check_seeding_twice_adds_nothing(seeded)
    check_a_past_meeting_with_published_minutes_items_and_a_letter_to_sign(seeded)
    check_an_upcoming_meeting_noticed_with_one_required_invitee_unanswered(seeded)
    check_a_meeting_whose_minutes_are_overdue_is_on_its_recorders_my_work(seeded)
    for language in ("en", "zh-hans"):
        check_the_demo_pages_answer_in_both_languages(seeded, language)

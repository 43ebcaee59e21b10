"""The issue's whole flow in Chromium, through the pages only: Marketing's lead calls a
meeting with Finance and Technology (the "Call a meeting" form, its pickers), sends the
notice; the recorder records an absence with its reason, writes a conclusion and two
action items (owners in the two departments) and publishes; each owner finds their item
under "My action items". The meeting is called to have started ten minutes ago (the form
takes a past start): its notice can still go out (it has not ended) and its minutes can be
written (it has started). axe-core checks the form, the minutes tab and the owner's list.
Set SHOTS_DIR to keep screenshots."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from meetings.models import Invitation, Meeting, Minutes
from tasks.models import ActionItem

from .pickers import pick_person
from .test_minutes import log_in
from .test_shell import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/flow-{name}.png", full_page=True)


def local_input(moment: dt.datetime) -> str:
    """A datetime-local value, in the company's time zone (the form's)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_call_notice_record_publish_and_the_owners_see_their_items(page: Page, live_server, org):
    page.set_viewport_size({"width": 1366, "height": 900})
    start = timezone.now() - dt.timedelta(minutes=10)

    # 1. Marketing's lead calls the meeting: Finance and Technology, required.
    log_in(page, live_server, org.lead.username)
    page.goto(f"{live_server.url}/meetings/new/")
    page.locator("#id_topic").fill("Launch coordination")
    page.locator("#id_place").fill("Room 3F")
    page.locator("#id_starts_at").fill(local_input(start))
    page.locator("#id_ends_at").fill(local_input(start + dt.timedelta(hours=1)))
    page.locator(f"#id_required_departments input[value='{org.finance.pk}']").check()
    page.locator(f"#id_required_departments input[value='{org.technology.pk}']").check()
    page.locator("#add-agenda").click()
    page.locator("#id_agenda-0-title").fill("Budget and landing page")
    page.locator("#id_agenda-0-minutes").fill("45")
    pick_person(page, "id_recorder", org.tracker.name)
    page.keyboard.press("Escape")  # close the picker's list, as a person moving on does
    assert_accessible(page)
    shot(page, "form")
    page.locator("form.meeting-form button[type=submit]").click()

    meeting = Meeting.objects.get()
    url = f"{live_server.url}/meetings/{meeting.code}/"
    expect(page).to_have_url(url)
    invited = {i.person.username for i in meeting.invitations.select_related("person")}
    assert invited == {"fin.head", "fin.contact", "tec.head", "tec.contact"}

    # 2. The notice goes out.
    page.locator("form[action$='/send-notice/'] button").click()
    expect(page.locator(".meeting-notice .tag--ok")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTIFIED

    # 3. The recorder: attendance, Technology's contact absent with a reason.
    log_in(page, live_server, org.tracker.username)
    page.goto(url + "?tab=attendance")
    row = page.locator("tr", has_text=org.tec_contact.name)
    row.get_by_label("Absent").check()
    row.locator("input[type=text]").fill("On leave")
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_text("Attendance is recorded.")).to_be_visible()
    absent = meeting.invitations.get(attendance=Invitation.Attendance.ABSENT)
    assert (absent.person, absent.absence_reason) == (org.tec_contact, "On leave")

    # 4. The minutes: a viewpoint, a conclusion, two action items for the two departments.
    page.goto(url + "?tab=minutes")
    page.get_by_label(f"Viewpoint of {org.finance}").fill("The budget fits Q4.")
    page.get_by_label("Conclusion 1").fill("Budget approved; the page goes live on 1 Dec.")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_text("The minutes are saved.")).to_be_visible()
    due = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    for title, owner in (("Approve the budget", org.fin_head), ("Build the page", org.tec_head)):
        page.get_by_label("What", exact=True).fill(title)
        pick_person(page, "id_item-owner", owner.name)
        page.get_by_label("Due date").fill(due)
        page.get_by_role("button", name="Add the action item").click()
        expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()
    assert_accessible(page)
    shot(page, "minutes")

    # 5. Publish, after seeing who receives the minutes.
    page.get_by_role("link", name="Publish minutes…").click()
    publish = page.get_by_role("region", name="Publish the minutes")
    expect(publish).to_contain_text(org.fin_head.name)
    expect(publish).to_contain_text(org.tec_head.name)
    publish.get_by_role("button", name="Publish and send").click()
    expect(page.get_by_role("region", name="Published minutes")).to_contain_text("Version 1")
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.PUBLISHED

    # 6. Each owner sees their item in "My action items" (and not the other's).
    for owner, mine, theirs in (
        (org.fin_head, "Approve the budget", "Build the page"),
        (org.tec_head, "Build the page", "Approve the budget"),
    ):
        log_in(page, live_server, owner.username)
        page.goto(f"{live_server.url}/items/")
        expect(page.get_by_role("link", name=mine, exact=True)).to_be_visible()
        expect(page.get_by_role("link", name=theirs, exact=True)).to_have_count(0)
    item = ActionItem.objects.get(title="Build the page")
    assert (item.owner, item.department, item.origin_reference) == (
        org.tec_head,
        org.technology,
        meeting.code,
    )
    assert_accessible(page)
    shot(page, "items-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_role("link", name="Build the page", exact=True)).to_be_visible()
    assert_accessible(page)
    shot(page, "items-390")

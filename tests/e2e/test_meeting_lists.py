"""The meeting list, the meeting page and the card page's meetings panel in a browser, in
English and Chinese, on a desktop and a phone: readable, accessible, keyboard-reachable.

Set SHOTS_DIR to keep a screenshot of each page."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from meetings.models import Meeting
from tests.e2e.test_inbox import log_in
from tests.e2e.test_shell import assert_accessible
from tests.meetings import builders
from tests.meetings.list_builders import meeting_at, noticed, published
from tests.tasks import builders as task_builders

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DAY = dt.timedelta(days=1)
CASES = [("mkt.lead", 1366), ("mkt.lead", 390), ("tec.head", 1366), ("tec.head", 390)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the app's CSP rightly forbids.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


@pytest.fixture
def meetings(org):
    card = task_builders.draft_card(org)
    upcoming = noticed(builders.meeting(org, card=card))
    Meeting.objects.filter(pk=upcoming.pk).update(is_short_notice=True)
    builders.meeting(
        org,
        topic="Weekly sync",
        kind="weekly",
        channel="online",
        place="",
        link="https://meet.example.com/weekly",
        starts_at=timezone.now() + 2 * DAY,
    )
    meeting_at(org, timezone.now() - 3 * DAY, topic="Budget review", card=card)
    published(org, meeting_at(org, timezone.now() - 6 * DAY, topic="Kick-off", card=card))
    return {"card": card, "upcoming": upcoming}


def shot(page: Page, name: str):
    if os.environ.get("SHOTS_DIR"):
        page.screenshot(path=f"{os.environ['SHOTS_DIR']}/{name}.png", full_page=True)


@pytest.mark.parametrize(("username", "width"), CASES)
def test_meeting_pages_read_well_and_pass_axe(page: Page, live_server, meetings, username, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, username)
    tag = f"{username}-{width}"

    page.goto(f"{live_server.url}/meetings/")
    expect(page.locator("table.meeting-list")).to_contain_text(meetings["upcoming"].code)
    assert_accessible(page)
    shot(page, f"list-{tag}")
    page.goto(f"{live_server.url}/meetings/?scope=all")
    shot(page, f"list-all-{tag}")

    page.goto(f"{live_server.url}/meetings/{meetings['upcoming'].code}/?tab=history")
    expect(page.locator("[aria-current=page]").last).to_be_visible()
    assert_accessible(page)
    shot(page, f"meeting-history-{tag}")
    # The tabs are links: reachable with the keyboard, in order.
    page.locator("nav.meeting-tabs a").first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "?tab=agenda"
    page.goto(f"{live_server.url}/meetings/{meetings['upcoming'].code}/?tab=discussion")
    assert_accessible(page)
    shot(page, f"meeting-discussion-{tag}")

    page.goto(f"{live_server.url}/cards/{meetings['card'].code}/")
    expect(page.get_by_test_id("card-meetings")).to_contain_text("Kick-off")
    assert_accessible(page)
    shot(page, f"card-{tag}")

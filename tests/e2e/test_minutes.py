"""The attendance and minutes tabs in a browser: record an absence, write minutes with a
conclusion (a row added by htmx) and two action items (the owner picked with Tom Select),
decide the disagreement; every step accessible, at desk and phone widths."""

import os

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD
from tests.meetings import builders

from .pickers import pick_person
from .test_shell import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("MINUTES_SHOTS")  # a folder: save screenshots there too


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


def log_in(page: Page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/")


def shot(page: Page, name: str):
    if SHOTS:
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})


def test_record_attendance_minutes_and_items(page: Page, live_server, org):
    meeting = builders.notice_sent(builders.held_meeting(org))
    url = f"{live_server.url}/meetings/{meeting.code}/"

    log_in(page, live_server, org.tec_contact.username)
    page.goto(url + "?tab=attendance")
    page.get_by_label("Your written opinion").fill("Please launch in December.")
    page.get_by_role("button", name="Send opinion").click()
    expect(page.get_by_text("Please launch in December.").first).to_be_visible()

    log_in(page, live_server, org.tracker.username)
    page.goto(url + "?tab=attendance")
    row = page.locator("tr", has_text=org.tec_contact.name)
    row.get_by_label("Absent").check()
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_role("alert")).to_contain_text("Give the reason")
    assert_accessible(page)
    page.locator("tr", has_text=org.tec_contact.name).locator("input[type=text]").fill("On leave")
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_text("Attendance is recorded.")).to_be_visible()
    shot(page, "attendance-recorder")

    page.goto(url + "?tab=minutes")
    page.get_by_label(f"Viewpoint of {org.finance}").fill("The budget fits Q4.")
    page.get_by_label("Conclusion 1").fill("Budget approved.")
    page.get_by_role("button", name="Add a conclusion").click()
    page.get_by_label("Conclusion 2").fill("Launch on 1 December.")
    page.get_by_label("Disagreement", exact=True).fill("Who pays for the ads?")
    pick_person(page, "id_disagreements-0-decision_maker", org.mkt_head.name)
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_text("The minutes are saved.")).to_be_visible()

    for title, owner in (("Approve the budget", org.fin_head), ("Build the page", org.tec_head)):
        page.get_by_label("What", exact=True).fill(title)
        pick_person(page, "id_item-owner", owner.name)
        page.get_by_label("Due date").fill("2030-01-15")
        page.get_by_role("button", name="Add the action item").click()
        expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()
    assert_accessible(page)
    shot(page, "minutes-recorder")
    if SHOTS:  # the same tabs in Chinese
        page.get_by_label("Language").select_option("zh-hans")
        page.get_by_role("button", name="Switch").click()
        shot(page, "minutes-recorder-zh")
        page.goto(url + "?tab=attendance")
        shot(page, "attendance-recorder-zh")

    log_in(page, live_server, org.mkt_head.username)
    page.goto(url + "?tab=minutes")
    # 李娜 reads Chinese: find the decision form by where it posts, not by its words.
    decide = page.locator("form[action$='/decide/']")
    decide.locator("textarea").fill("Marketing pays.")
    decide.locator("button[type=submit]").click()
    expect(page.get_by_text("Marketing pays.")).to_be_visible()
    expect(page.locator("form[action$='/decide/']")).to_have_count(0)
    assert_accessible(page)
    shot(page, "minutes-reader")

    log_in(page, live_server, org.fin_head.username)
    page.goto(f"{live_server.url}/items/")
    expect(page.get_by_role("link", name="Approve the budget", exact=True)).to_be_visible()

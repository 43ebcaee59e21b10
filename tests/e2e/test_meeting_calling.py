"""Calling a meeting in Chromium: the form with people pickers and agenda rows, the notice
tab as host and as invitee, in English and Chinese, on a desktop and a phone, checked with
axe-core. Set SHOTS_DIR to keep screenshots."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from meetings.models import Meeting

from .pickers import pick_person
from .test_card_lifecycle import log_in
from .test_shell import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


def add_person(page: Page, field_id: str, name: str, *, typed: str) -> None:
    """In a several-people picker: type part of the name, click the match."""
    page.locator(f"#{field_id}-ts-control").focus()
    page.locator(f"#{field_id}-ts-control").press_sequentially(typed, delay=50)
    page.locator(f"#{field_id}-ts-dropdown .option", has_text=name).first.click()
    expect(page.locator(f"#{field_id} option:checked")).to_have_text(name)


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_call_a_meeting_send_the_notice_and_answer(page: Page, live_server, org, language, width):
    for person in (org.lead, org.fin_head):
        person.language = language
        person.save(update_fields=["language"])
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "mkt.lead")
    page.goto(f"{live_server.url}/meetings/new/")
    page.locator("#id_topic").fill("新品上市协调会")
    page.locator("#id_place").fill("3F 会议室")
    page.locator("#id_starts_at").fill("2030-03-05T10:00")
    page.locator("#id_ends_at").fill("2030-03-05T11:00")
    pick_person(page, "id_recorder", "刘洋")
    add_person(page, "id_optional_people", "Ada Acceptor", typed="Ada")
    page.locator(f"#id_required_departments input[value='{org.finance.pk}']").check()
    page.locator(f"#id_required_departments input[value='{org.technology.pk}']").check()
    page.locator("#add-agenda").click()
    page.locator("#id_agenda-0-title").fill("Budget")
    page.locator("#id_agenda-0-minutes").fill("40")
    page.locator("#add-agenda").click()
    page.locator("#id_agenda-1-title").fill("Landing page")
    page.locator("#id_agenda-1-minutes").fill("30")
    assert_accessible(page)
    shot(page, f"form-{language}-{width}")
    page.locator("form.meeting-form button[type=submit]").click()

    meeting = Meeting.objects.get()
    expect(page).to_have_url(f"{live_server.url}/meetings/{meeting.code}/")
    assert meeting.invitations.count() == 5
    assert [i.title for i in meeting.agenda_items.order_by("position")] == [
        "Budget",
        "Landing page",
    ]
    page.locator("form[action$='/send-notice/'] button").click()
    expect(page.locator(".meeting-notice .tag--ok")).to_be_visible()
    assert_accessible(page)
    shot(page, f"notice-host-{language}-{width}")
    page.goto(f"{live_server.url}/meetings/{meeting.code}/?tab=agenda")
    expect(page.locator(".message--warning")).to_be_visible()  # 70 minutes in a 60-minute meeting
    assert_accessible(page)
    shot(page, f"agenda-{language}-{width}")

    page.context.clear_cookies()
    log_in(page, live_server, "fin.head")
    page.goto(f"{live_server.url}/meetings/{meeting.code}/")
    page.locator(".meeting-answer summary").click()
    page.locator("input[name=response][value=decline]").check()
    page.locator("#id_reason").fill("On leave")
    page.locator(".meeting-answer details button[type=submit]").click()
    expect(page.locator(".meeting-answer .status--decline")).to_be_visible()
    assert_accessible(page)
    shot(page, f"notice-invitee-{language}-{width}")

    page.goto(f"{live_server.url}/meetings/calendar/")
    expect(page.locator("#feed-url")).to_have_value(re.compile(r"/meetings/calendar/.+\.ics$"))
    assert_accessible(page)
    shot(page, f"feed-{language}-{width}")

"""In Debian's Chromium: the recorder publishes the minutes after seeing who receives them,
the host formalises them as a process approval form, and a Chinese-speaking head reads the
documents tab; each page passes axe's WCAG 2.1 AA checks, on a desk and on a phone."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from meetings.models import Formalisation, Minutes
from tests.meetings.documents_builders import minutes_ready, with_executives

from .test_shell import assert_accessible
from .test_signoff import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


def shoot(page: Page, name: str, tmp_path):
    """Screenshots at both widths (kept in SHOTS_DIR when set, for a person to look at)."""
    folder = Path(os.environ.get("SHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_publish_then_formalise_in_the_browser(page: Page, live_server, org, tmp_path):
    with_executives(org)
    meeting = minutes_ready(org)
    tab = f"{live_server.url}/meetings/{meeting.code}/?tab=documents"

    log_in(page, live_server, "mkt.tracker")
    page.goto(tab)
    publish = page.get_by_role("region", name="Publish the minutes")
    expect(publish).to_contain_text("Fiona Exec")  # an executive, in CC
    expect(publish).to_contain_text("Tom Tech")  # an action-item owner
    shoot(page, "documents-before-publish-en", tmp_path)
    publish.get_by_role("button", name="Publish and send").click()
    expect(page.get_by_role("region", name="Published minutes")).to_contain_text("Version 1")
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.PUBLISHED
    shoot(page, "documents-published-en", tmp_path)

    page.context.clear_cookies()
    log_in(page, live_server, "mkt.lead")
    page.goto(tab)
    form = page.get_by_role("region", name="Formalise the minutes")
    form.get_by_label("Process approval form").check()
    form.get_by_label("What is agreed").fill("Budget requests go through Finance first.")
    form.locator("#id_nodes-0-name").fill("Request the budget")
    form.locator("#id_nodes-0-department").select_option(label="Marketing")
    form.locator("#id_nodes-1-name").fill("Approve the budget")
    form.locator("#id_nodes-1-department").select_option(label="Finance")
    shoot(page, "documents-formalise-form-en", tmp_path)
    form.get_by_role("button", name="Ask for signatures").click()
    expect(page.get_by_role("region", name="Formalised minutes")).to_contain_text(
        f"{meeting.code}-PA1"
    )
    assert Formalisation.objects.get().process_nodes.count() == 2
    shoot(page, "documents-formalised-en", tmp_path)

    page.context.clear_cookies()
    log_in(page, live_server, "tec.head")  # 赵强 reads Chinese
    page.goto(tab)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    shoot(page, "documents-head-zh", tmp_path)

"""The feedback list, a department inbox with its figures, and My work in a browser, in
English and Chinese, on a desktop and a phone: readable, accessible, keyboard-reachable.

Set SHOTS_DIR to keep a screenshot of each page."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.test_inbox import log_in
from tests.e2e.test_shell import assert_accessible
from tests.feedback import builders
from tests.feedback.list_builders import answered, confirmed, filed_at, resolved

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
# (who, width): 王芳 files (English), 赵强 heads the receiving department (Chinese).
CASES = [("mkt.contact", 1366), ("mkt.contact", 390), ("tec.head", 1366), ("tec.head", 390)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the app's CSP rightly forbids.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


@pytest.fixture
def forms(org):
    now = timezone.now()
    breached = filed_at(org, now - 6 * HOUR, urgency="critical")
    builders.feedback_form(org, urgency="urgent", kind="process_bottleneck")
    late = filed_at(org, now - 4 * DAY, urgency="urgent", kind="resource_request")
    answered(late, late.first_response_due_at + 2 * HOUR)
    resolved(filed_at(org, now - 6 * DAY), now - 2 * DAY)
    rated = filed_at(org, now - 9 * DAY, kind="other", kind_other="Printer move")
    confirmed(answered(rated, rated.submitted_at + HOUR), now - 3 * DAY, satisfaction=4)
    return {"breached": breached}


def shot(page: Page, name: str):
    if os.environ.get("SHOTS_DIR"):
        page.screenshot(path=f"{os.environ['SHOTS_DIR']}/{name}.png", full_page=True)


@pytest.mark.parametrize(("username", "width"), CASES)
def test_feedback_lists_read_well_and_pass_axe(page: Page, live_server, forms, username, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, username)
    tag = f"{username}-{width}"
    shot(page, f"home-{tag}")

    page.goto(f"{live_server.url}/feedback/?scope=all")
    expect(page.locator("table.feedback-list")).to_contain_text(forms["breached"].code)
    expect(page.get_by_test_id("sla-state").first).to_be_visible()
    assert_accessible(page)
    shot(page, f"list-{tag}")
    # The tabs are links: reachable with the keyboard, in order.
    page.locator("nav.tabs a").first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "?scope=inbox"

    page.goto(f"{live_server.url}/feedback/?urgency=asap")
    expect(page.locator(".field__error")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/feedback/inbox/TEC/")
    if username == "tec.head":
        expect(page.locator("table.compliance-table")).to_be_visible()
        expect(page.get_by_test_id("satisfaction")).to_contain_text("4.0")
        assert_accessible(page)
        shot(page, f"inbox-{tag}")
    else:
        expect(page.locator("h1")).not_to_contain_text("TEC")  # 404 for Marketing's people

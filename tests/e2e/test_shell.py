"""A person in Debian's Chromium: log in, switch language, open the notification centre."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from collab import services
from tests.factories import PASSWORD, DepartmentFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the app's CSP rightly forbids.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


@pytest.fixture
def person(db):
    head = UserFactory(username="fin.head", display_name="Sophia Hughes")
    DepartmentFactory(code="FIN", name_en="Finance", name_zh="财务部", head=head)
    services.notify(
        recipients=[head],
        reason="card_confirmation_requested",
        key="TC-2026-0042",
        template="notifications/test_message",
        context={"code": "TC-2026-0042"},
        url="/notifications/",
    )
    return head


def assert_accessible(page: Page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, "
        "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    serious = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, indent=2, ensure_ascii=False)


def test_log_in_switch_language_and_read_notifications(page: Page, live_server, person):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    assert_accessible(page)

    page.get_by_label("Username").fill("fin.head")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sophia Hughes")
    expect(page.get_by_test_id("unread-count")).to_contain_text("1")
    assert_accessible(page)

    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="我的工作")).to_be_visible()

    nav.get_by_role("link", name="通知").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("通知")
    # Sent in English; rendered when read, in the language the reader has now.
    expect(page.get_by_text("通知: TC-2026-0042", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="全部标为已读").click()
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    expect(page.get_by_test_id("unread-summary")).to_contain_text("0")


def test_keyboard_alone_logs_in_and_skips_to_content(page: Page, live_server, person):
    page.goto(f"{live_server.url}/accounts/login/")
    # The username field has focus on arrival.
    page.keyboard.type("fin.head")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sophia Hughes")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

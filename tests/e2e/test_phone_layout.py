"""Crossdesk on a 390 px phone: the header's menu button, wide tables, Chinese table headers,
and the sign-off page's decision within one tap."""

import pytest
from playwright.sync_api import Page, expect

from collab.models import User
from tasks import services
from tests.factories import PASSWORD
from tests.tasks import builders

from .test_shell import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB", "viewport": PHONE}


def log_in(page: Page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_the_menu_button_opens_the_navigation_from_the_keyboard(page: Page, live_server, org):
    log_in(page, live_server, "fin.head")
    menu = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "site-menu")
    expect(nav).to_be_hidden()
    expect(page.get_by_role("button", name="Log out")).to_be_hidden()

    # Skip link, brand, then the menu button.
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Cards")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert_accessible(page)

    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="My work")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(nav).to_be_hidden()

    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/cards/")

    # On a wide screen there is no menu button: everything shows.
    page.set_viewport_size({"width": 1366, "height": 900})
    expect(menu).to_be_hidden()
    expect(nav.get_by_role("link", name="Cards")).to_be_visible()


def test_without_javascript_the_menu_simply_shows(browser, live_server, org):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server, "fin.head")

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Cards")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    context.close()


@pytest.fixture
def two_cards(org):
    card = builders.active_card(org)
    builders.add_item(org, card, owner=org.fin_contact)
    second = builders.submitted_card(org, title="年度预算协同与成本分摊方案")
    services.department_confirm(card=second, department_code="FIN", by=org.fin_contact)
    services.department_confirm(card=second, department_code="TEC", by=org.tec_head)
    return card, builders.goal_letter(second)


def test_a_wide_table_scrolls_sideways_with_a_hint_and_the_keyboard(
    page: Page, live_server, org, two_cards
):
    log_in(page, live_server, "fin.head")
    page.goto(f"{live_server.url}/cards/")

    frame = page.get_by_role("region", name="Cards")
    expect(frame).to_have_attribute("tabindex", "0")
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth")
    expect(page.get_by_text("Swipe sideways to see every column")).to_be_visible()
    # The page itself does not scroll sideways: only the table does.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    frame.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=frame.element_handle(), timeout=5000)


def test_a_table_that_fits_shows_no_hint(page: Page, live_server, org, two_cards):
    log_in(page, live_server, "fin.head")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/cards/")

    expect(page.get_by_role("region", name="Cards")).to_be_visible()
    expect(page.get_by_text("Swipe sideways to see every column")).to_be_hidden()


def test_a_chinese_header_stays_on_one_line(page: Page, live_server, org, two_cards):
    card, _letter = two_cards
    User.objects.filter(username="fin.head").update(language="zh-hans")
    log_in(page, live_server, "fin.head")
    page.goto(f"{live_server.url}/cards/{card.code}/?tab=items")

    header = page.get_by_role("columnheader", name="负责人", exact=True)
    expect(header).to_be_visible()
    width, height = header.evaluate(
        """th => {
            const range = document.createRange();
            range.selectNodeContents(th);
            const box = range.getBoundingClientRect();
            return [box.width, box.height];
        }"""
    )
    line = header.evaluate("th => parseFloat(getComputedStyle(th).lineHeight)")
    # Three characters side by side on one line, not one character per line.
    assert height < 1.5 * line, (width, height, line)
    assert width > 2 * height, (width, height)


def test_the_decision_is_one_tap_from_the_top_of_the_sign_off_page(
    page: Page, live_server, org, two_cards
):
    _card, letter = two_cards
    log_in(page, live_server, "fin.head")
    page.goto(f"{live_server.url}/signoffs/{letter.pk}/")

    jump = page.get_by_role("link", name="Go to your decision")
    expect(jump).to_be_in_viewport()
    expect(page.get_by_label("Your password")).not_to_be_in_viewport()
    assert_accessible(page)

    jump.click()
    expect(page.get_by_role("heading", name="Your decision")).to_be_in_viewport()
    expect(page.get_by_label("Your password")).to_be_in_viewport()

    # The document folds away, leaving the decision right under the heading.
    page.goto(f"{live_server.url}/signoffs/{letter.pk}/")
    page.get_by_text("Document", exact=True).click()
    expect(page.get_by_role("region", name="Document")).to_be_hidden()
    expect(page.get_by_role("button", name="Sign")).to_be_in_viewport()

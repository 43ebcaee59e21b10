"""An executive in Chromium: the red flag of a department he oversees, on My work and on the
department's overview, in English and Chinese, on a desktop and a phone, with axe clean."""

import pytest
from playwright.sync_api import Page, expect

from tasks.models import Card
from tests.tasks import builders

from .test_card_lifecycle import log_in
from .test_shell import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


@pytest.fixture
def flagged_card(org) -> Card:
    """Marketing's active card: its milestone was due 6 days ago, a high risk is open."""
    card = builders.active_card(org)
    builders.raise_risk(org, card)
    return card


def fits_the_screen(page: Page, width: int):
    """Wide tables scroll inside their own container; the page itself never does."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_executive_sees_the_red_flag_at_home_and_on_the_overview(
    page: Page, live_server, org, flagged_card, language
):
    org.executive.language = language
    org.executive.save(update_fields=["language"])
    log_in(page, live_server, "exec")
    expect(page.locator("html")).to_have_attribute("lang", language)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/")
        row = page.get_by_test_id("overview-row-MKT")
        expect(row).to_be_visible()
        flags = page.locator(".red-flags li", has_text=flagged_card.code)
        expect(flags.locator(".tag--danger")).to_have_count(2)
        fits_the_screen(page, width)
        assert_accessible(page)

        row.get_by_role("link").click()
        expect(page).to_have_url(f"{live_server.url}/departments/MKT/overview/")
        red_flags = page.get_by_test_id("red-flags")
        expect(red_flags.get_by_role("link", name=flagged_card.code)).to_be_visible()
        expect(red_flags.locator(".tag--danger")).to_have_count(2)
        fits_the_screen(page, width)
        assert_accessible(page)
        page.screenshot(path=f"/tmp/overview-{language}-{width}.png", full_page=True)

        red_flags.get_by_role("link", name=flagged_card.code).click()
        expect(page).to_have_url(f"{live_server.url}/cards/{flagged_card.code}/")


def test_a_member_finds_no_overview(page: Page, live_server, org, flagged_card):
    log_in(page, live_server, "mkt.contact")
    expect(page.get_by_test_id("overview-row-MKT")).to_have_count(0)
    response = page.goto(f"{live_server.url}/departments/MKT/overview/")
    assert response.status == 404

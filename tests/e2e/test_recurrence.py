"""A card's lead in Chromium makes an item repeat every Monday from its page, with the
keyboard, then reads the series, in English and Chinese, on a desktop and a phone."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tasks.models import ActionItem
from tests.tasks import builders

from .test_card_lifecycle import log_in
from .test_overviews import fits_the_screen
from .test_shell import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-recurring")


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


def next_monday() -> dt.date:
    today = dt.date.today()
    return today + dt.timedelta(days=7 - today.weekday())


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_lead_makes_an_item_repeat_every_monday(page: Page, live_server, org, language):
    card = builders.active_card(org)
    monday = next_monday()
    item = builders.add_item(org, card, title="Collect payment-failure feedback", due_date=monday)
    org.lead.language = language
    org.lead.save(update_fields=["language"])
    SHOTS.mkdir(exist_ok=True)
    log_in(page, live_server, "mkt.lead")
    url = f"{live_server.url}/items/{item.pk}/"

    page.goto(url)
    series = page.get_by_test_id("item-series")
    series.locator("summary").focus()
    page.keyboard.press("Enter")
    series.locator("#id_rule").select_option("weekly")
    series.locator("#id_weekday").select_option("0")
    series.locator("#id_until").fill((monday + dt.timedelta(weeks=3)).isoformat())
    page.screenshot(path=str(SHOTS / f"repeat-form-{language}.png"), full_page=True)
    series.locator("button[type=submit]").press("Enter")

    expect(page).to_have_url(url)
    expect(page.get_by_test_id("item-series").locator("tbody tr")).to_have_count(4)
    assert ActionItem.objects.filter(recurrence__isnull=False).count() == 4
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        fits_the_screen(page, width)
        assert_accessible(page)
        page.screenshot(path=str(SHOTS / f"item-{language}-{width}.png"), full_page=True)
        page.goto(f"{live_server.url}/cards/{card.code}/?tab=items")
        expect(page.get_by_test_id("repeats-tag")).to_have_count(4)
        fits_the_screen(page, width)
        assert_accessible(page)
        page.screenshot(path=str(SHOTS / f"card-items-{language}-{width}.png"), full_page=True)

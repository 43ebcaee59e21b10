"""The card form in Chromium, in English and Chinese, on a desktop and a phone: every error
at once with a summary whose links move focus to the fields; people picked by typing."""

import os

import pytest
from playwright.sync_api import Page, expect

from tasks.models import Card

from .pickers import pick_person
from .test_card_lifecycle import log_in
from .test_shell import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUMMARY_TITLE = {"en": "There is a problem", "zh-hans": "存在问题"}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_card_form_shows_all_errors_at_once_with_a_summary(
    page: Page, live_server, org, language, width
):
    org.lead.language = language
    org.lead.save(update_fields=["language"])
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "mkt.lead")
    page.goto(f"{live_server.url}/cards/new/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    # A department row whose responsibilities are missing: its error joins the others.
    page.locator("#add-departments").click()
    page.locator("#id_departments-0-department").select_option(str(org.finance.pk))
    expect(page.locator("#id_departments-0-contact option:checked")).to_have_text("吴婷")
    page.locator("#id_planned_start").fill("2026-12-31")
    page.locator("#id_planned_end").fill("2026-11-02")
    page.locator("form.card-form button[type=submit]").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(SUMMARY_TITLE[language])
    links = summary.get_by_role("link")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for href in ("#id_title", "#id_goal", "#id_in_scope", "#id_planned_end"):
        assert href in hrefs, hrefs
    assert "#id_departments-0-responsibilities" in hrefs
    # Every field shown in error is in the summary.
    in_error = page.locator(".field--error").count()
    assert in_error == len([h for h in hrefs if h.startswith("#id_")]), hrefs
    assert not Card.objects.exists()

    summary.locator('a[href="#id_goal"]').click()
    expect(page.locator("#id_goal")).to_be_focused()
    summary.locator('a[href="#id_departments-0-responsibilities"]').click()
    expect(page.locator("#id_departments-0-responsibilities")).to_be_focused()
    assert_accessible(page)
    if shots := os.environ.get("E2E_SHOTS_DIR"):
        page.screenshot(path=f"{shots}/card-form-errors-{language}-{width}.png", full_page=True)


def test_a_lead_is_picked_by_typing_part_of_a_name(page: Page, live_server, org):
    log_in(page, live_server, "mkt.contact")
    page.goto(f"{live_server.url}/cards/new/")
    # The lead defaults to whoever creates the card.
    expect(page.locator("#id_lead option:checked")).to_have_text("王芳")
    pick_person(page, "id_lead", "Emma Clark", typed="clar")
    # A Chinese name by one of its characters, and a person by their department.
    pick_person(page, "id_tracker", "刘洋", typed="洋")
    pick_person(page, "id_acceptance_user", "Ada Acceptor", typed="finance")
    assert_accessible(page)

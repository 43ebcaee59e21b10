"""A card's Discussion tab in Debian's Chromium: post a comment that mentions someone,
without a page reload; the person finds it in their notification centre and lands on it."""

import pytest
from playwright.sync_api import Page, expect

from collab.models import Comment
from tests.factories import PASSWORD
from tests.tasks import builders

from .test_shell import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the app's CSP rightly forbids.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_mention_posted_in_the_thread_reaches_the_person(page: Page, live_server, org):
    card = builders.active_card(org)
    log_in(page, live_server.url, "mkt.lead")
    page.goto(f"{live_server.url}/cards/{card.code}/?tab=discussion")
    expect(page.get_by_role("heading", name="Discussion")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Comment", exact=True).fill(
        "**Budget** needs sign-off, @fin.head — can you look?"
    )
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("button", name="Post comment").click()
    thread = page.get_by_test_id("comments")
    expect(thread.locator(".mention")).to_have_text("@Sophia Hughes")
    expect(thread.locator("strong", has_text="Budget")).to_be_visible()
    assert page.evaluate("window.__sameDocument === true")  # swapped in place, no reload
    expect(page.get_by_label("Comment", exact=True)).to_have_value("")
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server.url, "fin.head")
    page.goto(f"{live_server.url}/notifications/")
    mention = page.locator("li", has_text="Emma Clark mentioned you")
    expect(mention).to_contain_text(card.code)
    mention.get_by_role("button", name="Open").click()
    anchor = f"comment-{Comment.objects.get().pk}"
    expect(page).to_have_url(f"{live_server.url}/cards/{card.code}/?tab=discussion#{anchor}")
    expect(page.locator(f"#{anchor}")).to_contain_text("Budget needs sign-off")

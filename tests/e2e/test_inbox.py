"""A head finds the goal letter on "My work" and signs it from there, in English and in
Chinese, on a desktop and on a phone; the page passes axe."""

import pytest
from playwright.sync_api import Page, expect

from tasks import services as task_services
from tests.factories import PASSWORD
from tests.tasks import builders

from .test_shell import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# (who, their language's words on the sign-off page, window width)
CASES = [
    (
        "fin.head",
        {"approve": "approve", "password": "Your password", "done": "Your decision is recorded."},
        1366,
    ),
    (
        "fin.head",
        {"approve": "approve", "password": "Your password", "done": "Your decision is recorded."},
        390,
    ),
    ("tec.head", {"approve": "批准", "password": "您的密码", "done": "您的决定已记录"}, 1366),
    ("tec.head", {"approve": "批准", "password": "您的密码", "done": "您的决定已记录"}, 390),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the app's CSP rightly forbids.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


@pytest.fixture
def card_to_sign(org):
    card = builders.submitted_card(org)
    task_services.department_confirm(card=card, department_code="FIN", by=org.fin_contact)
    task_services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
    return card


def log_in(page: Page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/")


@pytest.mark.parametrize(("username", "words", "width"), CASES)
def test_a_head_signs_the_letter_from_my_work(
    page: Page, live_server, card_to_sign, username, words, width
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, username)

    inbox = page.get_by_test_id("inbox")
    entry = inbox.locator("li", has_text=card_to_sign.code)
    expect(entry).to_have_count(1)
    expect(page.get_by_test_id("inbox-count")).to_contain_text("1")
    assert_accessible(page)

    # Elsewhere the navigation's count arrives after the page.
    page.goto(f"{live_server.url}/cards/")
    expect(page.get_by_test_id("inbox-count")).to_contain_text("1")
    page.goto(f"{live_server.url}/")

    entry.locator(".inbox-entry__action").click()
    expect(page).to_have_url(
        f"{live_server.url}/signoffs/{builders.goal_letter(card_to_sign).pk}/#decision-heading"
    )
    expect(page.locator("#decision-heading")).to_be_in_viewport()
    page.get_by_label(words["approve"]).check()
    page.get_by_label(words["password"]).fill(PASSWORD)
    page.locator(".signoff-decision button[type=submit]").click()
    expect(page.get_by_role("status").first).to_contain_text(words["done"])

    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("inbox-empty")).to_be_visible()
    expect(page.get_by_test_id("inbox-count")).to_have_count(0)
    assert_accessible(page)
